"""Members from an Excel file: checked as a whole, then written all together or not at all.

The request only stores the file and a status row (MemberImportJob); the worker checks it
(branches.tasks.member_import_check) and, once a person confirms, saves it
(branches.tasks.member_import_apply). docs/import-members.md.
"""

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, UniqueConstraint
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .. import dispatch, selectors
from ..audit import audited
from ..imports import ImportPlan, ImportRefused, ImportRow, RowError, plan_import, validation_errors
from ..models import ImportState, Member, MemberImportJob, Organization

logger = logging.getLogger(__name__)

# A checked file nobody confirmed is forgotten after this (its file deleted).
UNCONFIRMED_FOR = dt.timedelta(days=1)


def members_import_plan(*, organization: Organization, rows: list[ImportRow], for_update: bool = False) -> ImportPlan:
    """What importing `rows` into `organization` would do (new, updated, unchanged), and why
    it cannot be done, against the members stored now. Reads only."""
    default, organizations = selectors.import_organizations(organization)
    by_card, by_name = selectors.import_matches(organization, rows, for_update=for_update)
    return plan_import(
        rows, default_organization=default, organizations=organizations, by_card=by_card, by_name=by_name
    )


def members_import(
    *, acting_user, organization: Organization, rows: list[ImportRow], job: MemberImportJob | None = None
) -> ImportPlan:
    """Create and update the members of `rows` (parsed by branches.imports) in one transaction.

    The rows are checked again against the database as it is now, and every member goes through
    full_clean() as member_create and member_update do (its check constraints checked in Python:
    _save). Any problem refuses the whole import
    (ImportRefused, with row numbers); nothing is saved then. With `job` (being applied by the
    worker), the job is marked applied in the same transaction: the members and the mark are
    saved together or not at all, so a second delivery of the task finds it done.
    """
    if not rows:
        raise ImportRefused([RowError(None, _("The file has no member rows under the header."))])
    try:
        with transaction.atomic(durable=True), audited(
            acting_user, "branches.member.imported", organization=organization.pk
        ):
            plan = members_import_plan(organization=organization, rows=rows, for_update=True)
            if plan.errors:
                raise ImportRefused(plan.errors)
            errors: list[RowError] = []
            for planned in plan.new:
                member = Member(organization_id=planned.organization.id, **planned.row.values)
                errors.extend(_save(member, planned.row.row))
            stored = Member.objects.in_bulk([p.member_id for p in plan.updated])
            for planned in plan.updated:
                member = stored[planned.member_id]
                for change in planned.changes:
                    setattr(member, change.field, change.new)
                errors.extend(_save(member, planned.row.row))
            if errors:
                raise ImportRefused(errors)  # rolls back the rows saved before
            if job is not None:
                counts = {"new": len(plan.new), "updated": len(plan.updated), "unchanged": len(plan.unchanged)}
                MemberImportJob.objects.filter(pk=job.pk, state=ImportState.APPLYING).update(
                    state=ImportState.APPLIED, result={**job.result, "applied": counts},
                    rows_done=len(rows), rows_total=len(rows), finished_at=timezone.now(),
                )
    except IntegrityError:
        # Someone stored a conflicting member between the check and the write.
        raise ImportRefused([RowError(None, _(
            "Members were changed while the file was being imported. Nothing was saved: upload it again."
        ))]) from None
    return plan


_UNIQUE_CONSTRAINTS = tuple(c for c in Member._meta.constraints if isinstance(c, UniqueConstraint))
_OFFICIAL_AFTER_JOINING = next(c for c in Member._meta.constraints if c.name == "member_official_after_joining")


def _save(member: Member, row: int) -> list[RowError]:
    member.refresh_name_keys()
    try:
        # Django checks each CheckConstraint with a query inside a savepoint: with Member's four,
        # saving 3,000 members took 105 s in the worker. The rows were checked in Python already
        # (dates in order, known values: branches.imports) and the database enforces every
        # constraint at save; the one check a row can break only together with the stored values
        # (a file without "Ngày chính thức" moving the date of joining past it) is made here, and
        # the unique ones (the Party card number) are validated to name the row.
        # The organisation is one the plan took from the importing subtree: no query to find it.
        member.full_clean(exclude=["organization"], validate_constraints=False)
        if member.official_on and member.joined_on and member.official_on < member.joined_on:
            raise ValidationError(_OFFICIAL_AFTER_JOINING.violation_error_message)
        for constraint in _UNIQUE_CONSTRAINTS:
            constraint.validate(Member, member)
    except ValidationError as error:
        return validation_errors(row, error)
    member.save()
    return []


def member_import_job_create(*, acting_user, organization: Organization, upload: UploadedFile) -> MemberImportJob:
    """Store an uploaded file and queue its check (the worker reads it). Reads nothing of it here."""
    _forget_unconfirmed()
    job = MemberImportJob(organization=organization, uploaded_by=acting_user, filename=(upload.name or "")[:255])
    # Under a random name: the file is reached through its job only. Written before the
    # transaction (no disk I/O inside one) and deleted if the row cannot be saved.
    job.file.save(f"{secrets.token_urlsafe(24)}.xlsx", upload, save=False)
    try:
        # No audit row: the job itself records who uploaded what and when; the members it saves
        # are audited one by one (branches.member.imported).
        with transaction.atomic(durable=True):
            job.full_clean()
            job.save()
            transaction.on_commit(lambda: _enqueue("member_import_check", job.pk))
    except BaseException:
        job.file.delete(save=False)
        raise
    return job


