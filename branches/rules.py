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


# --- A member's two facts (docs/domain.md §1.4) -----------------------------------------------
# Plain strings, the values of branches.models.Membership and Situation (a test keeps them in
# step), so that congress.rules and the Excel layout read them without the ORM.

OFFICIAL = "official"
PROBATIONARY = "probationary"
MEMBERSHIPS = frozenset({OFFICIAL, PROBATIONARY})

NO_SITUATION = "none"
EXEMPT = "exempt"
TRANSFERRED_TEMPORARILY = "transferred_temporarily"
SUSPENDED = "suspended"
SITUATIONS = frozenset({NO_SITUATION, EXEMPT, TRANSFERRED_TEMPORARILY, SUSPENDED})

# Until issue 13 a member had one status mixing the two facts. Each old value, read as the two
# facts it meant: exempt, temporarily transferred and suspended members were official members in
# that situation (the old field could not say "probationary and exempt").
STATUS_SPLIT: dict[str, tuple[str, str]] = {
    "official": (OFFICIAL, NO_SITUATION),
    "probationary": (PROBATIONARY, NO_SITUATION),
    EXEMPT: (OFFICIAL, EXEMPT),
    TRANSFERRED_TEMPORARILY: (OFFICIAL, TRANSFERRED_TEMPORARILY),
    SUSPENDED: (OFFICIAL, SUSPENDED),
}


def split_status(status: str) -> tuple[str, str]:
    """The (membership, situation) an old single status meant (STATUS_SPLIT); a ValueError for
    anything else. Official or probationary is one fact of a member, exempt, temporarily active
    elsewhere or suspended a second one [docs/domain.md §1.4; 01-HD/TW §13.2]."""
    try:
        return STATUS_SPLIT[status]
    except KeyError:
        raise ValueError(f"Unknown member status: {status!r}") from None
