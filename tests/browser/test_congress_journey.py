"""The congress round end to end, in the browser (issue 4, "A Playwright journey"):

1. the superior's clerk creates a plan, makes branch A its pilot; the superior's leader approves
   the plan document; the clerk issues it and the congresses open;
2. branch A's clerk sets the date and venue, starts preparing, drafts the political report and
   the draft resolution, prepares and submits the personnel plan, and submits the congress for
   review;
3. the superior's clerk schedules the review, its leader approves every item and the personnel
   plan, and concludes;
4. branch A's clerk draws the summons list and marks attendance, records the resolution vote,
   records the congress as held, drafts and issues the minutes, records the elected, uploads
   the dossier and reports the results;
5. the superior's leader ratifies;
6. the plan's dashboard counts the congress as ratified.

Three people, each in a browser profile of their own; no page may raise a script error or log
a console error (a CSP violation, a failed request). The congress is held today, the review
session this morning at 07:00 (the review must come before the congress, the congress cannot
be recorded as held in the future). Elements are found by ids, names, data attributes and
URLs, not by their (translated) text; states are compared with their labels in the interface's
language. PDFs are not rendered (`no_rendering`): issuing only numbers.

Set JOURNEY_SHOTS=/some/dir to save a screenshot of each main page while developing.
"""

import io
import datetime
import os
import re
from pathlib import Path

import docx
import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from branches.models import CommitteeSeat, RoleKind
from documents import guard
from branches.tests.factories import MemberFactory, OrganizationFactory, RoleFactory, TermFactory, UserFactory
from congress.models import (
    Attendance, Congress, CongressDocumentRole, CongressState, DossierKind, ElectedSeat, Plan, ReviewDecision,
    ShowOfHands, VoteSubject,
)
from documents.models import DocumentState

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("no_rendering")]

PASSWORD = "secret-pass-123"  # UserFactory's
BRANCH_A_NAMES = [
    "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
    "Vũ Thị Giang", "Đặng Văn Hải", "Bùi Thị Hoa", "Đỗ Văn Khánh", "Ngô Thị Lan",
]
SHOTS = os.environ.get("JOURNEY_SHOTS", "")
TIMEOUT_MS = 15_000  # as tests/browser/conftest.py


