"""Targets (chỉ tiêu) as the resolution writes them and whether a year meets them
(congress.targets; docs/documents.md "Targets"; the published example of Chi bộ Văn phòng 2,
docs/domain.md §4a)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from congress.targets import Comparison, TargetFacts, is_met, number_text, target_text


@pytest.mark.parametrize(("label", "comparison", "value", "unit", "text"), [
    ("đảng viên hoàn thành nhiệm vụ", Comparison.EXACTLY, 100, "%", "100% đảng viên hoàn thành nhiệm vụ"),
    ("đảng viên hoàn thành tốt nhiệm vụ", Comparison.ABOVE, 95, "%", "trên 95% đảng viên hoàn thành tốt nhiệm vụ"),
    ("đảng viên hoàn thành xuất sắc nhiệm vụ", Comparison.ABOVE, 10, "%",
     "trên 10% đảng viên hoàn thành xuất sắc nhiệm vụ"),
    ("kết nạp", Comparison.AT_LEAST, 1, "đảng viên mới", "kết nạp từ 01 đảng viên mới trở lên"),
    ("cá nhân đạt danh hiệu lao động tiên tiến", Comparison.AT_LEAST, 90, "%",
     "từ 90% cá nhân đạt danh hiệu lao động tiên tiến trở lên"),
    ("tập thể đạt danh hiệu lao động tiên tiến", Comparison.ABOVE, 70, "%", "trên 70% tập thể đạt danh hiệu lao động tiên tiến"),
    ("hộ nghèo", Comparison.BELOW, Decimal("1.5"), "%", "dưới 1,5% hộ nghèo"),
    ("đảng viên vi phạm", Comparison.AT_MOST, 0, "đảng viên", "đảng viên vi phạm không quá 00 đảng viên"),
    ("kết nạp", Comparison.EXACTLY, 12, "đảng viên mới", "kết nạp 12 đảng viên mới"),
    ("  kết   nạp ", Comparison.ABOVE, 3, " quần chúng  ưu tú ", "kết nạp trên 03 quần chúng ưu tú"),
])
def test_a_target_is_written_as_the_party_writes_it(label, comparison, value, unit, text):
    assert target_text(TargetFacts(label, comparison, Decimal(value), unit)) == text


@pytest.mark.parametrize(("value", "unit", "text"), [
    (Decimal(1), "đảng viên", "01"), (Decimal(9), "đảng viên", "09"), (Decimal(10), "đảng viên", "10"),
    (Decimal(5), "%", "5"), (Decimal("7.50"), "%", "7,5"), (Decimal("95.00"), "%", "95"),
])
def test_numbers_keep_the_partys_style(value, unit, text):
    assert number_text(value, unit) == text


@pytest.mark.parametrize(("comparison", "value", "achieved", "met"), [
    (Comparison.EXACTLY, 100, 100, True), (Comparison.EXACTLY, 100, 99, False),
    (Comparison.ABOVE, 95, 95, False), (Comparison.ABOVE, 95, Decimal("95.01"), True),
    (Comparison.AT_LEAST, 1, 1, True), (Comparison.AT_LEAST, 1, 0, False),
    (Comparison.AT_MOST, 2, 2, True), (Comparison.AT_MOST, 2, 3, False),
    (Comparison.BELOW, 5, 5, False), (Comparison.BELOW, 5, Decimal("4.9"), True),
])
def test_a_year_meets_its_target_or_not(comparison, value, achieved, met):
    assert is_met(comparison, Decimal(value), Decimal(achieved)) is met


figures = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)


@given(value=figures, achieved=figures)
def test_above_and_at_most_split_every_figure_between_them(value, achieved):
    # Every achieved figure is either above the value or at most the value, never both.
    assert is_met(Comparison.ABOVE, value, achieved) != is_met(Comparison.AT_MOST, value, achieved)
    assert is_met(Comparison.AT_LEAST, value, achieved) != is_met(Comparison.BELOW, value, achieved)


@given(value=figures, achieved=figures, more=figures)
def test_doing_more_never_loses_a_floor_target(value, achieved, more):
    for comparison in (Comparison.EXACTLY, Comparison.ABOVE, Comparison.AT_LEAST):
        if is_met(comparison, value, achieved):
            assert is_met(comparison, value, achieved + more)


@given(value=figures, unit=st.sampled_from(["%", "đảng viên mới"]), comparison=st.sampled_from(list(Comparison)))
def test_every_target_text_names_its_figure_and_label(value, unit, comparison):
    text = target_text(TargetFacts("đảng viên hoàn thành nhiệm vụ", comparison, value, unit))
    assert number_text(value, unit) in text and "đảng viên hoàn thành nhiệm vụ" in text
    assert "  " not in text and text == text.strip()
