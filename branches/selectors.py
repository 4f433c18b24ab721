"""Reads that span relations: subtree figures for the tree page, the member list."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import rules, text
from .models import Member, MemberStatus, Organization, OrganizationKind


@dataclass
class SubtreeFigures:
    """Organisations by kind and members by status within one subtree (the node excluded
    from its own organisation counts, included in its member counts)."""

    organizations: Counter = field(default_factory=Counter)
    members: Counter = field(default_factory=Counter)

    @property
    def member_total(self) -> int:
        return sum(self.members.values())

    @property
    def grassroots_total(self) -> int:
        return sum(self.organizations[k] for k in rules.GRASSROOTS_KINDS)

    def summary(self) -> str:
        """The sentence the seeds write: "108 tổ chức cơ sở đảng, 8.236 đảng viên, ..."."""
        orgs = self.organizations
        parts = []
        if self.grassroots_total:
            parts.append(ngettext(
                "%(n)s grassroots Party organisation", "%(n)s grassroots Party organisations",
                self.grassroots_total) % {"n": text.format_number(self.grassroots_total)})
        parts.append(ngettext("%(n)s Party member", "%(n)s Party members", self.member_total)
                     % {"n": text.format_number(self.member_total)})
        if orgs[OrganizationKind.GRASSROOTS_COMMITTEE]:
            parts.append(
                _("%(committees)s grassroots Party committees with %(branches)s Party branches")
                % {
                    "committees": text.format_number(orgs[OrganizationKind.GRASSROOTS_COMMITTEE]),
                    "branches": text.format_number(orgs[OrganizationKind.BRANCH]),
                }
            )
        elif orgs[OrganizationKind.BRANCH]:
            parts.append(ngettext("%(n)s Party branch", "%(n)s Party branches", orgs[OrganizationKind.BRANCH])
                         % {"n": text.format_number(orgs[OrganizationKind.BRANCH])})
        if orgs[OrganizationKind.PARTIAL_COMMITTEE]:
            parts.append(_("%(n)s partial Party committees")
                         % {"n": text.format_number(orgs[OrganizationKind.PARTIAL_COMMITTEE])})
        if orgs[OrganizationKind.GRASSROOTS_BRANCH]:
            parts.append(_("%(n)s grassroots Party branches")
                         % {"n": text.format_number(orgs[OrganizationKind.GRASSROOTS_BRANCH])})
        return ", ".join(parts)

    def member_breakdown(self) -> list[tuple[str, int]]:
        return [(label, self.members[value]) for value, label in MemberStatus.choices if self.members[value]]


def subtree_figures(nodes: list[Organization], *, active_only: bool = True) -> dict[int, SubtreeFigures]:
    """Figures for the subtree of each of `nodes`, which must be siblings (or one node).

    Two grouped queries whatever the size of the tree: rows are grouped by the path prefix of
    the depth of `nodes`, so each group is one node's subtree.
    """
    if not nodes:
        return {}
    depth = nodes[0].depth
    assert all(n.depth == depth for n in nodes), "subtree_figures takes siblings"
    prefix_len = depth * Organization.steplen
    by_prefix = {n.path: SubtreeFigures() for n in nodes}
    paths_q = Q()
    for node in nodes:
        paths_q |= Q(path__startswith=node.path)

    organizations = Organization.objects.filter(paths_q).exclude(depth=depth)
    if active_only:
        organizations = organizations.filter(is_active=True)
    for row in (
        organizations.annotate(prefix=Substr("path", 1, prefix_len))
        .values("prefix", "kind").annotate(n=Count("pk")).order_by()
    ):
        by_prefix[row["prefix"]].organizations[row["kind"]] += row["n"]

    member_q = Q()
    for node in nodes:
        member_q |= Q(organization__path__startswith=node.path)
    for row in (
        Member.objects.filter(member_q)
        .annotate(prefix=Substr("organization__path", 1, prefix_len))
        .values("prefix", "status").annotate(n=Count("pk")).order_by()
    ):
        by_prefix[row["prefix"]].members[row["status"]] += row["n"]
    return {n.pk: by_prefix[n.path] for n in nodes}


def children_with_figures(node: Organization, *, include_inactive: bool = False):
    children = list(Organization.objects.get_children(node))
    if not include_inactive:
        children = [c for c in children if c.is_active]
    figures = subtree_figures(children)
    return [(child, figures[child.pk]) for child in children]


MEMBER_ORDERINGS = {
    "name": ("sort_key", "pk"),
    "-name": ("-sort_key", "-pk"),
    "birth": ("date_of_birth", "pk"),
    "-birth": ("-date_of_birth", "-pk"),
    "joined": ("joined_on", "pk"),
    "-joined": ("-joined_on", "-pk"),
}


def member_list(
    organization: Organization,
    *,
    subtree: bool = False,
    query: str = "",
    status: str = "",
    gender: str = "",
    ethnicity: str = "",
    ordering: str = "name",
) -> QuerySet[Member]:
    members = Member.objects.select_related("organization")
    if subtree:
        members = members.filter(organization__path__startswith=organization.path)
    else:
        members = members.filter(organization=organization)
    if query:
        members = members.filter(search_name__contains=text.fold(query))
    if status:
        members = members.filter(status=status)
    if gender:
        members = members.filter(gender=gender)
    if ethnicity:
        members = members.filter(ethnicity__iexact=ethnicity)
    return members.order_by(*MEMBER_ORDERINGS.get(ordering, MEMBER_ORDERINGS["name"]))
