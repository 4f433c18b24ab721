"""Charts of a plan's progress as SVG, drawn on the server (issue 4, "Progress").

Pure functions from labels and numbers to an SVG string: no ORM, no request, no JavaScript, no
CSS (the Content-Security-Policy forbids inline styles, so colours and fonts are presentation
attributes), and no web font (a font-family name only). The same string is embedded in a page
or in a WeasyPrint PDF. Every piece of text is escaped here, and only then is the whole marked
safe.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from branches.text import format_number, format_percent

from . import rules

# One colour per state, whatever the chart: the eye learns them once. Pending states in greys
# and blues, the congress and what follows it in greens, annulment in red.
STATE_COLOURS = {
    rules.PLANNED: "#b0bec5",
    rules.PREPARING: "#81d4fa",
    rules.SUBMITTED: "#29b6f6",
    rules.REVIEWED: "#1565c0",
    rules.HELD: "#a5d6a7",
    rules.RESULTS_REPORTED: "#43a047",
    rules.RATIFIED: "#1b5e20",
    rules.ANNULLED: "#c62828",
}
EMPTY_COLOUR = "#eceff1"
TEXT_COLOUR = "#212529"
MUTED_COLOUR = "#6c757d"
FONT_FAMILY = "'Liberation Sans', Arial, Helvetica, sans-serif"
FONT_SIZE = 12

# Rough width of a character at FONT_SIZE, to lay out the legend and cut long labels without
# measuring text (which needs the font, so a browser or WeasyPrint).
CHAR_WIDTH = 6.6


@dataclass(frozen=True)
class Segment:
    """A part of a bar: what it counts, how many, in which colour."""

    label: str
    value: int
    colour: str


@dataclass(frozen=True)
class BarRow:
    """One bar of a bar chart, stacked from its segments, with a note at its end ("3/5")."""

    label: str
    segments: Sequence[Segment]
    note: str = ""

    @property
    def total(self) -> int:
        return sum(max(s.value, 0) for s in self.segments)


def segment_widths(values: Sequence[int], width: int) -> list[int]:
    """Whole-pixel widths of consecutive segments sharing `width` in proportion to `values`.

    Each boundary is the rounded cumulative share, so the widths always add up to `width`
    exactly (when any value is positive) and each is within a pixel of its exact share. All
    zeros when nothing is counted: there is nothing to divide.
    """
    values = [max(int(v), 0) for v in values]
    total = sum(values)
    if total == 0 or width <= 0:
        return [0] * len(values)
    widths, running, previous = [], 0, 0
    for value in values:
        running += value
        boundary = (2 * running * width + total) // (2 * total)  # round half up, in integers
        widths.append(boundary - previous)
        previous = boundary
    return widths


def _text(value) -> str:
    return escape(str(value), quote=True)


def _shorten(label: str, max_chars: int) -> str:
    return label if len(label) <= max_chars else label[: max(max_chars - 1, 1)].rstrip() + "…"


def _open(chart_id: str, width: int, height: int, title: str, description: str) -> list[str]:
    ident = _text(chart_id)
    return [
        # As wide as its container, as high as the viewBox's proportions make it: a card on a
        # page, the width of the text on an A4 page in WeasyPrint.
        f'<svg xmlns="http://www.w3.org/2000/svg" class="progress-chart" role="img" '
        f'width="100%" viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{_text(FONT_FAMILY)}" '
        f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">',
        f'<title id="{ident}-title">{_text(title)}</title>',
        f'<desc id="{ident}-desc">{_text(description)}</desc>',
    ]


def _legend(segments: Sequence[Segment], *, top: int, width: int, with_values: bool) -> tuple[list[str], int]:
    """The legend under a chart, in as many columns as fit; returns its parts and its height."""
    texts = [f"{s.label}: {format_number(s.value)}" if with_values else s.label for s in segments]
    longest = max((len(t) for t in texts), default=0)
    column = int(longest * CHAR_WIDTH) + 24
    columns = max(1, min(len(segments), width // max(column, 1)))
    column_width = width // columns
    parts, line = [], 18
    for index, (segment, text) in enumerate(zip(segments, texts)):
        row, col = divmod(index, columns)
        x, y = col * column_width, top + row * line
        parts.append(
            f'<g><rect x="{x}" y="{y}" width="12" height="12" rx="2" fill="{_text(segment.colour)}"/>'
            f'<text x="{x + 18}" y="{y + 10}">{_text(_shorten(text, column_width // int(CHAR_WIDTH) - 3))}</text></g>'
        )
    rows = -(-len(segments) // columns) if segments else 0
    return parts, rows * line


def stacked_bar(
    segments: Sequence[Segment], *, chart_id: str, title: str, description: str, empty_text: str = "",
    width: int = 720, bar_height: int = 28,
) -> SafeString:
    """One horizontal bar split into `segments` (the congresses of a plan by state), with a
    legend giving every segment's count, zeros included."""
    total = sum(max(s.value, 0) for s in segments)
    legend, legend_height = _legend(segments, top=bar_height + 12, width=width, with_values=True)
    height = bar_height + 12 + legend_height
    parts = _open(chart_id, width, height, title, description)
    if total == 0:
        parts.append(f'<rect x="0" y="0" width="{width}" height="{bar_height}" fill="{EMPTY_COLOUR}"/>')
        if empty_text:
            parts.append(
                f'<text x="{width // 2}" y="{bar_height // 2 + 4}" text-anchor="middle" '
                f'fill="{MUTED_COLOUR}">{_text(empty_text)}</text>'
            )
    else:
        x = 0
        for segment, w in zip(segments, segment_widths([s.value for s in segments], width)):
            if w:
                tip = f"{segment.label}: {format_number(segment.value)} ({format_percent(segment.value, total, 0)})"
                parts.append(
                    f'<rect x="{x}" y="0" width="{w}" height="{bar_height}" fill="{_text(segment.colour)}">'
                    f'<title>{_text(tip)}</title></rect>'
                )
            x += w
    parts.extend(legend)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above went through _text)


