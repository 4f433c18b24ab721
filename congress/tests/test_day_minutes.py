"""The minutes' body (congress.minutes): pure, from plain facts, always in Vietnamese."""

import datetime

from congress import rules
from congress.minutes import (
    DISCUSSION_INSTRUCTION, NOT_RECORDED, Elected, MinutesFacts, Vote, date_text, days_text, minutes_html,
    presiding_member, secretaries, time_text,
)
from documents.sanitize import sanitize_body


def facts(**overrides) -> MinutesFacts:
    attendees = (
        [rules.Attendee(rules.OFFICIAL, present=True)] * 9
        + [rules.Attendee(rules.OFFICIAL, present=False, absence_accepted=True)]
        + [rules.Attendee(rules.OFFICIAL, present=False)]
        + [rules.Attendee(rules.PROBATIONARY, present=True)]
    )
    base = rules.members_congress_base(attendees)
    values = {
        "congress_name": "Đại hội Chi bộ TDP Hoàng Trinh lần thứ II, nhiệm kỳ 2022–2025",
        "organization_name": "Chi bộ TDP Hoàng Trinh",
        "superior_name": "Đảng bộ phường Kỳ Trinh",
        "held_on": datetime.date(2022, 6, 5),
        "venue": "Nhà văn hóa TDP Hoàng Trinh",
        "guests": (("Lê Văn Cường", "Phó Bí thư Đảng ủy phường"),),
        "attendance": base,
        "required_votes": rules.required_votes(base.base),
        "agenda": ("Chào cờ", "Bầu Đoàn Chủ tịch, Thư ký", "Bế mạc"),
        "votes": {
            "presidium": Vote(9, 0, 10, True, ("Nguyễn Văn An", "Trần Thị Bình")),
            "secretariat": Vote(8, 1, 10, True, ("Phạm Thu Hà",)),
            "agenda": Vote(9, 0, 10, True),
            "resolution": Vote(7, 2, 10, True),
        },
        "opening_time": datetime.time(7, 30),
        "closing_time": datetime.time(11, 0),
    }
    return MinutesFacts(**{**values, **overrides})


def test_the_minutes_carry_the_attendance_figures_and_the_base():
    html = minutes_html(facts())
    assert "Tổng số đảng viên được triệu tập: 12 đồng chí (đảng viên chính thức: 11; đảng viên dự bị: 1)" in html
    assert "Có mặt: 10 đồng chí (đảng viên chính thức: 9; đảng viên dự bị: 1)" in html
    assert "vắng mặt cả buổi có lý do được cấp ủy triệu tập chấp nhận: 1" in html
    assert "Vắng mặt không có lý do được chấp nhận (vẫn tính): 1" in html
    assert "xác định kết quả biểu quyết, bầu cử: 10 đồng chí" in html
    assert "(ít nhất 6 đồng chí)" in html
    assert "Đảng viên dự bị dự Đại hội" in html


def test_the_minutes_name_the_congress_its_day_guests_and_bodies():
    html = minutes_html(facts())
    assert "Hôm nay, ngày 05 tháng 6 năm 2022, tại Nhà văn hóa TDP Hoàng Trinh, Đại hội Chi bộ TDP Hoàng Trinh lần thứ II" in html
    assert "Đồng chí Lê Văn Cường, Phó Bí thư Đảng ủy phường" in html
    assert "(Đảng bộ phường Kỳ Trinh)" in html
    assert "bầu Đoàn Chủ tịch gồm các đồng chí: Nguyễn Văn An, Trần Thị Bình. Tán thành: 9/10 đồng chí (90,00%)" in html
    assert "bầu Thư ký Đại hội gồm các đồng chí: Phạm Thu Hà. Tán thành: 8/10 đồng chí (80,00%); không tán thành: 1" in html
    assert "<ol><li>Chào cờ</li><li>Bầu Đoàn Chủ tịch, Thư ký</li><li>Bế mạc</li></ol>" in html
    assert "thông qua Nghị quyết Đại hội. Tán thành: 7/10 đồng chí (70,00%); không tán thành: 2 đồng chí. Kết quả: được thông qua." in html
    # Signed outside the body (the document's signature): no table, no signature titles here.
    assert "<table>" not in html and "T/M ĐOÀN CHỦ TỊCH" not in html and "Ký, ghi rõ họ tên" not in html
    assert presiding_member(facts()) == "Nguyễn Văn An" and secretaries(facts()) == ("Phạm Thu Hà",)


def test_the_minutes_give_the_times_of_the_day():
    html = minutes_html(facts())
    assert "<p>Đại hội khai mạc vào hồi 7 giờ 30 phút.</p>" in html
    assert "Đại hội bế mạc vào hồi 11 giờ 00 phút cùng ngày. Biên bản đã được đọc lại" in html
    assert "... giờ" not in html


def test_a_congress_of_two_days_gives_both():
    days = (datetime.date(2025, 6, 5), datetime.date(2025, 6, 6))
    html = minutes_html(facts(days=days))
    assert "<p>Trong hai ngày 05 và 06 tháng 6 năm 2025, tại Nhà văn hóa TDP Hoàng Trinh" in html
    assert "Đại hội khai mạc vào hồi 7 giờ 30 phút ngày 05 tháng 6 năm 2025." in html
    assert "Đại hội bế mạc vào hồi 11 giờ 00 phút ngày 06 tháng 6 năm 2025." in html
    assert days_text((datetime.date(2025, 5, 31), datetime.date(2025, 6, 1))) == "ngày 31 tháng 5 và ngày 01 tháng 6 năm 2025"


