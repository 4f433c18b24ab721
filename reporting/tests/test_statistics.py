"""The round's figures (reporting.statistics): each figure's rule on recorded rows written
straight to the tables, the scopes, and the invariants between the units and the totals."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branches.models import CommitteeSeat
from branches.tests.factories import MemberFactory, OrganizationFactory, TermFactory
from congress.models import ElectedSeat, WorkingGroup
from congress.services.plans import plan_create
from congress.tests.builders import issued_plan, put_in_state
from elections.models import Candidate, Election, PersonnelPlan
from reporting.models import Award, EmulationWork
from reporting.tests.builders import HELD_ON
from reporting.statistics import (
    COUNTED, FIGURES, Scope, formatted, plan_organizations, scope_committees, totals, units,
)

TODAY = datetime.date(2022, 8, 1)


def seat(congress, member, position="member", votes=None):
    return ElectedSeat.objects.create(congress=congress, member=member, position=position, votes=votes)


def incumbent(organization, term, member, position="member"):
    return CommitteeSeat.objects.create(organization=organization, term=term, member=member, position=position)


def election(congress, user, kind="committee", seats=3, round=1, outcome="complete", base=10, **fields):
    return Election.objects.create(
        congress=congress, kind=kind, seats=seats, round=round, state="closed", outcome=outcome, base=base,
        created_by=user, **fields,
    )


def candidate(election, member, *, votes=0, elected=False, admitted=True, withdrawn=False):
    return Candidate.objects.create(
        election=election, member=member, votes=votes, elected=elected, admitted=admitted, withdrawn=withdrawn,
    )


@pytest.fixture
def held_a(congress_a, branch_a, previous_term, superior_clerk):
    """Branch A held its congress: the outgoing secretary and one member re-elected, two new."""
    secretary, deputy, member = (MemberFactory(organization=branch_a) for _ in range(3))
    incumbent(branch_a, previous_term, secretary, "secretary")
    incumbent(branch_a, previous_term, deputy, "deputy_secretary")
    incumbent(branch_a, previous_term, member)
    young_woman = MemberFactory(organization=branch_a, gender="female", date_of_birth=datetime.date(1990, 1, 1))
    minority_woman = MemberFactory(organization=branch_a, gender="female", ethnicity="Tày")
    seat(congress_a, secretary, "secretary", votes=9)
    seat(congress_a, young_woman, "deputy_secretary")
    seat(congress_a, member)
    seat(congress_a, minority_woman)
    return put_in_state(congress_a, "ratified", held_on=HELD_ON, ratified_on=HELD_ON + datetime.timedelta(days=9))


def test_committee_figures_of_a_held_congress(held_a, open_plan):
    found = totals(Scope(open_plan), today=TODAY)
    assert {key: found[key] for key in (
        "in_scope", "held", "ratified", "pilots", "pilots_held", "elected", "re_elected", "new", "women", "young",
        "minority", "previous", "not_re_elected", "with_committee", "secretary_only", "secretaries",
        "secretaries_re_elected", "secretaries_new",
    )} == {
        "in_scope": 2, "held": 1, "ratified": 1, "pilots": 1, "pilots_held": 1, "elected": 4, "re_elected": 2,
        "new": 2, "women": 2, "young": 1, "minority": 1, "previous": 3, "not_re_elected": 1, "with_committee": 1,
        "secretary_only": 0, "secretaries": 1, "secretaries_re_elected": 1, "secretaries_new": 0,
    }
    assert found.share("women") == "50,00%" and found.share("held") == "50,00%"
    assert found.change == 1 and found.change_percent.quantize(Decimal("0.01")) == Decimal("33.33")


def test_seats_count_only_once_the_congress_is_held(congress_b, branch_b, open_plan):
    seat(congress_b, MemberFactory(organization=branch_b), "secretary")
    found = totals(Scope(open_plan), today=TODAY)
    assert (found["elected"], found["secretaries"], found["held"]) == (0, 0, 0)
    put_in_state(congress_b, "held", held_on=HELD_ON)
    assert totals(Scope(open_plan), today=TODAY)["elected"] == 1


def test_an_annulled_congress_is_out_of_scope(held_a, congress_b, open_plan):
    put_in_state(congress_b, "annulled")
    assert totals(Scope(open_plan), today=TODAY)["in_scope"] == 1


def test_re_elected_reads_the_organisations_own_previous_committee(congress_b, branch_a, branch_b, previous_term, open_plan):
    """A seat on another organisation's committee, or in an older term, is not re-election."""
    moved = MemberFactory(organization=branch_b)
    incumbent(branch_a, previous_term, moved)  # sat on branch A's committee, now in branch B
    veteran = MemberFactory(organization=branch_b)
    incumbent(branch_b, TermFactory(start_year=2015, end_year=2019), veteran)
    incumbent(branch_b, previous_term, MemberFactory(organization=branch_b))  # B's 2019–2022 committee
    seat(congress_b, moved, "secretary")
    seat(congress_b, veteran, "deputy_secretary")
    put_in_state(congress_b, "held", held_on=HELD_ON)
    found = totals(Scope(open_plan), today=TODAY)
    assert (found["elected"], found["re_elected"], found["new"], found["previous"]) == (2, 0, 2, 1)


