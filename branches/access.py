"""Who may see and do what: checked here, once, for every view of every app.

A role on an organisation covers its whole subtree (docs/domain.md §5). An object outside every
subtree of the user answers 404, as if it did not exist; a write without the right role answers
403. Roles are read once per request and kept on the request.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from .models import Member, Organization, RoleKind


class Need(StrEnum):
    VIEW = "view"  # any role
    EDIT = "edit"  # clerk: enters and edits data
    LEAD = "lead"  # leader: approves and ratifies


_KINDS_FOR_NEED = {
    Need.VIEW: frozenset(RoleKind.values),
    Need.EDIT: frozenset({RoleKind.CLERK}),
    Need.LEAD: frozenset({RoleKind.LEADER}),
}


@dataclass(frozen=True)
class Grant:
    path: str
    kind: str


class Access:
    """The roles of one user, with the questions views ask of them."""

    def __init__(self, grants: list[Grant]):
        self.grants = grants

    @classmethod
    def for_user(cls, user) -> "Access":
        if not user.is_authenticated:
            return cls([])
        rows = user.roles.filter(organization__is_active=True).values_list(
            "organization__path", "kind"
        )
        return cls([Grant(path, kind) for path, kind in rows])

    def kinds_on(self, organization: Organization) -> set[str]:
        return {g.kind for g in self.grants if organization.path.startswith(g.path)}

    def can(self, organization: Organization, need: Need = Need.VIEW) -> bool:
        return bool(self.kinds_on(organization) & _KINDS_FOR_NEED[need])

    def roots(self, need: Need = Need.VIEW) -> list[str]:
        """The paths of the topmost organisations the user holds `need` on (no nesting)."""
        paths = sorted({g.path for g in self.grants if g.kind in _KINDS_FOR_NEED[need]})
        tops: list[str] = []
        for path in paths:
            if not any(path.startswith(top) for top in tops):
                tops.append(path)
        return tops

    def q(self, need: Need = Need.VIEW, prefix: str = "") -> Q:
        """A filter for rows whose organisation (reached through `prefix`) the user may reach."""
        condition = Q(pk__in=[])
        for path in self.roots(need):
            condition |= Q(**{f"{prefix}path__startswith": path})
        return condition

    def organizations(self, need: Need = Need.VIEW) -> QuerySet[Organization]:
        return Organization.objects.filter(self.q(need))


def access_for(request: HttpRequest) -> Access:
    if not hasattr(request, "_congress_access"):
        request._congress_access = Access.for_user(request.user)
    return request._congress_access


def check(request: HttpRequest, organization: Organization, need: Need) -> None:
    """404 outside the user's subtrees, 403 inside them without the role `need` asks."""
    access = access_for(request)
    if not access.can(organization, Need.VIEW):
        raise Http404
    if not access.can(organization, need):
        raise PermissionDenied


def get_organization(request: HttpRequest, pk: int, need: Need = Need.VIEW) -> Organization:
    organization = Organization.objects.filter(pk=pk).first()
    if organization is None:
        raise Http404
    check(request, organization, need)
    return organization


def get_member(request: HttpRequest, pk: int, need: Need = Need.VIEW) -> Member:
    member = Member.objects.select_related("organization").filter(pk=pk).first()
    if member is None:
        raise Http404
    check(request, member.organization, need)
    return member
