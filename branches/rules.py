"""How organisations nest (docs/domain.md §1). Pure: kinds in, a message or None out."""

from django.utils.translation import gettext as _

SUPERIOR = "superior"
GRASSROOTS_COMMITTEE = "grassroots_committee"
PARTIAL_COMMITTEE = "partial_committee"
GRASSROOTS_BRANCH = "grassroots_branch"
BRANCH = "branch"

# What each kind may hold directly. A branch (and a grassroots branch) holds no organisation.
ALLOWED_CHILDREN: dict[str | None, frozenset[str]] = {
    None: frozenset({SUPERIOR, GRASSROOTS_COMMITTEE}),
    SUPERIOR: frozenset({SUPERIOR, GRASSROOTS_COMMITTEE, GRASSROOTS_BRANCH}),
    GRASSROOTS_COMMITTEE: frozenset({PARTIAL_COMMITTEE, BRANCH}),
    PARTIAL_COMMITTEE: frozenset({BRANCH}),
    GRASSROOTS_BRANCH: frozenset(),
    BRANCH: frozenset(),
}

# Kinds counted as grassroots Party organisations (tổ chức cơ sở đảng).
GRASSROOTS_KINDS = frozenset({GRASSROOTS_COMMITTEE, GRASSROOTS_BRANCH})


def nesting_problem(parent_kind: str | None, child_kind: str) -> str | None:
    """Why an organisation of `child_kind` cannot sit under `parent_kind` (None: at the top)."""
    allowed = ALLOWED_CHILDREN[parent_kind]
    if child_kind in allowed:
        return None
    if parent_kind is None:
        return _("Only a superior committee or a grassroots Party committee can stand at the top of the tree.")
    if not allowed:
        return _("A Party branch has no subordinate organisations.")
    if parent_kind == SUPERIOR:
        return _("Under a superior committee there can only be superior committees, grassroots Party committees and grassroots Party branches.")
    if parent_kind == GRASSROOTS_COMMITTEE:
        return _("Under a grassroots Party committee there can only be partial Party committees and Party branches.")
    return _("Under a partial Party committee there can only be Party branches.")
