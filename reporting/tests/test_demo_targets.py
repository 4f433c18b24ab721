"""The demo's targets and resolutions (docs/documents.md "Targets", "The resolution"): Sở Công
Thương's Chi bộ Văn phòng sets seed 001's targets and records 2022–2024, Kỳ Trinh's Chi bộ TDP
Hoàng Trinh its own, which its 2025 congress shows and its political report tabulates; the
adopted resolutions carry the elected, lose "Dự thảo" and are signed by the presiding member."""

import io

import pytest
from django.core.management import call_command

from congress.models import Congress, CongressDocumentRole, TargetResult
from congress.resolution import ELECTIONS_PENDING_TEXT
from congress.targets import is_met

pytestmark = pytest.mark.usefixtures("no_rendering")


def _run(command: str) -> None:
    call_command(command, stdout=io.StringIO(), stderr=io.StringIO())


def _body(document) -> str:
    return document.versions.order_by("-number").first().body


def test_the_demo_carries_targets_and_complete_resolutions(db):
    # One run of the demo (slow) for the three checks below.
    for command in ("seed_demo", "seed_demo_documents", "seed_demo_results", "seed_demo_congress"):
        _run(command)
    chi_bo_van_phong_sets_seed_001s_targets_and_misses_one()
    the_adopted_demo_resolutions_are_complete()
    hoang_trinhs_next_congress_shows_the_previous_targets_in_its_political_report()


def chi_bo_van_phong_sets_seed_001s_targets_and_misses_one():
    congress = Congress.objects.get(organization__name="Chi bộ Văn phòng", plan__term__start_year=2022)
    texts = [str(t) for t in congress.targets.all()]
    assert texts[:4] == [
        "100% đảng viên hoàn thành nhiệm vụ", "trên 95% đảng viên hoàn thành tốt nhiệm vụ",
        "trên 10% đảng viên hoàn thành xuất sắc nhiệm vụ", "kết nạp từ 01 đảng viên mới trở lên",
    ]
    assert len(texts) == 7 and "100% gia đình cán bộ, đảng viên, công chức đạt tiêu chuẩn gia đình văn hoá" in texts
    last = {r.target_id: r for r in TargetResult.objects.filter(target__congress=congress, year=2024)}
    missed = [str(t) for t in congress.targets.all() if not is_met(t.comparison, t.value, last[t.pk].achieved)]
    assert missed == ["trên 95% đảng viên hoàn thành tốt nhiệm vụ"]
    assert set(TargetResult.objects.filter(target__congress=congress).values_list("year", flat=True)) == {2022, 2023, 2024}


def the_adopted_demo_resolutions_are_complete():
    for congress in Congress.objects.filter(documents__role=CongressDocumentRole.DRAFT_RESOLUTION,
                                            documents__document__state="issued").distinct():
        document = congress.documents.get(role=CongressDocumentRole.DRAFT_RESOLUTION).document
        body = _body(document)
        assert "Dự thảo" not in document.subject and document.subject == congress.name, congress
        assert ELECTIONS_PENDING_TEXT not in body and "Đại hội đã bầu" in body, congress
        assert (document.signing_mode, document.signing_body) == ("T/M", "ĐOÀN CHỦ TỊCH")
        assert document.signer_name, congress
    van_phong = Congress.objects.get(organization__name="Chi bộ Văn phòng", plan__term__start_year=2022)
    body = _body(van_phong.documents.get(role=CongressDocumentRole.DRAFT_RESOLUTION).document)
    assert "<li>trên 95% đảng viên hoàn thành tốt nhiệm vụ;</li>" in body


def hoang_trinhs_next_congress_shows_the_previous_targets_in_its_political_report():
    congress = Congress.objects.get(organization__name="Chi bộ TDP Hoàng Trinh", plan__term__start_year=2025)
    report = congress.documents.get(role=CongressDocumentRole.POLITICAL_REPORT).document
    body = _body(report)
    assert "Kết quả thực hiện các chỉ tiêu Nghị quyết nhiệm kỳ 2022–2025" in body
    assert "<td>kết nạp từ 02 đảng viên mới trở lên</td><td>02</td><td>03</td><td>01</td><td>Không đạt</td>" in body
    assert congress.targets.count() == 5
