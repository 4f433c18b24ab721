"""The completed 2022–2025 demo rounds (seed_demo_results) give the seed articles' figures
exactly, through the statistics the results page shows; a second run changes nothing; the
2025–2030 demo round still loads on top of them."""

import datetime
import io

import pytest
from django.core.management import call_command

from branches.models import CommitteeSeat
from congress.models import Congress, ElectedSeat, Plan
from congress.services import attendance
from branches.models import User
from reporting.services.report import round_report_draft
from reporting.statistics import Scope, totals

pytestmark = pytest.mark.usefixtures("no_rendering")

TODAY = datetime.date(2026, 11, 21)


def _run(command: str) -> str:
    out = io.StringIO()
    call_command(command, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _figures(plan, *keys):
    found = totals(Scope(plan), today=TODAY)
    return {key: found[key] for key in keys}, found


def test_the_completed_rounds_give_the_articles_figures(db):
    assert "No demo tree" in _run("seed_demo_results")
    _run("seed_demo")
    _run("seed_demo_documents")
    out = _run("seed_demo_results")
    assert "Completed round loaded: Đảng bộ phường Kỳ Trinh, 01-KH/ĐU, 11 congresses." in out
    assert "Completed round loaded: Đảng bộ Sở Công Thương, 01-KH/ĐU, 3 congresses." in out

    ky_trinh = Plan.objects.get(organization__name="Đảng bộ phường Kỳ Trinh", term__start_year=2022)
    figures, found = _figures(
        ky_trinh, "in_scope", "held", "ratified", "pilots", "pilots_held", "overdue", "elected", "re_elected", "new",
        "women",
    )
    assert figures == {
        "in_scope": 11, "held": 11, "ratified": 11, "pilots": 2, "pilots_held": 2, "overdue": 0,
        "elected": 39, "re_elected": 24, "new": 15, "women": 9,
    }
    assert found.share("women") == "23,08%" and found["works"] == 4 and found["works_completed"] == 3
    assert found["awards"] == 3
    assert ky_trinh.document.document_date == datetime.date(2022, 4, 28)
    pilots = dict(Congress.objects.filter(plan=ky_trinh, is_pilot=True).values_list("organization__name", "held_on"))
    assert pilots == {
        "Chi bộ TDP Hoàng Trinh": datetime.date(2022, 6, 20), "Chi bộ Trạm Y tế": datetime.date(2022, 6, 23),
    }
    others = Congress.objects.filter(plan=ky_trinh, is_pilot=False)
    assert all(datetime.date(2022, 6, 23) < c.held_on < datetime.date(2022, 7, 20) for c in others)

    # Hoàng Trinh's base: its 30 official members, the one temporarily active elsewhere included
    # since everyone attended [01-HD/TW §13.2; 294-QĐ/TW §9.3.2]; 29 before issue 13. The member
    # attached to it from elsewhere was summoned as a guest and is not counted.
    hoang_trinh = Congress.objects.get(plan=ky_trinh, organization__name="Chi bộ TDP Hoàng Trinh")
    figures = attendance.breakdown(hoang_trinh.attendance.all())
    assert (figures.summoned, figures.official_summoned, figures.base, figures.voters) == (34, 30, 30, 30)
    assert list(hoang_trinh.attached_guests.values_list("full_name", flat=True)) == ["Trần Văn Khải"]

    # The summary report says exactly these figures, as the article does.
    report = round_report_draft(
        acting_user=User.objects.get(username="vanphong"), scope=Scope(ky_trinh), today=TODAY,
    )
    body = report.document.versions.order_by("-number").first().body
    assert (
        "Đến nay, đã có 11/11 chi bộ tổ chức Đại hội xong, trong đó 02 chi bộ tổ chức đại hội điểm." in body
        and "Đại hội các chi bộ đã bầu ra cấp ủy nhiệm kỳ 2022–2025 gồm 39 đồng chí" in body
        and "số lượng cấp ủy tái cử là 24 đồng chí, số cấp ủy mới tham gia là 15 đồng chí, cấp ủy là nữ 9 đồng chí "
        "(chiếm 23,08%)" in body
    )

    so_cong_thuong = Plan.objects.get(organization__name="Đảng bộ Sở Công Thương", term__start_year=2022)
    figures, found = _figures(so_cong_thuong, "in_scope", "held", "ratified", "elected", "re_elected", "previous")
    assert figures == {"in_scope": 3, "held": 3, "ratified": 3, "elected": 9, "re_elected": 5, "previous": 9}
    assert found.change == 0

    # Ratifying made the elected the 2022–2025 committees, the next round's previous term.
    assert CommitteeSeat.objects.filter(term__start_year=2022).count() == 39 + 9 == ElectedSeat.objects.count()

    # Once: a second run says so and changes nothing.
    counts = (Plan.objects.count(), Congress.objects.count(), ElectedSeat.objects.count())
    assert "already loaded" in _run("seed_demo_results")
    assert (Plan.objects.count(), Congress.objects.count(), ElectedSeat.objects.count()) == counts

    # The 2025–2030 round loads after them, its previous term now 2022–2025.
    assert "Demo congress round loaded: 01-KH/ĐU, 11 congresses." in _run("seed_demo_congress")
    current = Plan.objects.get(organization__name="Đảng bộ phường Kỳ Trinh", term__start_year=2025)
    assert totals(Scope(current), today=TODAY)["previous"] > 0
    assert _figures(ky_trinh, "elected", "re_elected", "women")[0] == {"elected": 39, "re_elected": 24, "women": 9}
