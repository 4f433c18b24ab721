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
