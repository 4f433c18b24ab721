"""The pages of the elections at the congress: the list, one election, and its POST URLs."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from congress.models import CongressState
from congress.tests.builders import put_in_state
from elections.models import Candidate, Election, ElectionState, TermElectionRules, ThreeSeatSurplus
from elections.tests.builders_elections import (
    close_round, election_with_candidates, member_named, reviewed_congress_with_attendance,
)

pytestmark = pytest.mark.usefixtures("no_rendering")


@pytest.fixture
def day(congress_a, branch_clerk):
    return reviewed_congress_with_attendance(congress_a, branch_clerk, officials=10, absent=1)


@pytest.fixture
def clerk(en, branch_clerk):
    en.force_login(branch_clerk)
    return en


def people(congress, *numbers):
    return [member_named(congress, f"Đảng viên {n:03d}") for n in numbers]


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_list_reads_on_a_planned_congress_without_a_form(clerk, congress_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        response = clerk.get(reverse("congress_elections", kwargs={"pk": congress_a.pk}))
    assert response.status_code == 200
    assert "Elections are held on the congress day" in response.content.decode()
    assert response.context["form"] is None


def test_the_list_of_several_elections_takes_a_bounded_number_of_queries(clerk, day, branch_clerk,
                                                                         django_assert_max_num_queries):
    members = people(day, 0, 1, 2, 3)
    committee = election_with_candidates(day, branch_clerk, seats=3, members=members)
    close_round(committee, dict(zip(members, (9, 8, 7, 2), strict=True)), outcome="complete")
    election_with_candidates(day, branch_clerk, kind="secretary", seats=1, members=members[:2])
    with django_assert_max_num_queries(25):
        response = clerk.get(reverse("congress_elections", kwargs={"pk": day.pk}))
    rows = response.context["elections"]
    assert [(e.kind, names) for e, names in rows] == [
        ("committee", ["Đảng viên 000", "Đảng viên 001", "Đảng viên 002"]), ("secretary", []),
    ]
    assert "deputy_secretary" in [n.kind for n in response.context["upcoming"]]


def test_a_post_on_a_planned_congress_is_refused_with_a_message(clerk, congress_a):
    response = clerk.post(reverse("congress_elections", kwargs={"pk": congress_a.pk}), {"kind": "committee", "seats": 5})
    assert response.status_code == 302
    assert "Elections are held on the congress day" in texts(response)[-1]
    assert not Election.objects.exists()


def test_the_clerk_sets_up_the_committee_election(clerk, day):
    url = reverse("congress_elections", kwargs={"pk": day.pk})
    page = clerk.get(url)
    assert [c for c, _label in page.context["form"].fields["kind"].choices] == ["committee"]
    response = clerk.post(url, {"kind": "committee", "seats": 5, "counting_mode": "keyed"})
    election = Election.objects.get()
    assert response.status_code == 302 and response.url == reverse("election_detail", kwargs={"pk": election.pk})
    assert (election.kind, election.seats) == ("committee", 5)
    response = clerk.post(url, {"kind": "committee", "seats": 9, "counting_mode": "keyed"})
    assert response.status_code == 302  # nothing left to set up now: the secretary waits for the committee
    assert Election.objects.count() == 1


def test_a_refused_setup_shows_on_the_form(clerk, day):
    response = clerk.post(reverse("congress_elections", kwargs={"pk": day.pk}),
                          {"kind": "committee", "seats": 8, "counting_mode": "keyed"})
    assert response.status_code == 200
    assert "at most 7" in response.content.decode()
    assert not Election.objects.exists()


def test_the_detail_shows_the_live_surplus(clerk, day, branch_clerk, django_assert_max_num_queries):
    """A fourth name for 3 seats under 244-QĐ/TW (33%): by default the term allows it with a
    warning rather than a refusal (docs/domain.md §3.8; formerly refused)."""
    election = election_with_candidates(day, branch_clerk, seats=3, members=people(day, 0, 1, 2, 3))
    with django_assert_max_num_queries(40):
        response = clerk.get(reverse("election_detail", kwargs={"pk": election.pk}))
    body = response.content.decode()
    assert "List of 4, electing 3, surplus 1 (33,33%)" in body
    assert 'data-testid="surplus-warning"' in body and "33% of the seats" in body
    assert "the regulation allows at most" not in body
    assert response.context["open_form"] is not None


def test_the_detail_refuses_a_fourth_name_where_the_term_says_so(clerk, day, branch_clerk):
    """The term's setting "no extra name" reads 244-QĐ/TW strictly: 30% of 3 rounds down to 0."""
    TermElectionRules.objects.create(term=day.plan.term, three_seat_surplus=ThreeSeatSurplus.NONE)
    election = election_with_candidates(day, branch_clerk, seats=3, members=people(day, 0, 1, 2, 3))
    body = clerk.get(reverse("election_detail", kwargs={"pk": election.pk})).content.decode()
    assert "the regulation allows at most 0 for 3 seats" in body
    assert 'data-testid="surplus-warning"' not in body


