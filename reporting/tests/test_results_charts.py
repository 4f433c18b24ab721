"""The results charts: valid SVG, Vietnamese numbers in the legends and notes, escaped text, no
styles or scripts (the CSP and WeasyPrint), and pure functions of the totals."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils.safestring import SafeString

from reporting.charts import Chart, round_charts, units_chart
from reporting.statistics import FIGURES, Totals

SVG = "{http://www.w3.org/2000/svg}"


def _totals(**values) -> Totals:
    found = {figure.key: 0 for figure in FIGURES}
    found.update(values)
    return Totals(values=found, share_lowest=Decimal("55.5"), share_highest=Decimal("98"), overdue_by_deadline={})


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


BIG = _totals(
    in_scope=9000, held=8236, ratified=4000, elected=12500, re_elected=8236, new=4264, women=3017,
    secretaries=8000, committees_held=3000, secretaries_direct=2400, delegates_allocated=1500, delegates_official=1450,
    delegates_alternate=120,
)


def test_round_charts_are_valid_svg_with_stable_keys():
    found = round_charts(BIG)
    assert [chart.key for chart in found] == ["completion", "committee", "gender", "secretaries", "delegates"]
    for chart in found:
        assert isinstance(chart, Chart) and isinstance(chart.svg, SafeString)
        root = ET.fromstring(chart.svg)
        assert root.tag == f"{SVG}svg"
        assert root.find(f"{SVG}title").text == chart.title
        assert "style" not in chart.svg and "<script" not in chart.svg
        assert all("style" not in el.attrib for el in root.iter())
    ids = [ET.fromstring(chart.svg).find(f"{SVG}title").get("id") for chart in found]
    assert len(set(ids)) == len(ids)  # one page holds them all


def test_numbers_are_in_vietnamese_format():
    charts = {chart.key: chart for chart in round_charts(BIG)}
    committee = _texts(charts["committee"].svg)
    assert any(text.endswith(": 8.236") for text in committee)
    assert any(text.endswith(": 4.264") for text in committee)
    gender = _texts(charts["gender"].svg)
    assert any(text.endswith(": 3.017") for text in gender) and any(text.endswith(": 9.483") for text in gender)
    completion = _texts(charts["completion"].svg)
    assert "8.236/9.000 (92%)" in completion
    desc = ET.fromstring(charts["committee"].svg).find(f"{SVG}desc").text
    assert "65,89%" in desc  # 8236 / 12500
    delegates = _texts(charts["delegates"].svg)
    assert "1.450/1.500 (97%)" in delegates and "1.500" in delegates


def test_empty_totals_draw_without_dividing_by_zero():
    for chart in round_charts(_totals()):
        ET.fromstring(chart.svg)


def test_units_chart_escapes_names_and_stacks_per_unit():
    evil = '<script>alert("x")</script> & co'
    rows = [
        {"organization__name": evil, "elected": 7, "re_elected": 4, "new": 3},
        {"organization__name": "Chi bộ 2", "elected": 0, "re_elected": 0, "new": 0},
        {"organization__name": "Chi bộ 3", "elected": 1234, "re_elected": 1000, "new": 234},
    ]
    chart = units_chart(rows)
    assert "<script" not in chart.svg
    root = ET.fromstring(chart.svg)
    texts = _texts(chart.svg)
    assert evil in texts  # escaped in the markup, the same text once parsed
    assert "1.234" in texts
    assert "Chi bộ 2" not in chart.svg  # nobody elected: no bar
    assert root.find(f"{SVG}title").text == chart.title
    assert units_chart([rows[1]]) is None


def test_units_chart_keeps_to_its_limit():
    rows = [{"organization__name": f"Chi bộ {i}", "elected": 1, "re_elected": 1, "new": 0} for i in range(10)]
    texts = _texts(units_chart(rows, limit=3).svg)
    assert "Chi bộ 2" in texts and "Chi bộ 3" not in texts
