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


def elections_held(congress) -> bool:
    """The congress's elections are recorded here: its elected come from them, and the list of
    the elected is no longer entered by hand (congress.services.results)."""
    return congress.elections.exists()


def elections_closed(congress) -> bool:
    """The congress held elections and every round of them is closed, none waiting for a further
    round it decided: the resolution's item on the elections can be written
    (congress.services.resolution)."""
    from .models import ElectionOutcome, ElectionState

    rows = list(congress.elections.values_list("state", "outcome", "next_round"))
    return bool(rows) and all(
        state == ElectionState.CLOSED and not (outcome == ElectionOutcome.FURTHER_ROUND and next_round is None)
        for state, outcome, next_round in rows
    )


def official_delegates_of(congresses) -> list[int]:
    """Members: the official delegates the closed rounds of `congresses` elected to the congress
    above them, in one query."""
    from .models import Candidate, ElectionKind, ElectionState

    return list(Candidate.objects.filter(
        election__congress__in=congresses, election__kind=ElectionKind.OFFICIAL_DELEGATES,
        election__state=ElectionState.CLOSED, elected=True,
    ).values_list("member_id", flat=True).distinct())


def delegates_elected(kind: str):
    """Names: the delegates of `kind` (official or alternate) the closed rounds elected, by
    votes, as the vote-count minutes list them."""
    def elected(congress) -> tuple[str, ...]:
        from .models import Candidate, ElectionState

        rows = Candidate.objects.filter(
            election__congress=congress, election__kind=kind, election__state=ElectionState.CLOSED, elected=True,
        ).select_related("member").order_by("election__round", "-votes", "position", "pk")
        return tuple(c.member.full_name for c in rows)

    return elected


def seat_from_ballot(position: str):
    """A condition: a ballot of the congress recorded here (any round, open or closed) fills the
    seat `position` (committee member, secretary, deputy) among its elected, so that seat is
    the count's and is not entered by hand."""
    def filled(congress) -> bool:
        from .services.counting import SEAT_POSITIONS

        kinds = [kind for kind, seat in SEAT_POSITIONS.items() if seat == position]
        return congress.elections.filter(kind__in=kinds).exists()

    return filled


def _secretary_decided(outcome: str):
    def decided(congress) -> bool:
        from .models import ElectionKind

        return congress.elections.filter(kind=ElectionKind.SECRETARY, outcome=outcome).exists()

    return decided


def register() -> None:
    """Called once from ElectionsConfig.ready()."""
    from branches.models import Position
    from congress import hooks

    from .models import ElectionKind, ElectionOutcome

    hooks.register_condition("personnel_plan_ready", personnel_plan_ready)
    hooks.register_condition("personnel_plan_approved", personnel_plan_approved)
    hooks.register_status("personnel_plan", personnel_plan_status)
    hooks.register_condition("dossier:election_minutes", election_minutes_issued)
    # The results (docs/domain.md §3.11): where the elected come from, and what the congress
    # decided when a ballot left the secretary's seat open.
    hooks.register_condition("results:elections_held", elections_held)
    for position in (Position.MEMBER, Position.SECRETARY, Position.DEPUTY_SECRETARY):
        hooks.register_condition(f"results:seat_from_ballot:{position.value}", seat_from_ballot(position))
    hooks.register_condition("results:secretary_to_appoint", _secretary_decided(ElectionOutcome.APPOINT))
    hooks.register_condition("results:secretary_left_vacant", _secretary_decided(ElectionOutcome.LEAVE_VACANT))
    # The resolution's item on the elections (congress.services.resolution).
    hooks.register_condition("results:elections_closed", elections_closed)
    hooks.register_names("results:official_delegates", delegates_elected(ElectionKind.OFFICIAL_DELEGATES))
    hooks.register_names("results:alternate_delegates", delegates_elected(ElectionKind.ALTERNATE_DELEGATES))
    hooks.register_members("results:official_delegates", official_delegates_of)
