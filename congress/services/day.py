"""The congress itself (DOMAIN.md §2 step 6, §3): the summons list and attendance, the votes by
show of hands, the agenda, the resolution and the minutes.

Each service is one transaction holding the congress's row lock, with its audit rows tagged
`congress=<pk>` (the pages list them by that tag). What may still change depends on the state:
the summons list is drawn from the preparation on, the marks and votes are recorded while the
congress is submitted or reviewed (its day), the resolution is adopted on the day itself (reviewed),
and nothing of the day changes once the congress is recorded as held, except its minutes, which
are written up and issued afterwards.
"""

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from auditlog.cid import get_cid
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.audit import audited
from branches.models import CommitteeSeat, Member, MemberStatus
from documents import rules as document_rules
from documents.models import Document, DocumentState
from documents.rules import Actor as DocumentActor
from documents.rules import Move as DocumentMove
from documents.services.documents import (
    create_in_transaction, document_save_body, issue_in_transaction, move_in_transaction,
)

from .. import minutes, rules
from ..models import (
    BODY_SUBJECTS, Attendance, Congress, CongressDocument, CongressDocumentRole, ShowOfHands, VoteSubject,
    congress_sequence_key,
)

# The usual order of a congress (DOMAIN.md §2 step 6), offered when the agenda is still empty.
USUAL_AGENDA = (
    "Chào cờ",
    "Bầu Đoàn Chủ tịch, Thư ký",
    "Thông qua chương trình, quy chế làm việc",
    "Khai mạc",
    "Báo cáo tình hình đảng viên tham dự",
    "Báo cáo chính trị",
    "Thảo luận",
    "Phát biểu của cấp trên",
    "Bầu Tổ kiểm phiếu",
    "Bầu cử",
    "Thông qua Nghị quyết",
    "Bế mạc",
)

DRAW_STATES = frozenset({rules.PREPARING, rules.SUBMITTED, rules.REVIEWED})
DAY_STATES = frozenset({rules.SUBMITTED, rules.REVIEWED})  # marks and votes
AGENDA_STATES = frozenset({rules.PLANNED, rules.PREPARING, rules.SUBMITTED, rules.REVIEWED})
RESOLUTION_STATES = frozenset({rules.REVIEWED})
MINUTES_STATES = frozenset({rules.REVIEWED, rules.HELD, rules.RESULTS_REPORTED})
AFTER_THE_DAY = frozenset({rules.HELD, rules.RESULTS_REPORTED, rules.RATIFIED})

# Present members who count in the base, and so may vote and be elected to the congress's
# bodies: probationary members attend without voting; temporarily transferred and suspended
# members are outside the base (congress.rules.members_congress_base).
VOTING_STATUSES = frozenset({rules.OFFICIAL, rules.EXEMPT})

# The subjects recorded on the votes page; the resolution has its own service.
RECORDED_SUBJECTS = (VoteSubject.PRESIDIUM, VoteSubject.SECRETARIAT, VoteSubject.AGENDA, VoteSubject.COUNTING_BOARD)


# --- What may change when ----------------------------------------------------------------------


def _closed_problem(congress: Congress) -> str | None:
    if congress.state == rules.ANNULLED:
        return _("An annulled congress cannot change; a new congress must be organised.")
    if congress.state in AFTER_THE_DAY:
        return _("The congress was recorded as held: what happened on its day can no longer change.")
    return None


def draw_problem(congress: Congress) -> str | None:
    """Why the summons list of `congress` cannot be drawn now, or None."""
    problem = _closed_problem(congress)
    if problem is None and congress.state not in DRAW_STATES:
        problem = _("Start preparing the congress before drawing its summons list.")
    return problem


def marks_problem(congress: Congress) -> str | None:
    """Why the attendance cannot be marked now, or None."""
    problem = _closed_problem(congress)
    if problem is None and congress.state not in DAY_STATES:
        problem = _("Attendance is marked once the congress is submitted for review, up to its day.")
    return problem