def test_under_40_is_the_age_on_the_congress_date(congress_b, branch_b, open_plan):
    forty_today = datetime.date(1982, 6, 20)
    seat(congress_b, MemberFactory(organization=branch_b, date_of_birth=forty_today), "secretary")
    seat(congress_b, MemberFactory(organization=branch_b, date_of_birth=forty_today + datetime.timedelta(days=1)))
    put_in_state(congress_b, "held", held_on=HELD_ON)
    assert totals(Scope(open_plan), today=TODAY)["young"] == 1


def test_a_branch_that_elected_only_a_secretary(congress_b, branch_b, open_plan):
    seat(congress_b, MemberFactory(organization=branch_b), "secretary")
    seat(congress_b, MemberFactory(organization=branch_b), "deputy_secretary")
    put_in_state(congress_b, "held", held_on=HELD_ON)
    found = totals(Scope(open_plan), today=TODAY)
    assert (found["with_committee"], found["secretary_only"]) == (0, 1)


def test_election_figures(held_a, branch_a, superior_clerk, open_plan):
    people = [MemberFactory(organization=branch_a) for _ in range(6)]
    first = election(held_a, superior_clerk, seats=4, outcome="further_round")
    for index, person in enumerate(people[:5]):
        candidate(first, person, votes=8 - index, elected=index < 2)
    candidate(first, people[5], admitted=False)  # a floor nomination the congress did not admit
    Candidate.objects.filter(election=first, member=people[4]).update(withdrawn=True)
    second = election(held_a, superior_clerk, seats=2, round=2, outcome="leave_vacant", previous_round=first)
    candidate(second, people[2], votes=6, elected=True)
    candidate(second, people[3], votes=4)
    secretary = election(held_a, superior_clerk, kind="secretary", seats=1, base=12)
    candidate(secretary, people[0], votes=11, elected=True)
    official = election(held_a, superior_clerk, kind="official_delegates", seats=2)
    candidate(official, people[0], votes=9, elected=True)
    candidate(official, people[1], votes=9, elected=True)
    alternate = election(held_a, superior_clerk, kind="alternate_delegates", seats=1)
    candidate(alternate, people[2], votes=7, elected=True)
    counting = election(held_a, superior_clerk, kind="deputy_secretary", seats=1)
    Election.objects.filter(pk=counting.pk).update(state="voting", outcome="")  # still counting: no result
    candidate(counting, people[1], votes=9, elected=True)
    for revision, state, allocated in ((1, "approved", 2), (2, "approved", 3), (3, "draft", 5)):
        PersonnelPlan.objects.create(congress=held_a, revision=revision, state=state, delegates_allocated=allocated,
                                     created_by=superior_clerk)

    found = totals(Scope(open_plan), today=TODAY)
    assert (found["ballot_seats"], found["surplus"]) == (4, 0)  # 4 listed for 4 seats (one withdrew)
    assert (found["further_rounds"], found["vacant"]) == (1, 1)
    # A branch always elects its secretary at its congress: not counted among those elected directly.
    assert (found["committees_held"], found["secretaries_direct"]) == (0, 0)
    assert (found.share_lowest, found.share_highest) == (None, None)
    assert (found["delegates_allocated"], found["delegates_official"], found["delegates_alternate"]) == (3, 2, 1)