def bar_chart(
    rows: Sequence[BarRow], *, chart_id: str, title: str, description: str, legend: Sequence[Segment] = (),
    empty_text: str = "", width: int = 720, label_width: int = 220, note_width: int = 70, row_height: int = 24,
) -> SafeString:
    """Horizontal bars, one per row (a sector, a working group), stacked from their segments and
    scaled to the longest; the full label and the counts are in each bar's tooltip, the note
    (e.g. "3/5 held") at its end."""
    longest = max((row.total for row in rows), default=0)
    bar_area = width - label_width - note_width
    body_height = max(len(rows), 1) * row_height
    legend_parts, legend_height = _legend(legend, top=body_height + 10, width=width, with_values=False)
    height = body_height + (10 + legend_height if legend else 0)
    parts = _open(chart_id, width, height, title, description)
    if not rows:
        parts.append(
            f'<text x="{width // 2}" y="{row_height // 2 + 4}" text-anchor="middle" '
            f'fill="{MUTED_COLOUR}">{_text(empty_text)}</text>'
        )
    max_chars = label_width // int(CHAR_WIDTH) - 1
    for index, row in enumerate(rows):
        y = index * row_height
        bar_y, bar_h = y + 4, row_height - 8
        length = segment_widths([row.total, longest - row.total], bar_area)[0] if longest else 0
        parts.append(f'<g><title>{_text(_row_tip(row))}</title>')
        parts.append(f'<text x="0" y="{y + row_height // 2 + 4}">{_text(_shorten(row.label, max_chars))}</text>')
        parts.append(f'<rect x="{label_width}" y="{bar_y}" width="{bar_area}" height="{bar_h}" fill="{EMPTY_COLOUR}"/>')
        x = label_width
        for segment, w in zip(row.segments, segment_widths([s.value for s in row.segments], length)):
            if w:
                parts.append(f'<rect x="{x}" y="{bar_y}" width="{w}" height="{bar_h}" fill="{_text(segment.colour)}"/>')
            x += w
        if row.note:
            parts.append(
                f'<text x="{width}" y="{y + row_height // 2 + 4}" text-anchor="end">{_text(row.note)}</text>'
            )
        parts.append("</g>")
    parts.extend(legend_parts)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above went through _text)


def _row_tip(row: BarRow) -> str:
    counts = ", ".join(f"{s.label}: {format_number(s.value)}" for s in row.segments if s.value)
    head = f"{row.label} ({row.note})" if row.note else row.label
    return f"{head}: {counts}" if counts else head
