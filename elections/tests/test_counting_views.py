"""The counting pages: keying from the keyboard, the live partial, totals, closing."""

import pytest
from django.urls import reverse

from congress.models import CongressState, ElectedSeat
from congress.tests.builders import put_in_state
from elections.models import BallotEntry, CountingMode, ElectionState, EntryAction, EntryLogLine, InvalidReason

from .builders_counting import key_all, voting_election

pytestmark = pytest.mark.usefixtures("no_rendering")


@pytest.fixture
def election(congress_a, branch_clerk):
    return voting_election(congress=congress_a, created_by=branch_clerk)


def _key(client, election, serial, reading, **headers):
    return client.post(reverse("election_key", kwargs={"pk": election.pk}), {"serial": serial, "reading": reading},
                       **headers)


def test_the_keying_page_renders_with_the_next_serial_and_autofocus(en, branch_clerk, election):
    key_all(election, branch_clerk, {1: [1], 2: []})
    en.force_login(branch_clerk)
    response = en.get(reverse("election_counting", kwargs={"pk": election.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="serial"' in html and 'value="3"' in html and "autofocus" in html
    assert "k1" in html and "Phiếu không do Ban (Tổ) kiểm phiếu phát ra" in html
    assert 'data-testid="my-count"' in html and "js/counting.js" in html


def test_a_reader_sees_the_page_without_the_form(en, superior_leader, election):
    en.force_login(superior_leader)
    response = en.get(reverse("election_counting", kwargs={"pk": election.pk}))
    assert response.status_code == 200 and b'data-testid="key-form"' not in response.content
    assert b'data-testid="close-form"' not in response.content


def test_keying_by_post_saves_and_redirects(en, branch_clerk, election):
    en.force_login(branch_clerk)
    response = _key(en, election, 1, "3 4")
    assert response.status_code == 302 and response.url == reverse("election_counting", kwargs={"pk": election.pk})
    entry = BallotEntry.objects.get()
    assert (entry.ballot.serial, entry.struck, entry.operator, entry.invalid_reason) == (1, [3, 4], branch_clerk, None)
    page = en.get(response.url)
    assert "Ballot 1 saved." in page.content.decode()


@pytest.mark.parametrize(("reading", "struck", "code"), [
    ("0", [], None), ("", [], None), ("2,1", [1, 2], None), ("4.3", [3, 4], None), ("k3", [], "none"),
    ("K 1", [], "not_issued"),
])
def test_the_keys_an_operator_types(en, branch_clerk, election, reading, struck, code):
    en.force_login(branch_clerk)
    assert _key(en, election, 5, reading).status_code == 302
    entry = BallotEntry.objects.get()
    assert entry.struck == struck
    assert (entry.invalid_reason.code if entry.invalid_reason else None) == code


def test_bad_keys_show_on_the_form(en, branch_clerk, election):
    en.force_login(branch_clerk)
    response = _key(en, election, 1, "3 x")
    assert response.status_code == 200 and b"separated by spaces" in response.content
    response = _key(en, election, 1, "7")
    assert response.status_code == 200 and b"7 is not on it" in response.content
    response = _key(en, election, 1, "k9")
    assert b"There is no reason k9" in response.content
    assert not BallotEntry.objects.exists()


def test_an_htmx_post_answers_the_live_partial(en, branch_clerk, superior_clerk, election):
    key_all(election, superior_clerk, {1: [2]})
    en.force_login(branch_clerk)
    response = _key(en, election, 1, "1", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="counting-live"') and "<html" not in html
    assert 'data-key-result="ok"' in html and 'data-next-serial="2"' in html
    assert 'data-testid="disagreements"' in html and 'data-rekey="1"' in html and 'data-reading="1"' in html
    # Keying it again corrects it, and the readings agree.
    html = _key(en, election, 1, "2", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-key-result="ok"' in html and 'data-testid="disagreements"' not in html
    line = EntryLogLine.objects.last()
    assert (line.action, line.resolved_disagreement) == (EntryAction.CORRECTED, True)


def test_an_htmx_error_comes_back_in_the_partial(en, branch_clerk, election):
    en.force_login(branch_clerk)
    html = _key(en, election, 99, "1", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-key-result="error"' in html and "between 1 and 10" in html
    assert not BallotEntry.objects.exists()


def test_keying_outside_the_congress_day_is_refused_with_a_message(en, branch_clerk, election, congress_a):
    put_in_state(congress_a, CongressState.PREPARING)
    en.force_login(branch_clerk)
    response = _key(en, election, 1, "1")
    assert response.status_code == 302 and not BallotEntry.objects.exists()
    assert b"congress day" in en.get(response.url).content


def test_the_counting_page_stays_in_bounded_queries(en, branch_clerk, superior_clerk, congress_a,
                                                   django_assert_max_num_queries):
    """300 ballots keyed twice (one in disagreement); the benchmark's 1,500 stay in the same bound."""
    election = voting_election(congress=congress_a, created_by=branch_clerk, ballots_issued=300, summoned=300,
                               present=300, seats=3)
    readings = {s: [s % 4 + 1] for s in range(1, 301)}
    key_all(election, branch_clerk, readings)
    key_all(election, superior_clerk, {**readings, 300: [1, 2]})
    en.force_login(branch_clerk)
    url = reverse("election_counting", kwargs={"pk": election.pk})
    with django_assert_max_num_queries(12):
        response = en.get(url)
    assert response.status_code == 200 and b'data-rekey="300"' in response.content
    # Keying also keeps the running totals: the election's row written, the operator's read and written.
    # And seals the log's line into its chain: the chain's head read (created, for the first line)
    # and written, the line's seal written; the election is locked before it is read.
    with django_assert_max_num_queries(31):
        response = _key(en, election, 300, "2", HTTP_HX_REQUEST="true")
    assert b'data-key-result="ok"' in response.content


def test_closing_from_the_page_shows_the_result(en, branch_clerk, superior_clerk, congress_a):
    election = voting_election(congress=congress_a, created_by=branch_clerk, seats=1,
                               names=["Nguyễn Văn An", "Lê Văn Cường"], ballots_issued=3, base=3)
    key_all(election, branch_clerk, {1: [2], 2: [2], 3: [1]})
    key_all(election, superior_clerk, {1: [2], 2: [2], 3: [1]})
    en.force_login(branch_clerk)
    page = en.get(reverse("election_counting", kwargs={"pk": election.pk})).content.decode()
    assert 'data-testid="close-election"' in page and "Tally (every ballot agrees)" in page
    response = en.post(reverse("election_close", kwargs={"pk": election.pk}))
    assert response.status_code == 302
    election.refresh_from_db()
    assert election.state == ElectionState.CLOSED
    page = en.get(response.url).content.decode()
    assert "The election is closed: 1 of 1 seats filled." in page and 'data-testid="elected-1"' in page
    assert ElectedSeat.objects.get().member.full_name == "Nguyễn Văn An"


def test_closing_with_disagreements_is_refused_with_a_message(en, branch_clerk, superior_clerk, election):
    key_all(election, branch_clerk, {1: [1]})
    key_all(election, superior_clerk, {1: [2]})
    en.force_login(branch_clerk)
    response = en.post(reverse("election_close", kwargs={"pk": election.pk}))
    assert response.status_code == 302
    assert b"in disagreement: 1" in en.get(response.url).content
    election.refresh_from_db()
    assert election.state == ElectionState.VOTING


def test_the_totals_page_saves_and_shows_problems(en, branch_clerk, congress_a):
    election = voting_election(congress=congress_a, created_by=branch_clerk, counting_mode=CountingMode.TOTALS)
    en.force_login(branch_clerk)
    url = reverse("election_totals", kwargs={"pk": election.pk})
    assert b'data-testid="totals-form"' in en.get(url).content
    candidates = list(election.candidates.order_by("position"))
    none = InvalidReason.objects.get(code="none")
    data = {"returned": 10, "valid": 8, f"reason_{none.pk}": 1,
            **{f"candidate_{c.pk}": n for c, n in zip(candidates, [8, 7, 6, 3])}}
    response = en.post(url, data)
    assert response.status_code == 200 and b"must add up to the ballots returned" in response.content
    election.refresh_from_db()
    assert election.totals_valid is None
    response = en.post(url, {**data, f"reason_{none.pk}": 2})
    assert response.status_code == 302
    election.refresh_from_db()
    assert (election.ballots_returned, election.totals_valid, election.totals_invalid) == (10, 8, 2)
    assert [c.votes for c in election.candidates.order_by("position")] == [8, 7, 6, 3]
