"""What the congress pages and moves read: the conditions of each move, and the checklist."""

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import DocumentState

from . import rules
from .models import (
    DOSSIER_FROM_DOCUMENTS, REQUIRED_ROLES, Congress, CongressDocumentRole, DossierKind, VoteSubject,
)


def documents_by_role(congress: Congress) -> dict[str, "object"]:
    """The congress's documents, by role (CongressDocumentRole value -> Document)."""
    return {row.role: row.document for row in congress.documents.select_related("document")}


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
            status[kind.value] = kind.value in uploaded
    return status


def conditions(congress: Congress, *, reason: str = "") -> dict[str, bool]:
    """The facts congress.rules.MOVES asks about, read from the database.

    personnel_plan_ready is True until the personnel plan exists (issue 5): a review then
    covers the documents only.
    """
    documents = documents_by_role(congress)
    attendance = list(congress.attendance.values_list("present", flat=True))
    resolution = documents.get(CongressDocumentRole.DRAFT_RESOLUTION)
    return {
        "documents_ready": all(role in documents for role in REQUIRED_ROLES),
        "personnel_plan_ready": True,
        "attendance_recorded": bool(attendance) and None not in attendance,
        "resolution_adopted": (
            congress.votes.filter(subject=VoteSubject.RESOLUTION, passed=True).exists()
            and resolution is not None and resolution.state == DocumentState.ISSUED
        ),
        "dossier_complete": all(dossier_status(congress, documents).values()),
        "complaints_settled": not congress.complaints.filter(settled_on__isnull=True).exists(),
        "reason_given": bool(reason.strip()),
    }


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
