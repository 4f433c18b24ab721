"""What the elections app tells the congress round (congress.hooks): the facts its moves need
about the personnel plan and the elections."""

from django.urls import reverse
from django.utils.translation import gettext as _


def _current_state(congress) -> str | None:
    from .models import PersonnelPlan

    return (
        PersonnelPlan.objects.filter(congress_id=congress.pk).order_by("-revision").values_list("state", flat=True)
        .first()
    )


def personnel_plan_ready(congress) -> bool:
    """The review can start: the current revision is submitted to the superior, or approved."""
    from .models import PersonnelPlanState

    return _current_state(congress) in {PersonnelPlanState.SUBMITTED, PersonnelPlanState.APPROVED}


def personnel_plan_approved(congress) -> bool:
    """The review can conclude: a leader of the superior approved the current revision."""
    from .models import PersonnelPlanState

    return _current_state(congress) == PersonnelPlanState.APPROVED


def personnel_plan_status(congress):
    from congress.hooks import Status

    from .models import PersonnelPlan, PersonnelPlanState

    plan = PersonnelPlan.objects.filter(congress_id=congress.pk).order_by("-revision").only("revision", "state").first()
    url = reverse("personnel_plan", kwargs={"pk": congress.pk})
    if plan is None:
        return Status(text=_("Not prepared yet"), ok=False, url=url)
    text = _("Revision %(revision)s: %(state)s") % {
        "revision": plan.revision, "state": PersonnelPlanState(plan.state).label,
    }
    return Status(text=text, ok=plan.state == PersonnelPlanState.APPROVED, url=url)


def election_minutes_issued(congress) -> bool:
    """The results dossier's election minutes are there when the congress held elections and
    every closed round's vote-count minutes are issued (an upload also counts)."""
    from documents.models import DocumentState

    from .models import ElectionState

    closed = list(
        congress.elections.filter(state=ElectionState.CLOSED).values_list("minutes__state", flat=True)
    )
    return bool(closed) and all(state == DocumentState.ISSUED for state in closed)


def register() -> None:
    """Called once from ElectionsConfig.ready()."""
    from congress import hooks

    hooks.register_condition("personnel_plan_ready", personnel_plan_ready)
    hooks.register_condition("personnel_plan_approved", personnel_plan_approved)
    hooks.register_status("personnel_plan", personnel_plan_status)
    hooks.register_condition("dossier:election_minutes", election_minutes_issued)