def test_times_not_recorded_are_blanks_the_guard_refuses():
    html = minutes_html(facts(opening_time=None, closing_time=None))
    assert "khai mạc vào hồi ... giờ ... phút." in html and "bế mạc vào hồi ... giờ ... phút cùng ngày" in html
    assert time_text(datetime.time(9, 5)) == "9 giờ 05 phút"


def test_the_course_says_what_the_records_hold_and_leaves_one_instruction():
    votes = {**facts().votes, "counting_board": Vote(9, 0, 10, True, ("Đỗ Văn Kiểm",))}
    html = minutes_html(facts(political_report=True, self_review=True, votes=votes))
    course = html[html.index("IV. DIỄN BIẾN ĐẠI HỘI"):html.index("V. THÔNG QUA")]
    assert "Đại hội nghe trình bày Báo cáo chính trị trình Đại hội và Báo cáo kiểm điểm của cấp ủy nhiệm kỳ qua." in course
    assert ("Đồng chí Lê Văn Cường, Phó Bí thư Đảng ủy phường, đại biểu Đảng bộ phường Kỳ Trinh, phát biểu chỉ đạo "
            "Đại hội.") in course
    assert course.count("<p>(") == 1 and f"<p>{DISCUSSION_INSTRUCTION}</p>" in course


def test_the_minutes_name_who_was_elected_and_the_count_minutes():
    elected = Elected(
        committee_name="Chi ủy Chi bộ TDP Hoàng Trinh nhiệm kỳ 2025–2030",
        committee=("Nguyễn Văn An", "Trần Thị Bình", "Phạm Thu Hà"), secretary="Nguyễn Văn An",
        deputy="Trần Thị Bình", organization_name="Chi bộ TDP Hoàng Trinh",
        delegates=(("đại biểu chính thức dự Đại hội Đảng bộ phường Kỳ Trinh", ("Lê Văn Dũng",)),),
        count_minutes=("03-BB/CB", "04-BB/CB"),
    )
    html = minutes_html(facts(elected=elected))
    assert "Đại hội tiến hành bầu cử bằng phiếu kín, kết quả theo các biên bản kiểm phiếu số 03-BB/CB, 04-BB/CB:" in html
    assert ("<li>Bầu Chi ủy Chi bộ TDP Hoàng Trinh nhiệm kỳ 2025–2030 gồm 03 đồng chí: Nguyễn Văn An, Trần Thị Bình, "
            "Phạm Thu Hà.</li>") in html
    assert "<li>Đồng chí Nguyễn Văn An được bầu làm Bí thư Chi bộ TDP Hoàng Trinh.</li>" in html
    assert "<li>Đồng chí Trần Thị Bình được bầu làm Phó Bí thư Chi bộ TDP Hoàng Trinh.</li>" in html
    assert "<li>Bầu 01 đại biểu chính thức dự Đại hội Đảng bộ phường Kỳ Trinh: Lê Văn Dũng.</li>" in html
    assert "theo các biên bản kiểm phiếu của Tổ kiểm phiếu" not in html


def test_without_elected_recorded_the_minutes_point_to_the_count():
    assert "Kết quả bầu cử: theo các biên bản kiểm phiếu của Tổ kiểm phiếu." in minutes_html(facts())


def test_a_failed_vote_and_missing_records_are_said_so():
    html = minutes_html(facts(votes={"resolution": Vote(4, 5, 10, False)}, guests=(), held_on=None, venue=""))
    assert "Kết quả: không được thông qua." in html
    assert f"bầu Đoàn Chủ tịch: {NOT_RECORDED}" in html
    assert f"bầu Tổ kiểm phiếu: {NOT_RECORDED}" in html
    assert "Không có đại biểu cấp trên dự." in html
    assert "Hôm nay, ngày ... tháng ... năm ..., tại ...," in html
    assert presiding_member(facts(votes={})) == "" and secretaries(facts(votes={})) == ()


def test_names_typed_by_people_are_escaped():
    html = minutes_html(facts(
        guests=(("<script>alert(1)</script>", "Trưởng ban <b>Tổ chức</b>"),),
        votes={"presidium": Vote(9, 0, 10, True, ("Lê & Con <i>",))},
        venue="Hội trường <img src=x>", agenda=("Bế mạc <br>",),
    ))
    assert "<script>" not in html and "<img" not in html and "<i>" not in html and "<b>Tổ" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Lê &amp; Con &lt;i&gt;" in html
    assert "<li>Bế mạc &lt;br&gt;</li>" in html


def test_the_body_keeps_its_structure_through_the_document_sanitizer():
    html = minutes_html(facts())
    clean = sanitize_body(html)
    assert "<h3>V. THÔNG QUA NGHỊ QUYẾT ĐẠI HỘI</h3>" in clean and "<ol><li>Chào cờ</li>" in clean


def test_dates_take_leading_zeros_as_official_documents_write_them():
    assert date_text(datetime.date(2023, 2, 3)) == "ngày 03 tháng 02 năm 2023"
    assert date_text(datetime.date(2022, 11, 21)) == "ngày 21 tháng 11 năm 2022"
