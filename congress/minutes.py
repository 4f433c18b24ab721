"""The congress minutes (biên bản đại hội): their body, in Vietnamese, from plain facts.

Pure: no ORM, no translation (an official text is Vietnamese whatever the interface language).
congress.services.minutes gathers the facts and saves the result as a BB document, which the clerk
then completes on the document page (the summary of the discussion, left as one instruction in
parentheses, which the guard refuses to issue). The minutes are dated the day of the meeting and
give its times; they are signed outside the body by the presidium (its presiding member) and the
secretariat, by name (docs/domain.md §4a). Every name is escaped: they are typed by people and
end up in HTML.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape

from branches.text import format_percent

from .rules import BaseBreakdown, DelegatesBaseBreakdown

NOT_RECORDED = "(chưa ghi nhận kết quả biểu quyết)"

# The one paragraph the clerk writes on the document page: the guard refuses to issue the
# minutes while this instruction is still there.
DISCUSSION_INSTRUCTION = "(Thư ký ghi tóm tắt các ý kiến thảo luận của đại biểu tại Đại hội.)"

# The signatures, outside the body (documents.models.Document): the presidium at the right,
# signed by its presiding member, the secretariat at the left.
SIGNING_MODE = "T/M"
SIGNING_BODY = "ĐOÀN CHỦ TỊCH"
COSIGNER_TITLE = "THƯ KÝ ĐẠI HỘI"

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
class Elected:
    """Who the congress elected, as its records hold them: the committee (empty for a branch
    that elects no committee), the secretary and the deputy (full names, "" for none), the
    delegates to the superior's congress ((what they are, their names)) and the symbols of the
    issued vote-count minutes the results come from."""

    committee_name: str = ""  # "Chi ủy Chi bộ TDP Hoàng Trinh nhiệm kỳ 2025–2030"
    committee: tuple[str, ...] = ()
    secretary: str = ""
    deputy: str = ""
    organization_name: str = ""
    delegates: tuple[tuple[str, tuple[str, ...]], ...] = ()
    count_minutes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.committee or self.secretary or self.deputy or self.delegates)


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
    days: tuple[datetime.date, ...] = ()  # the days it met (two for a congress of two days); else held_on
    opening_time: datetime.time | None = None
    closing_time: datetime.time | None = None
    elected: Elected = field(default_factory=Elected)
    political_report: bool = False  # the congress has its political report
    self_review: bool = False  # and the outgoing committee's self-review report

    @property
    def meeting_days(self) -> tuple[datetime.date, ...]:
        if self.days:
            return self.days
        return (self.held_on,) if self.held_on else ()


def date_text(day: datetime.date | None) -> str:
    """"ngày 05 tháng 6 năm 2022" (a leading zero on days below 10 and on months 1 and 2, as
    HD 36-HD/VPTW writes dates); blanks to fill by hand without a date."""
    if day is None:
        return "ngày ... tháng ... năm ..."
    month = f"{day.month:02d}" if day.month in (1, 2) else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def days_text(days: tuple[datetime.date, ...]) -> str:
    """The days of a meeting: "ngày 05 tháng 6 năm 2025", "ngày 05 và 06 tháng 6 năm 2025",
    "ngày 31 tháng 5 và ngày 01 tháng 6 năm 2025"; blanks to fill by hand with none."""
    if not days:
        return date_text(None)
    if len(days) == 1:
        return date_text(days[0])
    first, last = days[0], days[-1]
    if (first.year, first.month) == (last.year, last.month):
        return f"ngày {first.day:02d} và {date_text(last).removeprefix('ngày ')}"
    if first.year == last.year:
        return f"{date_text(first).rsplit(' năm ', 1)[0]} và {date_text(last)}"
    return f"{date_text(first)} và {date_text(last)}"


def time_text(at: datetime.time | None) -> str:
    """"7 giờ 30 phút", "11 giờ 00 phút"; blanks to fill by hand without a time."""
    if at is None:
        return "... giờ ... phút"
    return f"{at.hour} giờ {at.minute:02d} phút"


def opening_text(facts: MinutesFacts) -> str:
    """"Hôm nay, ngày 05 tháng 6 năm 2025" or "Trong hai ngày 05 và 06 tháng 6 năm 2025"."""
    days = facts.meeting_days
    if len(days) > 1:
        return f"Trong hai {days_text(days)}"
    return f"Hôm nay, {days_text(days)}"


def opened_text(facts: MinutesFacts) -> str:
    """"Đại hội khai mạc vào hồi 7 giờ 30 phút." (and the first day, for two days)."""
    days = facts.meeting_days
    day = f" {date_text(days[0])}" if len(days) > 1 else ""
    return f"Đại hội khai mạc vào hồi {time_text(facts.opening_time)}{day}."


def closed_text(facts: MinutesFacts) -> str:
    """"Đại hội bế mạc vào hồi 11 giờ 00 phút cùng ngày." (the last day, for two days)."""
    days = facts.meeting_days
    day = f" {date_text(days[-1])}" if len(days) > 1 else " cùng ngày"
    return f"Đại hội bế mạc vào hồi {time_text(facts.closing_time)}{day}."


def presiding_member(facts: MinutesFacts) -> str:
    """Who signs on behalf of the presidium: its first member as the minutes list it, or ""."""
    vote = facts.votes.get("presidium")
    return vote.members[0] if vote and vote.members else ""


def secretaries(facts: MinutesFacts) -> tuple[str, ...]:
    """Who signs as the secretariat (Thư ký Đại hội), in list order."""
    vote = facts.votes.get("secretariat")
    return vote.members if vote else ()


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


def _course(facts: MinutesFacts) -> str:
    """What the records say of the course of the congress, and the one paragraph the secretary
    writes: the summary of the discussion."""
    parts = [f"<p>{opened_text(facts)}</p>"]
    if facts.political_report:
        also = " và Báo cáo kiểm điểm của cấp ủy nhiệm kỳ qua" if facts.self_review else ""
        parts.append(f"<p>Đại hội nghe trình bày Báo cáo chính trị trình Đại hội{also}.</p>")
    parts.append(f"<p>{DISCUSSION_INSTRUCTION}</p>")
    for name, position in facts.guests:
        parts.append(
            f"<p>Đồng chí {escape(name)}{', ' + escape(position) if position else ''}, đại biểu "
            f"{escape(facts.superior_name)}, phát biểu chỉ đạo Đại hội.</p>"
        )
    return "".join(parts)


def _elected(facts: MinutesFacts) -> str:
    """Who was elected, by name, and the vote-count minutes the results come from."""
    e = facts.elected
    if not e:
        if e.count_minutes:
            return f"<p>Kết quả bầu cử: theo các biên bản kiểm phiếu số {', '.join(escape(s) for s in e.count_minutes)}.</p>"
        return "<p>Kết quả bầu cử: theo các biên bản kiểm phiếu của Tổ kiểm phiếu.</p>"
    source = (
        f", kết quả theo các biên bản kiểm phiếu số {', '.join(escape(s) for s in e.count_minutes)}"
        if e.count_minutes else ""
    )
    items = []
    if e.committee:
        items.append(
            f"Bầu {escape(e.committee_name)} gồm {len(e.committee):02d} đồng chí: {_names(e.committee)}."
        )
    of = f" {escape(e.organization_name)}" if e.organization_name else ""
    if e.secretary:
        items.append(f"Đồng chí {escape(e.secretary)} được bầu làm Bí thư{of}.")
    if e.deputy:
        items.append(f"Đồng chí {escape(e.deputy)} được bầu làm Phó Bí thư{of}.")
    for label, names in e.delegates:
        if names:
            items.append(f"Bầu {len(names):02d} {escape(label)}: {_names(names)}.")
    body = "".join(f"<li>{item}</li>" for item in items)
    return f"<p>Đại hội tiến hành bầu cử bằng phiếu kín{source}:</p><ul>{body}</ul>"


def minutes_html(facts: MinutesFacts) -> str:
    """The body of the minutes: the days and who attended and the base, the bodies elected by
    show of hands, the agenda, the course of the congress (its opening time, the reports, the
    summary of the discussion to write, the guests), who was elected, the resolution and the
    closing time. The signatures are the document's (SIGNING_BODY, COSIGNER_TITLE), not the
    body's."""
    venue = escape(facts.venue) if facts.venue else "..."
    agenda = "".join(f"<li>{escape(item)}</li>" for item in facts.agenda)
    votes = facts.votes
    resolution = votes.get("resolution")
    return "".join([
        f"<p>{opening_text(facts)}, tại {venue}, {escape(facts.congress_name)} được tiến hành.</p>",
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
        _course(facts),
        _body_paragraph("counting_board", votes.get("counting_board")),
        _elected(facts),
        "<h3>V. THÔNG QUA NGHỊ QUYẾT ĐẠI HỘI</h3>",
        f"<p>Đại hội biểu quyết thông qua Nghị quyết Đại hội. {vote_text(resolution)}</p>",
        f"<p>{closed_text(facts)} Biên bản đã được đọc lại trước Đại hội và được Đại hội biểu quyết thông "
        "qua.</p>",
    ])
