"""The personnel plan (đề án nhân sự, docs/domain.md §2 step 4): the branch's clerk prepares it (sizes,
structure targets, nominees, the votes of the nomination steps) and submits it; a leader of the
superior approves it or returns it with comments. An approved revision is locked: a change is a
new revision, a copy submitted and approved again. The congress's current plan is its highest
revision; the congress's review waits for it (elections.hooks)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.audit import audited
from branches.models import Member
from congress import rules as congress_rules
from congress.models import Congress
from congress.rules import Actor
from congress.services.locks import locked
from congress.services.results import official_member_count, standing_problem

from .. import rules
from ..models import (
    PERSONNEL_PLAN_EDITABLE, NominationStep, NominationVote, Nominee, NomineeRole, PersonnelPlan, PersonnelPlanState,
)

# Action code -> what a history shows (registered in ElectionsConfig.ready()). gettext_lazy by
# its own name: makemessages does not extract an alias such as _l.
ACTION_LABELS = {
    "elections.personnel_plan.created": gettext_lazy("Personnel plan created"),
    "elections.personnel_plan.updated": gettext_lazy("Personnel plan changed"),
    "elections.personnel_plan.submitted": gettext_lazy("Personnel plan submitted to the superior"),
    "elections.personnel_plan.approved": gettext_lazy("Personnel plan approved"),
    "elections.personnel_plan.returned": gettext_lazy("Personnel plan returned for revision"),
    "elections.personnel_plan.revised": gettext_lazy("New revision of the personnel plan"),
    "elections.nominee.added": gettext_lazy("Nominee added"),
    "elections.nominee.removed": gettext_lazy("Nominee removed"),
    "elections.nomination_step.recorded": gettext_lazy("Nomination step recorded"),
}

# The plan is prepared and decided before the congress is held.
PLAN_CONGRESS_STATES = frozenset({
    congress_rules.PLANNED, congress_rules.PREPARING, congress_rules.SUBMITTED, congress_rules.REVIEWED,
})
SECRETARIES = frozenset({NomineeRole.SECRETARY, NomineeRole.DEPUTY_SECRETARY})
DELEGATES = frozenset({NomineeRole.OFFICIAL_DELEGATE, NomineeRole.ALTERNATE_DELEGATE})
# The committee a branch usually elects when it elects one (a suggestion the clerk changes).
SUGGESTED_BRANCH_COMMITTEE = 3

EDITABLE_FIELDS = (
    "elects_committee", "committee_size", "elects_deputy", "elects_secretary_directly", "women_target_percent",
    "young_target_percent",
    "young_age_limit", "new_target_percent", "delegates_allocated", "alternates_planned", "notes",
)


# --- Reads the services and pages share ----------------------------------------------------------


def current_plan(congress: Congress) -> PersonnelPlan | None:
    """The congress's current personnel plan: its highest revision (None before the first)."""
    return congress.personnel_plans.order_by("-revision").first()


def suggested_committee_size(organization_kind: str, elects_committee: bool) -> int | None:
    if not elects_committee:
        return None
    return SUGGESTED_BRANCH_COMMITTEE if organization_kind in rules.BRANCH_KINDS else None


def submit_problems(plan: PersonnelPlan, nominees: list[Nominee], steps: list[NominationVote]) -> list[str]:
    """What must be done before the plan can be submitted (empty: it can)."""
    problems = []
    by_role: dict[str, int] = {}
    for nominee in nominees:
        by_role[nominee.role] = by_role.get(nominee.role, 0) + 1
    if plan.elects_committee:
        if not plan.committee_size:
            problems.append(_("Say how many committee members the congress elects."))
        elif by_role.get(NomineeRole.COMMITTEE, 0) < plan.committee_size:
            problems.append(_("Nominate at least as many committee members as seats (%(seats)s); %(count)s so far.") % {
                "seats": plan.committee_size, "count": by_role.get(NomineeRole.COMMITTEE, 0),
            })
    if not by_role.get(NomineeRole.SECRETARY):
        problems.append(_("Nominate the secretary."))
    unrecorded = [step.step_name for step in steps if not step.is_recorded]
    if unrecorded:
        problems.append(_("Record the vote of every nomination step; still to record: %(steps)s.") % {
            "steps": "; ".join(unrecorded),
        })
    return problems


# --- Guards --------------------------------------------------------------------------------------


