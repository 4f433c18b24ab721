"""The results of a congress round, in the browser (issue 6, "results and statistics").

A small completed round is built through the ORM: the superior's plan issued with branch A as its
pilot, branch A and branch B holding their congresses (six elected, three of them women, one
re-elected from the 2019–2022 committee), a third branch not held yet. Then the superior's clerk:

1. opens the plan's progress dashboard and its "Kết quả" tab, and reads the figures in
   Vietnamese format;
2. follows the women figure to the units behind it, sorts the per-unit table by a column both
   ways, and narrows the page to one sector through the scope select;
3. downloads the Excel workbook and reads its totals row with openpyxl;
4. drafts the summary report from the figures and finds its sentence on the document page;
5. registers an emulation work on the "Thi đua, khen thưởng" tab and sees it listed.

Elements are found by ids, data attributes and URLs; the texts checked are the figures and the
report's sentence. No page may raise a script error or log a console error.

Set JOURNEY_SHOTS=/some/dir to save a screenshot of each main page while developing.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from playwright.sync_api import expect

from branches.models import CommitteeSeat
from branches.tests.factories import MemberFactory, OrganizationFactory, TermFactory
from congress.models import ElectedSeat
from congress.tests.builders import issued_plan, put_in_state
from reporting.models import EmulationWork, RoundReport
from reporting.statistics import FIGURES_BY_KEY

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("no_rendering")]

SHOTS = os.environ.get("JOURNEY_SHOTS", "")
PASSWORD = "secret-pass-123"  # UserFactory's
TIMEOUT_MS = 15_000  # as tests/browser/conftest.py
# Branch -> its elected (position, gender), the first `re_elected` of them on the 2019–2022 committee.
ELECTED = {
    "a": [("secretary", "female"), ("deputy_secretary", "female"), ("member", "female"), ("member", "male")],
    "b": [("secretary", "male"), ("member", "male")],
}


def _hold(congress, organization, seats, *, held_on, previous_term=None, re_elected=0):
    for index, (position, gender) in enumerate(seats):
        member = MemberFactory(organization=organization, gender=gender)
        if index < re_elected:
            CommitteeSeat.objects.create(organization=organization, term=previous_term, member=member, position=position)
        ElectedSeat.objects.create(congress=congress, member=member, position=position)
    return put_in_state(congress, "held", held_on=held_on)


@pytest.fixture
def round_(transactional_db, superior, branch_a, branch_b, superior_clerk, superior_leader):
    """Branch A (residential, the pilot) and branch B (agency) held their congresses; branch C
    (agency) has not."""
    branch_a.sector = "residential"
    branch_a.save(update_fields=["sector"])
    branch_c = OrganizationFactory(parent=superior, name="Chi bộ Trường Tiểu học", kind="branch", sector="agency")
    previous_term = TermFactory(start_year=2019, end_year=2022)
    plan = issued_plan(organization=superior, clerk=superior_clerk, leader=superior_leader, pilots=[branch_a])
    congresses = {
        "a": plan.congresses.get(organization=branch_a),
        "b": plan.congresses.get(organization=branch_b),
        "c": plan.congresses.get(organization=branch_c),
    }
    _hold(congresses["a"], branch_a, ELECTED["a"], held_on=datetime.date(2022, 6, 10),
          previous_term=previous_term, re_elected=1)
    _hold(congresses["b"], branch_b, ELECTED["b"], held_on=datetime.date(2022, 7, 5))
    return plan, congresses, {"a": branch_a, "b": branch_b, "c": branch_c}


@pytest.fixture
def clerk_page(browser, live_server, superior_clerk):
    """The superior's clerk, logged in through the login form; script and console errors collected."""
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1366, "height": 900}, accept_downloads=True,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda m: page.errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(superior_clerk.username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    yield page
    context.close()


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"results-{name}.png"), full_page=True)


def _go(locator):
    with locator.page.expect_navigation():
        locator.click()