@pytest.fixture
def office(transactional_db):
    """A grassroots committee with two branches of ten official members each; a clerk and a
    leader on the committee, a clerk on branch A."""
    TermFactory(start_year=2025, end_year=2030)
    committee = OrganizationFactory(name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee", short_name="ĐU")
    branch_a = OrganizationFactory(parent=committee, name="Chi bộ TDP Hoàng Trinh", kind="branch", sector="residential")
    branch_b = OrganizationFactory(parent=committee, name="Chi bộ Trạm Y tế", kind="branch", sector="agency")
    for name in BRANCH_A_NAMES:
        MemberFactory(organization=branch_a, full_name=name)
    for _n in range(10):
        MemberFactory(organization=branch_b)
    for username, organization, kind in (
        ("vanphong", committee, RoleKind.CLERK),
        ("bithu", committee, RoleKind.LEADER),
        ("chibo_a", branch_a, RoleKind.CLERK),
    ):
        RoleFactory(user=UserFactory(username=username, full_name=f"Đồng chí {username}"), organization=organization,
                    kind=kind)
    return committee, branch_a, branch_b


class People:
    """One logged-in browser profile per person, with their script and console errors collected.
    Every confirmation (data-confirm) is accepted."""

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
        page.goto("/")
        expect(page).to_have_url(re.compile(r"/accounts/login/"))
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        _go(page.locator("main form button[type=submit]"))
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        return page

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def people(browser, live_server):
    people = People(browser, live_server)
    yield people
    people.close()


# --- Helpers ------------------------------------------------------------------------------------


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _vi(label) -> str:
    with translation.override("vi"):
        return str(label)


def _state_is(page, congress, state):
    """The badge on a congress page and the stored state agree on `state`."""
    expect(page.locator('[data-testid="congress-state"]')).to_have_text(_vi(CongressState(state).label))
    congress.refresh_from_db()
    assert congress.state == state, f"the congress is {congress.state}, expected {state}"


def _no_error_message(page):
    expect(page.locator("main .alert-danger")).to_have_count(0)


def _success(page):
    expect(page.locator("main .alert-success").first).to_be_visible()
    _no_error_message(page)


def _go(locator):
    """Click a link or a form's button and wait for the page it leads to (after a POST, the
    page it redirects to), so that nothing is read from the page left behind."""
    with locator.page.expect_navigation():
        locator.click()


def _move(page, move):
    """Press the congress page's button for `move` (its form carries the move's value)."""
    _go(page.locator(f'[data-testid="moves"] form:has(input[name="move"][value="{move}"]) button[type=submit]'))


def _dmy(day) -> str:
    return f"{day:%d/%m/%Y}"


def _pdf(tmp_path, name) -> Path:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return path


# --- The journey --------------------------------------------------------------------------------


def test_a_congress_round_from_plan_to_ratification(live_server, office, people, tmp_path):
    committee, branch_a, branch_b = office
    today = timezone.localdate()

    clerk = people.log_in("vanphong")
    leader = people.log_in("bithu")
    branch = people.log_in("chibo_a")

    plan = _clerk_issues_a_plan_with_a_pilot(clerk, leader, committee, branch_a, branch_b, today)
    congress = plan.congresses.get(organization=branch_a)
    assert congress.is_pilot and congress.kind == "members" and congress.state == CongressState.PLANNED
    assert not plan.congresses.get(organization=branch_b).is_pilot

    _branch_prepares_and_submits(branch, congress, branch_a, today, tmp_path)

    _superior_reviews(clerk, leader, congress, today)

    _branch_holds_the_congress(branch, congress, today, tmp_path)

    _leader_ratifies(leader, congress)

    _dashboard_counts_it(clerk, plan)
    assert people.errors == []


def _clerk_issues_a_plan_with_a_pilot(page, leader, committee, branch_a, branch_b, today) -> Plan:
    # The committee's page, its Congresses tab, "New plan".
    page.goto(f"/org/{committee.pk}/")
    _go(page.locator(f'.nav-tabs a[href="/org/{committee.pk}/congresses/"]'))
    expect(page).to_have_url(re.compile(rf"/org/{committee.pk}/congresses/$"))
    _go(page.locator('[data-testid="new-plan"]'))
    expect(page).to_have_url(re.compile(rf"/org/{committee.pk}/plans/new/$"))
    page.locator("#id_subject").fill("Kế hoạch tổ chức đại hội chi bộ trực thuộc nhiệm kỳ 2025–2030")
    page.locator("#id_congresses_held_by").fill(_dmy(today + datetime.timedelta(days=60)))
    page.locator("#id_pilots_held_by").fill(_dmy(today + datetime.timedelta(days=30)))
    _shot(page, "01-plan-create")
    _go(page.locator("main form button[type=submit]"))

    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    _success(page)
    plan = Plan.objects.get(organization=committee)
    assert page.url.endswith(f"/plans/{plan.pk}/")
    assert set(plan.scope.values_list("organization_id", "is_pilot")) == {(branch_a.pk, False), (branch_b.pk, False)}
    expect(page.locator('[data-testid="issue-missing"]')).to_be_visible()  # not approved yet

    # Branch A is the pilot.
    _go(page.locator(f'[data-testid="actions"] a[href="/plans/{plan.pk}/scope/"]'))
    page.locator(f'input[name="pilots"][value="{branch_a.pk}"]').check()
    expect(page.locator(f'input[name="organizations"][value="{branch_b.pk}"]')).to_be_checked()
    _shot(page, "02-plan-scope")
    _go(page.locator("main form button[type=submit]"))
    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/$"))
    _success(page)
    assert set(plan.scope.values_list("organization_id", "is_pilot")) == {(branch_a.pk, True), (branch_b.pk, False)}
    expect(page.locator('[data-testid="scope"] tbody tr')).to_have_count(2)

    # The clerk writes the plan (nothing empty is approved) and submits it to the committee's
    # leaders...
    document = plan.document
    _go(page.locator(f'[data-testid="plan-document"] a[href="/documents/{document.pk}/"]'))
    _go(page.locator(f'[data-testid="actions"] a[href="/documents/{document.pk}/edit/"]'))
    editor = page.locator("[data-editor] [contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(
        "Các chi bộ trực thuộc tổ chức đại hội nhiệm kỳ 2025–2030 theo hướng dẫn của Đảng ủy; chi bộ điểm "
        "tổ chức trước để rút kinh nghiệm."
    )
    _go(page.locator("#body-form button[type=submit]"))
    expect(page).to_have_url(re.compile(rf"/documents/{document.pk}/$"))
    _go(page.locator(f'form[action="/documents/{document.pk}/submit/"] button'))
    _success(page)
    document.refresh_from_db()
    assert document.state == DocumentState.SUBMITTED

    # ...a leader of the committee approves it...
    leader.goto(f"/documents/{document.pk}/")
    _go(leader.locator(f'form[action="/documents/{document.pk}/approve/"] button'))
    _success(leader)
    expect(leader.locator('[data-testid="state"]')).to_have_text(_vi(DocumentState.APPROVED.label))
    document.refresh_from_db()
    assert document.state == DocumentState.APPROVED

    # ...and the clerk issues the plan: its number, and one congress per organisation.
    page.goto(f"/plans/{plan.pk}/")
    _shot(page, "03-plan-ready")
    _go(page.locator('[data-testid="issue-panel"] form[action$="/issue/"] button'))
    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/$"))
    _success(page)
    plan.refresh_from_db()
    plan.document.refresh_from_db()
    assert plan.is_open
    assert plan.document.state == DocumentState.ISSUED
    assert re.fullmatch(r"\d+-KH/ĐU", plan.document.symbol), plan.document.symbol
    expect(page.locator('[data-testid="plan-document"]')).to_contain_text(plan.document.symbol)
    expect(page.locator('[data-testid="congresses"] tbody tr')).to_have_count(2)
    expect(page.locator('[data-testid="issue-panel"]')).to_have_count(0)
    _shot(page, "04-plan-issued")
    return plan


def _political_report_docx() -> bytes:
    """The political report as a branch writes it in Word: every section of the outline."""
    made = docx.Document()
    sections = [
        ("Phần thứ nhất", ""),
        ("I. Kết quả đạt được", "Chi bộ lãnh đạo hoàn thành tốt nhiệm vụ chính trị; 100% đảng viên được học tập nghị quyết."),
        ("II. Hạn chế, khuyết điểm và nguyên nhân", "Sinh hoạt chuyên đề có lúc chưa phong phú."),
        ("III. Bài học kinh nghiệm", "Giữ vững đoàn kết, phát huy dân chủ trong chi bộ."),
        ("Phần thứ hai", ""),
        ("I. Mục tiêu tổng quát", "Xây dựng chi bộ trong sạch, vững mạnh; tổ dân phố văn minh, an toàn."),
        ("II. Các chỉ tiêu chủ yếu", "Các chỉ tiêu của nhiệm kỳ theo danh mục kèm theo dự thảo Nghị quyết."),
        ("III. Nhiệm vụ và giải pháp", "Củng cố tổ chức cơ sở đảng, nâng cao chất lượng sinh hoạt chi bộ."),
    ]
    for heading, text in sections:
        made.add_heading(heading, level=1 if heading.startswith("Phần") else 2)
        if text:
            made.add_paragraph(text)
    buffer = io.BytesIO()
    made.save(buffer)
    return buffer.getvalue()


def _branch_prepares_and_submits(page, congress, branch_a, today, tmp_path):
    # From the branch's Congresses tab to its congress.
    page.goto(f"/org/{branch_a.pk}/congresses/")
    _go(page.locator(f'[data-testid="congresses"] a[href="/congresses/{congress.pk}/"]'))
    expect(page).to_have_url(re.compile(rf"/congresses/{congress.pk}/$"))
    _state_is(page, congress, CongressState.PLANNED)
    expect(page.locator('[data-testid="pilot-badge"]')).to_be_visible()
    expect(page.locator('[data-testid="congress-name"]')).to_have_text(congress.name)

    # Date (today) and venue.
    _go(page.locator(f'[data-testid="schedule"] a[href="/congresses/{congress.pk}/schedule/"]'))
    page.locator("#id_scheduled_on").fill(_dmy(today))
    page.locator("#id_venue").fill("Hội trường TDP Hoàng Trinh")
    _go(page.locator("main form button[type=submit]"))
    expect(page).to_have_url(re.compile(rf"/congresses/{congress.pk}/$"))
    _success(page)
    congress.refresh_from_db()
    assert congress.scheduled_on == today and congress.venue == "Hội trường TDP Hoàng Trinh"
    expect(page.locator('[data-testid="schedule"]')).to_contain_text(_dmy(today))

    _move(page, "start_preparing")
    _success(page)
    _state_is(page, congress, CongressState.PREPARING)

    # The political report: drafted as its outline, then its sections brought in from the Word
    # file the branch wrote them in, and a line added in the editor.
    documents = page.locator('[data-testid="documents"]')
    _go(documents.locator('form:has(input[name="role"][value="political_report"]) button'))
    expect(page).to_have_url(re.compile(r"/documents/\d+/edit/$"))
    report = congress.documents.get(role=CongressDocumentRole.POLITICAL_REPORT).document
    assert page.url.endswith(f"/documents/{report.pk}/edit/")
    assert report.subject == f"của Chi ủy trình {congress.name}"
    word = tmp_path / "bao-cao-chinh-tri.docx"
    word.write_bytes(_political_report_docx())
    page.locator('[data-testid="docx-import"] input[type=file]').set_input_files(str(word))
    _go(page.locator('[data-testid="docx-import"] button'))
    expect(page).to_have_url(re.compile(rf"/documents/{report.pk}/edit/$"))
    editor = page.locator("[data-editor] [contenteditable=true]")
    expect(editor).to_contain_text("Nhiệm vụ và giải pháp")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Chi bộ hoàn thành toàn diện các chỉ tiêu nhiệm kỳ.")
    _shot(page, "05-report-edit")
    _go(page.locator("#body-form button[type=submit]"))
    expect(page).to_have_url(re.compile(rf"/documents/{report.pk}/$"))
    expect(page.locator('[data-testid="body"]')).to_contain_text("hoàn thành toàn diện các chỉ tiêu")

    # A target of the term, set on the congress's targets page.
    page.goto(f"/congresses/{congress.pk}/targets/")
    page.locator("#id_label").fill("đảng viên hoàn thành tốt nhiệm vụ")
    page.locator("#id_comparison").select_option("above")
    page.locator("#id_value").fill("95")
    page.locator("#id_unit").fill("%")
    _go(page.locator('[data-testid="target-add"]'))
    _success(page)
    expect(page.locator('[data-testid="target-list"]')).to_contain_text("trên 95% đảng viên hoàn thành tốt nhiệm vụ")

    # The draft resolution: drafted from the report's goal and tasks and the targets; only the
    # elections are left, to be written when the congress adopts it.
    page.goto(f"/congresses/{congress.pk}/")
    _go(documents.locator('form:has(input[name="role"][value="draft_resolution"]) button'))
    expect(page).to_have_url(re.compile(r"/documents/\d+/edit/$"))
    resolution = congress.documents.get(role=CongressDocumentRole.DRAFT_RESOLUTION).document
    assert resolution.doc_type == "NQ" and resolution.state == DocumentState.DRAFT
    body = resolution.versions.order_by("-number").first().body
    assert "QUYẾT NGHỊ" in body and "trên 95% đảng viên hoàn thành tốt nhiệm vụ" in body
    assert "Củng cố tổ chức cơ sở đảng" in body  # the report's tasks
    assert guard.leftovers(body) == []  # the elections' paragraph is a blank filled at adoption

    page.goto(f"/congresses/{congress.pk}/")
    expect(documents.locator(f'a[href="/documents/{report.pk}/"]')).to_be_visible()
    expect(documents.locator(f'a[href="/documents/{resolution.pk}/"]')).to_be_visible()
    _shot(page, "06-congress-preparing")
    _branch_prepares_the_personnel_plan(page, congress)
    page.goto(f"/congresses/{congress.pk}/")
    _move(page, "submit_for_review")
    _success(page)
    _state_is(page, congress, CongressState.SUBMITTED)
    for document in (report, resolution):
        document.refresh_from_db()
        assert document.state == DocumentState.SUBMITTED, f"{document.subject}: {document.state}"


def _branch_prepares_the_personnel_plan(page, congress):
    """The personnel plan (đề án nhân sự): created from the congress page, three committee
    nominees, one of them secretary, the first nomination step recorded in its form (the others
    through the service, to keep the journey short), then submitted to the superior."""
    from congress.rules import Actor
    from elections.models import NomineeRole, PersonnelPlan, PersonnelPlanState
    from elections.services import personnel

    _go(page.locator(f'[data-testid="personnel-plan-link"][href="/congresses/{congress.pk}/personnel/"]'))
    _go(page.locator('[data-testid="create-plan"]'))
    _success(page)
    plan = PersonnelPlan.objects.get(congress=congress)
    assert (plan.revision, plan.elects_committee, plan.committee_size) == (1, True, 3)  # ten official members
    members = {m.full_name: m for m in congress.organization.members.all()}
    for name, role in (
        ("Nguyễn Văn An", NomineeRole.COMMITTEE), ("Trần Thị Bình", NomineeRole.COMMITTEE),
        ("Lê Văn Cường", NomineeRole.COMMITTEE), ("Nguyễn Văn An", NomineeRole.SECRETARY),
    ):
        form = page.locator('[data-testid="nominee-form"]')
        form.locator("#id_member").select_option(str(members[name].pk))
        form.locator("#id_role").select_option(role.value)
        _go(form.locator("button[type=submit]"))
        _success(page)
    expect(page.locator('[data-testid="nominee"]')).to_have_count(4)
    women = page.locator('[data-testid="indicator"]').first
    # The members are all men here: the women indicator is red, and does not block the plan.
    expect(women).to_have_attribute("data-met", "false")
    steps = list(plan.steps.order_by("order", "pk"))
    _go(page.locator(f'a[href="/nomination-steps/{steps[0].pk}/"]'))
    page.locator("#id_held_on").fill(_dmy(timezone.localdate()))
    page.locator("#id_participants").fill("10")
    page.locator("#id_votes_for").fill("9")
    page.locator("#id_votes_against").fill("1")
    _go(page.locator("main form button[type=submit]"))
    _success(page)
    for step in steps[1:]:
        personnel.nomination_step_record(
            acting_user=plan.created_by, step=step, actors={Actor.CLERK}, held_on=timezone.localdate(),
            participants=10, votes_for=10, votes_against=0,
        )
    page.reload()
    _shot(page, "06b-personnel-plan")
    _go(page.locator('[data-testid="submit-plan"]'))
    _success(page)
    plan.refresh_from_db()
    assert plan.state == PersonnelPlanState.SUBMITTED


def _leader_approves_the_personnel_plan(leader, congress):
    from elections.models import PersonnelPlan, PersonnelPlanState

    _go(leader.locator(f'[data-testid="review-personnel-plan"] a[href="/congresses/{congress.pk}/personnel/"]'))
    _go(leader.locator('[data-testid="approve-plan"]'))
    _success(leader)
    expect(leader.locator('[data-testid="plan-state"]')).to_have_attribute("data-state", "approved")
    assert PersonnelPlan.objects.get(congress=congress).state == PersonnelPlanState.APPROVED
    leader.goto(f"/congresses/{congress.pk}/")


def _superior_reviews(clerk, leader, congress, today):
    # The clerk schedules the session for this morning, before the congress.
    clerk.goto(f"/congresses/{congress.pk}/")
    _go(clerk.locator(f'[data-testid="review"] a[href="/congresses/{congress.pk}/review/schedule/"]'))
    expect(clerk.locator('input[name="mode"][value="in_person"]')).to_be_checked()
    clerk.locator("#id_date").fill(_dmy(today))
    clerk.locator("#id_time").fill("07:00")
    clerk.locator("#id_place").fill("Phòng họp Đảng ủy phường")
    _shot(clerk, "07-review-schedule")
    _go(clerk.locator("main form button[type=submit]"))
    expect(clerk).to_have_url(re.compile(rf"/congresses/{congress.pk}/$"))
    _success(clerk)
    session = congress.reviews.get()
    local = timezone.localtime(session.starts_at)
    assert (local.date(), local.hour, local.minute) == (today, 7, 0)
    expect(clerk.locator('[data-testid="review-session"]')).to_contain_text("07:00")

    # The leader approves both documents and concludes.
    leader.goto(f"/congresses/{congress.pk}/")
    _go(leader.locator(f'[data-testid="review"] a[href="/reviews/{session.pk}/decide/"]'))
    items = leader.locator('[data-testid="review-items"] tbody tr')
    expect(items).to_have_count(2)
    for role in (CongressDocumentRole.POLITICAL_REPORT, CongressDocumentRole.DRAFT_RESOLUTION):
        leader.locator(f'input[name="{role.value}-verdict"][value="approved"]').check()
    _shot(leader, "08-review-decide")
    _go(leader.locator("main form button[type=submit]"))
    expect(leader).to_have_url(re.compile(rf"/congresses/{congress.pk}/$"))
    _success(leader)
    assert set(ReviewDecision.objects.filter(session=session).values_list("item", "verdict")) == {
        ("political_report", "approved"), ("draft_resolution", "approved"),
    }
    _leader_approves_the_personnel_plan(leader, congress)
    _go(leader.locator(f'form[action="/reviews/{session.pk}/conclude/"] button'))
    expect(leader).to_have_url(re.compile(rf"/congresses/{congress.pk}/$"))
    _success(leader)
    _state_is(leader, congress, CongressState.REVIEWED)
    session.refresh_from_db()
    assert session.concluded_at is not None
    expect(leader.locator('[data-testid="review-notice"]')).to_be_visible()
    for role in (CongressDocumentRole.POLITICAL_REPORT, CongressDocumentRole.DRAFT_RESOLUTION):
        assert congress.documents.get(role=role).document.state == DocumentState.APPROVED
    _shot(leader, "09-congress-reviewed")


def _branch_holds_the_congress(page, congress, today, tmp_path):
    members = {m.full_name: m for m in congress.organization.members.all()}

    # The summons list, drawn from the branch's ten members; one absent without an accepted
    # reason (still counted), everyone else present.
    page.goto(f"/congresses/{congress.pk}/")
    _go(page.locator(f'.nav-tabs a[href="/congresses/{congress.pk}/attendance/"]'))
    _go(page.locator('[data-testid="draw"]'))
    _success(page)
    expect(page.locator('[data-testid="attendance-row"]')).to_have_count(10)
    absent = Attendance.objects.get(congress=congress, member=members["Ngô Thị Lan"])
    page.locator(f'label[for="id_present_{absent.pk}_1"]').click()
    page.locator(f'input[name="reason_{absent.pk}"]').fill("Đi công tác")
    page.locator("#id_rest_present").check()
    _go(page.locator('[data-testid="save-attendance"]'))
    _success(page)
    assert Attendance.objects.filter(congress=congress, present=True).count() == 9
    absent.refresh_from_db()
    assert absent.present is False and not absent.absence_accepted
    expect(page.locator('[data-testid="required"]')).to_have_text("6")  # base 10
    _shot(page, "10-attendance")

    # The presidium, elected by show of hands: its presiding member signs the resolution.
    _go(page.locator(f'.nav-tabs a[href="/congresses/{congress.pk}/votes/"]'))
    expect(page.locator('[data-testid="base-summary"]')).to_be_visible()
    # The secretariat, the agenda and the counting board too: the minutes record every vote.
    present = [m for name, m in sorted(members.items()) if name != "Ngô Thị Lan"]
    presiding = present[0]
    for subject, elected in ((VoteSubject.PRESIDIUM, [presiding]), (VoteSubject.SECRETARIAT, [present[1]]),
                             (VoteSubject.AGENDA, []), (VoteSubject.COUNTING_BOARD, present[2:4])):
        page.locator("#id_subject").select_option(subject.value)
        if elected:
            page.locator("#id_members").select_option([str(m.pk) for m in elected])
        page.locator("#id_votes_for").fill("9")
        _go(page.locator('[data-testid="record-vote"]'))
        _success(page)

    # The resolution: 8 of a base of 10 → adopted, and issued in the congress's sequence, signed
    # for the presidium by its presiding member; no election recorded here, so its item on the
    # elections is a line to fill in by hand (decision D64).
    expect(page.locator('[data-testid="adoption-problem"]')).to_be_visible()
    page.locator("#id_resolution_for").fill("8")
    page.locator("#id_resolution_against").fill("1")
    _go(page.locator('[data-testid="adopt"]'))
    expect(page).to_have_url(re.compile(rf"/congresses/{congress.pk}/votes/$"))
    _success(page)
    vote = ShowOfHands.objects.get(congress=congress, subject=VoteSubject.RESOLUTION)
    assert (vote.votes_for, vote.votes_against, vote.base, vote.passed) == (8, 1, 10, True)
    resolution = congress.documents.get(role=CongressDocumentRole.DRAFT_RESOLUTION).document
    assert resolution.signer_name == presiding.full_name and "Dự thảo" not in resolution.subject
    assert resolution.state == DocumentState.ISSUED and re.fullmatch(r"\d+-NQ/.+", resolution.symbol), resolution.symbol
    expect(page.locator('[data-testid="resolution"]')).to_contain_text(resolution.symbol)
    _shot(page, "11-votes")

    # Held today.
    page.goto(f"/congresses/{congress.pk}/")
    expect(page.locator('[data-testid="day-resolution"]')).to_contain_text(resolution.symbol)
    expect(page.locator('[data-testid="moves"] input[name="on"]')).to_have_value(_dmy(today))
    _move(page, "record_held")
    _success(page)
    _state_is(page, congress, CongressState.HELD)
    assert congress.held_on == today

    # The minutes: the day, its times and the summary of the discussion entered, drafted from the
    # records (to their document page), then issued on the day they record.
    _go(page.locator(f'[data-testid="day-minutes"] a[href="/congresses/{congress.pk}/minutes/draft/"]'))
    expect(page.locator('[data-testid="minutes-form"] input[name="held_on"]')).to_have_value(_dmy(today))
    page.locator('[data-testid="minutes-form"] input[name="opening_time"]').fill("07:30")
    page.locator('[data-testid="minutes-form"] input[name="closing_time"]').fill("11:00")
    page.locator('[data-testid="minutes-form"] textarea[name="discussion"]').fill(
        "Đồng chí Bí thư Đảng ủy phường phát biểu chỉ đạo Đại hội.\nCác đảng viên góp ý về công tác phát triển đảng viên."
    )
    _go(page.locator('[data-testid="minutes-form"] button[type="submit"]'))
    expect(page).to_have_url(re.compile(r"/documents/\d+/$"))
    minutes = congress.documents.get(role=CongressDocumentRole.MINUTES).document
    assert page.url.endswith(f"/documents/{minutes.pk}/")
    expect(page.locator('[data-testid="body"]')).to_contain_text(congress.venue)
    expect(page.locator('[data-testid="body"]')).to_contain_text("khai mạc vào hồi 7 giờ 30 phút")
    expect(page.locator('[data-testid="body"]')).to_contain_text("phát triển đảng viên")
    page.goto(f"/congresses/{congress.pk}/")
    _go(page.locator(f'[data-testid="day-minutes"] a[href="/congresses/{congress.pk}/minutes/issue/"]'))
    expect(page.locator('[data-testid="minutes-form"] input[name="document_date"]')).to_have_value(_dmy(today))
    _go(page.locator('[data-testid="minutes-form"] button[type="submit"]'))
    expect(page).to_have_url(re.compile(rf"/documents/{minutes.pk}/$"))
    _success(page)
    minutes.refresh_from_db()
    assert minutes.state == DocumentState.ISSUED and re.fullmatch(r"\d+-BB/.+", minutes.symbol), minutes.symbol

    # The elected: three committee members, then one of them as secretary.
    page.goto(f"/congresses/{congress.pk}/")
    _go(page.locator(f'[data-testid="elected-link"][href="/congresses/{congress.pk}/elected/"]'))
    for typed, position in (
        ("nguyen van an", "member"), ("tran thi binh", "member"), ("le van cuong", "member"),
        ("nguyen van an", "secretary"),
    ):
        _record_elected(page, congress, typed, position)
    seats = dict(ElectedSeat.objects.filter(congress=congress).values_list("member__full_name", "position"))
    assert seats == {"Nguyễn Văn An": "secretary", "Trần Thị Bình": "member", "Lê Văn Cường": "member"}
    expect(page.locator('[data-testid="elected-table"] tbody tr')).to_have_count(3)
    expect(page.locator('[data-testid="elected-warning"]')).to_have_count(0)
    _shot(page, "12-elected")

    # The dossier: the three uploaded items (the resolution and minutes come from their documents).
    _go(page.locator(f'.nav-tabs a[href="/congresses/{congress.pk}/dossier/"]'))
    for kind, name in (
        (DossierKind.ELECTION_MINUTES, "Biên bản bầu cử.pdf"),
        (DossierKind.SUMMARY_LIST, "Danh sách trích ngang.pdf"),
        (DossierKind.CVS, "Sơ yếu lý lịch.pdf"),
    ):
        page.locator("#id_kind").select_option(kind.value)
        page.locator("#id_file").set_input_files(str(_pdf(tmp_path, name)))
        _go(page.locator('form[enctype="multipart/form-data"] button[type=submit]'))
        expect(page).to_have_url(re.compile(rf"/congresses/{congress.pk}/dossier/$"))
        _success(page)
        expect(page.locator(f'[data-testid="dossier-item-{kind.value}"] a[href^="/dossier-files/"]')).to_have_count(1)
    assert sorted(congress.dossier.values_list("kind", flat=True)) == ["cvs", "election_minutes", "summary_list"]
    expect(page.locator('[data-testid="dossier-summary"]')).to_have_class(re.compile(r"\balert-success\b"))
    _shot(page, "13-dossier")

    # The results reported today.
    page.goto(f"/congresses/{congress.pk}/")
    expect(page.locator('[data-testid="moves"] input[name="on"]')).to_have_value(_dmy(today))
    _move(page, "report_results")
    _success(page)
    _state_is(page, congress, CongressState.RESULTS_REPORTED)
    assert congress.results_received_on == today
    expect(page.locator('[data-testid="ratify-link"]')).to_have_count(0)  # the branch does not ratify
    _shot(page, "14-results-reported")


def _record_elected(page, congress, typed, position):
    """Find a member by typing an unaccented name (htmx fills the choices), choose the position, save."""
    search = page.locator("#member-search")
    search.fill("")
    search.press_sequentially(typed, delay=10)
    page.wait_for_function(
        "([id, words]) => { const o = document.querySelector(id).selectedOptions[0];"
        " return o && o.value && words.every(w => o.text.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '')"
        ".replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().includes(w)); }",
        arg=["#id_member", typed.split()],
    )
    page.locator("#id_position").select_option(position)
    _go(page.locator("form:has(#id_member) button[type=submit]"))
    expect(page).to_have_url(re.compile(rf"/congresses/{congress.pk}/elected/$"))
    _success(page)


def _leader_ratifies(page, congress):
    page.goto(f"/congresses/{congress.pk}/")
    _go(page.locator('[data-testid="ratify-link"]'))
    expect(page).to_have_url(re.compile(rf"/congresses/{congress.pk}/ratify/$"))
    expect(page.locator('[data-testid="ratify-problems"]')).to_have_count(0)
    _shot(page, "15-ratify")
    _go(page.locator("main form button[type=submit]"))
    expect(page).to_have_url(re.compile(rf"/congresses/{congress.pk}/$"))
    _success(page)
    _state_is(page, congress, CongressState.RATIFIED)
    decision = congress.documents.get(role=CongressDocumentRole.RATIFICATION).document
    assert decision.state == DocumentState.ISSUED
    assert re.fullmatch(r"01-QĐ/ĐU", decision.symbol), decision.symbol
    expect(page.locator('[data-testid="ratification-decision"]')).to_contain_text("01-QĐ/")
    expect(page.locator('[data-testid="ratification-decision"]')).to_contain_text(decision.symbol)
    # The elected are the branch's committee for the term.
    assert set(
        CommitteeSeat.objects.filter(organization=congress.organization, term=congress.plan.term)
        .values_list("member__full_name", "position")
    ) == {("Nguyễn Văn An", "secretary"), ("Trần Thị Bình", "member"), ("Lê Văn Cường", "member")}
    _shot(page, "16-ratified")


def _dashboard_counts_it(page, plan):
    page.goto(f"/plans/{plan.pk}/")
    _go(page.locator(f'[data-testid="actions"] a[href="/plans/{plan.pk}/progress/"]'))
    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/progress/$"))
    states = page.locator('[data-testid="states"]')
    expect(states.locator('[data-state="ratified"]')).to_have_text("1")
    expect(states.locator('[data-state="planned"]')).to_have_text("1")
    for state in ("preparing", "submitted", "reviewed", "held", "results_reported", "annulled"):
        expect(states.locator(f'[data-state="{state}"]')).to_have_text("0")
    expect(page.locator('[data-testid="headline"]')).to_contain_text("1/2")
    expect(page.locator('[data-testid="pilots"]')).to_contain_text("1/1")
    _shot(page, "17-dashboard")
    assert Congress.objects.filter(plan=plan, state=CongressState.RATIFIED).count() == 1
