"""The summons list of a congress and its attendance: drawn from the members (a members' congress,
with the members temporarily attached from elsewhere as guests) or the convening committee and the
elected delegates (a delegates' congress), marked, and the majority base it gives (docs/domain.md
§1.4, §3.4)."""

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.audit import audited
from branches.models import AttachedMember, CommitteeSeat, Member, Membership, Organization, Situation

from .. import hooks, rules
from ..models import AttachedGuest, Attendance, Congress
from .day import draw_problem, log_bulk, log_on_congress, marks_problem, refuse
from .results import may_stand_q
from .locks import locked
from ..progress import HELD_STATES


# --- The summons list and attendance -----------------------------------------------------------


def summoned_members(congress: Congress):
    """Who is summoned to a members' congress: the organisation's members, which for a branch
    are its own and for a committee those of its whole subtree (a branch has no subtree, so
    one filter serves both)."""
    return Member.objects.filter(congress.organization.subtree_q("organization__"))


def attached_members(congress: Congress):
    """Who is summoned as a guest to a members' congress: the members temporarily attached to the
    organisation (or, for a committee, to any organisation of its subtree) on the congress date,
    today while no date is set (docs/domain.md §1.4)."""
    day = congress.scheduled_on or timezone.localdate()
    return AttachedMember.objects.filter(
        congress.organization.subtree_q("organization__"), attached_from__lte=day,
    ).filter(Q(attached_until__isnull=True) | Q(attached_until__gte=day))


@dataclass(frozen=True)
class Drawn:
    added: int
    removed: int
    kept: int
    guests: int = 0  # members temporarily attached, summoned as guests (members' congress)
    elected_below: int = 0  # official delegates elected by the congresses below (delegates' congress)


def attendance_draw(*, acting_user, congress: Congress) -> Drawn:
    """Draw (or draw again) the summons list: delegates_draw for a delegates' congress, else
    members_draw."""
    if congress.kind == rules.DELEGATES:
        return delegates_draw(acting_user=acting_user, congress=congress)
    return members_draw(acting_user=acting_user, congress=congress)


def members_draw(*, acting_user, congress: Congress) -> Drawn:
    """Draw (or draw again) the summons list from the organisation's members, each with their
    current membership and situation as those held on the congress date (the product keeps no
    history of them, so the clerk corrects a row where they differed on that day: Decision D4).

    Drawing again keeps the rows of members still there as they are (marks and corrected
    facts), adds the members who joined and removes those who left. The members temporarily
    attached on the congress date (attached_members) are drawn again as guests each time.
    """
    with transaction.atomic(durable=True), audited(acting_user, "congress.attendance.drawn", congress=congress.pk):
        congress = locked(congress)
        refuse(draw_problem(congress))
        if congress.kind == rules.DELEGATES:
            raise ValueError("use delegates_draw for a delegates' congress")
        summoned = summoned_members(congress).values_list("pk", "membership", "situation", "full_name")
        members = {pk: (membership, situation, name) for pk, membership, situation, name in summoned}
        existing = list(congress.attendance.only("pk", "member_id"))
        gone = [row for row in existing if row.member_id not in members]
        kept = {row.member_id for row in existing} - {row.member_id for row in gone}
        if gone:
            Attendance.objects.filter(pk__in=[row.pk for row in gone]).delete()
        new = [
            Attendance(congress=congress, member_id=pk, membership=membership, situation=situation)
            for pk, (membership, situation, _name) in members.items() if pk not in kept
        ]
        created = Attendance.objects.bulk_create(new)
        for row in created:
            row.member = Member(pk=row.member_id, full_name=members[row.member_id][2])
        log_bulk(acting_user, "congress.attendance.drawn", congress, [
            (row, LogEntry.Action.CREATE, model_instance_diff(None, row)) for row in created
        ])
        guests = _draw_guests(congress)
        drawn = Drawn(added=len(created), removed=len(gone), kept=len(kept), guests=guests)
        log_on_congress(
            acting_user, "congress.attendance.drawn", congress, added=drawn.added, removed=drawn.removed,
            guests=guests,
        )
    return drawn


def _draw_guests(congress: Congress) -> int:
    """Replace the guests of the summons list by the members attached on the congress date; how
    many there are. They hold no mark, so nothing is lost by drawing them again."""
    congress.attached_guests.all().delete()
    guests = AttachedGuest.objects.bulk_create([
        AttachedGuest(congress=congress, attached=a, full_name=a.full_name, home_organization=a.home_organization)
        for a in attached_members(congress)
    ])
    return len(guests)


