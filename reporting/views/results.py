"""The results of a congress round (issue 6): the figures of a scope of the plan with the units
behind each, the charts, the per-unit table (filtered by a figure, sorted by any column), and
the Excel and JSON exports of the same figures. Read-only, for every role on the plan's
committee; each page answers in a fixed number of queries whatever the number of congresses."""

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from branches.models import Sector
from branches.text import format_number
from congress.access import get_plan
from congress.models import CongressState, Plan, WorkingGroup
from congress.progress import choice_labels
from congress.views.progress import plan_area

from .. import exports
from ..freshness import remembered
from ..charts import round_charts, units_chart
from .report import report_context
from ..statistics import FIGURES, FIGURES_BY_KEY, SECTION_LABELS, UNIT_FIGURES, Scope, Totals, formatted, named, scope_committees, totals, unit_rows

UNITS_PER_PAGE = 100
# The columns of the per-unit table, besides the unit and its state; the figure the table is
# filtered or sorted by is added when it is not among them.
TABLE_COLUMNS = [
    "held", "elected", "re_elected", "new", "women", "young", "minority", "secretaries", "secretaries_direct",
    "secretary_share", "delegates_official", "delegates_alternate", "works", "awards",
]
ORDERS = {"", "asc", "desc"}


def _choices(plan: Plan) -> list[tuple[str, str]]:
    """The scopes offered: the whole plan, each committee of the plan's subtree with congresses
    below it, each sector of the plan's congresses, each working group. Four queries."""
    found = [("", _("The whole plan"))]
    found += [(f"org:{o.pk}", o.name) for o in scope_committees(plan)]
    sectors = set(plan.congresses.values_list("organization__sector", flat=True))
    found += [(f"sector:{value}", str(label)) for value, label in Sector.choices if value in sectors]
    found += [(f"group:{g.pk}", g.name) for g in WorkingGroup.objects.filter(plan=plan).order_by("name", "pk")]
    return found


def _scope(request: HttpRequest, plan: Plan) -> Scope:
    """The scope the request names; the whole plan, with a warning, when it names nothing."""
    scope = Scope.parse(plan, request.GET.get("scope", ""))
    if scope is None:
        messages.warning(request, _("That scope is not part of this plan: showing the whole plan."))
        scope = Scope(plan)
    return scope


def _change(t: Totals) -> str:
    """ "tăng 3,2%" / "giảm 3,2%" against the previous committees; "" when there were none."""
    if t.change_percent is None:
        return ""
    if not t.change:
        return _("no change")
    percent = format_number(abs(t.change_percent), 1) + "%"
    return (_("up %(percent)s") if t.change > 0 else _("down %(percent)s")) % {"percent": percent}


def _share_range(t: Totals) -> str:
    """The secretaries' winning shares: "lowest 85,71%, highest 96,15%"; "—" when none is known."""
    if t.share_lowest is None:
        return "—"
    return _("lowest %(lowest)s, highest %(highest)s") % {
        "lowest": formatted(t.share_lowest), "highest": formatted(t.share_highest),
    }


def _params(**params) -> str:
    """The non-empty `params` as a query string, without the "?"."""
    return urlencode({key: value for key, value in params.items() if value})


def _query(**params) -> str:
    return "?" + _params(**params)


def _sections(t: Totals, scope_key: str) -> list[dict]:
    sections = []
    for section, label in SECTION_LABELS.items():
        items = []
        for figure in (f for f in FIGURES if f.section == section):
            if figure.decimal:
                value, share = _share_range(t), ""
            elif figure.units:  # "46/65" as the reports write a part of the units
                value, share = f"{formatted(t[figure.key])}/{formatted(t[figure.of])}", t.share(figure.key)
            else:
                value, share = formatted(t[figure.key]), t.share(figure.key)
            items.append({
                "key": figure.key, "label": figure.label, "value": value, "share": share,
                "url": _query(scope=scope_key, figure=figure.key) + "#units",
            })
        sections.append({"key": section, "label": label, "figures": items})
    return sections


