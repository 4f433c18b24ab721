"""The summary report's text (reporting.report): pure, from figures to Vietnamese paragraphs
written the way the seed articles write them."""

import datetime
from decimal import Decimal

import pytest

from documents.sanitize import sanitize_body
from reporting import report
from reporting.statistics import COUNTED

ZERO = {key: 0 for key in [*COUNTED, "overdue"]}


def facts(*, branches_only=True, units=(), share_lowest=None, share_highest=None, scope_label="", late=None,
          **values):
    return report.ReportFacts(
        superior_name="Đảng bộ phường Kỳ Trinh", term="2022–2025", plan_symbol="29-KH/ĐU",
        plan_date=datetime.date(2022, 4, 28), scope_label=scope_label, branches_only=branches_only,
        values={**ZERO, **values}, share_lowest=share_lowest, share_highest=share_highest, units=tuple(units),
        overdue_by_deadline=late or {},
    )


# Kỳ Trinh (seed 002): 11 branches, 2 pilots, 39 elected, 24 re-elected, 15 new, 9 women.
KY_TRINH = dict(in_scope=11, held=11, pilots=2, pilots_held=2, elected=39, re_elected=24, new=15, women=9)
# The Khối (seed 003): 65 grassroots committees and branches, 642 elected, 10,5% fewer than before.
KHOI = dict(
    in_scope=65, held=65, elected=642, previous=717, re_elected=457, new=185, women=155, committees_held=65,
    secretaries_direct=46,
    delegates_allocated=253, delegates_official=215, delegates_alternate=107, works=116,
)


# --- Numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("n, text", [(0, "00"), (2, "02"), (9, "09"), (10, "10"), (108, "108"), (1024, "1.024")])
def test_units_count_pads_below_ten(n, text):
    assert report.units_count(n) == text


def test_ratio_and_people():
    assert report.ratio(3, 3) == "03/03"
    assert report.ratio(46, 65) == "46/65"
    assert report.people(9) == "9"
    assert report.people(8236) == "8.236"


@pytest.mark.parametrize("elected, previous, text", [
    (642, 717, "giảm 10,5% so với nhiệm kỳ trước"),
    (9, 9, "không tăng so với nhiệm kỳ trước"),
    (9, 8, "tăng 12,5% so với nhiệm kỳ trước"),
    (9, 0, ""),
])
def test_change_text(elected, previous, text):
    assert report.change_text(elected, previous) == text


def test_percent():
    assert report.percent(Decimal("87.5")) == "87,50%"
    assert report.percent(Decimal("92.3077")) == "92,31%"


# --- The sentences ------------------------------------------------------------------------------


def test_ky_trinh_completion():
    assert report.completion_sentences(facts(**KY_TRINH)) == [
        "Đến nay, đã có 11/11 chi bộ tổ chức Đại hội xong, trong đó 02 chi bộ tổ chức đại hội điểm.",
    ]


def test_ky_trinh_committee():
    assert report.committee_sentences(facts(**KY_TRINH)) == [
        "Đại hội các chi bộ đã bầu ra cấp ủy nhiệm kỳ 2022–2025 gồm 39 đồng chí, số lượng cấp ủy tái cử là "
        "24 đồng chí, số cấp ủy mới tham gia là 15 đồng chí, cấp ủy là nữ 9 đồng chí (chiếm 23,08%).",
    ]


def test_ky_trinh_body_has_the_sentences_and_survives_the_sanitizer():
    body = report.report_body(facts(**KY_TRINH))
    assert sanitize_body(body) == body
    assert body.startswith(
        "<p>Thực hiện Kế hoạch số 29-KH/ĐU, ngày 28/4/2022 về tổ chức đại hội chi bộ nhiệm kỳ 2022–2025, "
        "Đảng bộ phường Kỳ Trinh báo cáo kết quả đại hội như sau:</p>"
    )
    assert "<h3>I. TÌNH HÌNH TỔ CHỨC ĐẠI HỘI</h3>" in body
    assert "<h3>II. KẾT QUẢ BẦU CẤP ỦY</h3>" in body
    assert "gồm 39 đồng chí" in body
    # Nothing of secretaries, delegates or emulation: those parts are left out, the assessment follows.
    assert "<h3>III. ĐÁNH GIÁ CHUNG</h3>" in body
    assert "BÍ THƯ" not in body and "ĐẠI BIỂU" not in body and "THI ĐUA" not in body


