"""A plan's progress (issue 4, "Progress"): the dashboard, the list of congresses with filters,
and the calendar of scheduled congresses. Read-only pages for every role on the plan's
committee; each answers in a fixed number of queries whatever the size of the plan."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from branches.access import Need, access_for
from branches.models import Organization

from .. import charts
from ..access import get_plan
from ..forms.progress import CongressFilterForm
from ..models import CongressState, Plan
from ..progress import (
    DEADLINE_LABELS, Breakdown, PlanProgress, calendar_weeks, choice_labels, default_month, filter_rows, parse_month,
    plan_progress, plan_rows, shift_month,
)

CONGRESSES_PER_PAGE = 50
OVERDUE_SHOWN = 10  # per deadline on the dashboard; the list shows them all


def _state_labels() -> dict[str, str]:
    return choice_labels(CongressState, get_language())


def _state_legend() -> list[tuple[str, str, str]]:
    """(value, label, colour) of every state, in order."""
    return [(value, label, charts.STATE_COLOURS[value]) for value, label in _state_labels().items()]


@require_safe
def plan_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    today = timezone.localdate()
    progress = plan_progress(plan, today=today)
    labels = _state_labels()
    context = {
        **plan_area(request, plan, "dashboard"),
        "today": today,
        "progress": progress,
        "headline": progress.headline(),
        "states": [(value, label, progress.by_state[value], colour) for value, label, colour in _state_legend()],
        "overdue": [
            (deadline.value, DEADLINE_LABELS[deadline], items[:OVERDUE_SHOWN], len(items))
            for deadline, items in progress.overdue.items()
        ],
        "state_chart": _state_chart(progress),
        "sector_chart": _breakdown_chart(
            progress.by_sector, labels, chart_id="chart-sectors", title=_("Congresses by sector"),
        ),
        "group_chart": _breakdown_chart(
            progress.by_group, labels, chart_id="chart-groups", title=_("Congresses by working group"),
        ),
    }
    return render(request, "congress/progress_dashboard.html", context)


def _state_chart(progress: PlanProgress) -> str:
    segments = [charts.Segment(label, progress.by_state[value], colour) for value, label, colour in _state_legend()]
    counts = "; ".join(f"{s.label}: {s.value}" for s in segments)
    return charts.stacked_bar(
        segments, chart_id="chart-states", title=_("Congresses by state"),
        description=f"{progress.headline()}. {counts}.", empty_text=_("No congress yet"),
    )


def _breakdown_chart(rows: list[Breakdown], labels: dict[str, str], *, chart_id: str, title: str) -> str:
    legend = [charts.Segment(label, 0, colour) for _value, label, colour in _state_legend()]
    bars = [
        charts.BarRow(
            row.label,
            [charts.Segment(labels[value], count, charts.STATE_COLOURS[value]) for value, count in row.by_state.items()],
            note=f"{row.held}/{row.counted}",
        )
        for row in rows
    ]
    description = _("Congresses held out of those counted (annulled ones apart): %(rows)s.") % {
        "rows": "; ".join(f"{row.label} {row.held}/{row.counted}" for row in rows) or "—",
    }
    return charts.bar_chart(
        bars, chart_id=chart_id, title=title, description=description, legend=legend, empty_text=_("No congress yet"),
    )


@require_safe
def plan_congresses(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    today = timezone.localdate()
    found = plan_rows(plan, today=today)
    filters = CongressFilterForm(request.GET or None, groups=found.groups)
    rows = filter_rows(found.rows, **filters.selection())
    page = Paginator(rows, CONGRESSES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    items = [{"row": row, "groups": [found.groups[g] for g in row.groups]} for row in page.object_list]
    context = {
        **plan_area(request, plan, "congresses"),
        "today": today,
        "filters": filters,
        "page": page,
        "items": items,
        "total": len(found.rows),
        "found": len(rows),
        "query_string": query.urlencode(),
    }
    return render(request, "congress/progress_congresses.html", context)


def _weekday_names() -> list[str]:
    # Written out so that makemessages finds them; Vietnamese names them "Thứ Hai" … "Chủ nhật".
    return [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]


@require_safe
def plan_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    today = timezone.localdate()
    asked = request.GET.get("month", "")
    month = parse_month(asked) if asked else None
    if month is None:
        month = default_month(plan, today=today)
        if asked:
            messages.warning(request, _("“%(asked)s” is not a month written as YYYY-MM (e.g. 2022-06); showing %(month)s.") % {
                "asked": asked[:20], "month": _month_title(*month),
            })
    year, number = month
    weeks = calendar_weeks(plan, year, number)
    context = {
        **plan_area(request, plan, "calendar"),
        "today": today,
        "title": _month_title(year, number),
        "weekdays": _weekday_names(),
        "weeks": weeks,
        "previous": "%04d-%02d" % shift_month(year, number, -1),
        "next": "%04d-%02d" % shift_month(year, number, 1),
        "this_month": f"{today.year:04d}-{today.month:02d}",
        "scheduled": sum(len(day.congresses) for week in weeks for day in week if day.in_month),
    }
    return render(request, "congress/progress_calendar.html", context)


def _month_title(year: int, month: int) -> str:
    return _("%(month_name)s %(year)s") % {"month_name": MONTHS[month], "year": year}


def plan_area(request: HttpRequest, plan: Plan, tab: str) -> dict:
    """What progress_base.html (and plan_base.html) need: the plan, its committee and the
    committees above it that the user sees, the tab shown."""
    access = access_for(request)
    ancestors = [a for a in Organization.objects.get_ancestors(plan.organization) if access.can(a, Need.VIEW)]
    return {"plan": plan, "organization": plan.organization, "ancestors": ancestors, "tab": tab,
            "held_by": plan.congresses_held_by}