def _require(actors: set[Actor], actor: Actor) -> None:
    if actor not in actors:
        if actor is Actor.SUPERIOR_LEADER:
            raise ValidationError(_("Only a leader of the superior organisation approves or returns a personnel plan."))
        raise ValidationError(_("Only a clerk of the organisation holding the congress may do this."))


def _require_congress_state(congress: Congress) -> None:
    if congress.state not in PLAN_CONGRESS_STATES:
        raise ValidationError(_("The personnel plan can change only until the congress is held."))


def _tags(congress: Congress) -> dict:
    return {"congress": congress.pk, "organization": congress.organization_id}


def _locked_plan(plan: PersonnelPlan) -> tuple[PersonnelPlan, Congress]:
    """The congress then the plan, re-read under row locks; refused unless the congress is
    before its day and the plan is its current revision."""
    congress = locked(plan.congress)
    _require_congress_state(congress)
    plan = PersonnelPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    plan.congress = congress
    latest = PersonnelPlan.objects.filter(congress=congress).aggregate(top=Max("revision"))["top"]
    if plan.revision != latest:
        raise ValidationError(_("This is an earlier revision of the personnel plan; only the current one can change."))
    return plan, congress


def _refuse_committee(plan: PersonnelPlan, congress: Congress) -> None:
    """A committee where the branch has fewer than 9 official members is refused [Charter Art. 24
    cl. 4; 294-QĐ/TW §24; rules.committee_refusal], whenever the plan is changed, submitted or
    approved: the members may have changed since it was drafted."""
    problem = rules.committee_refusal(congress.organization.kind, official_member_count(congress), plan.elects_committee)
    if problem:
        raise ValidationError({"elects_committee": problem})


def _require_editable(plan: PersonnelPlan) -> None:
    if plan.state not in PERSONNEL_PLAN_EDITABLE:
        if plan.state == PersonnelPlanState.APPROVED:
            raise ValidationError(_("The personnel plan is approved and locked; make a new revision to change it."))
        raise ValidationError(_("The personnel plan is with the superior; it can change once it is returned."))


# --- Writes --------------------------------------------------------------------------------------


def personnel_plan_create(*, acting_user, congress: Congress, actors: set[Actor]) -> PersonnelPlan:
    """Revision 1 of the congress's personnel plan, with defaults from the congress (whether it
    elects a committee, from its official members; for a grassroots committee whether the
    congress elects its secretary directly, from the round's plan) and the active nomination
    steps copied."""
    _require(actors, Actor.CLERK)
    with transaction.atomic(durable=True):
        congress = locked(congress)
        _require_congress_state(congress)
        if congress.personnel_plans.exists():
            raise ValidationError(_("The congress already has a personnel plan."))
        kind = congress.organization.kind
        elects = congress_rules.elects_committee(kind, official_member_count(congress))
        plan = PersonnelPlan(
            congress=congress, revision=1, elects_committee=elects,
            committee_size=suggested_committee_size(kind, elects), delegates_allocated=0, created_by=acting_user,
            elects_secretary_directly=kind not in rules.BRANCH_KINDS and congress.plan.elects_secretary_directly,
        )
        plan.full_clean()
        with audited(acting_user, "elections.personnel_plan.created", **_tags(congress)):
            plan.save()
            for step in NominationStep.objects.filter(is_active=True):
                vote = NominationVote(personnel_plan=plan, step_name=step.name, order=step.order)
                vote.full_clean()
                vote.save()
    return plan


def personnel_plan_update(*, acting_user, plan: PersonnelPlan, actors: set[Actor], **fields) -> PersonnelPlan:
    """Change the sizes, targets and notes of a draft or returned revision, and the choices of
    this congress: whether a branch elects a committee (refused under 9 official members; a
    branch of 9 or more may elect only a secretary and a deputy) and whether a grassroots
    committee's congress elects its secretary directly (a branch always does: the flag is off)."""
    _require(actors, Actor.CLERK)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic(durable=True):
        plan, congress = _locked_plan(plan)
        _require_editable(plan)
        for name, value in fields.items():
            setattr(plan, name, value)
        if not plan.elects_committee:
            plan.committee_size = None
        if congress.organization.kind in rules.BRANCH_KINDS:
            plan.elects_secretary_directly = False
        _refuse_committee(plan, congress)
        if plan.elects_committee and not plan.committee_size:
            raise ValidationError({"committee_size": _("Say how many committee members the congress elects.")})
        if plan.elects_committee:
            problem = rules.seats_problem(
                rules.committee_kind(congress.organization.kind), plan.committee_size,
                organization_kind=congress.organization.kind,
            )
            if problem:
                raise ValidationError({"committee_size": problem})
        nominees = list(plan.nominees.values_list("role", flat=True))
        if not plan.elects_committee and NomineeRole.COMMITTEE in nominees:
            raise ValidationError({"elects_committee": _(
                "Remove the committee nominees first: a congress that elects no committee has none."
            )})
        if not plan.elects_deputy and NomineeRole.DEPUTY_SECRETARY in nominees:
            raise ValidationError({"elects_deputy": _("Remove the deputy secretary nominees first.")})
        if not (plan.delegates_allocated or plan.alternates_planned) and DELEGATES & set(nominees):
            raise ValidationError({"delegates_allocated": _("Remove the delegate nominees first.")})
        plan.full_clean()
        with audited(acting_user, "elections.personnel_plan.updated", **_tags(congress)):
            plan.save(update_fields=list(EDITABLE_FIELDS))
    return plan