# --- The summons list of a delegates' congress ---------------------------------------------------


def convening_committee(congress: Congress) -> list[Member]:
    """The convening committee of a delegates' congress: the organisation's committee for the
    latest term before the plan's (CommitteeSeat rows), its delegates by right. Only those who
    may stand (official, not suspended): probationary members are never delegates."""
    seats = CommitteeSeat.objects.filter(
        organization=congress.organization, term__start_year__lt=congress.plan.term.start_year,
    ).select_related("term").order_by("-term__start_year", "-term__end_year")
    latest = seats.values_list("term_id", flat=True).first()
    if latest is None:
        return []
    return list(Member.objects.filter(
        may_stand_q(), committee_seats__organization=congress.organization, committee_seats__term_id=latest,
    ).distinct())


def delegate_candidates(congress: Congress):
    """Who may be added as an official delegate: the official members of the organisation's
    subtree who may stand (the subordinate congresses elect them among their members), so not
    the suspended (congress.rules.standing_refusal)."""
    return Member.objects.filter(congress.organization.subtree_q("organization__"), may_stand_q())


def _delegates_only(congress: Congress) -> None:
    if congress.kind != rules.DELEGATES:
        raise ValidationError(_("Delegates are added only to a delegates' congress; a members' congress summons "
                                "every member of the organisation."))


def delegates_from_below(congress: Congress) -> list[Member]:
    """The official delegates the congresses directly below elected to this one (docs/domain.md
    §3, "Delegates": the delegates a congress elects are the summons list of the superior's
    delegates' congress): those of the same term held by the organisations whose parent is this
    congress's organisation, not annulled, elected in a closed round; only those who may still
    stand (official, not suspended). The elections app answers through congress.hooks."""
    below = Congress.objects.filter(
        plan__term=congress.plan.term, state__in=HELD_STATES,
        organization__in=Organization.objects.get_children(congress.organization),
    )
    elected = hooks.members("results:official_delegates", below)
    return list(Member.objects.filter(may_stand_q(), pk__in=elected)) if elected else []


def delegates_draw(*, acting_user, congress: Congress) -> Drawn:
    """Draw (or draw again) the summons list of a delegates' congress: the convening committee
    (see convening_committee), delegates by right, and the official delegates the congresses
    below elected (delegates_from_below), so that nothing is typed twice. Other official
    delegates are added one by one (delegate_add). Drawing again keeps the rows already there
    and their marks, marks as convening committee a delegate who sits on it, adds the committee
    members and the elected delegates missing, and removes the rows of members no longer on the
    committee unless the congresses below elected them."""
    code = "congress.attendance.drawn"
    with transaction.atomic(durable=True), audited(acting_user, code, congress=congress.pk):
        congress = locked(congress)
        refuse(draw_problem(congress))
        committee = {m.pk: m for m in convening_committee(congress)}
        elected = {m.pk: m for m in delegates_from_below(congress) if m.pk not in committee}
        existing = list(congress.attendance.select_related("member"))
        left = [row for row in existing if row.is_convening_committee_member and row.member_id not in committee]
        gone = [row for row in left if row.member_id not in elected]
        joined = [row for row in existing if not row.is_convening_committee_member and row.member_id in committee]
        stays = [row for row in left if row.member_id in elected]  # left the committee, elected below
        on_list = {row.member_id for row in existing}
        if gone:
            Attendance.objects.filter(pk__in=[row.pk for row in gone]).delete()
        entries = []
        for row, by_right in [*((row, True) for row in joined), *((row, False) for row in stays)]:
            before = copy.copy(row)
            row.is_convening_committee_member, row.replaced_by_alternate = by_right, False
            entries.append((row, LogEntry.Action.UPDATE, model_instance_diff(
                before, row, fields_to_check=("is_convening_committee_member", "replaced_by_alternate"),
            )))
        Attendance.objects.bulk_update([*joined, *stays], ["is_convening_committee_member", "replaced_by_alternate"])
        new = [(member, True) for pk, member in committee.items() if pk not in on_list]
        new += [(member, False) for pk, member in elected.items() if pk not in on_list]
        created = Attendance.objects.bulk_create([
            Attendance(
                congress=congress, member=member, membership=member.membership, situation=member.situation,
                is_convening_committee_member=by_right,
            )
            for member, by_right in new
        ])
        entries += [(row, LogEntry.Action.CREATE, model_instance_diff(None, row)) for row in created]
        entries += [(row, LogEntry.Action.DELETE, {}) for row in gone]
        log_bulk(acting_user, code, congress, entries)
        drawn = Drawn(
            added=len(created), removed=len(gone), kept=len(existing) - len(gone),
            elected_below=sum(1 for _member, by_right in new if not by_right),
        )
        log_on_congress(acting_user, code, congress, added=drawn.added, removed=drawn.removed)
    return drawn