def _units(page) -> list[int]:
    rows = page.locator('[data-testid="units"] tbody tr[data-unit]')
    return [int(value) for value in rows.evaluate_all("rows => rows.map(r => r.dataset.unit)")]


def test_results_figures_units_scope_excel_report_and_register(clerk_page, round_):
    page = clerk_page
    plan, congresses, branches = round_
    a, b, c = (congresses[key].pk for key in "abc")
    results_url = reverse("plan_results", args=[plan.pk])

    # 1. The progress dashboard, then its "Kết quả" tab.
    page.goto(reverse("plan_dashboard", args=[plan.pk]))
    tab = page.locator(f'.nav-tabs a[href="{results_url}"]')
    expect(tab).to_have_text("Kết quả")
    _go(tab)
    expect(page).to_have_url(re.compile(re.escape(results_url) + "$"))
    expect(page.locator(f'.nav-tabs a[href="{results_url}"]')).to_have_attribute("aria-current", "page")
    expect(page.locator('[data-figure="elected"]')).to_have_text("6")
    expect(page.locator('[data-figure="women"]')).to_have_text("3 (50,00%)")
    expect(page.locator('[data-figure="held"]')).to_have_text(re.compile(r"^2(/3)? \(66,67%\)$"))  # of the units
    expect(page.locator('[data-figure="re_elected"]')).to_have_text(re.compile(r"^1 \(16,67%\)$"))
    expect(page.locator("[data-chart] svg").first).to_be_visible()
    assert _units(page) == [a, b, c]  # the plan's tree order
    _shot(page, "1-results")

    # 2a. The women figure's link: only branch A is behind it.
    _go(page.locator('tr:has(> [data-figure="women"]) a'))
    expect(page).to_have_url(re.compile(r"figure=women"))
    assert _units(page) == [a]
    _shot(page, "2-women")
    expect(page.locator('[data-testid="unit-count"]')).to_contain_text("1")
    expect(page.locator("#results-figure")).to_have_value("women")
    expect(page.locator('[data-testid="units"] tbody')).to_contain_text(branches["a"].name)
    expect(page.locator('[data-testid="units"] tbody')).not_to_contain_text(branches["b"].name)

    # 2b. Every unit again (the figure select), then sorted by the elected, up and down.
    page.locator("#results-figure").select_option("")
    _go(page.locator('[data-testid="figure-form"] button[type=submit]'))
    assert _units(page) == [a, b, c]
    _go(page.locator('th[data-column="elected"] a'))
    expect(page.locator('th[data-column="elected"]')).to_contain_text("▲")
    assert _units(page) == [c, b, a]  # 0, 2, 4 elected
    _go(page.locator('th[data-column="elected"] a'))
    expect(page.locator('th[data-column="elected"]')).to_contain_text("▼")
    assert _units(page) == [a, b, c]
    columns = page.locator('[data-testid="units"] thead th').evaluate_all(
        "cells => cells.map(c => c.dataset.column || '')"
    )
    totals = page.locator('[data-testid="totals"] td').all_inner_texts()
    assert totals[columns.index("elected") - 1] == "6"  # the first cell spans the unit and state columns
    assert totals[columns.index("women") - 1] == "3"

    # 2c. The scope select: the residential sector is branch A alone.
    scope_keys = page.locator("#results-scope option").evaluate_all("options => options.map(o => o.value)")
    assert scope_keys[0] == "" and "sector:residential" in scope_keys and "sector:agency" in scope_keys
    page.locator("#results-scope").select_option("sector:residential")
    _go(page.locator('[data-testid="scope-form"] button[type=submit]'))
    expect(page).to_have_url(re.compile(r"scope=sector%3Aresidential"))
    assert _units(page) == [a]
    expect(page.locator('[data-figure="elected"]')).to_have_text("4")
    expect(page.locator('[data-figure="women"]')).to_have_text("3 (75,00%)")
    expect(page.locator('[data-testid="xlsx"]')).to_have_attribute("href", re.compile(r"scope=sector%3Aresidential"))

    # 3. Back to the whole plan; its Excel workbook, with the totals row.
    page.locator("#results-scope").select_option("")
    _go(page.locator('[data-testid="scope-form"] button[type=submit]'))
    expect(page.locator('[data-figure="elected"]')).to_have_text("6")
    with page.expect_download() as download:
        page.locator('[data-testid="xlsx"]').click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as xlsx:
        sheet = load_workbook(xlsx).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row[0] == "Đơn vị")
    with translation.override("vi"):
        elected_label, women_label = str(FIGURES_BY_KEY["elected"].label), str(FIGURES_BY_KEY["women"].label)
    names = [row[0] for row in rows[rows.index(header) + 1:]]
    assert names == [branches["a"].name, branches["b"].name, branches["c"].name, "Tổng cộng"]
    total = rows[-1]
    assert total[header.index(elected_label)] == 6 and total[header.index(women_label)] == 3
    assert rows[rows.index(header) + 1][header.index(elected_label)] == 4

    # 4. The summary report, drafted from the figures: the document page with its sentence.
    report_button = page.locator('[data-testid="round-reports"] form button[type=submit]')
    _go(report_button)
    report = RoundReport.objects.get(plan=plan)
    expect(page).to_have_url(re.compile(re.escape(reverse("document_detail", args=[report.document_id])) + "$"))
    expect(page.locator("main .alert-success").first).to_be_visible()
    expect(page.locator('[data-testid="body"]')).to_contain_text(
        "Đại hội các chi bộ đã bầu ra cấp ủy nhiệm kỳ 2022–2025 gồm 6 đồng chí"
    )
    expect(page.locator('[data-testid="body"]')).to_contain_text("cấp ủy là nữ 3 đồng chí (chiếm 50,00%)")
    expect(page.locator('[data-testid="body"]')).to_contain_text("số lượng cấp ủy tái cử là 1 đồng chí")
    _shot(page, "3-report")
    # The results page lists the report, linked to its document.
    page.goto(results_url)
    expect(page.locator(
        f'[data-testid="round-reports"] a[href="{reverse("document_detail", args=[report.document_id])}"]'
    )).to_be_visible()

    # 5. The "Thi đua, khen thưởng" tab: register a work for branch A, see it listed.
    emulation_url = reverse("plan_emulation", args=[plan.pk])
    emulation_tab = page.locator(f'.nav-tabs a[href="{emulation_url}"]')
    expect(emulation_tab).to_have_text("Thi đua, khen thưởng")
    _go(emulation_tab)
    page.locator('[data-testid="add-work"] summary').click()
    form = page.locator('[data-testid="add-work"] form')
    form.locator("#id_organization").select_option(str(branches["a"].pk))
    form.locator("#id_name").fill("Sửa chữa nhà văn hóa tổ dân phố")
    form.locator("#id_owner").fill("Chi đoàn thanh niên")
    form.locator("#id_status").select_option("registered")
    expect(form.locator("#id_registered_on")).not_to_have_value("")  # today, prefilled
    _go(form.locator("button[type=submit]"))
    expect(page).to_have_url(re.compile(re.escape(emulation_url) + "$"))
    expect(page.locator("main .alert-success").first).to_be_visible()
    listed = page.locator(f'[data-testid="works"] tbody[data-organization="{branches["a"].pk}"]')
    expect(listed).to_contain_text("Sửa chữa nhà văn hóa tổ dân phố")
    expect(listed).to_contain_text("Chi đoàn thanh niên")
    _shot(page, "4-register")
    work = EmulationWork.objects.get(plan=plan)
    assert (work.organization, work.status) == (branches["a"], "registered")

    # The results count the work now.
    page.goto(results_url)
    expect(page.locator('[data-figure="works"]')).to_have_text(re.compile(r"^1\b"))
    assert page.errors == []