def vote_problem(congress: Congress) -> str | None:
    problem = _closed_problem(congress)
    if problem is None and congress.state not in DAY_STATES:
        problem = _("Votes are recorded once the congress is submitted for review, up to its day.")
    return problem


def agenda_problem(congress: Congress) -> str | None:
    problem = _closed_problem(congress)
    if problem is None and congress.state not in AGENDA_STATES:
        problem = _("The agenda can no longer change.")
    return problem


def resolution_problem(congress: Congress) -> str | None:
    problem = _closed_problem(congress)
    if problem is None and congress.state not in RESOLUTION_STATES:
        problem = _(
            "The congress adopts its resolution on its day, once the superior has reviewed it: the congress "
            "is not reviewed yet."
        )
    return problem


def minutes_problem(congress: Congress) -> str | None:
    if congress.state == rules.ANNULLED:
        return _("An annulled congress cannot change; a new congress must be organised.")
    if congress.state == rules.RATIFIED:
        return _("The results are ratified; only annulment can change them.")
    if congress.state not in MINUTES_STATES:
        return _(
            "The minutes are drafted on the congress day or after it, once the superior has reviewed the congress."
        )
    return None


def _refuse(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


def _locked(congress: Congress) -> Congress:
    return (
        Congress.objects.select_for_update(of=("self",))
        .select_related("organization", "plan", "plan__term", "plan__organization")
        .get(pk=congress.pk)
    )


# --- Audit rows for rows written in bulk -------------------------------------------------------


def _log_bulk(acting_user, code: str, congress: Congress, entries: list[tuple[Attendance, int, dict]]) -> None:
    """Audit rows for attendance rows written in bulk (bulk_create and bulk_update send no
    signals, so django-auditlog does not see them), inserted at once with what audited() would
    have given them. `entries`: (row, LogEntry action, changes)."""
    if not entries:
        return
    content_type = ContentType.objects.get_for_model(Attendance)
    cid = get_cid()
    LogEntry.objects.bulk_create([
        LogEntry(
            content_type=content_type, object_pk=str(row.pk), object_id=row.pk, object_repr=row.member.full_name,
            action=action, changes=changes, actor=acting_user, actor_email=getattr(acting_user, "email", None),
            additional_data={"action": code, "congress": congress.pk}, cid=cid,
        )
        for row, action, changes in entries
    ])


def _log_on_congress(acting_user, code: str, congress: Congress, **details) -> None:
    """An audit row on the congress itself, so that its history tells what happened on its day
    even where the rows written are another model's (attendance, documents)."""
    with audited(acting_user, code, congress=congress.pk, **details):
        LogEntry.objects.log_create(congress, force_log=True, action=LogEntry.Action.UPDATE, changes={})


# --- The summons list and attendance -----------------------------------------------------------


def summoned_members(congress: Congress):
    """Who is summoned to a members' congress: the organisation's members, which for a branch
    are its own and for a committee those of its whole subtree (a branch has no subtree, so
    one filter serves both)."""
    return Member.objects.filter(congress.organization.subtree_q("organization__"))


@dataclass(frozen=True)
class Drawn:
    added: int
    removed: int
    kept: int


def attendance_draw(*, acting_user, congress: Congress) -> Drawn:
    """Draw (or draw again) the summons list: delegates_draw for a delegates' congress, else
    members_draw."""
    if congress.kind == rules.DELEGATES:
        return delegates_draw(acting_user=acting_user, congress=congress)
    return members_draw(acting_user=acting_user, congress=congress)


def members_draw(*, acting_user, congress: Congress) -> Drawn:
    """Draw (or draw again) the summons list from the organisation's members, each with their
    current status as the status held on the congress date (the product keeps no history of
    statuses, so the clerk corrects a row where it differed on that day).

    Drawing again keeps the rows of members still there as they are (marks and corrected
    statuses), adds the members who joined and removes those who left.
    """
    with transaction.atomic(durable=True), audited(acting_user, "congress.attendance.drawn", congress=congress.pk):
        congress = _locked(congress)
        _refuse(draw_problem(congress))
        if congress.kind == rules.DELEGATES:
            raise ValueError("use delegates_draw for a delegates' congress")
        summoned = summoned_members(congress).values_list("pk", "status", "full_name")
        members = {pk: (status, name) for pk, status, name in summoned}
        existing = list(congress.attendance.only("pk", "member_id"))
        gone = [row for row in existing if row.member_id not in members]
        kept = {row.member_id for row in existing} - {row.member_id for row in gone}
        if gone:
            Attendance.objects.filter(pk__in=[row.pk for row in gone]).delete()
        new = [
            Attendance(congress=congress, member_id=pk, status=status)
            for pk, (status, _name) in members.items() if pk not in kept
        ]
        created = Attendance.objects.bulk_create(new)
        for row in created:
            row.member = Member(pk=row.member_id, full_name=members[row.member_id][1])
        _log_bulk(acting_user, "congress.attendance.drawn", congress, [
            (row, LogEntry.Action.CREATE, model_instance_diff(None, row)) for row in created
        ])
        drawn = Drawn(added=len(created), removed=len(gone), kept=len(kept))
        _log_on_congress(acting_user, "congress.attendance.drawn", congress, added=drawn.added, removed=drawn.removed)
    return drawn


# --- The summons list of a delegates' congress ---------------------------------------------------


def convening_committee(congress: Congress) -> list[Member]:
    """The convening committee of a delegates' congress: the organisation's committee for the
    latest term before the plan's (CommitteeSeat rows), its delegates by right. Only official
    members: probationary members are never delegates."""
    seats = CommitteeSeat.objects.filter(
        organization=congress.organization, term__start_year__lt=congress.plan.term.start_year,
    ).select_related("term").order_by("-term__start_year", "-term__end_year")
    latest = seats.values_list("term_id", flat=True).first()
    if latest is None:
        return []
    return list(Member.objects.filter(
        committee_seats__organization=congress.organization, committee_seats__term_id=latest,
        status=MemberStatus.OFFICIAL,
    ).distinct())


def delegate_candidates(congress: Congress):
    """Who may be added as an official delegate: the official members of the organisation's
    subtree (the subordinate congresses elect them among their members)."""
    return Member.objects.filter(congress.organization.subtree_q("organization__"), status=MemberStatus.OFFICIAL)


def _delegates_only(congress: Congress) -> None:
    if congress.kind != rules.DELEGATES:
        raise ValidationError(_("Delegates are added only to a delegates' congress; a members' congress summons "
                                "every member of the organisation."))


def delegates_draw(*, acting_user, congress: Congress) -> Drawn:
    """Draw (or draw again) the convening committee onto the summons list of a delegates'
    congress (see convening_committee). The other official delegates are added one by one
    (delegate_add): drawing again keeps them and their marks, marks as convening committee a
    delegate who sits on it, adds the committee members missing and removes the rows of
    members no longer on it."""
    code = "congress.attendance.drawn"
    with transaction.atomic(durable=True), audited(acting_user, code, congress=congress.pk):
        congress = _locked(congress)
        _refuse(draw_problem(congress))
        committee = {m.pk: m for m in convening_committee(congress)}
        existing = list(congress.attendance.select_related("member"))
        gone = [row for row in existing if row.is_convening_committee_member and row.member_id not in committee]
        joined = [row for row in existing if not row.is_convening_committee_member and row.member_id in committee]
        on_list = {row.member_id for row in existing}
        if gone:
            Attendance.objects.filter(pk__in=[row.pk for row in gone]).delete()
        entries = []
        for row in joined:
            before = copy.copy(row)
            row.is_convening_committee_member, row.replaced_by_alternate = True, False
            entries.append((row, LogEntry.Action.UPDATE, model_instance_diff(
                before, row, fields_to_check=("is_convening_committee_member", "replaced_by_alternate"),
            )))
        Attendance.objects.bulk_update(joined, ["is_convening_committee_member", "replaced_by_alternate"])
        created = Attendance.objects.bulk_create([
            Attendance(congress=congress, member=member, status=member.status, is_convening_committee_member=True)
            for pk, member in committee.items() if pk not in on_list
        ])
        entries += [(row, LogEntry.Action.CREATE, model_instance_diff(None, row)) for row in created]
        entries += [(row, LogEntry.Action.DELETE, {}) for row in gone]
        _log_bulk(acting_user, code, congress, entries)
        drawn = Drawn(added=len(created), removed=len(gone), kept=len(existing) - len(gone))
        _log_on_congress(acting_user, code, congress, added=drawn.added, removed=drawn.removed)
    return drawn


def delegate_add(*, acting_user, congress: Congress, member: Member) -> Attendance:
    """Add an official delegate to the summons list of a delegates' congress: an official member
    of the organisation's subtree (until the subordinate congresses' elections fill the list)."""
    code = "congress.attendance.drawn"
    with transaction.atomic(durable=True), audited(acting_user, code, congress=congress.pk):
        congress = _locked(congress)
        _delegates_only(congress)
        _refuse(draw_problem(congress))
        if not delegate_candidates(congress).filter(pk=member.pk).exists():
            raise ValidationError({"member": _(
                "%(name)s is not an official member of %(organization)s: only official members are delegates."
            ) % {"name": member.full_name, "organization": congress.organization.name}})
        if congress.attendance.filter(member=member).exists():
            raise ValidationError({"member": _("%(name)s is already on the list of delegates.") % {
                "name": member.full_name,
            }})
        row = Attendance(congress=congress, member=member, status=member.status)
        row.full_clean(exclude=["present"])  # not marked yet: NULL, which the field allows
        row.save()
        _log_on_congress(acting_user, code, congress, added=1, member=member.pk)
    return row


def delegate_remove(*, acting_user, congress: Congress, row_pk: int) -> Attendance:
    """Remove an elected delegate from the summons list of a delegates' congress. The convening
    committee's rows follow the committee: they go when the list is drawn again."""
    code = "congress.attendance.drawn"
    with transaction.atomic(durable=True), audited(acting_user, code, congress=congress.pk):
        congress = _locked(congress)
        _delegates_only(congress)
        _refuse(draw_problem(congress))
        row = congress.attendance.select_related("member").filter(pk=row_pk).first()
        if row is None:
            raise ValidationError(_("This delegate is no longer on the list."))
        if row.is_convening_committee_member:
            raise ValidationError(_(
                "%(name)s sits on the convening committee, a delegate by right: the list follows the committee "
                "when it is drawn again."
            ) % {"name": row.member.full_name})
        row.delete()
        _log_on_congress(acting_user, code, congress, removed=1, member=row.member_id)
    return row


@dataclass(frozen=True)
class Mark:
    """What the clerk says of one row: the status on the congress date, present (None: not
    marked yet) and, for an absence, whether the convening committee accepted its reason; at a
    delegates' congress, for an absent delegate, whether an alternate took the place."""

    status: str
    present: bool | None
    absence_accepted: bool = False
    absence_reason: str = ""
    replaced_by_alternate: bool = False


MARKED_FIELDS = ("status", "present", "absence_accepted", "absence_reason", "replaced_by_alternate")
REASON_LENGTH = Attendance._meta.get_field("absence_reason").max_length


def mark_problem(mark: Mark, row: Attendance | None = None, kind: str = rules.MEMBERS) -> str | None:
    """Why a mark contradicts itself (or the row it is for, at a congress of `kind`), or None."""
    if mark.status not in MemberStatus.values:
        return _("Choose a status.")
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
        congress = _locked(congress)
        _refuse(marks_problem(congress))
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
            row.status = mark.status
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
            _log_bulk(acting_user, "congress.attendance.recorded", congress, entries)
            figures = breakdown(rows.values(), congress.kind)
            _log_on_congress(
                acting_user, "congress.attendance.recorded", congress, changed=len(changed), present=figures.present,
                summoned=figures.summoned,
            )
    return len(changed)


def attendee(row: Attendance) -> rules.Attendee:
    """The row as congress.rules sees it; a row not marked yet counts as absent."""
    return rules.Attendee(status=row.status, present=bool(row.present), absence_accepted=bool(row.absence_accepted))


def delegate(row: Attendance) -> rules.Delegate:
    """The row as congress.rules sees a delegate; a row not marked yet counts as absent."""
    return rules.Delegate(
        present=bool(row.present), is_convening_committee_member=row.is_convening_committee_member,
        replaced_by_alternate=bool(row.replaced_by_alternate and row.present is False),
    )


def breakdown(rows: Iterable[Attendance], kind: str = rules.MEMBERS) -> rules.BaseBreakdown | rules.DelegatesBaseBreakdown:
    """The attendance report and the base of a congress of `kind` (DOMAIN.md §3)."""
    if kind == rules.DELEGATES:
        return rules.delegates_congress_base(delegate(row) for row in rows)
    return rules.members_congress_base(attendee(row) for row in rows)


def is_recorded(rows: Iterable[Attendance]) -> bool:
    """Every summoned member is marked present or absent (congress.selectors.conditions asks
    the same of the database)."""
    rows = list(rows)
    return bool(rows) and all(row.present is not None for row in rows)


def voters(rows: Iterable[Attendance]) -> list[Attendance]:
    """The members present who count (at a delegates' congress, the delegates present): they
    vote and may be elected to the congress's bodies."""
    return [row for row in rows if row.present and row.status in VOTING_STATUSES]


def voter_count(rows: Iterable[Attendance], kind: str = rules.MEMBERS) -> int:
    """How many may raise a hand: the voters, and at a delegates' congress also the alternates
    who took an absent delegate's seat (they vote, but are not on the list by name)."""
    rows = list(rows)
    alternates = sum(bool(row.replaced_by_alternate) for row in rows) if kind == rules.DELEGATES else 0
    return len(voters(rows)) + alternates


# --- Votes by show of hands --------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """The base and the voters of a congress whose attendance is recorded."""

    base: int
    voters: int
    voter_ids: frozenset[int]


def _count(congress: Congress) -> Count:
    rows = list(congress.attendance.all())
    if not is_recorded(rows):
        raise ValidationError(_(
            "Record the attendance first: every member on the summons list must be marked present or absent."
        ))
    present = voters(rows)
    return Count(
        base=breakdown(rows, congress.kind).base, voters=voter_count(rows, congress.kind),
        voter_ids=frozenset(row.member_id for row in present),
    )


def tally_problem(votes_for: int, votes_against: int, voters: int, kind: str = rules.MEMBERS) -> str | None:
    """Why these figures cannot be the result of a show of hands among `voters`, or None."""
    if votes_for < 0 or votes_against < 0:
        return _("The number of votes cannot be negative.")
    if votes_for + votes_against > voters and kind == rules.DELEGATES:
        return _(
            "%(cast)s votes for and against, but only %(voters)s delegates present (alternates included) may vote."
        ) % {"cast": votes_for + votes_against, "voters": voters}
    if votes_for + votes_against > voters:
        return _(
            "%(cast)s votes for and against, but only %(voters)s official members present may vote."
        ) % {"cast": votes_for + votes_against, "voters": voters}
    return None


def _save_vote(acting_user, congress: Congress, subject: str, votes_for: int, votes_against: int, base: int,
               members: Iterable[Member] = ()) -> ShowOfHands:
    vote = ShowOfHands.objects.filter(congress=congress, subject=subject).first() or ShowOfHands(
        congress=congress, subject=subject,
    )
    vote.votes_for = votes_for
    vote.votes_against = votes_against
    vote.base = base
    vote.passed = rules.show_of_hands_passes(votes_for, base)
    vote.recorded_by = acting_user
    vote.full_clean(exclude=["recorded_by"])
    vote.save()
    if subject in BODY_SUBJECTS:
        vote.members.set(list(members))
    return vote


def show_of_hands_record(
    *, acting_user, congress: Congress, subject: str, votes_for: int, votes_against: int = 0,
    members: Iterable[Member] = (),
) -> ShowOfHands:
    """Record a vote by show of hands (DOMAIN.md §3): the presidium, the secretariat or the
    vote-counting board with the people elected, or the agenda and working rules. Counted
    against the base of the recorded attendance; recording a subject again replaces it."""
    if subject not in RECORDED_SUBJECTS:
        raise ValueError(f"use resolution_adopt for {subject!r}" if subject == VoteSubject.RESOLUTION else subject)
    members = list(members)
    code = "congress.vote.recorded"
    with transaction.atomic(durable=True), audited(acting_user, code, congress=congress.pk, subject=subject):
        congress = _locked(congress)
        _refuse(vote_problem(congress))
        count = _count(congress)
        _refuse(tally_problem(votes_for, votes_against, count.voters, congress.kind))
        if subject in BODY_SUBJECTS:
            if not members:
                raise ValidationError({"members": _("Choose the people elected.")})
            stray = [m.full_name for m in members if m.pk not in count.voter_ids]
            if stray:
                if congress.kind == rules.DELEGATES:
                    message = _(
                        "Only official delegates present at the congress can be elected to its bodies; not: %(names)s."
                    )
                else:
                    message = _(
                        "Only official members present at the congress can be elected to its bodies; not: %(names)s."
                    )
                raise ValidationError({"members": message % {"names": ", ".join(stray)}})
        elif members:
            raise ValidationError({"members": _("The agenda elects nobody.")})
        return _save_vote(acting_user, congress, subject, votes_for, votes_against, count.base, members)


# --- The agenda --------------------------------------------------------------------------------


def agenda_lines(text: str) -> list[str]:
    """The items of an agenda written one per line, without blank lines or stray spaces."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def agenda_save(*, acting_user, congress: Congress, agenda: str) -> Congress:
    lines = agenda_lines(agenda)
    if not lines:
        raise ValidationError({"agenda": _("Write at least one item, one per line.")})
    with transaction.atomic(durable=True), audited(acting_user, "congress.agenda.saved", congress=congress.pk):
        congress = _locked(congress)
        _refuse(agenda_problem(congress))
        congress.agenda = "\n".join(lines)
        congress.full_clean()
        congress.save(update_fields=["agenda"])
    return congress


# --- The resolution ----------------------------------------------------------------------------


def resolution_adopt(*, acting_user, congress: Congress, votes_for: int, votes_against: int = 0) -> ShowOfHands:
    """The congress votes on its resolution by show of hands; with more than half of the base
    (244-QĐ/TW Art. 32; 190-QĐ/TW Art. 30) the draft approved at the review is issued in the
    same transaction, numbered in the congress's sequence ("01-NQ/..."). A vote that fails is
    recorded and issues nothing; the congress may vote again on the day."""
    with transaction.atomic(durable=True):
        congress = _locked(congress)
        _refuse(resolution_problem(congress))
        row = congress.documents.filter(role=CongressDocumentRole.DRAFT_RESOLUTION).select_related("document").first()
        if row is None:
            raise ValidationError(_(
                "The congress has no draft resolution: draft it with the congress documents and have it approved "
                "at the review."
            ))
        document = row.document
        if document.state == DocumentState.ISSUED:
            raise ValidationError(_("The resolution was already adopted and issued as %(symbol)s.") % {
                "symbol": document.symbol,
            })
        if document.state != DocumentState.APPROVED:
            raise ValidationError(_(
                "The draft resolution is not approved (it is “%(state)s”): the superior approves it at the review "
                "before the congress adopts it."
            ) % {"state": document.get_state_display()})
        count = _count(congress)
        _refuse(tally_problem(votes_for, votes_against, count.voters, congress.kind))
        passed = rules.show_of_hands_passes(votes_for, count.base)
        code = "congress.resolution.adopted" if passed else "congress.vote.recorded"
        with audited(acting_user, code, congress=congress.pk, subject=VoteSubject.RESOLUTION.value):
            vote = _save_vote(acting_user, congress, VoteSubject.RESOLUTION, votes_for, votes_against, count.base)
            if passed:
                document = issue_in_transaction(
                    acting_user=acting_user, document=document, actors={DocumentActor.CLERK},
                )
                _log_on_congress(
                    acting_user, code, congress, votes_for=votes_for, base=count.base, symbol=document.symbol,
                )
    return vote


# --- The minutes -------------------------------------------------------------------------------


def minutes_subject(congress: Congress) -> str:
    """"Biên bản Đại hội Chi bộ TDP Hoàng Trinh lần thứ II, nhiệm kỳ 2022–2025"."""
    return f"Biên bản {congress.name}"


def minutes_facts(congress: Congress) -> minutes.MinutesFacts:
    """What the minutes say, read from the congress's records."""
    rows = list(congress.attendance.all())
    if not is_recorded(rows):
        raise ValidationError(_(
            "Record the attendance first: every member on the summons list must be marked present or absent."
        ))
    figures = breakdown(rows, congress.kind)
    votes = {}
    for vote in congress.votes.prefetch_related("members"):
        names = tuple(m.full_name for m in sorted(vote.members.all(), key=lambda m: (m.sort_key, m.pk)))
        votes[vote.subject] = minutes.Vote(
            votes_for=vote.votes_for, votes_against=vote.votes_against, base=vote.base, passed=vote.passed,
            members=names,
        )
    return minutes.MinutesFacts(
        congress_name=congress.name,
        organization_name=congress.organization.name,
        superior_name=congress.plan.organization.name,
        held_on=congress.held_on or congress.scheduled_on,
        venue=congress.venue,
        guests=tuple((g.name, g.position) for g in congress.guests.all()),
        attendance=figures,
        required_votes=rules.required_votes(figures.base),
        agenda=tuple(agenda_lines(congress.agenda) or USUAL_AGENDA),
        votes=votes,
    )


def _issuer_lines(congress: Congress) -> str:
    """The congress named as issuer, top left, as on its other documents: "CHI BỘ ... /
    ĐẠI HỘI LẦN THỨ II / NHIỆM KỲ 2022–2025"."""
    return "\n".join([
        congress.organization.name.upper(),
        f"ĐẠI HỘI {rules.ordinal_text(congress.ordinal).upper()}",
        f"NHIỆM KỲ {congress.plan.term}",
    ])


def _minutes_row(congress: Congress) -> CongressDocument | None:
    return congress.documents.filter(role=CongressDocumentRole.MINUTES).select_related("document").first()


def _not_redrafted(document: Document) -> str:
    if document.state == DocumentState.ISSUED:
        return _("The minutes were issued as %(symbol)s; they can no longer be drafted again.") % {
            "symbol": document.symbol,
        }
    return _("The minutes are being approved (“%(state)s”); they can no longer be drafted again.") % {
        "state": document.get_state_display(),
    }


def minutes_draft(*, acting_user, congress: Congress) -> Document:
    """Draft the minutes (biên bản đại hội) from the recorded facts (congress.minutes) as a BB
    document of the organisation, numbered in the congress's sequence; drafting again before
    they are issued saves the new text as the next version, which the clerk may edit further
    on the document page.

    The minutes carry their signatures in their body (the secretariat, and the presidium on
    behalf of the congress), so the document's own signature block is left empty.
    """
    _refuse(minutes_problem(congress))
    row = _minutes_row(congress)
    body = minutes.minutes_html(minutes_facts(congress))
    if row is not None:
        # documents.services.document_save_body owns its transaction: the new version and the
        # audit row on the congress are two steps.
        if row.document.state not in document_rules.EDITABLE:
            raise ValidationError(_not_redrafted(row.document))
        version = document_save_body(
            acting_user=acting_user, document=row.document, body=body,
            note=_("Drafted again from the congress records"),
        )
        if version is not None:
            with transaction.atomic(durable=True):
                _log_on_congress(acting_user, "congress.minutes.drafted", _locked(congress), version=version.number)
        return row.document
    with transaction.atomic(durable=True), audited(acting_user, "congress.minutes.drafted", congress=congress.pk):
        congress = _locked(congress)
        _refuse(minutes_problem(congress))
        if _minutes_row(congress) is not None:
            raise ValidationError(_("The minutes were drafted meanwhile: open them from the congress page."))
        document = create_in_transaction(
            acting_user=acting_user, issuer=congress.organization, doc_type="BB", subject=minutes_subject(congress),
            term=congress.plan.term, body=body, sequence_key=congress_sequence_key(congress.pk),
            approved_by_issuer=True, issuer_lines=_issuer_lines(congress),
            recipients=f"- {congress.plan.organization.name} (để báo cáo),\n- Lưu.",
        )
        # The defaults sign for the organisation ("T/M CHI BỘ, BÍ THƯ"); the minutes are signed
        # in their body instead.
        document.signing_mode = document.signing_body = document.signer_position = ""
        document.save(update_fields=["signing_mode", "signing_body", "signer_position"])
        CongressDocument.objects.create(congress=congress, role=CongressDocumentRole.MINUTES, document=document)
        _log_on_congress(acting_user, "congress.minutes.drafted", congress, version=1)
    return document


MINUTES_APPROVAL_COMMENT = "Đại hội thông qua biên bản"


def minutes_issue(*, acting_user, congress: Congress) -> Document:
    """Issue the minutes, numbered in the congress's sequence, with their final PDF.

    Minutes go to no superior for approval: they are read out at the closing and the congress
    itself adopts them (DOMAIN.md §2 step 6). The documents app knows only approval by leaders,
    so this service makes its three moves together, in one transaction, on the congress's
    behalf: the clerk submits (Actor.CLERK), the congress's adoption is recorded as the approval
    (Actor.LEADER, comment "Đại hội thông qua biên bản"), and the clerk issues. Either all of
    it happens or none, so no minutes wait half-approved for a leader who will never act.
    """
    with transaction.atomic(durable=True), audited(acting_user, "congress.minutes.issued", congress=congress.pk):
        congress = _locked(congress)
        _refuse(minutes_problem(congress))
        row = _minutes_row(congress)
        if row is None:
            raise ValidationError(_("Draft the minutes first."))
        document = row.document
        if document.state == DocumentState.ISSUED:
            raise ValidationError(_("The minutes were already issued as %(symbol)s.") % {"symbol": document.symbol})
        if document.state in document_rules.MOVES[DocumentMove.SUBMIT][0]:
            document = move_in_transaction(
                acting_user=acting_user, document=document, move=DocumentMove.SUBMIT, actors={DocumentActor.CLERK},
            )
        if document.state == DocumentState.SUBMITTED:
            document = move_in_transaction(
                acting_user=acting_user, document=document, move=DocumentMove.APPROVE, actors={DocumentActor.LEADER},
                comment=MINUTES_APPROVAL_COMMENT,
            )
        document = issue_in_transaction(acting_user=acting_user, document=document, actors={DocumentActor.CLERK})
        _log_on_congress(acting_user, "congress.minutes.issued", congress, symbol=document.symbol)
    return document
