"""The targets (chỉ tiêu) of the demo congresses and what each year achieved, shared by the demo
commands (reporting.demo's completed 2022–2025 rounds, seed_demo_congress's 2025–2030 round).

Sở Công Thương's Chi bộ Văn phòng takes the targets of seed 001 (Chi bộ Văn phòng 2: "hàng năm
có 100% đảng viên hoàn thành nhiệm vụ, trong đó có trên 95% ... hoàn thành tốt nhiệm vụ và có trên
10% ... hoàn thành xuất sắc nhiệm vụ; kết nạp từ 01 đảng viên mới trở lên; ... trên 70% tập thể
và 90% cá nhân trở lên đạt danh hiệu lao động tiên tiến; 100% gia đình cán bộ, đảng viên, công
chức đạt tiêu chuẩn gia đình văn hoá"); Kỳ Trinh's residential branches targets of their own.
Each year's figures meet most targets and miss one, as a real term does.
"""

from decimal import Decimal

from .services import targets as services

# (what is measured, comparison, value, unit)
SEED_001 = (
    ("đảng viên hoàn thành nhiệm vụ", "exactly", 100, "%"),
    ("đảng viên hoàn thành tốt nhiệm vụ", "above", 95, "%"),
    ("đảng viên hoàn thành xuất sắc nhiệm vụ", "above", 10, "%"),
    ("kết nạp", "at_least", 1, "đảng viên mới"),
    ("tập thể đạt danh hiệu lao động tiên tiến", "above", 70, "%"),
    ("cá nhân đạt danh hiệu lao động tiên tiến", "at_least", 90, "%"),
    ("gia đình cán bộ, đảng viên, công chức đạt tiêu chuẩn gia đình văn hoá", "exactly", 100, "%"),
)
# Year -> the figure of each SEED_001 target, in order: 2024 misses "trên 95% hoàn thành tốt".
SEED_001_RESULTS = {
    2022: (100, 96, 12, 1, 75, 92, 100),
    2023: (100, "97.5", 11, 2, 80, 91, 100),
    2024: (100, 94, "12.5", 1, 80, 93, 100),
}

RESIDENTIAL = (
    ("đảng viên hoàn thành nhiệm vụ", "exactly", 100, "%"),
    ("đảng viên hoàn thành tốt nhiệm vụ", "above", 90, "%"),
    ("kết nạp", "at_least", 2, "đảng viên mới"),
    ("hộ gia đình đạt danh hiệu gia đình văn hóa", "above", 95, "%"),
    ("tổ dân phố đạt danh hiệu tổ dân phố văn hóa", "exactly", 100, "%"),
)
# 2024 admits one new member where the target was two.
RESIDENTIAL_RESULTS = {
    2022: (100, 92, 2, 96, 100),
    2023: (100, "93.5", 3, 97, 100),
    2024: (100, 95, 1, "97.2", 100),
}

# The 2025–2030 round's congresses (seed_demo_congress): a residential group's, a unit's.
NEXT_TERM = (
    ("đảng viên hoàn thành nhiệm vụ", "exactly", 100, "%"),
    ("đảng viên hoàn thành tốt nhiệm vụ", "above", 90, "%"),
    ("đảng viên hoàn thành xuất sắc nhiệm vụ", "above", 15, "%"),
    ("kết nạp", "at_least", 2, "đảng viên mới"),
    ("hộ gia đình đạt danh hiệu gia đình văn hóa", "above", 95, "%"),
)

# The 2022–2025 congresses of reporting.demo whose yearly results are recorded:
# (committee, branch) -> (targets, results). The others set targets only (a resolution always
# lists its targets): seed 001's for a unit's branch, RESIDENTIAL for a ward's.
COMPLETED = {
    ("Đảng bộ Sở Công Thương", "Chi bộ Văn phòng"): (SEED_001, SEED_001_RESULTS),
    ("Đảng bộ phường Kỳ Trinh", "Chi bộ TDP Hoàng Trinh"): (RESIDENTIAL, RESIDENTIAL_RESULTS),
}


def completed_targets(committee: str, branch: str) -> tuple[tuple, dict]:
    """The targets of a 2022–2025 demo congress and its recorded years (possibly none)."""
    default = SEED_001 if committee == "Đảng bộ Sở Công Thương" else RESIDENTIAL
    return COMPLETED.get((committee, branch), (default, {}))


def set_targets(*, acting_user, congress, rows) -> None:
    """The congress's targets, in order (while its documents are drafted)."""
    for label, comparison, value, unit in rows:
        services.target_save(
            acting_user=acting_user, congress=congress, label=label, comparison=comparison, value=Decimal(value),
            unit=unit,
        )


def record_results(*, acting_user, congress, results) -> None:
    """Each year's figures, target by target in their order (once the congress is held)."""
    targets = list(congress.targets.order_by("position", "pk"))
    for year, figures in results.items():
        services.target_results_save(
            acting_user=acting_user, congress=congress, year=year,
            achieved={t.pk: Decimal(str(f)) for t, f in zip(targets, figures, strict=True)},
        )