@require_safe
def plan_results(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    today = timezone.localdate()
    scope = _scope(request, plan)
    figure = request.GET.get("figure", "")
    if figure and figure not in FIGURES_BY_KEY:
        messages.warning(request, _("There is no such figure: showing every unit."))
        figure = ""
    sort = request.GET.get("sort", "") or "name"
    if sort != "name" and sort not in UNIT_FIGURES:
        messages.warning(request, _("The table cannot be sorted that way: sorted by name."))
        sort = "name"
    order = request.GET.get("order", "")
    if order not in ORDERS:
        messages.warning(request, _("The table cannot be sorted that way: sorted by name."))
        order = ""
    descending = order == "desc"

    found = remembered("totals", (plan.pk, scope.key, today), lambda: totals(scope, today=today))

    def units():
        return unit_rows(scope, figure=figure, sort=sort, descending=descending, today=today)

    table_key = (plan.pk, scope.key, figure, sort, descending, today)
    count = remembered("unit-count", table_key, lambda: units().count())
    # A page of units cut by the database (a national round's scope holds thousands), kept under
    # its number once resolved, so that no "?page=" makes a new entry.
    page = Paginator(range(count), UNITS_PER_PAGE).get_page(request.GET.get("page"))
    rows = remembered(
        "unit-page", (*table_key, page.number),
        lambda: [named(row) for row in units()[page.start_index() - 1:page.end_index()]] if count else [],
    )
    columns = list(TABLE_COLUMNS)
    for extra in (figure, sort):
        if extra in UNIT_FIGURES and extra not in columns:
            columns.append(extra)
    states = choice_labels(CongressState, get_language())
    sectors = dict(Sector.choices)
    table = [
        {
            "pk": row["pk"], "name": row["organization__name"], "state": states.get(row["state"], row["state"]),
            "sector": sectors.get(row["organization__sector"], ""), "is_pilot": row["is_pilot"],
            "cells": [formatted(row[key]) for key in columns],
        }
        for row in rows
    ]

    def header(key: str, label) -> dict:
        flip = "desc" if sort == key and not descending else ""
        return {"key": key, "label": label, "sorted": sort == key, "descending": descending,
                "url": _query(scope=scope.key, figure=figure, sort=key, order=flip) + "#units"}

    totals_row = []
    for key in columns:
        if FIGURES_BY_KEY[key].decimal:
            totals_row.append(_share_range(found))
        else:
            totals_row.append(formatted(found[key]))
    exports_query = _query(scope=scope.key)
    context = {
        **plan_area(request, plan, "results"),
        **report_context(request, plan, scope),
        "today": today,
        "scope": scope,
        "scope_choices": _choices(plan),
        "figure": FIGURES_BY_KEY.get(figure),
        "figure_choices": [(f.key, f.label) for f in FIGURES],
        "sort": sort,
        "order": order,
        "totals": found,
        "change": _change(found),
        "sections": _sections(found, scope.key),
        "charts": round_charts(found),
        "units_chart": units_chart(rows) if not figure else None,  # the units of this page
        "name_header": header("name", _("Unit")),
        "headers": [header(key, FIGURES_BY_KEY[key].label) for key in columns],
        "table": table,
        "page": page,
        "unit_count": count,
        "totals_row": totals_row,
        "page_query": _params(scope=scope.key, figure=figure, sort=sort if sort != "name" else "", order=order),
        "xlsx_query": exports_query,
        "json_query": exports_query,
    }
    return render(request, "reporting/results.html", context)


def _filename(plan: Plan, scope: Scope, today, extension: str) -> str:
    return f"ket-qua-{plan.pk}{'-' + scope.key.replace(':', '-') if scope.key else ''}-{today:%Y-%m-%d}.{extension}"


def _export_scope(request: HttpRequest, pk: int) -> tuple[Plan, Scope | None]:
    """The plan and the scope an export names; None for a scope that is not the plan's (the
    exports answer 400 rather than label a file with a scope nobody asked for)."""
    plan = get_plan(request, pk)
    return plan, Scope.parse(plan, request.GET.get("scope", ""))


@require_safe
def plan_results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    plan, scope = _export_scope(request, pk)
    today = timezone.localdate()
    if scope is None:
        return HttpResponse(_("That scope is not part of this plan."), status=400, content_type="text/plain; charset=utf-8")
    content = exports.workbook(scope, today)
    filename = _filename(plan, scope, today, "xlsx")
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    return response


@require_safe
def plan_results_json(request: HttpRequest, pk: int) -> HttpResponse:
    plan, scope = _export_scope(request, pk)
    today = timezone.localdate()
    if scope is None:
        return JsonResponse(
            {"error": _("That scope is not part of this plan."), "scope": request.GET.get("scope", "")}, status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse(exports.as_json(scope, today), json_dumps_params={"ensure_ascii": False})
