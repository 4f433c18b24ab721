"""The targets (chỉ tiêu) a congress sets for its term, and whether a year's result meets them
(docs/domain.md §4a; docs/documents.md "Targets").

Pure: no ORM, no translation. A target is a number with a comparison and a unit, written in
the resolution as the Party writes them (seed 001, Chi bộ Văn phòng 2): "100% đảng viên hoàn
thành nhiệm vụ", "trên 95% đảng viên hoàn thành tốt nhiệm vụ", "kết nạp từ 01 đảng viên mới
trở lên". A percentage leads with its figure ("trên 95% ..."); a count follows what is counted
("kết nạp từ 01 đảng viên mới trở lên"), with a leading zero below ten as Party documents
write counts of people.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from decimal import Decimal
from enum import StrEnum


class Comparison(StrEnum):
    """How the achieved figure is held against the target's value."""

    EXACTLY = "exactly"  # "100% đảng viên ..." : met when reached (a ceiling such as 100% cannot be passed)
    ABOVE = "above"  # "trên 95% ...": met only above the value
    AT_LEAST = "at_least"  # "từ 01 ... trở lên": met at the value or above
    AT_MOST = "at_most"  # "không quá 2 ...": met at the value or below
    BELOW = "below"  # "dưới 5% ...": met only below the value


PERCENT = "%"


@dataclass(frozen=True)
class TargetFacts:
    label: str  # what is measured: "đảng viên hoàn thành tốt nhiệm vụ", "kết nạp"
    comparison: Comparison
    value: Decimal
    unit: str  # "%" or what is counted: "đảng viên mới"


def number_text(value: Decimal, unit: str) -> str:
    """95 -> "95", 7.5 -> "7,5" (a Vietnamese decimal comma); a count below ten of anything but
    a percentage takes a leading zero: 1 -> "01"."""
    value = Decimal(value)
    if value == value.to_integral_value():
        whole = int(value)
        return f"{whole:02d}" if unit != PERCENT and 0 <= whole < 10 else str(whole)
    return format(value.normalize(), "f").replace(".", ",")


def target_text(target: TargetFacts) -> str:
    """The target as the resolution writes it.

    >>> target_text(TargetFacts("đảng viên hoàn thành tốt nhiệm vụ", Comparison.ABOVE, Decimal(95), "%"))
    'trên 95% đảng viên hoàn thành tốt nhiệm vụ'
    >>> target_text(TargetFacts("kết nạp", Comparison.AT_LEAST, Decimal(1), "đảng viên mới"))
    'kết nạp từ 01 đảng viên mới trở lên'
    """
    figure = number_text(target.value, target.unit)
    label = " ".join(target.label.split())
    if target.unit == PERCENT:
        amount = f"{figure}%"
        if target.comparison == Comparison.AT_LEAST:
            # "từ 90% cá nhân đạt danh hiệu lao động tiên tiến trở lên": the share, what is counted,
            # then "trở lên", as the resolutions write it.
            return f"từ {amount} {label} trở lên" if label else f"từ {amount} trở lên"
        lead = {
            Comparison.EXACTLY: amount,
            Comparison.ABOVE: f"trên {amount}",
            Comparison.AT_LEAST: f"từ {amount} trở lên",
            Comparison.AT_MOST: f"không quá {amount}",
            Comparison.BELOW: f"dưới {amount}",
        }[target.comparison]
        return f"{lead} {label}".strip()
    amount = f"{figure} {' '.join(target.unit.split())}".strip()
    tail = {
        Comparison.EXACTLY: amount,
        Comparison.ABOVE: f"trên {amount}",
        Comparison.AT_LEAST: f"từ {amount} trở lên",
        Comparison.AT_MOST: f"không quá {amount}",
        Comparison.BELOW: f"dưới {amount}",
    }[target.comparison]
    return f"{label} {tail}".strip()


def is_met(comparison: Comparison, value: Decimal, achieved: Decimal) -> bool:
    """Whether `achieved` meets a target of `comparison` `value`. EXACTLY is met from the value
    up: "100% đảng viên hoàn thành nhiệm vụ" is met by 100%, and a count of "02 đảng viên"
    reached is not failed by a third."""
    value, achieved = Decimal(value), Decimal(achieved)
    return {
        Comparison.EXACTLY: achieved >= value,
        Comparison.ABOVE: achieved > value,
        Comparison.AT_LEAST: achieved >= value,
        Comparison.AT_MOST: achieved <= value,
        Comparison.BELOW: achieved < value,
    }[comparison]


# --- Results over the term ----------------------------------------------------------------------


@dataclass(frozen=True)
class TargetRecord:
    """A target with what each year of the term achieved (year -> figure)."""

    target: TargetFacts
    achieved: dict[int, Decimal]

    @property
    def text(self) -> str:
        return target_text(self.target)

    def figure(self, year: int) -> str:
        """"96,5%", "02" (number_text with the unit's sign), "" for a year not recorded."""
        if year not in self.achieved:
            return ""
        figure = number_text(self.achieved[year], self.target.unit)
        return f"{figure}%" if self.target.unit == PERCENT else figure

    @property
    def last_year(self) -> int | None:
        return max(self.achieved) if self.achieved else None

    @property
    def met(self) -> bool | None:
        """Whether the last recorded year meets the target; None with nothing recorded."""
        year = self.last_year
        if year is None:
            return None
        return is_met(self.target.comparison, self.target.value, self.achieved[year])


def results_table_html(records: list[TargetRecord], years: list[int], term: str) -> str:
    """The table the next political report gives under "I. Kết quả đạt được": each target of the
    resolution of `term`, each year's figure, and met or not by the last recorded year. Escaped:
    the labels are typed by people."""
    head = "".join(f"<th>Năm {year}</th>" for year in years)
    rows = []
    for i, record in enumerate(records, start=1):
        cells = "".join(f"<td>{escape(record.figure(year))}</td>" for year in years)
        verdict = {True: "Đạt", False: "Không đạt", None: "Chưa có số liệu"}[record.met]
        rows.append(f"<tr><td>{i}</td><td>{escape(record.text)}</td>{cells}<td>{verdict}</td></tr>")
    return (
        f"<p><b>Kết quả thực hiện các chỉ tiêu Nghị quyết nhiệm kỳ {escape(term)}</b></p>"
        f"<table><thead><tr><th>TT</th><th>Chỉ tiêu</th>{head}<th>Đánh giá</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
