"""The Excel and JSON exports: the header with the scope and date, a row per unit with every
figure, the totals row from the database's totals, the documented JSON keys, the downloads."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from branches.models import Organization
from branches.tests.factories import OrganizationFactory
from branches.tests.workbooks import HOSTILE, assert_data_only
from reporting.exports import EXPORT_FIGURES, HEADER_ROWS, as_json, workbook
from reporting.statistics import FIGURES, UNIT_FIGURES, Scope
from reporting.tests.builders import HELD_ON, held

TODAY = datetime.date(2022, 8, 1)


@pytest.fixture
def results(open_plan, congress_a, branch_a, previous_term, english):
    """Branch A's results ratified: 5 elected, 2 women, 3 re-elected."""
    held(congress_a, branch_a, elected=5, women=2, previous_term=previous_term, re_elected=3, state="ratified",
         ratified_on=HELD_ON + datetime.timedelta(days=5))
    return open_plan


def test_workbook_has_the_header_a_row_per_unit_and_the_totals(results, congress_a, congress_b, branch_a):
    book = load_workbook(BytesIO(workbook(Scope(results), TODAY)))
    sheet = book.active
    assert sheet["A1"].value == "Results of the congress round"
    assert str(results) in sheet["A2"].value
    assert sheet["A3"].value == "Scope: The whole plan"
    assert sheet["A4"].value == "Date 01/08/2022"
    head = [cell.value for cell in sheet[HEADER_ROWS + 1]]
    assert head[0] == "Unit" and "Women" in head and len(head) == 6 + len(FIGURES)
    rows = list(sheet.iter_rows(min_row=HEADER_ROWS + 2, values_only=True))
    assert len(rows) == 3  # two units, then the totals
    by_name = {row[0]: dict(zip(head, row)) for row in rows}
    unit = by_name[branch_a.name]
    assert unit["Committee members elected"] == 5 and unit["Women"] == 2 and unit["Re-elected"] == 3
    assert unit["Held on"].date() == HELD_ON
    total = dict(zip(head, rows[-1]))
    assert total["Unit"] == "Total" and total["Committee members elected"] == 5
    assert total["Congresses in scope"] == 2 and total["Congresses held"] == 1
    assert sheet.freeze_panes == f"B{HEADER_ROWS + 2}"
    assert sheet.cell(row=HEADER_ROWS + 2, column=7).number_format == "#,##0"


def test_json_has_the_documented_keys(results, congress_a, branch_a):
    found = as_json(Scope(results), TODAY)
    assert set(found) == {"plan", "scope", "generated_on", "figures", "shares", "units"}
    assert set(found["plan"]) == {"id", "symbol", "organization", "term"}
    assert found["plan"]["id"] == results.pk and found["plan"]["term"] == str(results.term)
    assert found["scope"] == {"key": "", "label": "The whole plan"}
    assert found["generated_on"] == "2022-08-01"
    figures = found["figures"]
    assert {figure.key for figure in FIGURES if not figure.decimal} <= set(figures)
    assert {"change", "change_percent", "secretary_share_lowest", "secretary_share_highest"} <= set(figures)
    assert figures["elected"] == 5 and figures["change"] == 2 and figures["change_percent"] == 66.67
    assert found["shares"]["women"] == 40.0 and found["shares"]["held"] == 50.0
    assert found["shares"]["delegates_official"] is None  # nothing allocated: no share
    unit = next(u for u in found["units"] if u["congress_id"] == congress_a.pk)
    assert set(unit) == {
        "congress_id", "organization_id", "organization", "sector", "state", "is_pilot", "held_on", "ratified_on",
        *UNIT_FIGURES, "overdue",
    }
    assert unit["organization"] == branch_a.name and unit["held_on"] == "2022-06-20" and unit["women"] == 2
    assert set(EXPORT_FIGURES) == {figure.key for figure in FIGURES}


@pytest.fixture
def viewer(en, superior_viewer):
    en.force_login(superior_viewer)
    return en


def test_downloads(viewer, results, branch_a):
    response = viewer.get(reverse("plan_results_xlsx", args=[results.pk]), {"scope": "sector:agency"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"] and "sector-agency" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A3"].value.startswith("Scope: ")

    response = viewer.get(reverse("plan_results_json", args=[results.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json()["figures"]["elected"] == 5
    assert branch_a.name.encode() in response.content  # not \\u-escaped


def test_a_bad_scope_is_refused_with_a_message(viewer, results):
    for name in ("plan_results_xlsx", "plan_results_json"):
        response = viewer.get(reverse(name, args=[results.pk]), {"scope": "org:999999"})
        assert response.status_code == 400
    assert "scope" in response.json()["error"]


@pytest.fixture
def more_branches(superior):
    """Three more branches of the superior, before the plan is issued, so each has a congress."""
    return [OrganizationFactory(parent=superior, name=f"Chi bộ {n}", kind="branch") for n in range(3)]


def test_unit_names_that_look_like_formulas_are_text(more_branches, viewer, results, branch_a, branch_b):
    """Issue 15, item 1: an organisation renamed "=HYPERLINK(…)" is a name in the export."""
    for organization, text in zip([branch_a, branch_b, *more_branches], HOSTILE, strict=True):
        Organization.objects.filter(pk=organization.pk).update(name=text)
    response = viewer.get(reverse("plan_results_xlsx", args=[results.pk]))
    assert response.status_code == 200
    assert_data_only(response.content)
