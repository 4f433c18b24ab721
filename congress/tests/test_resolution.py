"""The resolution's body drafted from the congress's data and its subject once adopted
(congress.resolution, pure; docs/domain.md §4a), and the table of the previous term's targets
(congress.targets.results_table_html)."""

import unicodedata
from decimal import Decimal

import pytest

from congress import resolution
from congress.resolution import (
    ELECTIONS_PENDING, ElectionsFacts, ResolutionFacts, adopted_subject, elections_html, elections_pending,
    fill_elections, resolution_html, section_html,
)
from congress.services.congresses import _POLITICAL_REPORT_BODY
from congress.targets import Comparison, TargetFacts, TargetRecord, results_table_html

SEED_001 = (  # Chi bộ Văn phòng 2 (seed 001)
    "100% đảng viên hoàn thành nhiệm vụ", "trên 95% đảng viên hoàn thành tốt nhiệm vụ",
    "kết nạp từ 01 đảng viên mới trở lên",
)


def facts(**changes) -> ResolutionFacts:
    values = dict(
        organization_name="Chi bộ Văn phòng", term="2025–2030", previous_term="2020–2025", committee_name="Chi ủy",
        targets=SEED_001,
    )
    return ResolutionFacts(**{**values, **changes})


def test_the_body_has_the_five_items_under_quyet_nghi():
    body = resolution_html(facts())
    assert body.startswith("<p><strong>ĐẠI HỘI CHI BỘ VĂN PHÒNG QUYẾT NGHỊ:</strong></p>")
    heads = ["1. Về đánh giá", "2. Mục tiêu và các chỉ tiêu chủ yếu nhiệm kỳ 2025–2030", "3. Nhiệm vụ và giải pháp",
             "4. Về công tác bầu cử", "5. Tổ chức thực hiện"]
    assert [body.index(h) for h in heads] == sorted(body.index(h) for h in heads)
    assert "Nghị quyết Đại hội Chi bộ Văn phòng nhiệm kỳ 2020–2025" in body
    assert "Giao Chi ủy nhiệm kỳ 2025–2030" in body


def test_the_targets_are_a_list_each_as_the_party_writes_it():
    body = resolution_html(facts())
    assert ("<ul><li>100% đảng viên hoàn thành nhiệm vụ;</li><li>trên 95% đảng viên hoàn thành tốt nhiệm vụ;</li>"
            "<li>kết nạp từ 01 đảng viên mới trở lên.</li></ul>") in body
    assert resolution.TARGETS_PENDING not in body


def test_without_targets_or_tasks_the_body_says_what_to_write_in_parentheses():
    body = resolution_html(facts(targets=()))
    assert resolution.TARGETS_PENDING in body and resolution.TASKS_PENDING in body


def test_before_the_elections_close_item_four_is_pending_and_after_it_names_the_elected():
    assert ELECTIONS_PENDING in resolution_html(facts())
    elected = ElectionsFacts(
        committee_name="Chi ủy", committee=("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"),
        secretary="Nguyễn Văn An", deputies=("Trần Thị Bình",),
    )
    body = resolution_html(facts(elections=elected))
    assert ELECTIONS_PENDING not in body
    assert ("<p>Đại hội đã bầu Chi ủy nhiệm kỳ 2025–2030 gồm 03 đồng chí: Nguyễn Văn An, Trần Thị Bình, Lê Văn Cường; "
            "bầu đồng chí Nguyễn Văn An làm Bí thư, đồng chí Trần Thị Bình làm Phó Bí thư.</p>") in body


def test_the_delegates_follow_the_committee():
    elected = ElectionsFacts(
        committee_name="Chi ủy", secretary="Nguyễn Văn An", official_delegates=("Nguyễn Văn An", "Lê Văn Cường"),
        alternate_delegates=("Phạm Thị Dung",), delegates_to="Đại hội Đảng bộ phường Kỳ Trinh nhiệm kỳ 2025–2030",
    )
    text = elections_html(elected, "2025–2030")
    assert text == (
        "<p>Đại hội đã bầu đồng chí Nguyễn Văn An làm Bí thư.</p>"
        "<p>Đại hội đã bầu Đoàn đại biểu đi dự Đại hội Đảng bộ phường Kỳ Trinh nhiệm kỳ 2025–2030 gồm 02 đại biểu "
        "chính thức: Nguyễn Văn An, Lê Văn Cường và 01 đại biểu dự khuyết: Phạm Thị Dung.</p>"
    )


def test_names_are_escaped():
    body = resolution_html(facts(
        organization_name="Chi bộ <b>", targets=("<script>",),
        elections=ElectionsFacts(committee_name="Chi ủy", secretary="A & <B>"),
    ))
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "CHI BỘ &lt;B&gt;" in body and "đồng chí A &amp; &lt;B&gt; làm Bí thư" in body


def test_the_pending_paragraph_is_found_and_replaced_once():
    body = "<p>a</p>" + ELECTIONS_PENDING + "<p>b</p>"
    assert elections_pending(body)
    assert fill_elections(body, "<p>X</p>") == "<p>a</p><p>X</p><p>b</p>"
    # Without its span (a sanitiser that drops it) it is still found by its text.
    plain = "<p>a</p><p>(Kết quả bầu cử: ghi khi Đại hội bầu cử xong.)</p>"
    assert fill_elections(plain, "<p>X</p>") == "<p>a</p><p>X</p>"
    assert not elections_pending("<p>Đại hội đã bầu.</p>")
    assert fill_elections("<p>Đại hội đã bầu.</p>", "<p>X</p>") == "<p>Đại hội đã bầu.</p>"