def test_khoi_committee_exact():
    found = report.committee_sentences(facts(branches_only=False, not_re_elected=260, **KHOI))
    assert found == [
        "Đại hội các đảng bộ, chi bộ cơ sở đã bầu ra cấp ủy nhiệm kỳ 2022–2025 gồm 642 đồng chí, giảm 10,5% so "
        "với nhiệm kỳ trước, số lượng cấp ủy tái cử là 457 đồng chí, số cấp ủy mới tham gia là 185 đồng chí, "
        "cấp ủy là nữ 155 đồng chí (chiếm 24,14%).",
        "Số cấp ủy viên khóa trước không tiếp tục tham gia cấp ủy khóa mới là 260 đồng chí.",
    ]


def test_khoi_completion_uses_the_grassroots_noun():
    assert report.completion_sentences(facts(branches_only=False, **KHOI)) == [
        "Đến nay, đã có 65/65 đảng bộ, chi bộ cơ sở tổ chức Đại hội xong.",
    ]


def test_no_change_against_the_previous_term():
    found = report.committee_sentences(facts(in_scope=3, held=3, elected=9, previous=9, re_elected=5, new=4))
    assert found == [
        "Đại hội các chi bộ đã bầu ra cấp ủy nhiệm kỳ 2022–2025 gồm 9 đồng chí, không tăng so với nhiệm kỳ trước, "
        "số lượng cấp ủy tái cử là 5 đồng chí, số cấp ủy mới tham gia là 4 đồng chí.",
    ]


def test_young_and_minorities_when_there_are_some():
    found = report.committee_sentences(facts(held=1, elected=10, re_elected=4, new=6, women=2, young=3, minority=1))
    assert found == [
        "Đại hội các chi bộ đã bầu ra cấp ủy nhiệm kỳ 2022–2025 gồm 10 đồng chí, số lượng cấp ủy tái cử là 4 đồng "
        "chí, số cấp ủy mới tham gia là 6 đồng chí, cấp ủy là nữ 2 đồng chí (chiếm 20,00%), cấp ủy dưới 40 tuổi 3 "
        "đồng chí (chiếm 30,00%), cấp ủy là người dân tộc thiểu số 1 đồng chí (chiếm 10,00%).",
    ]


def test_completion_not_all_held_overdue_and_ratified():
    found = report.completion_sentences(facts(
        in_scope=11, held=3, pilots_held=1, overdue=3, ratified=1, late={"report": 2, "held": 1},
    ))
    assert found == [
        "Đến nay, đã có 03/11 chi bộ tổ chức Đại hội xong, trong đó 01 chi bộ tổ chức đại hội điểm.",
        "Còn 08 chi bộ chưa tổ chức đại hội.",
        # Which deadline each missed: held on time but not reported is not "held late".
        "Theo thời hạn của kế hoạch, có 01 chi bộ chậm tổ chức đại hội, 02 chi bộ chậm báo cáo kết quả đại hội.",
        "Đã chuẩn y kết quả đại hội của 01/03 chi bộ đã tổ chức đại hội.",
    ]


def test_elections():
    found = report.election_sentences(facts(
        held=3, with_committee=2, secretary_only=1, ballot_seats=6, surplus=2, vacant=1, further_rounds=1,
    ))
    assert found == [
        "Có 02/03 chi bộ bầu cấp ủy, 01 chi bộ chỉ bầu bí thư (chưa đủ số đảng viên để bầu chi ủy).",
        "Danh sách bầu cử cấp ủy có số dư 2 người so với 6 cấp ủy viên cần bầu (33,33%).",
        "Còn 1 chức danh, vị trí để khuyết, chưa bầu đủ.",
        "Có 1 cuộc bầu cử phải tiến hành bầu lần thứ hai.",
    ]