def test_secretaries_elected_directly_are_counted_among_the_grassroots_committees_held(
    superior, superior_clerk, superior_leader, no_rendering,
):
    """Seed 003: "46/65 đảng bộ cơ sở bầu trực tiếp bí thư ... đồng chí thấp nhất trên 90%": of
    the grassroots committees that held their congress, those whose congress elected the
    secretary (the others' new committee does, at its first meeting); a branch's never counts,
    and the winning share is read among those grassroots committees only."""
    committees = [OrganizationFactory(parent=superior, kind="grassroots_committee") for _ in range(3)]
    branch = OrganizationFactory(parent=superior, kind="grassroots_branch")
    plan = issued_plan(organization=superior, clerk=superior_clerk, leader=superior_leader, scope=[*committees, branch])
    congress = {org.pk: plan.congresses.get(organization=org) for org in [*committees, branch]}
    for org in [*committees[:2], branch]:  # the third grassroots committee has not held its congress
        put_in_state(congress[org.pk], "held", held_on=HELD_ON)
    for org, votes in ((committees[0], 92), (branch, 60)):
        secretary = election(congress[org.pk], superior_clerk, kind="secretary", seats=1, base=100)
        candidate(secretary, MemberFactory(organization=org), votes=votes, elected=True)

    found = totals(Scope(plan), today=TODAY)

    assert (found["held"], found["committees_held"], found["secretaries_direct"]) == (3, 2, 1)
    assert found.share("secretaries_direct") == "50,00%"
    assert (formatted(found.share_lowest), formatted(found.share_highest)) == ("92,00%", "92,00%")
    rows = {row["organization_id"]: row for row in units(Scope(plan), today=TODAY)}
    assert [rows[org.pk]["secretaries_direct"] for org in [*committees, branch]] == [1, 0, 0, 0]
    assert [rows[org.pk]["committees_held"] for org in [*committees, branch]] == [1, 1, 0, 0]


def test_emulation_works_and_awards_of_the_scope(held_a, superior, branch_a, branch_b, open_plan):
    for organization, status in ((branch_a, "completed"), (branch_a, "registered"), (superior, "in_progress")):
        EmulationWork.objects.create(
            plan=open_plan, organization=organization, name="Sửa đường", owner="Chi đoàn", status=status,
            registered_on=HELD_ON, completed_on=HELD_ON if status == "completed" else None,
        )
    Award.objects.create(plan=open_plan, organization=branch_b, awarded_on=TODAY)
    whole = totals(Scope(open_plan), today=TODAY)
    assert (whole["works"], whole["works_completed"], whole["awards"]) == (3, 1, 1)
    branch = totals(Scope(open_plan, organization=branch_a), today=TODAY)
    assert (branch["works"], branch["works_completed"], branch["awards"]) == (2, 1, 0)
    by_unit = {row["organization_id"]: row for row in units(Scope(open_plan))}
    assert (by_unit[branch_a.pk]["works"], by_unit[branch_b.pk]["awards"]) == (2, 1)


def test_overdue_reads_the_dashboards_deadlines(open_plan):
    late = open_plan.congresses_held_by + datetime.timedelta(days=1)
    found = totals(Scope(open_plan), today=late)
    assert found["overdue"] == 2 and found.overdue_by_deadline == {"held": 2}
    assert {row["pk"] for row in units(Scope(open_plan), figure="overdue", today=late)} == set(
        open_plan.congresses.values_list("pk", flat=True))


# --- Scopes -----------------------------------------------------------------------------------


def test_scopes_by_subtree_sector_and_working_group(held_a, branch_a, branch_b, open_plan):
    branch_b.sector = "police"
    branch_b.save()
    group = WorkingGroup.objects.create(plan=open_plan, name="Tổ công tác số 1")
    group.organizations.add(branch_b)
    for scope, in_scope, elected in (
        (Scope(open_plan, organization=branch_a), 1, 4), (Scope(open_plan, sector="police"), 1, 0),
        (Scope(open_plan, group=group), 1, 0), (Scope(open_plan), 2, 4),
    ):
        found = totals(scope, today=TODAY)
        assert (found["in_scope"], found["elected"]) == (in_scope, elected), scope.key
        assert Scope.parse(open_plan, scope.key) == scope


def test_a_scope_key_naming_nothing_of_the_plan_is_refused(open_plan, superior, superior_clerk):
    outside = OrganizationFactory(name="Đảng bộ khác", kind="grassroots_committee")
    other_plan = plan_create(
        acting_user=superior_clerk, organization=superior, term=TermFactory(start_year=2025, end_year=2030),
        subject="Kế hoạch khác", congresses_held_by=datetime.date(2025, 7, 1),
    )
    other_group = WorkingGroup.objects.create(plan=other_plan, name="Tổ khác")
    for key in ("org:x", f"org:{outside.pk}", "org:999999", "sector:moon", "group:999999", "what", "group:",
                "org:" + "9" * 40, f"group:{other_group.pk}"):
        assert Scope.parse(open_plan, key) is None, key