def nominee_add(*, acting_user, plan: PersonnelPlan, actors: set[Actor], member: Member, role: str) -> Nominee:
    """Nominate `member` for `role`. Where the congress elects a committee, the secretary and
    the deputy come from among it (docs/domain.md §3), so they must be committee nominees first."""
    _require(actors, Actor.CLERK)
    if role not in NomineeRole.values:
        raise ValidationError({"role": _("Choose what the person is nominated for.")})
    with transaction.atomic(durable=True):
        plan, congress = _locked_plan(plan)
        _require_editable(plan)
        member = Member.objects.select_related("organization").get(pk=member.pk)
        problem = standing_problem(member, congress.organization)
        if problem:
            raise ValidationError({"member": problem})
        roles = set(plan.nominees.filter(member=member).values_list("role", flat=True))
        if role == NomineeRole.COMMITTEE and not plan.elects_committee:
            raise ValidationError({"role": _("This congress elects no committee: nominate a secretary and a deputy.")})
        if role == NomineeRole.DEPUTY_SECRETARY and not plan.elects_deputy:
            raise ValidationError({"role": _("The plan elects no deputy secretary.")})
        if role in DELEGATES and not (plan.delegates_allocated or plan.alternates_planned):
            raise ValidationError({"role": _("The plan elects no delegates: set the delegates allocated first.")})
        if role in SECRETARIES:
            if plan.elects_committee and NomineeRole.COMMITTEE not in roles:
                raise ValidationError({"member": _(
                    "The secretary and the deputy are elected from among the committee: nominate %(name)s for the "
                    "committee first."
                ) % {"name": member.full_name}})
            if (SECRETARIES - {role}) & roles:
                raise ValidationError({"role": _("One person cannot be nominated for both secretary and deputy.")})
        if role in DELEGATES and (DELEGATES - {role}) & roles:
            raise ValidationError({"role": _("One person is nominated either as official or as alternate delegate.")})
        nominee = Nominee(personnel_plan=plan, member=member, role=role)
        nominee.full_clean()
        with audited(acting_user, "elections.nominee.added", **_tags(congress)):
            nominee.save()
    return nominee


def nominee_remove(*, acting_user, nominee: Nominee, actors: set[Actor]) -> None:
    _require(actors, Actor.CLERK)
    with transaction.atomic(durable=True):
        plan, congress = _locked_plan(nominee.personnel_plan)
        _require_editable(plan)
        nominee = Nominee.objects.select_related("member").filter(pk=nominee.pk, personnel_plan=plan).first()
        if nominee is None:
            raise ValidationError(_("This nominee is no longer on the plan."))
        if nominee.role == NomineeRole.COMMITTEE and plan.nominees.filter(
            member=nominee.member, role__in=list(SECRETARIES),
        ).exists():
            raise ValidationError(_(
                "%(name)s is also nominated as secretary or deputy: remove that nomination first."
            ) % {"name": nominee.member.full_name})
        with audited(acting_user, "elections.nominee.removed", **_tags(congress)):
            nominee.delete()


