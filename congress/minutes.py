"""The congress minutes (biên bản đại hội): their body, in Vietnamese, from plain facts.

Pure: no ORM, no translation (an official text is Vietnamese whatever the interface language).
congress.services.minutes gathers the facts and saves the result as a BB document, which the clerk
may then complete on the document page (the course of the discussion, the closing time).
Every name is escaped: they are typed by people and end up in HTML.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape

from branches.text import format_percent

from .rules import BaseBreakdown, DelegatesBaseBreakdown

NOT_RECORDED = "(chưa ghi nhận kết quả biểu quyết)"

# The bodies the congress elects by show of hands, as the minutes name them.
BODY_NAMES = {
    "presidium": "Đoàn Chủ tịch",
    "secretariat": "Thư ký Đại hội",
    "counting_board": "Tổ kiểm phiếu",
}


@dataclass(frozen=True)
class Vote:
    """A show of hands: votes for and against, the base it was counted against, and for the
    bodies, the people elected (full names, in list order)."""

    votes_for: int
    votes_against: int
    base: int
    passed: bool
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class MinutesFacts:
    congress_name: str  # "Đại hội Chi bộ TDP Hoàng Trinh lần thứ II, nhiệm kỳ 2022–2025"
    organization_name: str
    superior_name: str
    held_on: datetime.date | None
    venue: str
    guests: tuple[tuple[str, str], ...]  # (full name, position) of those from the superior
    attendance: BaseBreakdown | DelegatesBaseBreakdown  # by the kind of congress
    required_votes: int
    agenda: tuple[str, ...]
    votes: Mapping[str, Vote] = field(default_factory=dict)  # ShowOfHands subject value -> Vote


def date_text(day: datetime.date | None) -> str:
    """"ngày 05 tháng 6 năm 2022" (a leading zero on days below 10 and on months 1 and 2, as
    HD 36-HD/VPTW writes dates); blanks to fill by hand without a date."""
    if day is None:
        return "ngày ... tháng ... năm ..."
    month = f"{day.month:02d}" if day.month in (1, 2) else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vote_text(vote: Vote | None) -> str:
    """"Tán thành: 12/15 đồng chí (80,00%); không tán thành: 1 đồng chí. Kết quả: được thông qua."."""
    if vote is None:
        return NOT_RECORDED
    outcome = "được thông qua" if vote.passed else "không được thông qua"
    return (
        f"Tán thành: {vote.votes_for}/{vote.base} đồng chí ({format_percent(vote.votes_for, vote.base)}); "
        f"không tán thành: {vote.votes_against} đồng chí. Kết quả: {outcome}."
    )


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(escape(n) for n in names)


def _body_paragraph(subject: str, vote: Vote | None) -> str:
    name = BODY_NAMES[subject]
    if vote is None:
        return f"<p>Đại hội biểu quyết bầu {name}: {NOT_RECORDED}</p>"
    return f"<p>Đại hội biểu quyết bầu {name} gồm các đồng chí: {_names(vote.members)}. {vote_text(vote)}</p>"


def _guests(facts: MinutesFacts) -> str:
    head = f"<p><strong>1. Đại biểu cấp trên</strong> ({escape(facts.superior_name)}):</p>"
    if not facts.guests:
        return head + "<p>Không có đại biểu cấp trên dự.</p>"
    items = "".join(
        f"<li>Đồng chí {escape(name)}{', ' + escape(position) if position else ''}</li>"
        for name, position in facts.guests
    )
    return f"{head}<ul>{items}</ul>"


def _delegates(facts: MinutesFacts) -> str:
    a = facts.attendance
    items = [
        f"Tổng số đại biểu chính thức được triệu tập: {a.summoned} đồng chí (trong đó đồng chí trong cấp ủy triệu tập "
        f"Đại hội: {a.convening_committee}).",
        f"Có mặt: {a.present} đồng chí.",
        f"Vắng mặt: {a.absent} đồng chí, trong đó có {a.replaced_by_alternate} đồng chí được đại biểu dự khuyết "
        "thay thế (vẫn tính).",
        "Không tính vào số đại biểu để xác định kết quả biểu quyết, bầu cử: "
        f"đồng chí trong cấp ủy triệu tập Đại hội vắng mặt: {a.excluded_convening_absent}; "
        f"đại biểu vắng mặt không có đại biểu dự khuyết thay thế: {a.excluded_absent_not_replaced}.",
        f"Số đại biểu được tính để xác định kết quả biểu quyết, bầu cử: {a.base} đồng chí; "
        f"một nội dung được thông qua khi có trên một nửa số đó tán thành (ít nhất {facts.required_votes} "
        "đồng chí).",
    ]
    body = "".join(f"<li>{item}</li>" for item in items)
    return f"<p><strong>2. Đại biểu chính thức</strong></p><ul>{body}</ul>"


def _attendance(facts: MinutesFacts) -> str:
    a = facts.attendance
    if isinstance(a, DelegatesBaseBreakdown):
        return _delegates(facts)
    present_probationary = a.present - a.present_official
    items = [
        f"Tổng số đảng viên được triệu tập: {a.summoned} đồng chí (đảng viên chính thức: {a.official_summoned}; "
        f"đảng viên dự bị: {a.probationary}).",
        f"Có mặt: {a.present} đồng chí (đảng viên chính thức: {a.present_official}; "
        f"đảng viên dự bị: {present_probationary}).",
        f"Vắng mặt: {a.absent} đồng chí (đảng viên chính thức: {a.absent_official}).",
        "Không tính vào số đảng viên chính thức để xác định kết quả biểu quyết, bầu cử: "
        f"sinh hoạt tạm thời nơi khác: {a.excluded_transferred}; "
        f"miễn công tác và sinh hoạt đảng vắng mặt: {a.excluded_exempt_absent}; "
        f"bị đình chỉ sinh hoạt, khởi tố, truy tố, tạm giam: {a.excluded_suspended}; "
        f"vắng mặt cả buổi có lý do được cấp ủy triệu tập chấp nhận: {a.excluded_absent_accepted}.",
        f"Vắng mặt không có lý do được chấp nhận (vẫn tính): {a.absent_counted}.",
        f"Số đảng viên chính thức được tính để xác định kết quả biểu quyết, bầu cử: {a.base} đồng chí; "
        f"một nội dung được thông qua khi có trên một nửa số đó tán thành (ít nhất {facts.required_votes} "
        "đồng chí).",
    ]
    body = "".join(f"<li>{item}</li>" for item in items)
    note = (
        "<p>Đảng viên dự bị dự Đại hội, được phát biểu ý kiến, không biểu quyết và không tính vào số đảng viên "
        "để xác định kết quả.</p>" if a.probationary else ""
    )
    return f"<p><strong>2. Đảng viên</strong></p><ul>{body}</ul>{note}"


def _signatures(facts: MinutesFacts) -> str:
    secretaries = facts.votes.get("secretariat")
    names = "".join(f"<br>{escape(n)}" for n in secretaries.members) if secretaries else ""
    return (
        "<table><tbody><tr>"
        f"<td><strong>THƯ KÝ ĐẠI HỘI</strong><br><em>(Ký, ghi rõ họ tên)</em><br><br><br>{names}</td>"
        "<td><strong>T/M ĐOÀN CHỦ TỊCH</strong><br><em>(Ký, ghi rõ họ tên)</em><br><br><br></td>"
        "</tr></tbody></table>"
    )


def minutes_html(facts: MinutesFacts) -> str:
    """The body of the minutes: who attended and the base, the bodies elected by show of hands,
    the agenda, the course of the congress to complete, the resolution, and the signatures."""
    venue = escape(facts.venue) if facts.venue else "..."
    agenda = "".join(f"<li>{escape(item)}</li>" for item in facts.agenda)
    votes = facts.votes
    resolution = votes.get("resolution")
    return "".join([
        f"<p>Hôm nay, {date_text(facts.held_on)}, tại {venue}, {escape(facts.congress_name)} được tiến hành.</p>",
        "<h3>I. THÀNH PHẦN THAM DỰ</h3>",
        _guests(facts),
        _attendance(facts),
        "<h3>II. ĐOÀN CHỦ TỊCH, THƯ KÝ ĐẠI HỘI</h3>",
        _body_paragraph("presidium", votes.get("presidium")),
        _body_paragraph("secretariat", votes.get("secretariat")),
        "<h3>III. CHƯƠNG TRÌNH, QUY CHẾ LÀM VIỆC</h3>",
        f"<p>Đại hội biểu quyết thông qua chương trình, quy chế làm việc. {vote_text(votes.get('agenda'))}</p>",
        f"<p>Chương trình Đại hội:</p><ol>{agenda}</ol>",
        "<h3>IV. DIỄN BIẾN ĐẠI HỘI</h3>",
        "<p>(Thư ký ghi tóm tắt: khai mạc; báo cáo chính trị; ý kiến thảo luận; phát biểu của đại biểu cấp trên.)</p>",
        _body_paragraph("counting_board", votes.get("counting_board")),
        "<p>Kết quả bầu cử: theo các biên bản kiểm phiếu của Tổ kiểm phiếu.</p>",
        "<h3>V. THÔNG QUA NGHỊ QUYẾT ĐẠI HỘI</h3>",
        f"<p>Đại hội biểu quyết thông qua Nghị quyết Đại hội. {vote_text(resolution)}</p>",
        "<p>Đại hội bế mạc vào hồi ... giờ ... phút cùng ngày. Biên bản đã được đọc lại trước Đại hội và được "
        "Đại hội biểu quyết thông qua.</p>",
        _signatures(facts),
    ])
