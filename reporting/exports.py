"""The Excel and JSON exports of a scope's results (issue 6): one row per unit with every figure,
and the totals computed by the database (reporting.statistics.totals), never summed here. The
JSON keys are stable and documented in docs/statistics.md ("JSON keys") for other Party systems.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from branches import spreadsheets
from branches.models import Sector
from congress.models import CongressState
from congress.progress import choice_labels

from .statistics import FIGURES, FIGURES_BY_KEY, UNIT_FIGURES, Scope, Totals, formatted, overdue_congresses, totals, units

# Every figure of a unit, in the order of FIGURES ("overdue" read with the deadline rule).
EXPORT_FIGURES = [figure.key for figure in FIGURES]
HEADER_ROWS = 5  # title, plan, scope, date, blank; the column headers follow
COUNT_FORMAT = "#,##0"
SHARE_FORMAT = "0.00"
DATE_FORMAT = "dd/mm/yyyy"


def _rounded(value) -> float | None:
    if value is None:
        return None
    return float(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _unit_rows(scope: Scope, today: date) -> list[dict]:
    """The units of the scope in tree order with every figure, "overdue" as 0 or 1."""
    rows = units(scope, today=today)
    overdue = overdue_congresses(scope, today=today)
    for row in rows:
        row["overdue"] = int(row["pk"] in overdue)
    return rows


def workbook(scope: Scope, today: date) -> bytes:
    """The scope's results as an .xlsx file: a header (title, plan, scope, date), the column
    headers in Vietnamese, one row per unit, and the totals row ("Tổng cộng")."""
    plan = scope.plan
    found = totals(scope, today=today)
    rows = _unit_rows(scope, today)
    states = choice_labels(CongressState, get_language())
    sectors = dict(Sector.choices)

    book = spreadsheets.Workbook()
    sheet = book.active
    sheet.title = _("Results")[:31]
    sheet["A1"] = _("Results of the congress round")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = _("Plan: %(plan)s (term %(term)s)") % {"plan": str(plan), "term": str(plan.term)}
    sheet["A3"] = _("Scope: %(scope)s") % {"scope": scope.label}
    sheet["A4"] = _("Date %(day)s") % {"day": f"{today:%d/%m/%Y}"}

    fixed = [_("Unit"), _("Sector"), _("State"), _("Pilot"), _("Held on"), _("Ratified on")]
    headers = fixed + [str(FIGURES_BY_KEY[key].label) for key in EXPORT_FIGURES]
    head = HEADER_ROWS + 1
    for index, text in enumerate(headers, start=1):
        cell = sheet.cell(row=head, column=index, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    first = len(fixed) + 1
    for number, row in enumerate(rows, start=head + 1):
        values = [
            row["organization__name"], str(sectors.get(row["organization__sector"], "")),
            states.get(row["state"], row["state"]), _("yes") if row["is_pilot"] else _("no"),
            row["held_on"], row["ratified_on"],
        ]
        values += [_rounded(row[key]) if FIGURES_BY_KEY[key].decimal else row[key] for key in EXPORT_FIGURES]
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=index, value=value)
            if index in (5, 6):
                cell.number_format = DATE_FORMAT
            elif index >= first:
                cell.number_format = SHARE_FORMAT if FIGURES_BY_KEY[EXPORT_FIGURES[index - first]].decimal else COUNT_FORMAT

    total_row = head + len(rows) + 1
    sheet.cell(row=total_row, column=1, value=_("Total")).font = Font(bold=True)
    for offset, key in enumerate(EXPORT_FIGURES):
        if FIGURES_BY_KEY[key].decimal:
            value = f"{formatted(found.share_lowest)} – {formatted(found.share_highest)}"
        else:
            value = found[key]
        cell = sheet.cell(row=total_row, column=first + offset, value=value)
        cell.font = Font(bold=True)
        if not FIGURES_BY_KEY[key].decimal:
            cell.number_format = COUNT_FORMAT

    sheet.freeze_panes = sheet.cell(row=head + 1, column=2)
    sheet.column_dimensions["A"].width = 40
    for index in range(2, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    return spreadsheets.as_bytes(book)


def _shares(found: Totals) -> dict[str, float | None]:
    return {figure.key: _rounded(found.share_percent(figure.key)) for figure in FIGURES if figure.of}


def as_json(scope: Scope, today: date) -> dict:
    """The scope's results with the keys documented in docs/statistics.md ("JSON keys")."""
    plan = scope.plan
    found = totals(scope, today=today)
    figures = {key: found[key] for key in EXPORT_FIGURES if not FIGURES_BY_KEY[key].decimal}
    figures.update({
        "change": found.change,
        "change_percent": _rounded(found.change_percent),
        "secretary_share_lowest": _rounded(found.share_lowest),
        "secretary_share_highest": _rounded(found.share_highest),
    })
    return {
        "plan": {
            "id": plan.pk, "symbol": plan.document.symbol, "organization": plan.organization.name,
            "term": str(plan.term),
        },
        "scope": {"key": scope.key, "label": scope.label},
        "generated_on": today.isoformat(),
        "figures": figures,
        "shares": _shares(found),
        "units": [
            {
                "congress_id": row["pk"],
                "organization_id": row["organization_id"],
                "organization": row["organization__name"],
                "sector": row["organization__sector"],
                "state": row["state"],
                "is_pilot": row["is_pilot"],
                "held_on": row["held_on"].isoformat() if row["held_on"] else None,
                "ratified_on": row["ratified_on"].isoformat() if row["ratified_on"] else None,
                **{key: (_rounded(row[key]) if FIGURES_BY_KEY[key].decimal else row[key])
                   for key in [*UNIT_FIGURES, "overdue"]},
            }
            for row in _unit_rows(scope, today)
        ],
    }
