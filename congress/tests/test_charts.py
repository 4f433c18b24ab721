"""The progress charts: valid SVG with its counts, escaped text, accessible titles, no styles or
scripts (the CSP and WeasyPrint), and bars that always fill exactly their width."""

import xml.etree.ElementTree as ET

from django.utils.safestring import SafeString
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congress import charts, rules
from congress.charts import BarRow, Segment, bar_chart, segment_widths, stacked_bar

SVG = "{http://www.w3.org/2000/svg}"
# The inputs are small and cheap; timing limits would only measure how busy the machine is.
UNTIMED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def _bars(root: ET.Element, y: str | None = None) -> list[ET.Element]:
    """The coloured segments (not the grey track, not the legend's rounded swatches)."""
    return [
        el for el in root.iter(f"{SVG}rect")
        if el.get("fill") != charts.EMPTY_COLOUR and el.get("rx") is None and (y is None or el.get("y") == y)
    ]


STATES = [
    Segment("Planned", 3, charts.STATE_COLOURS[rules.PLANNED]),
    Segment("Held", 5, charts.STATE_COLOURS[rules.HELD]),
    Segment("Ratified", 0, charts.STATE_COLOURS[rules.RATIFIED]),
    Segment("Annulled", 1, charts.STATE_COLOURS[rules.ANNULLED]),
]


def test_stacked_bar_is_valid_svg_with_its_counts_in_the_legend():
    svg = stacked_bar(STATES, chart_id="c", title="By state", description="11 in all", width=600)
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text == "By state" and root.find(f"{SVG}title").get("id") == "c-title"
    assert root.find(f"{SVG}desc").text == "11 in all"
    assert {"Planned: 3", "Held: 5", "Ratified: 0", "Annulled: 1"} <= set(_texts(root))
    bars = _bars(root, y="0")
    # The zero segment draws nothing; the others share the 600 pixels by their counts.
    assert [b.get("fill") for b in bars] == [STATES[0].colour, STATES[1].colour, STATES[3].colour]
    assert [int(b.get("width")) for b in bars] == [200, 333, 67]
    assert [b.find(f"{SVG}title").text for b in bars] == ["Planned: 3 (33%)", "Held: 5 (56%)", "Annulled: 1 (11%)"]


def test_charts_are_marked_safe_and_carry_no_style_or_script():
    for svg in (
        stacked_bar(STATES, chart_id="c", title="t", description="d"),
        bar_chart([BarRow("Sector", STATES, "5/8")], chart_id="b", title="t", description="d", legend=STATES),
    ):
        assert isinstance(svg, SafeString)
        assert "style" not in svg and "<script" not in svg and "href" not in svg and "@import" not in svg
        root = _parse(svg)
        assert all("style" not in el.attrib for el in root.iter())


def test_text_is_escaped_everywhere():
    evil = '<script>alert("x")</script> & \'co\''
    segments = [Segment(evil, 2, '"><script>'), Segment("ok", 1, "#000")]
    for svg in (
        stacked_bar(segments, chart_id='x"><b', title=evil, description=evil),
        bar_chart([BarRow(evil, segments, note=evil)], chart_id="y", title=evil, description=evil, legend=segments),
    ):
        assert "<script" not in svg
        root = _parse(svg)  # well-formed despite the markup in every piece of text
        assert root.find(f"{SVG}title").text == evil
        assert root.find(f"{SVG}desc").text == evil
        assert not list(root.iter("script")) and not list(root.iter(f"{SVG}script"))


def test_zero_totals_draw_an_empty_bar_without_dividing_by_zero():
    empty = [Segment("Planned", 0, "#111"), Segment("Held", 0, "#222")]
    root = _parse(stacked_bar(empty, chart_id="c", title="t", description="d", empty_text="No congress yet"))
    assert _bars(root, y="0") == []
    assert "No congress yet" in _texts(root)
    assert {"Planned: 0", "Held: 0"} <= set(_texts(root))

    root = _parse(bar_chart([BarRow("Nothing", empty, "0/0")], chart_id="b", title="t", description="d"))
    assert _bars(root) == []
    assert {"Nothing", "0/0"} <= set(_texts(root))
    root = _parse(bar_chart([], chart_id="b", title="t", description="d", empty_text="No congress yet"))
    assert "No congress yet" in _texts(root)


