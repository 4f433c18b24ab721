"""generate_round (the statistics benchmark's national round) at its small scale: what it writes,
that its rows agree with one another, and that the statistics read them back."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from branches.models import Organization, OrganizationKind
from congress.models import Congress, ElectedSeat, Plan, PlanScope
from congress.progress import HELD_STATES
from elections.models import Ballot, BallotEntry, Candidate, CountingMode, Election, ElectionKind, ElectionOutcome
from elections.selectors.counting import (
    all_reasons, ballot_candidates, ballot_states, ballots_count, reader_for, stored_count,
)
from reporting.management.commands.generate_round import AS_OF, PLAN_SUBJECT
from reporting.models import Award, EmulationWork
from reporting.statistics import Scope, totals, units

pytestmark = pytest.mark.django_db


def generate(prefix: str = "Tỉnh Thái Hòa", seed: int = 2025) -> Plan:
    out = StringIO()
    call_command("generate_round", scale="small", seed=seed, prefix=prefix, stdout=out)
    assert "60 congresses" in out.getvalue()
    return Plan.objects.filter(document__subject=PLAN_SUBJECT).order_by("-pk").first()


def test_the_round_is_written_complete_and_consistent():
    plan = generate()
    congresses = Congress.objects.filter(plan=plan)
    assert congresses.count() == 60 == PlanScope.objects.filter(plan=plan).count()
    held = congresses.filter(state__in=HELD_STATES)
    assert held.count() >= 50
    assert held.filter(state="ratified", ratified_on__isnull=False).count() >= 40
    assert not congresses.filter(~Q(state__in=HELD_STATES), held_on__isnull=False).exists()
    seats = ElectedSeat.objects.filter(congress__plan=plan)
    assert seats.count() > 200
    assert seats.filter(position="secretary").count() == held.count()  # one secretary per held congress
    # Two operators keyed every ballot, alike; keyed elections count their votes from them.
    ballots = Ballot.objects.filter(election__congress__plan=plan)
    assert ballots.count() > 1000
    assert BallotEntry.objects.filter(ballot__election__congress__plan=plan).count() == 2 * ballots.count()
    assert not BallotEntry.objects.filter(ballot__election__congress__plan=plan).values("ballot").annotate(
        operators=Count("operator", distinct=True)).exclude(operators=2).exists()
    election = Election.objects.filter(congress__plan=plan, counting_mode=CountingMode.KEYED).first()
    struck = [entry.struck for entry in BallotEntry.objects.filter(ballot__election=election, operator__username="bench")]
    for candidate in Candidate.objects.filter(election=election):
        assert candidate.votes == election.present - sum(candidate.position in s for s in struck)
    # The running totals the counting page reads are a count of those entries.
    reader = reader_for(election, ballot_candidates(election), all_reasons())
    assert stored_count(election) == ballots_count(ballot_states(election, reader))
    assert stored_count(election).agreed == Ballot.objects.filter(election=election).count()
    # The seats filled are those the elections gave.
    for congress in held.filter(elections__kind__in=[ElectionKind.COMMITTEE, ElectionKind.EXECUTIVE_COMMITTEE])[:10]:
        won = set(Candidate.objects.filter(
            election__congress=congress, elected=True,
            election__kind__in=[ElectionKind.COMMITTEE, ElectionKind.EXECUTIVE_COMMITTEE],
        ).values_list("member", flat=True))
        assert won == set(ElectedSeat.objects.filter(congress=congress).values_list("member", flat=True))
    assert Election.objects.filter(congress__plan=plan, round=2, previous_round__isnull=False).exists()
    assert Election.objects.filter(congress__plan=plan, outcome=ElectionOutcome.LEAVE_VACANT).exists()
    assert EmulationWork.objects.filter(plan=plan).exists()
    assert Award.objects.filter(plan=plan).exists()


def test_the_statistics_read_the_round_back():
    plan = generate()
    figures = totals(Scope(plan), today=AS_OF)
    congresses = Congress.objects.filter(plan=plan)
    held = congresses.filter(state__in=HELD_STATES)
    seats = ElectedSeat.objects.filter(congress__in=held)
    assert figures["in_scope"] == congresses.exclude(state="annulled").count()
    assert figures["held"] == held.count()
    assert figures["elected"] == seats.count()
    assert figures["women"] == seats.filter(member__gender="female").count()
    assert figures["secretaries"] == seats.filter(position="secretary").count()
    assert 0 < figures["re_elected"] < figures["elected"]
    assert figures["new"] == figures["elected"] - figures["re_elected"]
    assert figures["further_rounds"] == Election.objects.filter(congress__in=held, round=2).count() > 0
    assert figures["vacant"] > 0
    assert figures["delegates_official"] == Candidate.objects.filter(
        election__congress__in=held, election__kind=ElectionKind.OFFICIAL_DELEGATES, elected=True).count()
    assert figures["works"] == EmulationWork.objects.filter(plan=plan).count()
    assert figures["awards"] == Award.objects.filter(plan=plan).count()
    assert figures.share_lowest is not None and figures.share_highest <= 100
    # One grassroots committee: its per-unit table adds up to its totals.
    committee = (Organization.objects.filter(path__startswith=plan.organization.path,
                                             kind=OrganizationKind.GRASSROOTS_COMMITTEE).order_by("path").first())
    scope = Scope(plan, organization=committee)
    rows = units(scope, today=AS_OF)
    part = totals(scope, today=date(2025, 10, 1))
    assert rows and len(rows) == part["in_scope"]
    assert sum(row["elected"] for row in rows) == part["elected"] <= figures["elected"]


def test_the_same_seed_gives_the_same_round():
    first = generate("Tỉnh Một", seed=7)
    second = generate("Tỉnh Hai", seed=7)

    def shape(plan):
        return (
            list(Congress.objects.filter(plan=plan).order_by("organization__path")
                 .values_list("state", "held_on", "ordinal")),
            ElectedSeat.objects.filter(congress__plan=plan).count(),
            Ballot.objects.filter(election__congress__plan=plan).count(),
            sorted(Candidate.objects.filter(election__congress__plan=plan).values_list("votes", flat=True)),
        )

    assert shape(first) == shape(second)
