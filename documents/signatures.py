"""Who signs what (docs/documents.md "Signatures"): every issued document prints its signer's
name and position. A leader signs what they approve or ratify for their committee with the
position their account gives (branches.models.User.signing_position)."""

from __future__ import annotations

from branches.models import CommitteeSeat, Position


def leader_signature(user) -> dict[str, str]:
    """The signature fields of a Document for `user` signing on behalf of their committee:
    {"signer_name": "Nguyễn Văn Trung", "signer_position": "BÍ THƯ"}; the position is left
    empty when the account gives none, the name falls back to the user name."""
    return {
        "signer_name": " ".join((user.full_name or user.get_username()).split()),
        "signer_position": " ".join(user.signing_position.split()).upper(),
    }


def secretary_name(issuer, term) -> str:
    """Who signs for `issuer` by default ("T/M CHI BỘ / BÍ THƯ"): its secretary in `term`, else
    in the latest earlier term recorded (before a congress the outgoing secretary still signs);
    "" when no committee is recorded, and the clerk writes the name."""
    seats = CommitteeSeat.objects.filter(organization=issuer, position=Position.SECRETARY).select_related("member")
    if term is not None:
        seats = seats.filter(term__start_year__lte=term.start_year)
    seat = seats.order_by("-term__start_year", "-term__end_year").first()
    return seat.member.full_name if seat else ""
