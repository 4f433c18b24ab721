"""The congress itself (docs/domain.md §2 step 6, §3): what may change when, the locks and audit
rows every service of the day shares, and the agenda. The summons list is in
congress.services.attendance, the votes and the resolution in congress.services.votes, the
minutes in congress.services.minutes.

Each service is one transaction holding the congress's row lock, with its audit rows tagged
`congress=<pk>` (the pages list them by that tag). What may still change depends on the state:
the summons list is drawn from the preparation on, the marks and votes are recorded while the
congress is submitted or reviewed (its day), the resolution is adopted on the day itself (reviewed),
and nothing of the day changes once the congress is recorded as held, except its minutes, which
are written up and issued afterwards.
"""


from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.audit import audited
from branches.seals import log_entries_written

from .. import rules, selectors
from ..models import Attendance, Congress, VoteSubject
from .locks import locked

# The usual order of a congress (docs/domain.md §2 step 6), offered when the agenda is still empty.
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
    # A vote is a record of the congress day: not before the congress meets (rules.day_record_problem).
    return problem or selectors.day_record_problem(congress)


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
    return problem or selectors.day_record_problem(congress)


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


def refuse(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


# --- Audit rows for rows written in bulk -------------------------------------------------------


def log_bulk(acting_user, code: str, congress: Congress, entries: list[tuple[Attendance, int, dict]]) -> None:
    """Audit rows for attendance rows written in bulk (bulk_create and bulk_update send no
    signals, so django-auditlog does not see them), inserted at once with what audited() would
    have given them. `entries`: (row, LogEntry action, changes)."""
    if not entries:
        return
    content_type = ContentType.objects.get_for_model(Attendance)
    cid = get_cid()
    written = LogEntry.objects.bulk_create([
        LogEntry(
            content_type=content_type, object_pk=str(row.pk), object_id=row.pk, object_repr=row.member.full_name,
            action=action, changes=changes, actor=acting_user, actor_email=getattr(acting_user, "email", None),
            additional_data={"action": code, "congress": congress.pk}, cid=cid,
        )
        for row, action, changes in entries
    ])
    log_entries_written(entry.pk for entry in written)  # bulk_create sends no post_save: seal them here


def log_on_congress(acting_user, code: str, congress: Congress, **details) -> None:
    """An audit row on the congress itself, so that its history tells what happened on its day
    even where the rows written are another model's (attendance, documents)."""
    with audited(acting_user, code, congress=congress.pk, **details):
        LogEntry.objects.log_create(congress, force_log=True, action=LogEntry.Action.UPDATE, changes={})


# --- The agenda --------------------------------------------------------------------------------


def agenda_lines(text: str) -> list[str]:
    """The items of an agenda written one per line, without blank lines or stray spaces."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def agenda_save(*, acting_user, congress: Congress, agenda: str) -> Congress:
    lines = agenda_lines(agenda)
    if not lines:
        raise ValidationError({"agenda": _("Write at least one item, one per line.")})
    with transaction.atomic(durable=True), audited(acting_user, "congress.agenda.saved", congress=congress.pk):
        congress = locked(congress)
        refuse(agenda_problem(congress))
        congress.agenda = "\n".join(lines)
        congress.full_clean()
        congress.save(update_fields=["agenda"])
    return congress