# --- The subject once adopted ------------------------------------------------------------------


@pytest.mark.parametrize("subject", [
    "Dự thảo Nghị quyết Đại hội Chi bộ X lần thứ II, nhiệm kỳ 2025–2030",
    "  DỰ THẢO   NGHỊ QUYẾT   Đại hội Chi bộ X lần thứ II, nhiệm kỳ 2025–2030 ",
    "dự\u00a0thảo nghị\tquyết: Đại hội Chi bộ X lần thứ II, nhiệm kỳ 2025–2030",
    "Nghị quyết Đại hội Chi bộ X lần thứ II, nhiệm kỳ 2025–2030 (Dự thảo)",
    "Dự thảo: Đại hội Chi bộ X lần thứ II, nhiệm kỳ 2025–2030",
    "Đại hội Chi bộ X lần thứ II, ( dự  thảo ) nhiệm kỳ 2025–2030",
    "đại hội Chi bộ X lần thứ II, nhiệm kỳ 2025–2030",
    # Decomposed Vietnamese (NFD), as some keyboards type it.
    unicodedata.normalize("NFD", "Dự thảo Nghị quyết Đại hội Chi bộ X lần thứ II, nhiệm kỳ 2025–2030"),
])
def test_adopted_subject_drops_the_draft_and_the_type(subject):
    assert adopted_subject(subject) == "Đại hội Chi bộ X lần thứ II, nhiệm kỳ 2025–2030"


def test_adopted_subject_keeps_what_is_only_the_type_or_the_mark():
    assert adopted_subject("Dự thảo") == "Dự thảo"  # nothing but the mark: left as written
    assert adopted_subject("Nghị quyết") == "Nghị quyết"
    assert adopted_subject("Nghị quyết số 5 về công tác cán bộ") == "Số 5 về công tác cán bộ"
    assert adopted_subject("Nghị quyếttt Đại hội") == "Nghị quyếttt Đại hội"  # not the word


# --- A section of the political report ---------------------------------------------------------


def report(tasks: str) -> str:
    body = _POLITICAL_REPORT_BODY.format(term="2025–2030")
    return body.replace("<p><b>III. Nhiệm vụ và giải pháp</b></p><p></p>", "<p><b>III. Nhiệm vụ và giải pháp</b></p>" + tasks)


def test_the_tasks_are_taken_from_the_political_report_up_to_the_next_heading_of_their_rank():
    tasks = "<p><b>1. Công tác xây dựng Đảng</b></p><p>Nâng cao chất lượng sinh hoạt.</p><ul><li>a<ul><li>b</li></ul></li></ul>"
    body = report(tasks) + "<p><b>Phần thứ ba</b></p><p>Khác.</p>"
    assert section_html(body, resolution.TASKS_HEADING) == tasks


def test_an_empty_section_gives_nothing():
    assert section_html(report(""), resolution.TASKS_HEADING) == ""
    assert section_html("<p>Không có mục.</p>", resolution.TASKS_HEADING) == ""
    assert section_html("", resolution.TASKS_HEADING) == ""


def test_a_heading_in_an_h3_ends_at_the_next_h3():
    body = "<h3>III. NHIỆM VỤ VÀ GIẢI PHÁP</h3><p>Một.</p><h4>1. Con</h4><p>Hai.</p><h3>IV. Khác</h3><p>Ba.</p>"
    assert section_html(body, "Nhiệm vụ và giải pháp") == "<p>Một.</p><h4>1. Con</h4><p>Hai.</p>"


# --- The previous term's targets in the next political report -------------------------------------


def test_the_results_table_shows_each_year_and_met_by_the_last_year():
    above = TargetFacts("đảng viên hoàn thành tốt nhiệm vụ", Comparison.ABOVE, Decimal(95), "%")
    count = TargetFacts("kết nạp", Comparison.AT_LEAST, Decimal(1), "đảng viên mới")
    records = [
        TargetRecord(above, {2022: Decimal("96.5"), 2023: Decimal(94)}),
        TargetRecord(count, {2022: Decimal(2), 2023: Decimal(1)}),
        TargetRecord(TargetFacts("<x>", Comparison.EXACTLY, Decimal(100), "%"), {}),
    ]
    html = results_table_html(records, [2022, 2023], "2022–2025")
    assert html.startswith("<p><b>Kết quả thực hiện các chỉ tiêu Nghị quyết nhiệm kỳ 2022–2025</b></p><table>")
    assert ("<tr><td>1</td><td>trên 95% đảng viên hoàn thành tốt nhiệm vụ</td><td>96,5%</td><td>94%</td>"
            "<td>Không đạt</td></tr>") in html
    assert "<tr><td>2</td><td>kết nạp từ 01 đảng viên mới trở lên</td><td>02</td><td>01</td><td>Đạt</td></tr>" in html
    assert "&lt;x&gt;" in html and "Chưa có số liệu" in html


def test_the_tasks_taken_in_become_subsections_of_item_three():
    tasks = "<p><b>1. Xây dựng Đảng</b></p><p>1. Một câu thường.</p><h4>2. Quốc phòng</h4><p><strong>a) Nhỏ</strong></p>"
    body = resolution_html(facts(tasks_html=tasks))
    assert ("<p><strong>3. Nhiệm vụ và giải pháp</strong></p><p><b>3.1. Xây dựng Đảng</b></p><p>1. Một câu thường.</p>"
            "<h4>3.2. Quốc phòng</h4><p><strong>a) Nhỏ</strong></p>") in body