def test_a_viewer_reads_the_election_without_forms(client, superior_viewer, day, branch_clerk):
    election = election_with_candidates(day, branch_clerk, seats=3, members=people(day, 0, 1, 2, 3))
    client.force_login(superior_viewer)
    response = client.get(reverse("election_detail", kwargs={"pk": election.pk}))
    assert response.status_code == 200
    assert response.context["floor_form"] is None and response.context["open_form"] is None


def test_nominating_withdrawing_and_opening_through_the_pages(clerk, day, branch_clerk):
    election = election_with_candidates(day, branch_clerk, seats=5, members=people(day, 0, 1, 2, 3, 4))
    response = clerk.post(reverse("election_candidate_add", kwargs={"pk": election.pk}),
                          {"member": people(day, 5)[0].pk, "agreeing": 2})
    assert "does not go on the list" in texts(response)[-1]
    response = clerk.post(reverse("election_candidate_add", kwargs={"pk": election.pk}),
                          {"member": people(day, 6)[0].pk, "agreeing": 4})
    assert "goes on the list" in texts(response)[-1]
    six = election.candidates.get(member=people(day, 6)[0])
    response = clerk.post(reverse("election_candidate_withdraw", kwargs={"pk": election.pk}),
                          {"candidate": six.pk, "votes_for": 3, "reason": "Xin rút"})
    assert "did not accept the withdrawal" in texts(response)[-1]
    response = clerk.post(reverse("election_open", kwargs={"pk": election.pk}),
                          {"list_votes_for": 9, "list_votes_against": 0, "ballots_issued": 9, "absent_at_voting": 0})
    assert response.status_code == 302 and "voting is open" in texts(response)[-1]
    election.refresh_from_db()
    assert election.state == ElectionState.VOTING
    assert sorted(election.candidates.exclude(position=None).values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_a_refused_open_says_why_and_changes_nothing(clerk, day, branch_clerk):
    election = election_with_candidates(day, branch_clerk, seats=5, members=people(day, 0, 1, 2, 3, 4, 5, 6))
    response = clerk.post(reverse("election_open", kwargs={"pk": election.pk}),
                          {"list_votes_for": 9, "list_votes_against": 0, "ballots_issued": 9, "absent_at_voting": 0})
    assert "more names than seats" in texts(response)[-1]
    election.refresh_from_db()
    assert election.state == ElectionState.PREPARING


def test_removing_a_row_added_by_mistake(clerk, day, branch_clerk):
    election = election_with_candidates(day, branch_clerk, seats=3, members=people(day, 0, 1))
    row = election.candidates.get(member=people(day, 0)[0])
    clerk.post(reverse("election_candidate_remove", kwargs={"pk": election.pk}), {"candidate": row.pk})
    assert not Candidate.objects.filter(pk=row.pk).exists()


def test_the_results_and_the_decision_for_another_round(clerk, day, branch_clerk):
    members = people(day, 0, 1, 2, 3, 4)
    election = election_with_candidates(day, branch_clerk, seats=3, members=members)
    close_round(election, dict(zip(members, (8, 7, 6, 6, 3), strict=True)), elected=members[:2])
    page = clerk.get(reverse("election_detail", kwargs={"pk": election.pk}))
    body = page.content.decode()
    assert "80,00%" in body and "Tied for the last seat" in body
    assert page.context["decision_form"] is not None
    response = clerk.post(reverse("election_decide", kwargs={"pk": election.pk}),
                          {"outcome": "further_round", "note": "Bầu tiếp vòng 2 giữa hai người bằng phiếu."})
    following = Election.objects.get(round=2)
    assert response.url == reverse("election_detail", kwargs={"pk": following.pk})
    assert following.candidates.count() == 2
    listing = clerk.get(reverse("congress_elections", kwargs={"pk": day.pk})).content.decode()
    assert "Elected: Đảng viên 000, Đảng viên 001" in listing


def test_writes_on_a_held_congress_are_refused_with_a_message(clerk, day, branch_clerk):
    election = election_with_candidates(day, branch_clerk, seats=3, members=people(day, 0, 1))
    put_in_state(day, CongressState.HELD)
    response = clerk.post(reverse("election_candidate_add", kwargs={"pk": election.pk}),
                          {"member": people(day, 5)[0].pk, "agreeing": 9})
    assert response.status_code == 302 and "recorded as held" in texts(response)[-1]
    assert election.candidates.count() == 2
