"""Plausible Vietnamese people for demo data, scale data and tests (deterministic per seed)."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from .rules import split_status

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lương", "Hà", "Tạ", "Trịnh", "Đoàn", "Mai"]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân", "Thanh", "Đình", "Sỹ", "Ngọc"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thu", "Ngọc", "Thanh", "Kim", "Minh", "Phương", "Hồng", "Mai"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hiếu", "Hùng", "Huy", "Khánh",
              "Long", "Minh", "Nam", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Tiến",
              "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Chín", "Lộc", "Hoàng"]
GIVEN_FEMALE = ["Anh", "Ánh", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa",
                "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương",
                "Quyên", "Thảo", "Thủy", "Trang", "Tuyết", "Vân", "Yến", "Xuân"]
ETHNIC_MINORITIES = ["Tày", "Nùng", "Dao", "Mường", "Thái", "Khmer", "Hoa", "Sán Chay"]
OCCUPATIONS = ["Chuyên viên", "Cán bộ hưu trí", "Giáo viên", "Bác sĩ", "Điều dưỡng", "Kỹ sư",
               "Kế toán", "Nhân viên kinh doanh", "Công an viên", "Tổ trưởng tổ dân phố",
               "Trưởng phòng", "Phó Giám đốc", "Cán bộ", "Kinh doanh tự do", "Nông dân"]


@dataclass
class Person:
    full_name: str
    gender: str
    date_of_birth: date
    ethnicity: str
    joined_on: date
    official_on: date | None
    membership: str  # official or probationary (docs/domain.md §1.4)
    situation: str  # none, exempt, transferred_temporarily or suspended
    occupation: str


def make_person(rng: random.Random, *, today: date, minority_share: float = 0.05,
                status: str | None = None) -> Person:
    female = rng.random() < 0.38
    name = " ".join([
        rng.choice(FAMILY),
        rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE),
        rng.choice(GIVEN_FEMALE if female else GIVEN_MALE),
    ])
    born = today - timedelta(days=rng.randint(22 * 365, 75 * 365))
    earliest_join = born + timedelta(days=18 * 365 + 5)
    span = max((today - earliest_join).days - 30, 1)
    joined = earliest_join + timedelta(days=rng.randint(0, span))
    # One draw of the old single status, split into the two facts, keeps every demo and scale
    # set the same as before the split (the seeds' figures depend on the draws).
    if status is None:
        status = rng.choices(
            ["official", "probationary", "exempt", "transferred_temporarily", "suspended"],
            weights=[88, 6, 4, 1.5, 0.5],
        )[0]
    if status == "probationary" or (today - joined).days < 366:
        status = "probationary"
        joined = today - timedelta(days=rng.randint(30, 360))
        official = None
    else:
        official = joined + timedelta(days=365)
    membership, situation = split_status(status)
    return Person(
        full_name=name,
        gender="female" if female else "male",
        date_of_birth=born,
        ethnicity=rng.choice(ETHNIC_MINORITIES) if rng.random() < minority_share else "Kinh",
        joined_on=joined,
        official_on=official,
        membership=membership,
        situation=situation,
        occupation=rng.choice(OCCUPATIONS),
    )