def member_import_job_confirm(*, acting_user, job: MemberImportJob) -> bool:
    """Queue the saving of a checked job. False when it is no longer waiting for confirmation
    (confirmed already, by a second click or someone else; or refused, or forgotten): then
    nothing happens, and nothing happens twice."""
    with transaction.atomic(durable=True):
        confirmed = (
            MemberImportJob.objects.filter(pk=job.pk, state=ImportState.CHECKED)
            .exclude(file="")  # a file that changes nothing is not kept, nor confirmed
            # The saving is a new step to hand to the broker: what the check's send left is forgotten.
            .update(state=ImportState.CONFIRMED, confirmed_by=acting_user, confirmed_at=timezone.now(),
                    dispatched_at=None, dispatch_tried_at=None)
        )
        if confirmed:
            transaction.on_commit(lambda: _enqueue("member_import_apply", job.pk))
    return bool(confirmed)


def member_import_job_discard_file(job: MemberImportJob) -> None:
    """The job is over (refused, applied, or changes nothing): its file is no longer needed."""
    if not job.file:
        return
    name = job.file.name
    try:
        job.file.storage.delete(name)
    except OSError:
        logger.warning("Could not delete the import file %s", name, exc_info=True)
    MemberImportJob.objects.filter(pk=job.pk, file=name).update(file="")
    job.file.name = ""


def stale_before() -> dt.datetime:
    """A step still running that started before this lost its worker (killed at the hard time
    limit): no live task can still hold it."""
    return timezone.now() - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)


def _forget_unconfirmed() -> None:
    """Checked files nobody confirmed within UNCONFIRMED_FOR: forget them (at the next upload)."""
    limit = timezone.now() - UNCONFIRMED_FOR
    for job in MemberImportJob.objects.filter(state=ImportState.CHECKED, checked_at__lt=limit).exclude(file=""):
        forgotten = MemberImportJob.objects.filter(pk=job.pk, state=ImportState.CHECKED).update(
            state=ImportState.FAILED, finished_at=timezone.now(),
            error=in_site_language(gettext_noop("Not confirmed within a day: upload the file again.")),
        )
        if forgotten:
            member_import_job_discard_file(job)


def in_site_language(message: str, **values) -> str:
    """`message` (marked with gettext_noop) in the site's language, for a status row that the
    office reads later, whatever language the request or the worker runs in."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _(message)
    return text % values if values else text


# --- Reaching a worker whatever happens on the way (branches.dispatch) --------------------------

# The steps that wait for a worker: the state, the task that takes the job out of it, and the
# field the job waits since (its send is due UNSENT_RETRY_SECONDS after, if its commit never sent it).
WAITING_STEPS = (
    (ImportState.QUEUED, "member_import_check", "created_at"),
    (ImportState.CONFIRMED, "member_import_apply", "confirmed_at"),
)
# At most this many jobs per sweep: a long outage is caught up over a few rounds.
SWEEP_BATCH = 200


def is_send_due(job: MemberImportJob, now: dt.datetime | None = None) -> bool:
    """Without a query: is the job's waiting step due to be sent (again)? (the page asks)"""
    for state, _task, since in WAITING_STEPS:
        if job.state == state:
            return dispatch.is_send_due(
                waiting_since=getattr(job, since), dispatched_at=job.dispatched_at,
                dispatch_tried_at=job.dispatch_tried_at, now=now or timezone.now(),
                lost_after=settings.RENDER_LOST_AFTER_SECONDS,
            )
    return False


def send_due_q(now: dt.datetime, state: str | None = None) -> Q:
    """is_send_due as a filter (of one waiting step, or of both)."""
    due = Q(pk__in=[])
    for step, _task, since in WAITING_STEPS:
        if state in (None, step):
            due |= Q(state=step) & dispatch.send_due_q(
                now=now, lost_after=settings.RENDER_LOST_AFTER_SECONDS, waiting_since=since
            )
    return due


def awaits_broker(job: MemberImportJob) -> bool:
    """Waiting for a worker, offered to the broker, refused: the page says the work starts when
    the server is back."""
    return dispatch.awaits_broker(
        waiting=job.state in (ImportState.QUEUED, ImportState.CONFIRMED),
        dispatched_at=job.dispatched_at, dispatch_tried_at=job.dispatch_tried_at,
    )


def member_import_job_revive(*, job_id: int, now: dt.datetime | None = None) -> bool:
    """Send job `job_id`'s waiting step again if it is due (the broker refused it, never got it,
    or lost it). Returns whether a send was attempted. Safe from any number of places at once:
    the conditional update elects one sender per UNSENT_RETRY_SECONDS, and the task's claim
    does the work once however many messages arrive. Not a change a person makes: no audit."""
    now = now or timezone.now()
    for state, task_name, _since in WAITING_STEPS:
        if MemberImportJob.objects.filter(send_due_q(now, state), pk=job_id).update(dispatch_tried_at=now):
            logger.info("Import job %s: sending %s to the workers again", job_id, task_name)
            _enqueue(task_name, job_id)
            return True
    return False


def member_import_jobs_sweep(*, now: dt.datetime | None = None) -> int:
    """Revive every job that needs it (each worker's sweep, registered in branches.apps).
    Returns how many were sent."""
    now = now or timezone.now()
    ids = list(
        MemberImportJob.objects.filter(send_due_q(now)).order_by("created_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(member_import_job_revive(job_id=job_id, now=now) for job_id in ids)


def _enqueue(task_name: str, job_id: int) -> None:
    """Send the task; with the broker unreachable, log it and leave the job waiting, noted as
    not sent (it is sent again later): the upload or the confirmation is saved, and a page that
    answers 500 would say it was not."""
    from .. import tasks

    dispatch.send(MemberImportJob.objects.filter(pk=job_id), getattr(tasks, task_name), job_id,
                  what="Import job", log=logger)
