"""Reads that span relations: subtree figures for the tree page, the member list."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import ngettext

from . import imports, rules, text
from .models import AttachedMember, Member, Membership, Organization, OrganizationKind, Situation


@dataclass
class SubtreeFigures:
    """Organisations by kind, and members by membership (official, probationary) and by
    situation, within one subtree (the node excluded from its own organisation counts, included
    in its member counts)."""

    organizations: Counter = field(default_factory=Counter)
    members: Counter = field(default_factory=Counter)  # by membership
    situations: Counter = field(default_factory=Counter)  # by situation, "none" included

    def add_members(self, membership: str, situation: str, n: int) -> None:
        self.members[membership] += n
        self.situations[situation] += n

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
                ngettext(
                    "%(committees)s grassroots Party committee with %(branches)s Party branches",
                    "%(committees)s grassroots Party committees with %(branches)s Party branches",
                    orgs[OrganizationKind.GRASSROOTS_COMMITTEE],
                )
                % {
                    "committees": text.format_number(orgs[OrganizationKind.GRASSROOTS_COMMITTEE]),
                    "branches": text.format_number(orgs[OrganizationKind.BRANCH]),
                }
            )
        elif orgs[OrganizationKind.BRANCH]:
            parts.append(ngettext("%(n)s Party branch", "%(n)s Party branches", orgs[OrganizationKind.BRANCH])
                         % {"n": text.format_number(orgs[OrganizationKind.BRANCH])})
        if orgs[OrganizationKind.PARTIAL_COMMITTEE]:
            parts.append(ngettext("%(n)s partial Party committee", "%(n)s partial Party committees",
                                  orgs[OrganizationKind.PARTIAL_COMMITTEE])
                         % {"n": text.format_number(orgs[OrganizationKind.PARTIAL_COMMITTEE])})
        if orgs[OrganizationKind.GRASSROOTS_BRANCH]:
            parts.append(ngettext("%(n)s grassroots Party branch", "%(n)s grassroots Party branches",
                                  orgs[OrganizationKind.GRASSROOTS_BRANCH])
                         % {"n": text.format_number(orgs[OrganizationKind.GRASSROOTS_BRANCH])})
        return ", ".join(parts)

    def member_breakdown(self) -> list[tuple[str, int]]:
        """Official and probationary members, then each situation but none, where not zero."""
        return [
            *((label, self.members[value]) for value, label in Membership.choices if self.members[value]),
            *((label, self.situations[value]) for value, label in Situation.choices
              if value != Situation.NONE and self.situations[value]),
        ]


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
        .values("prefix", "membership", "situation").annotate(n=Count("pk")).order_by()
    ):
        by_prefix[row["prefix"]].add_members(row["membership"], row["situation"], row["n"])
    return {n.pk: by_prefix[n.path] for n in nodes}


def children_with_figures(node: Organization, *, include_inactive: bool = False):
    children = list(Organization.objects.get_children(node))
    if not include_inactive:
        children = [c for c in children if c.is_active]
    figures = subtree_figures(children)
    return [(child, figures[child.pk]) for child in children]


def tree_figures(node: Organization, *, include_inactive: bool = False):
    """The figures of `node` and of each of its children, as subtree_figures([node]) and
    children_with_figures(node) give them, from two grouped queries instead of four: rows of
    the subtree are grouped by their prefix at the children's depth (the node's own members
    group under its own, shorter, path)."""
    children = list(Organization.objects.get_children(node))
    own = SubtreeFigures()
    by_prefix = {child.path: SubtreeFigures() for child in children}
    prefix_len = (node.depth + 1) * Organization.steplen
    for row in (
        Organization.objects.filter(path__startswith=node.path, depth__gt=node.depth, is_active=True)
        .annotate(prefix=Substr("path", 1, prefix_len))
        .values("prefix", "depth", "kind").annotate(n=Count("pk")).order_by()
    ):
        own.organizations[row["kind"]] += row["n"]
        if row["depth"] > node.depth + 1:  # a child does not count itself
            by_prefix[row["prefix"]].organizations[row["kind"]] += row["n"]
    for row in (
        Member.objects.filter(organization__path__startswith=node.path)
        .annotate(prefix=Substr("organization__path", 1, prefix_len))
        .values("prefix", "membership", "situation").annotate(n=Count("pk")).order_by()
    ):
        own.add_members(row["membership"], row["situation"], row["n"])
        if row["prefix"] in by_prefix:
            by_prefix[row["prefix"]].add_members(row["membership"], row["situation"], row["n"])
    shown = children if include_inactive else [c for c in children if c.is_active]
    return own, [(child, by_prefix[child.path]) for child in shown]


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
    membership: str = "",
    situation: str = "",
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
    if membership:
        members = members.filter(membership=membership)
    if situation:
        members = members.filter(situation=situation)
    if gender:
        members = members.filter(gender=gender)
    if ethnicity:
        members = members.filter(ethnicity__iexact=ethnicity)
    return members.order_by(*MEMBER_ORDERINGS.get(ordering, MEMBER_ORDERINGS["name"]))


def attached_members(organization: Organization) -> QuerySet[AttachedMember]:
    """The members temporarily attached to the organisation or to one under it (docs/domain.md
    §1.4), in Vietnamese order of their names."""
    return (
        AttachedMember.objects.filter(organization__path__startswith=organization.path)
        .select_related("organization").order_by("sort_key", "pk")
    )


def import_organizations(organization: Organization) -> tuple[imports.OrgRef, dict]:
    """The importing organisation and the folded names of its subtree, for the Excel import."""
    refs = [
        imports.OrgRef(pk, name, is_active)
        for pk, name, is_active in Organization.objects.filter(path__startswith=organization.path)
        .order_by("path").values_list("pk", "name", "is_active")
    ]
    default = imports.OrgRef(organization.pk, organization.name, organization.is_active)
    return default, imports.organization_index(refs)


def import_matches(organization: Organization, rows: list, *, for_update: bool = False) -> tuple[dict, dict]:
    """The stored members the rows of an import may match (see imports.plan_import): every
    member holding one of the rows' card numbers, and the subtree's members with one of the
    rows' folded names, keyed by identity_key()."""
    cards = sorted({r.values["party_card_number"] for r in rows if r.values.get("party_card_number")})
    names = sorted({r.name_key[0] for r in rows})
    found: dict[int, Member] = {}
    base = Member.objects.select_related("organization")
    if for_update:
        base = base.select_for_update(of=("self",))
    for chunk in _chunks(cards):
        found.update((m.pk, m) for m in base.filter(party_card_number__in=chunk))
    for chunk in _chunks(names):
        found.update(
            (m.pk, m) for m in base.filter(organization__path__startswith=organization.path, search_name__in=chunk)
        )
    by_card: dict[str, imports.ExistingMember] = {}
    by_name: dict[tuple, list[imports.ExistingMember]] = {}
    for member in found.values():
        existing = imports.ExistingMember(
            id=member.pk,
            organization=imports.OrgRef(member.organization_id, member.organization.name, member.organization.is_active),
            in_subtree=member.organization.is_in_subtree_of(organization),
            values={name: getattr(member, name) for name in imports.MEMBER_FIELDS},
        )
        if member.party_card_number:
            by_card[member.party_card_number] = existing
        if existing.in_subtree:
            by_name.setdefault(imports.identity_key(member.full_name, member.date_of_birth), []).append(existing)
    return by_card, by_name


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start:start + size]