def test_secretaries_lowest_share():
    found = report.secretary_sentences(facts(
        branches_only=False, held=108, committees_held=65, secretaries_direct=46, secretaries=65, secretaries_re_elected=40,
        secretaries_new=25, share_lowest=Decimal("90.5"), share_highest=Decimal("100"),
    ))
    assert found == [
        # Of the grassroots committees held, not of every unit: branches always elect their
        # secretary at the congress (seed 003: "46/65 đảng bộ cơ sở", 108 units held).
        "Có 46/65 đảng bộ cơ sở bầu trực tiếp bí thư cấp ủy tại đại hội, các đồng chí được bầu giữ chức vụ bí thư "
        "đạt từ 90,50% đến 100,00% số phiếu, đồng chí thấp nhất đạt 90,50%.",
        "Tổng số bí thư được bầu là 65 đồng chí, trong đó tái cử 40 đồng chí, lần đầu giữ chức vụ bí thư 25 đồng chí.",
    ]


def test_one_secretary_elected_directly():
    found = report.secretary_sentences(facts(
        held=1, committees_held=1, secretaries_direct=1, secretaries=1, secretaries_new=1,
        share_lowest=Decimal("87.5"), share_highest=Decimal("87.5"),
    ))
    assert found == [
        "Có 01/01 đảng bộ cơ sở bầu trực tiếp bí thư cấp ủy tại đại hội, đồng chí được bầu giữ chức vụ bí thư đạt 87,50% số phiếu.",
        "Tổng số bí thư được bầu là 1 đồng chí, trong đó lần đầu giữ chức vụ bí thư 1 đồng chí.",
    ]


def test_delegates():
    assert report.delegate_sentences(facts(branches_only=False, **KHOI)) == [
        "Trên cơ sở số lượng được phân bổ 253 đại biểu, đại hội các đảng bộ, chi bộ cơ sở đã bầu 215 đại biểu "
        "chính thức và 107 đại biểu dự khuyết đi dự Đại hội Đảng bộ phường Kỳ Trinh.",
    ]
    assert report.delegate_sentences(facts(delegates_official=5)) == [
        "Đại hội các chi bộ đã bầu 5 đại biểu chính thức đi dự Đại hội Đảng bộ phường Kỳ Trinh.",
    ]


def test_emulation_and_awards():
    assert report.emulation_sentences(facts(works=116, works_completed=58, awards=10)) == [
        "Đã có 116 công trình, phần việc cụ thể được đăng ký thực hiện chào mừng đại hội, trong đó 58 công trình, "
        "phần việc đã hoàn thành (chiếm 50,00%).",
        "Đã khen thưởng 10 lượt tập thể có thành tích xuất sắc trong công tác tổ chức đại hội và phong trào thi đua "
        "chào mừng đại hội.",
    ]
    assert report.emulation_sentences(facts(works=116)) == [
        "Đã có 116 công trình, phần việc cụ thể được đăng ký thực hiện chào mừng đại hội.",
    ]


# --- Zero cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize("part", [
    report.completion_sentences, report.committee_sentences, report.election_sentences,
    report.secretary_sentences, report.delegate_sentences, report.emulation_sentences,
])
def test_all_zero_says_nothing(part):
    assert part(facts()) == []


def test_all_zero_body_is_the_opening_and_the_assessment():
    body = report.report_body(facts())
    assert "<h3>I. ĐÁNH GIÁ CHUNG</h3>" in body
    assert "<table>" not in body
    assert "Đến nay" not in body


def test_nothing_held_yet():
    found = report.completion_sentences(facts(in_scope=4))
    assert found == ["Đến nay, đã có 00/04 chi bộ tổ chức Đại hội xong.", "Còn 04 chi bộ chưa tổ chức đại hội."]


# --- Tables, subject, escaping ------------------------------------------------------------------


def test_figures_table_leaves_out_zero_sections():
    table = report.figures_table(facts(**KY_TRINH))
    assert "<td>Tổng số cấp ủy viên</td><td>39</td><td></td>" in table
    assert "<td>Nữ</td><td>9</td><td>23,08%</td>" in table
    assert "Đại biểu" not in table and "Bí thư" not in table
    assert sanitize_body(table) == table