def delegate_add(*, acting_user, congress: Congress, member: Member) -> Attendance:
    """Add an official delegate to the summons list of a delegates' congress: an official member
    of the organisation's subtree (until the subordinate congresses' elections fill the list)."""
    code = "congress.attendance.drawn"
    with transaction.atomic(durable=True), audited(acting_user, code, congress=congress.pk):
        congress = locked(congress)
        _delegates_only(congress)
        refuse(draw_problem(congress))
        if not delegate_candidates(congress).filter(pk=member.pk).exists():
            raise ValidationError({"member": _(
                "%(name)s is not an official member of %(organization)s: only official members are delegates."
            ) % {"name": member.full_name, "organization": congress.organization.name}})
        if congress.attendance.filter(member=member).exists():
            raise ValidationError({"member": _("%(name)s is already on the list of delegates.") % {
                "name": member.full_name,
            }})
        row = Attendance(congress=congress, member=member, membership=member.membership, situation=member.situation)
        row.full_clean(exclude=["present"])  # not marked yet: NULL, which the field allows
        row.save()
        log_on_congress(acting_user, code, congress, added=1, member=member.pk)
    return row


def delegate_remove(*, acting_user, congress: Congress, row_pk: int) -> Attendance:
    """Remove an elected delegate from the summons list of a delegates' congress. The convening
    committee's rows follow the committee: they go when the list is drawn again."""
    code = "congress.attendance.drawn"
    with transaction.atomic(durable=True), audited(acting_user, code, congress=congress.pk):
        congress = locked(congress)
        _delegates_only(congress)
        refuse(draw_problem(congress))
        row = congress.attendance.select_related("member").filter(pk=row_pk).first()
        if row is None:
            raise ValidationError(_("This delegate is no longer on the list."))
        if row.is_convening_committee_member:
            raise ValidationError(_(
                "%(name)s sits on the convening committee, a delegate by right: the list follows the committee "
                "when it is drawn again."
            ) % {"name": row.member.full_name})
        row.delete()
        log_on_congress(acting_user, code, congress, removed=1, member=row.member_id)
    return row


@dataclass(frozen=True)
class Mark:
    """What the clerk says of one row: official or probationary on the congress date (None:
    unchanged), present (None: not marked yet) and, for an absence, whether the convening
    committee accepted its reason; at a delegates' congress, for an absent delegate, whether an
    alternate took the place; the situation on the congress date (None: unchanged)."""

    membership: str | None
    present: bool | None
    absence_accepted: bool = False
    absence_reason: str = ""
    replaced_by_alternate: bool = False
    situation: str | None = None


MARKED_FIELDS = (
    "membership", "situation", "present", "absence_accepted", "absence_reason", "replaced_by_alternate",
)
REASON_LENGTH = Attendance._meta.get_field("absence_reason").max_length


def mark_problem(mark: Mark, row: Attendance | None = None, kind: str = rules.MEMBERS) -> str | None:
    """Why a mark contradicts itself (or the row it is for, at a congress of `kind`), or None."""
    if mark.membership is not None and mark.membership not in Membership.values:
        return _("Choose official or probationary.")
    if mark.situation is not None and mark.situation not in Situation.values:
        return _("Choose a situation.")
    if mark.replaced_by_alternate:
        if kind != rules.DELEGATES:
            return _("Only a delegate is replaced by an alternate.")
        if mark.present is not False:
            return _("Only an absent delegate can be replaced by an alternate.")
        if row is not None and row.is_convening_committee_member:
            return _("A member of the convening committee is not replaced by an alternate.")
    if mark.absence_accepted and mark.present is not False:
        return _("Only an absence can have an accepted reason.")
    if mark.absence_accepted and not mark.absence_reason.strip():
        return _("Write the reason the convening committee accepted.")
    if len(mark.absence_reason.strip()) > REASON_LENGTH:
        return _("Write the reason in at most %(n)s characters.") % {"n": REASON_LENGTH}
    return None