def test_bar_chart_scales_rows_to_the_longest_and_notes_each():
    colours = [charts.STATE_COLOURS[rules.PLANNED], charts.STATE_COLOURS[rules.HELD]]
    rows = [
        BarRow("Agency", [Segment("Planned", 2, colours[0]), Segment("Held", 2, colours[1])], "2/4"),
        BarRow("School", [Segment("Planned", 0, colours[0]), Segment("Held", 2, colours[1])], "2/2"),
    ]
    root = _parse(bar_chart(rows, chart_id="b", title="t", description="d", width=720, label_width=220, note_width=100))
    groups = root.findall(f"{SVG}g")
    first, second = (_bars(g) for g in groups[:2])
    assert sum(int(r.get("width")) for r in first) == 400  # the longest row fills the bar area
    assert [int(r.get("width")) for r in second] == [200]  # half as long, and only its non-zero part
    assert {"Agency", "School", "2/4", "2/2"} <= set(_texts(root))
    assert groups[0].find(f"{SVG}title").text == "Agency (2/4): Planned: 2, Held: 2"


def test_long_labels_are_shortened_but_kept_whole_in_the_tooltip():
    label = "Đảng bộ Khối doanh nghiệp tỉnh, Chi bộ Phân xưởng cơ khí sửa chữa số 12"
    root = _parse(bar_chart([BarRow(label, [Segment("Held", 1, "#000")], "1/1")], chart_id="b", title="t", description="d"))
    shown = _texts(root)[0]
    assert shown.endswith("…") and len(shown) < len(label)
    assert root.find(f"{SVG}g/{SVG}title").text.startswith(label)


def test_every_state_has_its_own_colour():
    assert set(charts.STATE_COLOURS) == set(rules.STATES)
    assert len(set(charts.STATE_COLOURS.values())) == len(rules.STATES)


def test_segment_widths_examples():
    assert segment_widths([1, 1, 1], 100) == [33, 34, 33]
    assert segment_widths([0, 0], 100) == [0, 0]
    assert segment_widths([], 100) == []
    assert segment_widths([5], 0) == [0]
    assert segment_widths([-3, 3], 10) == [0, 10]


@UNTIMED
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12), st.integers(1, 2000))
def test_widths_always_fill_the_bar_exactly(values, width):
    widths = segment_widths(values, width)
    total = sum(values)
    assert len(widths) == len(values)
    assert all(w >= 0 for w in widths)
    if total:
        assert sum(widths) == width
        for value, w in zip(values, widths):
            assert abs(w - value * width / total) <= 1
            if value == 0:
                assert w == 0
    else:
        assert sum(widths) == 0


@UNTIMED
@given(st.lists(st.integers(min_value=0, max_value=600), min_size=1, max_size=8))
def test_stacked_bar_segments_cover_the_full_width_for_any_counts(counts):
    segments = [Segment(f"s{i}", n, f"#00000{i}") for i, n in enumerate(counts)]
    root = _parse(stacked_bar(segments, chart_id="c", title="t", description="d", width=640))
    bars = _bars(root, y="0")
    if sum(counts):
        assert sum(int(b.get("width")) for b in bars) == 640
        # Contiguous: each segment starts where the previous one ended.
        x = 0
        for bar in bars:
            assert int(bar.get("x")) == x
            x += int(bar.get("width"))
    else:
        assert bars == []
    assert {f"s{i}: {n}" for i, n in enumerate(counts)} <= set(_texts(root))


def test_charts_embed_in_a_weasyprint_pdf_without_complaint(caplog):
    from weasyprint import HTML

    rows = [BarRow("Cơ quan", STATES, "5/8"), BarRow("Trường học", STATES[:2], "5/8")]
    html = (
        "<html><body><h1>Tiến độ đại hội</h1>"
        f"{stacked_bar(STATES, chart_id='s', title='Theo tình trạng', description='9 đại hội')}"
        f"{bar_chart(rows, chart_id='b', title='Theo loại hình', description='2 loại hình', legend=STATES)}"
        "</body></html>"
    )
    with caplog.at_level("WARNING", logger="weasyprint"):
        document = HTML(string=html).render()
        pdf = document.write_pdf()
    assert pdf.startswith(b"%PDF") and len(document.pages) == 1
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