def test_units_table():
    units = [
        report.UnitFacts("Đảng bộ Công ty <A>", True, datetime.date(2022, 6, 20), True, 3, 2, 1, 1, 0, True,
                         Decimal("92.3077"), grassroots_committee=True),
        report.UnitFacts("Chi bộ Trạm Y tế", False, None, False, 0, 0, 0, 0, 0, False, None),
        report.UnitFacts("Đảng bộ Bệnh viện", True, datetime.date(2022, 6, 21), False, 5, 3, 2, 2, 1, False, None,
                         grassroots_committee=True),
        report.UnitFacts("Chi bộ TDP Hoàng Trinh", True, datetime.date(2022, 6, 22), False, 3, 3, 0, 1, 0, False, None),
    ]
    table = report.units_table(facts(units=units))
    assert ("<tr><td>1</td><td>Đảng bộ Công ty &lt;A&gt; (đại hội điểm)</td><td>20/06/2022</td><td>3</td>"
            "<td>2</td><td>1</td><td>1</td><td>0</td><td>Có (92,31%)</td></tr>") in table
    assert '<tr><td>2</td><td>Chi bộ Trạm Y tế</td><td colspan="7">Chưa tổ chức đại hội</td></tr>' in table
    assert "<td>Đảng bộ Bệnh viện</td><td>21/06/2022</td><td>5</td><td>3</td><td>2</td><td>2</td><td>1</td><td>Không</td>" in table
    # A branch always elects its secretary at its congress: the question is not asked of it.
    assert "<td>Chi bộ TDP Hoàng Trinh</td><td>22/06/2022</td><td>3</td><td>3</td><td>0</td><td>1</td><td>0</td><td>—</td>" in table
    assert sanitize_body(table) == table
    assert report.units_table(facts()) == ""


def test_a_national_round_does_not_list_its_units_in_the_report():
    found = facts(branches_only=False, in_scope=report.UNITS_TABLE_LIMIT + 1, held=1)
    appendices = report.report_appendices(found)
    assert (
        "<h3>PHỤ LỤC 2. KẾT QUẢ ĐẠI HỘI TỪNG ĐƠN VỊ</h3><p>Kết quả đại hội của 201 đảng bộ, chi bộ cơ sở: có biểu "
        "tổng hợp kèm theo.</p>"
    ) in appendices
    assert "<th>Ngày đại hội</th>" not in appendices


def test_the_appendices_are_not_in_the_body_they_follow_the_signature():
    units = [report.UnitFacts("Chi bộ Trạm Y tế", False, None, False, 0, 0, 0, 0, 0, False, None)]
    found = facts(**{**KY_TRINH, "units": units})
    body, appendices = report.report_body(found), report.report_appendices(found)
    assert "PHỤ LỤC" not in body and "<table" not in body
    assert appendices.index("PHỤ LỤC 1. TỔNG HỢP SỐ LIỆU") < appendices.index("PHỤ LỤC 2. KẾT QUẢ ĐẠI HỘI TỪNG ĐƠN VỊ")
    assert appendices.count('<div class="appendix">') == 2


def test_names_are_escaped():
    body = report.report_body(report.ReportFacts(
        superior_name="Đảng bộ <script>", term="2022–2025", plan_symbol="", plan_date=None, scope_label="Khối <b>",
        branches_only=True, values={**ZERO, "held": 1, "in_scope": 1},
    ))
    assert "<script>" not in body and "<b>" not in body
    assert body.startswith(
        "<p>Thực hiện Kế hoạch về tổ chức đại hội chi bộ nhiệm kỳ 2022–2025, Đảng bộ &lt;script&gt; báo cáo kết quả "
        "đại hội (Khối &lt;b&gt;) như sau:</p>"
    )


def test_subject():
    assert report.report_subject(branches_only=True, term="2022–2025") == "Kết quả đại hội chi bộ nhiệm kỳ 2022–2025"
    assert report.report_subject(branches_only=False, term="2020–2025", scope_label="Khối cơ quan") == (
        "Kết quả đại hội đảng bộ, chi bộ cơ sở nhiệm kỳ 2020–2025 (Khối cơ quan)"
    )
