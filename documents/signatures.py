"""Who signs what (docs/documents.md "Signatures"): every issued document prints its signer's
name and position. A leader signs what they approve or ratify for their committee with the
position their account gives (branches.models.User.signing_position)."""

from __future__ import annotations


def leader_signature(user) -> dict[str, str]:
    """The signature fields of a Document for `user` signing on behalf of their committee:
    {"signer_name": "Nguyễn Văn Trung", "signer_position": "BÍ THƯ"}; the position is left
    empty when the account gives none, the name falls back to the user name."""
    return {
        "signer_name": " ".join((user.full_name or user.get_username()).split()),
        "signer_position": " ".join(user.signing_position.split()).upper(),
    }