def attendance_record(*, acting_user, congress: Congress, marks: Mapping[int, Mark]) -> int:
    """Save the marks of the summons list at once (row pk -> Mark; rows not named stay as they
    are) and return how many rows changed. One UPDATE for all the changed rows, whatever the
    size of the list."""
    with transaction.atomic(durable=True), audited(acting_user, "congress.attendance.recorded", congress=congress.pk):
        congress = locked(congress)
        refuse(marks_problem(congress))
        rows = {row.pk: row for row in congress.attendance.select_related("member")}
        if set(marks) - set(rows):
            raise ValidationError(_(
                "The summons list was drawn again meanwhile: check the marks and save again."
            ))
        problems = []
        for pk, mark in marks.items():
            problem = mark_problem(mark, rows[pk], congress.kind)
            if problem:
                problems.append(f"{rows[pk].member.full_name}: {problem}")
        if problems:
            raise ValidationError(problems)
        changed, entries = [], []
        for pk, mark in marks.items():
            row = rows[pk]
            before = copy.copy(row)
            if mark.membership is not None:
                row.membership = mark.membership
            if mark.situation is not None:
                row.situation = mark.situation
            row.present = mark.present
            # A delegate's absence has no accepted reason in the base: what counts is the alternate.
            row.absence_accepted = bool(mark.absence_accepted and mark.present is False and congress.kind != rules.DELEGATES)
            row.absence_reason = mark.absence_reason.strip() if mark.present is False else ""
            row.replaced_by_alternate = bool(mark.replaced_by_alternate and mark.present is False)
            changes = model_instance_diff(before, row, fields_to_check=MARKED_FIELDS)
            if changes:
                changed.append(row)
                entries.append((row, LogEntry.Action.UPDATE, changes))
        if changed:
            Attendance.objects.bulk_update(changed, list(MARKED_FIELDS))
            log_bulk(acting_user, "congress.attendance.recorded", congress, entries)
            figures = breakdown(rows.values(), congress.kind)
            log_on_congress(
                acting_user, "congress.attendance.recorded", congress, changed=len(changed), present=figures.present,
                summoned=figures.summoned,
            )
    return len(changed)


def attendee(row: Attendance) -> rules.Attendee:
    """The row as congress.rules sees it; a row not marked yet counts as absent."""
    return rules.Attendee(
        membership=row.membership, situation=row.situation, present=bool(row.present),
        absence_accepted=bool(row.absence_accepted),
    )


def delegate(row: Attendance) -> rules.Delegate:
    """The row as congress.rules sees a delegate; a row not marked yet counts as absent."""
    return rules.Delegate(
        present=bool(row.present), is_convening_committee_member=row.is_convening_committee_member,
        replaced_by_alternate=bool(row.replaced_by_alternate and row.present is False),
    )


def breakdown(rows: Iterable[Attendance], kind: str = rules.MEMBERS) -> rules.BaseBreakdown | rules.DelegatesBaseBreakdown:
    """The attendance report and the base of a congress of `kind` (docs/domain.md §3)."""
    if kind == rules.DELEGATES:
        return rules.delegates_congress_base(delegate(row) for row in rows)
    return rules.members_congress_base(attendee(row) for row in rows)


def is_recorded(rows: Iterable[Attendance]) -> bool:
    """Every summoned member is marked present or absent (congress.selectors.conditions asks
    the same of the database)."""
    rows = list(rows)
    return bool(rows) and all(row.present is not None for row in rows)


def voters(rows: Iterable[Attendance]) -> list[Attendance]:
    """The members present who vote (congress.rules.may_vote: official members present, those
    temporarily active elsewhere included, the suspended excluded; at a delegates' congress, the
    delegates present): they vote and may be elected to the congress's bodies."""
    return [row for row in rows if rules.may_vote(row.membership, row.situation, bool(row.present))]


def voter_count(rows: Iterable[Attendance], kind: str = rules.MEMBERS) -> int:
    """How many may raise a hand: the voters, and at a delegates' congress also the alternates
    who took an absent delegate's seat (they vote, but are not on the list by name)."""
    rows = list(rows)
    alternates = sum(bool(row.replaced_by_alternate) for row in rows) if kind == rules.DELEGATES else 0
    return len(voters(rows)) + alternates


