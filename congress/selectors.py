"""What the congress pages and moves read: the conditions of each move, and the checklist."""

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import DocumentState

from . import hooks, rules
from .deadlines import PlanDeadlines, congress_deadlines, working_days_between
from .models import (
    DOSSIER_FROM_DOCUMENTS, REQUIRED_ROLES, Congress, CongressDocument, CongressDocumentRole, DossierKind, Holiday, Target, VoteSubject,
)
from .targets import TargetRecord


def documents_by_role(congress: Congress) -> dict[str, "object"]:
    """The congress's documents, by role (CongressDocumentRole value -> Document). A page whose
    panels read them several times fetches them once first (`read_documents_once`)."""
    prefetched = getattr(congress, "_prefetched_objects_cache", {})
    rows = prefetched["documents"] if "documents" in prefetched else congress.documents.select_related("document")
    return {row.role: row.document for row in rows}


def read_documents_once(congress: Congress) -> Congress:
    """`congress` holding its documents, for a page that only reads: documents_by_role then
    answers from them rather than asking the database again."""
    prefetch_related_objects([congress], Prefetch("documents", queryset=CongressDocument.objects.select_related("document")))
    return congress


def dossier_status(congress: Congress, documents: dict | None = None) -> dict[str, bool]:
    """Which items of the results dossier are there (DossierKind value -> present)."""
    documents = documents_by_role(congress) if documents is None else documents
    uploaded = set(congress.dossier.values_list("kind", flat=True))
    status = {}
    for kind in DossierKind:
        role = DOSSIER_FROM_DOCUMENTS.get(kind)
        if role is not None:
            document = documents.get(role)
            status[kind.value] = document is not None and document.state == DocumentState.ISSUED
        else:
            # Another app may hold the item itself (the elections' issued vote-count minutes).
            status[kind.value] = kind.value in uploaded or hooks.condition(f"dossier:{kind.value}", congress, default=False)
    return status


def conditions(congress: Congress, *, reason: str = "") -> dict[str, bool]:
    """The facts congress.rules.MOVES asks about, read from the database.

    The personnel plan's facts come from the elections app through congress.hooks (True when
    nothing is registered: the congress app alone reviews the documents only).
    """
    documents = documents_by_role(congress)
    attendance = list(congress.attendance.values_list("present", flat=True))
    resolution = documents.get(CongressDocumentRole.DRAFT_RESOLUTION)
    return {
        "documents_ready": all(role in documents for role in REQUIRED_ROLES),
        "personnel_plan_ready": hooks.condition("personnel_plan_ready", congress),
        "personnel_plan_approved": hooks.condition("personnel_plan_approved", congress),
        "attendance_recorded": bool(attendance) and None not in attendance,
        "resolution_adopted": (
            congress.votes.filter(subject=VoteSubject.RESOLUTION, passed=True).exists()
            and resolution is not None and resolution.state == DocumentState.ISSUED
        ),
        "dossier_complete": all(dossier_status(congress, documents).values()),
        "complaints_settled": not congress.complaints.filter(settled_on__isnull=True).exists(),
        "reason_given": bool(reason.strip()),
    }


# --- The dates of the congress day (congress.rules.congress_day_dates and what follows it) --------


def day_records_on(congress: Congress) -> list[datetime.date]:
    """The dates the records of the congress day carry: its issued resolution's (the one record
    of the day the congress app dates; the elections date their vote-count minutes alike)."""
    return list(
        congress.documents.filter(
            role=CongressDocumentRole.DRAFT_RESOLUTION, document__state=DocumentState.ISSUED,
            document__document_date__isnull=False,
        ).values_list("document__document_date", flat=True)
    )


def day_record_problem(congress: Congress, today: datetime.date | None = None) -> str | None:
    """Why a record of the congress day (a vote, the resolution, a ballot opened) cannot be made
    today, or None (congress.rules.day_record_problem)."""
    return rules.day_record_problem(congress.days, today or timezone.localdate())


def day_record_date(congress: Congress, today: datetime.date | None = None) -> datetime.date:
    """The date a record of the congress day made today carries (congress.rules.day_record_date)."""
    return rules.day_record_date(congress.days, today or timezone.localdate())


def default_held_on(congress: Congress, today: datetime.date | None = None) -> datetime.date:
    """The day offered for recording the congress as held (congress.rules.default_held_on)."""
    return rules.default_held_on(congress.days, today or timezone.localdate(), day_records_on(congress))


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: bool


def checklist(congress: Congress) -> list[ChecklistItem]:
    """What is ready on the way to the congress, in the order the work is done."""
    facts = conditions(congress)
    documents = documents_by_role(congress)
    return [
        ChecklistItem(_("Date and venue set"), bool(congress.scheduled_on and congress.venue)),
        *(
            ChecklistItem(role.label, role in documents)
            for role in (CongressDocumentRole.POLITICAL_REPORT, CongressDocumentRole.SELF_REVIEW,
                         CongressDocumentRole.DRAFT_RESOLUTION, CongressDocumentRole.ACTION_PROGRAMME)
        ),
        ChecklistItem(_("Reviewed by the superior"), congress.state not in {rules.PLANNED, rules.PREPARING, rules.SUBMITTED}),
        ChecklistItem(_("Attendance recorded"), facts["attendance_recorded"]),
        ChecklistItem(_("Resolution adopted and issued"), facts["resolution_adopted"]),
        ChecklistItem(_("Results dossier complete"), facts["dossier_complete"]),
        ChecklistItem(_("Results ratified"), congress.state == rules.RATIFIED),
    ]