def nomination_step_record(
    *, acting_user, step: NominationVote, actors: set[Actor], held_on, participants: int, votes_for: int,
    votes_against: int, notes: str = "",
) -> NominationVote:
    """Record the vote taken at a nomination step."""
    _require(actors, Actor.CLERK)
    if held_on is None or participants is None or votes_for is None or votes_against is None:
        raise ValidationError(_("Give the date, the people taking part and the votes."))
    if min(participants, votes_for, votes_against) < 0:
        raise ValidationError(_("Numbers cannot be negative."))
    if votes_for + votes_against > participants:
        raise ValidationError({"votes_against": _(
            "%(for)s for and %(against)s against is more than the %(participants)s people taking part."
        ) % {"for": votes_for, "against": votes_against, "participants": participants}})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The date cannot be in the future.")})
    with transaction.atomic(durable=True):
        plan, congress = _locked_plan(step.personnel_plan)
        _require_editable(plan)
        step = NominationVote.objects.get(pk=step.pk, personnel_plan=plan)
        step.held_on, step.participants, step.votes_for, step.votes_against = held_on, participants, votes_for, votes_against
        step.notes = notes.strip()
        step.full_clean()
        with audited(acting_user, "elections.nomination_step.recorded", **_tags(congress)):
            step.save()
    return step


def personnel_plan_submit(*, acting_user, plan: PersonnelPlan, actors: set[Actor]) -> PersonnelPlan:
    """Send a complete draft or returned revision to the superior's leaders."""
    _require(actors, Actor.CLERK)
    with transaction.atomic(durable=True):
        plan, congress = _locked_plan(plan)
        _require_editable(plan)
        _refuse_committee(plan, congress)
        problems = submit_problems(plan, list(plan.nominees.all()), list(plan.steps.all()))
        if problems:
            raise ValidationError(problems)
        plan.state = PersonnelPlanState.SUBMITTED
        plan.submitted_at = timezone.now()
        plan.decided_by, plan.decided_at, plan.decision_comment = None, None, ""
        plan.full_clean()
        with audited(acting_user, "elections.personnel_plan.submitted", **_tags(congress)):
            plan.save(update_fields=["state", "submitted_at", "decided_by", "decided_at", "decision_comment"])
    return plan


def _decide(acting_user, plan, actors, *, state: str, action: str, comment: str) -> PersonnelPlan:
    _require(actors, Actor.SUPERIOR_LEADER)
    with transaction.atomic(durable=True):
        plan, congress = _locked_plan(plan)
        if plan.state != PersonnelPlanState.SUBMITTED:
            raise ValidationError(_("Only a personnel plan submitted to the superior can be approved or returned."))
        if state == PersonnelPlanState.APPROVED:
            _refuse_committee(plan, congress)
        plan.state = state
        plan.decided_by, plan.decided_at, plan.decision_comment = acting_user, timezone.now(), comment.strip()
        plan.full_clean()
        with audited(acting_user, action, **_tags(congress)):
            plan.save(update_fields=["state", "decided_by", "decided_at", "decision_comment"])
    return plan


def personnel_plan_approve(*, acting_user, plan: PersonnelPlan, actors: set[Actor], comment: str = "") -> PersonnelPlan:
    return _decide(
        acting_user, plan, actors, state=PersonnelPlanState.APPROVED, action="elections.personnel_plan.approved",
        comment=comment,
    )


def personnel_plan_return(*, acting_user, plan: PersonnelPlan, actors: set[Actor], comment: str) -> PersonnelPlan:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what must be revised.")})
    return _decide(
        acting_user, plan, actors, state=PersonnelPlanState.RETURNED, action="elections.personnel_plan.returned",
        comment=comment,
    )


def personnel_plan_revise(*, acting_user, plan: PersonnelPlan, actors: set[Actor]) -> PersonnelPlan:
    """A new revision of an approved plan: a draft copy (nominees and step votes too) that is
    submitted and approved again. The approved revision stays as it was."""
    _require(actors, Actor.CLERK)
    with transaction.atomic(durable=True):
        plan, congress = _locked_plan(plan)
        if plan.state != PersonnelPlanState.APPROVED:
            raise ValidationError(_("Only an approved personnel plan is revised; this one can still be changed as it is."))
        copy = PersonnelPlan(
            congress=congress, revision=plan.revision + 1, created_by=acting_user,
            **{name: getattr(plan, name) for name in EDITABLE_FIELDS},
        )
        copy.full_clean()
        with audited(acting_user, "elections.personnel_plan.revised", revision=copy.revision, **_tags(congress)):
            copy.save()
            for nominee in plan.nominees.all():
                Nominee.objects.create(personnel_plan=copy, member_id=nominee.member_id, role=nominee.role)
            for step in plan.steps.all():
                NominationVote.objects.create(
                    personnel_plan=copy, step_name=step.step_name, order=step.order, held_on=step.held_on,
                    participants=step.participants, votes_for=step.votes_for, votes_against=step.votes_against,
                    notes=step.notes,
                )
    return copy
