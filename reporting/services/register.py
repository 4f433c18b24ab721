"""The register of emulation works (công trình, phần việc chào mừng đại hội) an organisation of
a plan's scope registers in honour of the congress, and the awards the plan's committee gives
after the round (khen thưởng).

Who may call these is the views' business (reporting.views.register): a work belongs to its
organisation, whose clerks (and so the superior's) keep it; awards belong to the plan's committee.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.audit import audited
from branches.submissions import record_submission
from branches.models import Organization
from congress.models import Plan
from congress.services.congresses import plan_issued_on

from ..models import Award, EmulationWork, WorkStatus

ACTION_LABELS = {
    "reporting.work.registered": gettext_lazy("Emulation work registered"),
    "reporting.work.updated": gettext_lazy("Emulation work changed"),
    "reporting.work.deleted": gettext_lazy("Emulation work removed"),
    "reporting.award.created": gettext_lazy("Award recorded"),
    "reporting.award.updated": gettext_lazy("Award changed"),
    "reporting.award.deleted": gettext_lazy("Award removed"),
}

# What the update services may change: never the plan a row belongs to.
WORK_FIELDS = ("organization", "name", "owner", "status", "registered_on", "completed_on", "notes")
AWARD_FIELDS = ("organization", "category", "title", "reason", "awarded_on", "decision")
_TEXT_FIELDS = ("name", "owner", "notes", "title", "reason", "decision")


def _scope_problem(plan: Plan, organization: Organization) -> str | None:
    """Why `organization` has no place in the register of `plan`, or None: it must be the plan's
    committee or an organisation below it."""
    if organization.is_in_subtree_of(plan.organization):
        return None
    return _("%(name)s is not in the plan's scope: only %(committee)s and the organisations below it.") % {
        "name": organization.name, "committee": plan.organization.name,
    }


def _plan_date(plan: Plan) -> datetime.date | None:
    """The plan's date (its KH document's, else the day it opened the congresses): a round
    entered after the fact is dated when it happened, not when it was entered."""
    return plan_issued_on(plan)


def _work_problems(plan: Plan, work: EmulationWork) -> dict[str, str]:
    problems = {}
    problem = _scope_problem(plan, work.organization)
    if problem:
        problems["organization"] = problem
    if work.status == WorkStatus.COMPLETED and work.completed_on is None:
        problems["completed_on"] = _("A completed work needs the date it was completed.")
    elif work.status != WorkStatus.COMPLETED and work.completed_on is not None:
        problems["completed_on"] = _("Only a completed work has a completion date.")
    elif work.completed_on and work.registered_on and work.completed_on < work.registered_on:
        problems["completed_on"] = _("A work cannot be completed before it is registered.")
    return problems


def _award_problems(plan: Plan, award: Award) -> dict[str, str]:
    problems = {}
    problem = _scope_problem(plan, award.organization)
    if problem:
        problems["organization"] = problem
    plan_date = _plan_date(plan)
    if award.awarded_on and plan_date and award.awarded_on < plan_date:
        problems["awarded_on"] = _("An award of this round cannot be dated before the plan (%(day)s).") % {
            "day": f"{plan_date:%d/%m/%Y}",
        }
    return problems


def _strip(fields: dict) -> dict:
    return {name: value.strip() if name in _TEXT_FIELDS and isinstance(value, str) else value for name, value in fields.items()}


def _locked_plan(plan: Plan) -> Plan:
    plan = Plan.objects.select_for_update(of=("self",)).select_related("organization").get(pk=plan.pk)
    if not plan.is_open:
        raise ValidationError(_("The plan is not issued yet: works and awards are recorded once its congresses are open."))
    return plan


def _check(problems: dict[str, str], row) -> None:
    """Our rules first, each on its field; then the model's own (blank names, lengths, choices)."""
    try:
        row.full_clean(exclude=list(problems))
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            problems.setdefault(field, messages)
    if problems:
        raise ValidationError(problems)


# --- Emulation works -----------------------------------------------------------------------------


def emulation_work_create(
    *, acting_user, plan: Plan, organization: Organization, name: str, owner: str, status: str = WorkStatus.REGISTERED,
    registered_on: datetime.date, completed_on: datetime.date | None = None, notes: str = "",
) -> EmulationWork:
    """Register a work of `organization` in honour of the congress, in the register of `plan`
    (an issued plan; the organisation is its committee or below it)."""
    with transaction.atomic(durable=True):
        plan = _locked_plan(plan)
        work = EmulationWork(
            plan=plan, organization=organization,
            **_strip({"name": name, "owner": owner, "notes": notes}),
            status=status, registered_on=registered_on, completed_on=completed_on,
        )
        _check(_work_problems(plan, work), work)
        with audited(acting_user, "reporting.work.registered", plan=plan.pk, organization=organization.pk):
            work.save()
            record_submission(work)
    return work


def emulation_work_update(*, acting_user, work: EmulationWork, **fields) -> EmulationWork:
    """Change a work (its status as it goes, its completion date...): the fields of WORK_FIELDS."""
    unknown = set(fields) - set(WORK_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    with transaction.atomic(durable=True):
        locked = EmulationWork.objects.select_for_update(of=("self",)).select_related("plan__organization").get(pk=work.pk)
        for name, value in _strip(fields).items():
            setattr(locked, name, value)
        _check(_work_problems(locked.plan, locked), locked)
        with audited(acting_user, "reporting.work.updated", plan=locked.plan_id, organization=locked.organization_id):
            locked.save()
    return locked


def emulation_work_delete(*, acting_user, work: EmulationWork) -> None:
    with transaction.atomic(durable=True):
        locked = EmulationWork.objects.select_for_update().get(pk=work.pk)
        with audited(
            acting_user, "reporting.work.deleted", plan=locked.plan_id, organization=locked.organization_id,
            name=locked.name,
        ):
            locked.delete()


# --- Awards --------------------------------------------------------------------------------------


def award_create(
    *, acting_user, plan: Plan, organization: Organization, category: str, title: str, reason: str,
    awarded_on: datetime.date, decision: str = "",
) -> Award:
    """Record an award the plan's committee gives `organization` after the round (dated on or
    after the plan's date)."""
    with transaction.atomic(durable=True):
        plan = _locked_plan(plan)
        award = Award(
            plan=plan, organization=organization, category=category, awarded_on=awarded_on,
            **_strip({"title": title, "reason": reason, "decision": decision}),
        )
        _check(_award_problems(plan, award), award)
        with audited(acting_user, "reporting.award.created", plan=plan.pk, organization=organization.pk):
            award.save()
            record_submission(award)
    return award


def award_update(*, acting_user, award: Award, **fields) -> Award:
    unknown = set(fields) - set(AWARD_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    with transaction.atomic(durable=True):
        locked = Award.objects.select_for_update(of=("self",)).select_related("plan__organization").get(pk=award.pk)
        for name, value in _strip(fields).items():
            setattr(locked, name, value)
        _check(_award_problems(locked.plan, locked), locked)
        with audited(acting_user, "reporting.award.updated", plan=locked.plan_id, organization=locked.organization_id):
            locked.save()
    return locked


def award_delete(*, acting_user, award: Award) -> None:
    with transaction.atomic(durable=True):
        locked = Award.objects.select_for_update().select_related("organization").get(pk=award.pk)
        with audited(
            acting_user, "reporting.award.deleted", plan=locked.plan_id, organization=locked.organization_id,
            name=str(locked),
        ):
            locked.delete()