def submitted_on(congress: Congress):
    """The day the congress was last submitted for review (read from its audit trail), or None."""
    stamp = (
        LogEntry.objects.get_for_object(congress)
        .filter(additional_data__action="congress.congress.submit_for_review")
        .order_by("-timestamp").values_list("timestamp", flat=True).first()
    )
    return timezone.localdate(stamp) if stamp else None


def held_by(congress: Congress) -> datetime.date:
    """The plan's deadline for holding this congress: the pilots' one for a pilot, when the
    plan sets it."""
    return PlanDeadlines.of(congress.plan).held_by(congress.is_pilot)


def holidays_after(day: datetime.date) -> frozenset[datetime.date]:
    """The public holidays after `day`: those a working-day deadline counted from `day` (or from
    a later day) may skip. One query; the one reading of the holidays for the deadlines of
    congress.deadlines, on the congress page and on the progress pages alike."""
    return frozenset(Holiday.objects.filter(date__gt=day).values_list("date", flat=True))


DOCUMENTS, HELD, REPORT, RATIFICATION = "documents", "held", "report", "ratification"
# The deadlines counted in working days after the congress (docs/domain.md §2 step 7).
RESULTS_DEADLINES = (REPORT, RATIFICATION)


@dataclass(frozen=True)
class Deadline:
    key: str  # DOCUMENTS, HELD, REPORT or RATIFICATION
    label: str
    due: datetime.date
    met_on: datetime.date | None
    overdue: bool  # met late, or not met and past (not once the congress is annulled)
    late_days: int  # working days past `due` while overdue


def deadlines(congress: Congress, today: datetime.date) -> list[Deadline]:
    """The plan's deadlines for this congress, in the order they fall: documents submitted so
    many calendar days before the congress, held by the plan's date, then the results reported
    and ratified within so many working days (weekends and the Holiday dates skipped)."""
    plan, state = congress.plan, congress.state
    # Before the congress no deadline counts working days: no holiday is read.
    holidays = holidays_after(congress.held_on) if congress.held_on else frozenset()
    due = congress_deadlines(
        scheduled_on=congress.scheduled_on, held_on=congress.held_on, report_received_on=congress.results_received_on,
        documents_days_before=plan.documents_days_before, report_working_days=plan.report_working_days,
        ratify_working_days=plan.ratify_working_days, holidays=holidays,
    )
    closed = state == rules.ANNULLED

    def deadline(key, label, day, met_on, still_open=True, *, working_days=False):
        late = working_days_between(day, met_on or today, holidays) if (met_on or (still_open and not closed)) else 0
        if working_days:
            overdue = late > 0
        else:
            overdue = met_on > day if met_on else still_open and not closed and today > day
        return Deadline(key, label, day, met_on, overdue, late if overdue else 0)

    rows = []
    if due.documents_due:
        still_open = state in {rules.PLANNED, rules.PREPARING}
        sent_on = None if still_open or closed else submitted_on(congress)
        rows.append(deadline(DOCUMENTS, _("Documents due"), due.documents_due, sent_on, still_open))
    label = _("Pilot congress held by") if congress.is_pilot and plan.pilots_held_by else _("Held by")
    rows.append(deadline(HELD, label, held_by(congress), congress.held_on))
    if due.report_due:
        rows.append(deadline(
            REPORT, _("Results reported by"), due.report_due, congress.results_received_on, working_days=True,
        ))
    if due.ratification_due:
        rows.append(deadline(
            RATIFICATION, _("Ratified by"), due.ratification_due, congress.ratified_on, working_days=True,
        ))
    return rows


def results_deadlines(congress: Congress, today: datetime.date) -> list[Deadline]:
    """The report and the ratification deadlines, which run from the day the congress is held."""
    return [row for row in deadlines(congress, today) if row.key in RESULTS_DEADLINES]


# --- The presidium, the previous congress and the targets (docs/domain.md §4a) ------------------


def presidium_names(congress: Congress) -> tuple[str, ...]:
    """The presidium elected by show of hands, in the order the minutes list it (congress.minutes):
    its first member presides and signs the resolution "T/M ĐOÀN CHỦ TỊCH"."""
    vote = congress.votes.filter(subject=VoteSubject.PRESIDIUM).prefetch_related("members").first()
    if vote is None:
        return ()
    return tuple(m.full_name for m in sorted(vote.members.all(), key=lambda m: (m.sort_key, m.pk)))


def previous_congress(congress: Congress) -> Congress | None:
    """The organisation's congress of the term before (the latest one under a plan of an earlier
    term, annulled ones aside): the resolution whose targets the political report assesses."""
    return (
        Congress.objects.filter(
            organization_id=congress.organization_id, plan__term__start_year__lt=congress.plan.term.start_year,
        )
        .exclude(state=rules.ANNULLED).select_related("organization", "plan", "plan__term")
        .order_by("-plan__term__start_year", "-plan__term__end_year", "-pk").first()
    )


@dataclass(frozen=True)
class TargetRow:
    """A target of the congress with what each year achieved."""

    target: Target
    record: TargetRecord


def target_rows(congress: Congress) -> list[TargetRow]:
    """The congress's targets in their order, each with its yearly results (two queries)."""
    targets = list(congress.targets.prefetch_related("results"))
    return [
        TargetRow(target, TargetRecord(target.facts, {r.year: r.achieved for r in target.results.all()}))
        for target in targets
    ]


def term_years(congress: Congress, today: datetime.date | None = None) -> list[int]:
    """The years of the congress's term whose results can be recorded: from its first year up to
    the current one."""
    term = congress.plan.term
    last = min(term.end_year, (today or timezone.localdate()).year)
    return list(range(term.start_year, last + 1))


def recorded_years(rows: list[TargetRow]) -> list[int]:
    return sorted({year for row in rows for year in row.record.achieved})
