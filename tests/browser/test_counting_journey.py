"""Counting an election's ballots in the browser (issue 5, "Counting"): two operators, each in
a browser profile of their own, key the same ten ballots from the keyboard (serial prefilled,
the struck numbers and Enter); one mistake makes a disagreement, which the operator who made it
corrects from the disagreements list; every ballot agrees, the election is closed and the
result is shown.

The election is built open for voting straight through the ORM (elections/tests/
builders_counting.py), at a congress on its day (reviewed). Elements are found by ids, names and
data attributes, not by their (translated) text. No page may raise a script error or log a
console error (a CSP violation, a failed request).
"""

import re

import pytest
from playwright.sync_api import expect

from branches.models import RoleKind
from branches.tests.factories import MemberFactory, OrganizationFactory, RoleFactory, UserFactory
from congress.models import Congress, ElectedSeat, ShowOfHands, VoteSubject
from congress.tests.builders import issued_plan
from elections.models import Election, ElectionState, EntryAction, EntryLogLine
from elections.tests.builders_counting import voting_election

pytestmark = pytest.mark.browser

PASSWORD = "secret-pass-123"  # UserFactory's
TIMEOUT_MS = 15_000  # as tests/browser/conftest.py
# Ballot serial -> what is struck out. 4 names for 3 seats: one struck is a valid ballot.
BALLOTS = {1: "4", 2: "4", 3: "3", 4: "4", 5: "2", 6: "4", 7: "3", 8: "4", 9: "1 2 3 4", 10: "4"}
MISTAKE = {4: "3"}  # the second operator's slip on ballot 4