# --- The units behind a figure, and the invariants --------------------------------------------


def test_units_behind_a_figure_and_sorting(held_a, congress_b, branch_b, open_plan):
    seat(congress_b, MemberFactory(organization=branch_b, gender="female"), "secretary")
    put_in_state(congress_b, "held", held_on=HELD_ON)
    scope = Scope(open_plan)
    assert [row["pk"] for row in units(scope, figure="minority")] == [held_a.pk]
    assert [row["pk"] for row in units(scope, figure="women")] == [held_a.pk, congress_b.pk]
    assert [row["elected"] for row in units(scope, sort="elected")] == [1, 4]
    assert [row["elected"] for row in units(scope, sort="elected", descending=True)] == [4, 1]
    assert [row["pk"] for row in units(scope, sort="no-such-figure")] == [held_a.pk, congress_b.pk]


def test_the_number_of_queries_does_not_grow_with_the_round(open_plan, superior, held_a):
    def count():
        with CaptureQueriesContext(connection) as captured:
            totals(Scope(open_plan), today=TODAY)
            units(Scope(open_plan), figure="elected")
        return len(captured)

    before = count()
    for _ in range(8):
        branch = OrganizationFactory(parent=superior, kind="branch")
        open_plan.congresses.create(organization=branch, ordinal=1, kind="members", state="held", held_on=HELD_ON)
        seat(open_plan.congresses.get(organization=branch), MemberFactory(organization=branch), "secretary")
    assert count() == before


class Rollback(Exception):
    pass


people = st.lists(
    st.tuples(st.sampled_from(["secretary", "deputy_secretary", "member"]), st.booleans(), st.booleans(), st.booleans()),
    max_size=5,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rounds=st.lists(st.tuples(st.sampled_from(["planned", "held", "ratified", "annulled"]), people), min_size=1, max_size=4))
def test_the_totals_are_the_sum_of_the_units(open_plan, superior, previous_term, rounds):
    """Whatever was recorded: every counted figure's total is the sum over the units, re-elected
    and new make the elected, and no share exceeds its whole."""
    try:
        with transaction.atomic():
            for state, elected in rounds:
                branch = OrganizationFactory(parent=superior, kind="branch")
                congress = open_plan.congresses.create(
                    organization=branch, ordinal=1, kind="members", state=state, held_on=HELD_ON,
                )
                secretary_taken = False
                for position, woman, was_incumbent, young in elected:
                    if position == "secretary":
                        if secretary_taken:
                            position = "member"
                        secretary_taken = True
                    person = MemberFactory(
                        organization=branch, gender="female" if woman else "male",
                        date_of_birth=datetime.date(1995 if young else 1970, 1, 1),
                    )
                    if was_incumbent:
                        incumbent(branch, previous_term, person, position)
                    seat(congress, person, position)
            scope = Scope(open_plan)
            found = totals(scope, today=TODAY)
            rows = units(scope)
            for key in COUNTED:
                if key not in {"works", "works_completed", "awards"}:
                    assert found[key] == sum(row[key] for row in rows), key
            assert found["re_elected"] + found["new"] == found["elected"]
            assert found["secretaries"] <= found["held"]
            for figure in FIGURES:
                if figure.of and figure.key not in {"surplus", "delegates_official"}:
                    assert found[figure.key] <= found[figure.of], figure.key
            raise Rollback
    except Rollback:
        pass


def test_the_plans_organisations_and_the_committees_a_scope_may_be(superior, superior_clerk, superior_leader, no_rendering):
    ward = OrganizationFactory(parent=superior, name="Đảng ủy Khối", kind="grassroots_committee")
    below = OrganizationFactory(parent=ward, name="Chi bộ 1")
    beside = OrganizationFactory(parent=superior, name="Chi bộ 2")
    plan = issued_plan(organization=superior, clerk=superior_clerk, leader=superior_leader)
    assert plan_organizations(plan) == [superior, ward, below, beside]
    assert scope_committees(plan) == [ward]  # not the plan's committee, not a unit with nothing below
