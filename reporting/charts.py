"""The charts of a round's results (issue 6), as SVG drawn on the server: the same charts are on
the results page and in the PDF summary report.

Pure functions from a `reporting.statistics.Totals` (or the per-unit rows of
`reporting.statistics.units`) to `Chart`s, drawn with congress.charts: no ORM, no request. Every
piece of text is escaped by congress.charts; numbers are in Vietnamese formatting ("8.236").
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from branches.text import format_number, format_percent
from congress.charts import BarRow, Segment, bar_chart, stacked_bar

from .statistics import Totals

# Colours: the same meaning keeps the same colour from one chart to the next.
KEPT = "#1565c0"  # re-elected, directly elected, official
NEW = "#43a047"  # new, held
OTHER = "#b0bec5"  # the rest (not held, elected by the committee)
WOMEN = "#ad1457"
MEN = "#5c6bc0"
RATIFIED = "#1b5e20"
ALTERNATE = "#81d4fa"
ALLOCATED = "#78909c"

UNITS_CHART_LIMIT = 40  # bars of the per-unit chart: beyond that the table says it better


@dataclass(frozen=True)
class Chart:
    """A chart of the results: a stable key (an id on the page), its title, its SVG."""

    key: str
    title: str
    svg: SafeString


def _ratio(part: int, whole: int) -> str:
    """ "3/5 (60%)" as a bar's note; "3/0" has no share."""
    note = f"{format_number(part)}/{format_number(whole)}"
    return f"{note} ({format_percent(part, whole, 0)})" if whole else note


def _description(segments: Sequence[Segment], total: int) -> str:
    parts = [f"{s.label}: {format_number(s.value)} ({format_percent(s.value, total)})" if total
             else f"{s.label}: {format_number(s.value)}" for s in segments]
    return "; ".join(parts)


def _stacked(key: str, title: str, segments: list[Segment]) -> Chart:
    total = sum(max(s.value, 0) for s in segments)
    svg = stacked_bar(
        segments, chart_id=f"results-{key}", title=title, description=_description(segments, total),
        empty_text=_("Nothing counted yet"),
    )
    return Chart(key, title, svg)


def committee_chart(totals: Totals) -> Chart:
    """The committee members elected: re-elected and new."""
    return _stacked("committee", _("Committee members elected: re-elected and new"), [
        Segment(_("Re-elected"), totals["re_elected"], KEPT),
        Segment(_("New to the committee"), max(totals["new"], 0), NEW),
    ])


def gender_chart(totals: Totals) -> Chart:
    """The committee members elected: women and men."""
    return _stacked("gender", _("Committee members elected: women and men"), [
        Segment(_("Women"), totals["women"], WOMEN),
        Segment(_("Men"), max(totals["elected"] - totals["women"], 0), MEN),
    ])


def completion_chart(totals: Totals) -> Chart:
    """Congresses held of those in scope, results ratified of those held."""
    title = _("Completion of the round")
    held, in_scope, ratified = totals["held"], totals["in_scope"], totals["ratified"]
    rows = [
        BarRow(_("Congresses held"), [
            Segment(_("Held"), held, NEW), Segment(_("Not held yet"), max(in_scope - held, 0), OTHER),
        ], _ratio(held, in_scope)),
        BarRow(_("Results ratified"), [
            Segment(_("Ratified"), ratified, RATIFIED), Segment(_("Not ratified yet"), max(held - ratified, 0), OTHER),
        ], _ratio(ratified, held)),
    ]
    description = "; ".join(f"{row.label}: {row.note}" for row in rows)
    legend = [Segment(_("Held"), 0, NEW), Segment(_("Ratified"), 0, RATIFIED), Segment(_("Not yet"), 0, OTHER)]
    svg = bar_chart(rows, chart_id="results-completion", title=title, description=description, legend=legend,
                    note_width=110)
    return Chart("completion", title, svg)


def secretaries_chart(totals: Totals) -> Chart:
    """The grassroots committees held: their secretary elected directly at the congress, or by the
    new committee at its first meeting (branches, which always elect theirs at the congress, are
    not among them)."""
    direct = totals["secretaries_direct"]
    return _stacked("secretaries", _("Grassroots committees' secretaries: elected directly at the congress or by the committee"), [
        Segment(_("Directly at the congress"), direct, KEPT),
        Segment(_("By the committee"), max(totals["committees_held"] - direct, 0), OTHER),
    ])


def delegates_chart(totals: Totals) -> Chart:
    """Delegates to the higher congress: allocated, official and alternate elected."""
    title = _("Delegates to the higher congress")
    allocated, official = totals["delegates_allocated"], totals["delegates_official"]
    alternate = totals["delegates_alternate"]
    rows = [
        BarRow(_("Delegates allocated"), [Segment(_("Allocated"), allocated, ALLOCATED)], format_number(allocated)),
        BarRow(_("Official delegates elected"), [Segment(_("Official"), official, KEPT)], _ratio(official, allocated)),
        BarRow(_("Alternate delegates elected"), [Segment(_("Alternate"), alternate, ALTERNATE)],
               format_number(alternate)),
    ]
    description = "; ".join(f"{row.label}: {row.note}" for row in rows)
    svg = bar_chart(rows, chart_id="results-delegates", title=title, description=description, note_width=110)
    return Chart("delegates", title, svg)


def round_charts(totals: Totals) -> list[Chart]:
    """The charts of a scope's results, in the order of the report's sections; the secretaries'
    only when grassroots committees held their congress, the delegates' only when the round
    allocated or elected any (the report says nothing of them otherwise)."""
    charts = [completion_chart(totals), committee_chart(totals), gender_chart(totals)]
    if totals["committees_held"]:  # a round of branches only: no choice of how to elect the secretary
        charts.append(secretaries_chart(totals))
    if totals["delegates_allocated"] or totals["delegates_official"] or totals["delegates_alternate"]:
        charts.append(delegates_chart(totals))
    return charts


def units_chart(units_rows: Sequence[dict], *, limit: int = UNITS_CHART_LIMIT) -> Chart | None:
    """Committee members elected per unit, re-elected and new stacked, for the units that
    elected anyone (the first `limit` of them in the rows' order); None when none did."""
    electing = [row for row in units_rows if row.get("elected")]
    if not electing:
        return None
    title = _("Committee members elected per unit")
    shown = electing[:limit]
    rows = [
        BarRow(row["organization__name"], [
            Segment(_("Re-elected"), row["re_elected"], KEPT),
            Segment(_("New to the committee"), max(row["new"], 0), NEW),
        ], format_number(row["elected"]))
        for row in shown
    ]
    description = _("%(shown)s of %(count)s units that elected committee members") % {
        "shown": format_number(len(shown)), "count": format_number(len(electing)),
    }
    legend = [Segment(_("Re-elected"), 0, KEPT), Segment(_("New to the committee"), 0, NEW)]
    svg = bar_chart(rows, chart_id="results-units", title=title, description=description, legend=legend,
                    label_width=260, note_width=50)
    return Chart("units", title, svg)