@pytest.fixture
def election(transactional_db):
    committee = OrganizationFactory(name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee", short_name="ĐU")
    branch = OrganizationFactory(parent=committee, name="Chi bộ TDP Hoàng Trinh", kind="branch")
    OrganizationFactory(parent=committee, name="Chi bộ Trạm Y tế", kind="branch")
    clerk, leader = UserFactory(username="vanphong"), UserFactory(username="bithu")
    RoleFactory(user=clerk, organization=committee, kind=RoleKind.CLERK)
    RoleFactory(user=leader, organization=committee, kind=RoleKind.LEADER)
    for username in ("kiemphieu1", "kiemphieu2"):
        RoleFactory(user=UserFactory(username=username, full_name=f"Đồng chí {username}"), organization=branch,
                    kind=RoleKind.CLERK)
    plan = issued_plan(organization=committee, clerk=clerk, leader=leader, pilots=[branch])
    congress = plan.congresses.get(organization=branch)
    Congress.objects.filter(pk=congress.pk).update(venue="Nhà văn hóa TDP Hoàng Trinh")  # the minutes say where
    congress.refresh_from_db()
    election = voting_election(congress=congress, created_by=clerk, seats=3, summoned=11, present=10)
    # The counting board the congress elected by show of hands, and its head chosen when voting
    # opened: they sign the vote-count minutes by name.
    board = [MemberFactory(organization=branch, full_name=name) for name in ("Trần Ngọc Việt", "Ngô Phương Vân")]
    vote = ShowOfHands.objects.create(
        congress=congress, subject=VoteSubject.COUNTING_BOARD, votes_for=10, base=11, passed=True, recorded_by=clerk,
    )
    vote.members.set(board)
    Election.objects.filter(pk=election.pk).update(counting_head=board[1])
    election.refresh_from_db()
    return election


class Operators:
    def __init__(self, browser, live_server):
        self.browser, self.live_server = browser, live_server
        self.contexts, self.errors = [], []

    def log_in(self, username):
        context = self.browser.new_context(
            base_url=self.live_server.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
            viewport={"width": 1366, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"{username}: {error}"))
        page.on("console", lambda m: self.errors.append(f"{username} console: {m.text}") if m.type == "error" else None)
        page.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons ask first
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
        return page

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def operators(browser, live_server):
    operators = Operators(browser, live_server)
    yield operators
    operators.close()


def _key_ballots(page, ballots: dict[int, str]):
    """Type each ballot's struck numbers and Enter: the serial comes prefilled and moves on."""
    serial, reading = page.locator("#id_serial"), page.locator("#id_reading")
    for number, struck in ballots.items():
        expect(serial).to_have_value(str(number))
        expect(reading).to_be_focused()
        reading.type(struck)
        reading.press("Enter")
        expect(page.locator('#counting-live [data-key-result="ok"]')).to_be_visible()
        expect(serial).not_to_have_value(str(number))
    expect(serial).to_have_value("")


def test_two_operators_key_reconcile_and_close(live_server, election, operators):
    url = f"/elections/{election.pk}/counting/"
    first = operators.log_in("kiemphieu1")
    second = operators.log_in("kiemphieu2")
    first.goto(url)
    second.goto(url)

    _key_ballots(first, BALLOTS)
    expect(first.locator('[data-testid="once-count"]')).to_have_text("10")
    _key_ballots(second, {**BALLOTS, **MISTAKE})
    expect(second.locator('[data-testid="agreed-count"]')).to_have_text("9")
    expect(second.locator('[data-testid="disagreement-count"]')).to_have_text("1")
    # Each operator's own running totals: name 3 lost one vote more in the second's readings.
    expect(first.locator('[data-testid="mine-3"]')).to_have_text("7")
    expect(second.locator('[data-testid="mine-3"]')).to_have_text("6")

    # The first operator's page is recomputed from the server on reload: the same disagreement.
    first.reload()
    expect(first.locator('[data-testid="disagreements"] tr[data-serial="4"]')).to_be_visible()

    # The second operator takes ballot 4 again from the list: serial and own reading prefilled.
    second.locator('[data-testid="rekey-4"]').click()
    expect(second.locator("#id_serial")).to_have_value("4")
    expect(second.locator("#id_reading")).to_have_value("3")
    second.locator("#id_reading").fill("4")
    second.locator("#id_reading").press("Enter")
    expect(second.locator('[data-testid="disagreement-count"]')).to_have_text("0")
    expect(second.locator('[data-testid="agreed-count"]')).to_have_text("10")
    correction = EntryLogLine.objects.filter(election=election, serial=4, action=EntryAction.CORRECTED).get()
    assert correction.resolved_disagreement and correction.reading == "4"

    # Every ballot agrees: the tally shows, and the first operator closes the election.
    first.reload()
    expect(first.locator('[data-testid="tally-summary"]')).to_be_visible()
    with first.expect_navigation():
        first.locator('[data-testid="close-election"]').click()
    expect(first.locator("main .alert-success").first).to_be_visible()
    for position in (1, 2, 3):
        expect(first.locator(f'[data-testid="elected-{position}"]')).to_be_visible()
    expect(first.locator('[data-testid="elected-4"]')).to_have_count(0)
    expect(first.locator('[data-testid="votes-1"]')).to_have_text("9")
    election.refresh_from_db()
    assert election.state == ElectionState.CLOSED and election.totals_valid == 9 and election.totals_invalid == 1
    assert ElectedSeat.objects.filter(congress=election.congress).count() == 3

    # The vote-count minutes: drafted from the count, adopted and issued in the congress's
    # sequence (its PDF rendered by the in-process task), and downloaded.
    # The clerk enters the count's times (the day and the board's head are offered).
    first.goto(f"/elections/{election.pk}/minutes/")
    draft = first.locator('[data-testid="minutes-draft-form"]')
    draft.locator('input[name="count_started_time"]').fill("09:15")
    draft.locator('input[name="minutes_closed_time"]').fill("09:50")
    with first.expect_navigation():
        draft.locator("button").click()
    with first.expect_navigation():
        first.locator('[data-testid="minutes-issue-form"] button').click()
    expect(first.locator('[data-testid="minutes-link"]')).to_have_text(re.compile(r"^01-BB/"))
    with first.expect_download() as download:
        first.locator('[data-testid="minutes-pdf"]').click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert operators.errors == []
