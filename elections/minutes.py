"""The vote-count minutes (biên bản kiểm phiếu) and the ballot entry log (nhật ký nhập phiếu)
of one round of a secret ballot: their bodies, in Vietnamese, from plain facts.

Pure: no ORM, no translation (an official text is Vietnamese whatever the interface language).
elections.services.minutes gathers the facts of a closed election and saves the result as a BB
document of the congress; the clerk may complete it on the document page before issuing it.
The counting board signs outside the body (the document's signature: its head by name, the other
members as the second signature, docs/domain.md §4a). Every name is escaped: names are typed by
people.
"""

import datetime
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape

from branches.text import format_percent
from congress.minutes import date_text, time_text
from documents import legal
from congress.rules import ordinal_text, required_votes

from . import rules

# The regulation and the guidance the minutes cite as their legal basis (docs/domain.md §3), by
# branches.models.Regulation value.

# What the congress decided when the ballot left seats open (ElectionOutcome values).
OUTCOME_TEXT = {
    "complete": "Đã bầu đủ số lượng cần bầu.",
    "further_round": "Đại hội quyết định bầu vòng tiếp theo.",
    "leave_vacant": "Đại hội quyết định không bầu tiếp, để thiếu số lượng chưa bầu đủ.",
    "appoint": "Đề nghị cấp ủy cấp trên chỉ định theo quy định.",
}

# EntryLogLine.action values, as the log prints them.
ACTION_TEXT = {
    "keyed": "Nhập phiếu",
    "corrected": "Sửa",
    "tie_break": "Nhập phân xử",
}

BLANK_NAME = "........................................"
BLANK_BOARD_LINES = 3
# Blanks meant to be written by hand on the printed page: the guard lets them through.
FILL_BY_HAND = '<span class="fill-by-hand">{}</span>'

# The signature of the counting board (outside the body): its head at the right, the other
# members at the left.
SIGNING_MODE = "T/M"
COSIGNER_TITLE = "CÁC THÀNH VIÊN"


@dataclass(frozen=True)
class CandidateLine:
    """A name on the ballot, with its number there and what the count gave it."""

    position: int
    name: str
    votes: int
    elected: bool
    tied: bool = False  # tied at the last seat: the congress decides


@dataclass(frozen=True)
class InvalidLine:
    reason: str
    count: int


@dataclass(frozen=True)
class CountFacts:
    """What the vote-count minutes say about one round of one election."""

    organization_name: str
    organization_kind: str  # branches.models.OrganizationKind value
    superior_name: str
    ordinal: int
    term: str  # "2025–2030"
    regulation: str  # branches.models.Regulation value
    held_on: datetime.date | None
    venue: str
    delegates: bool  # a delegates' congress (the base counts delegates, not members)
    kind: str  # elections.models.ElectionKind value
    round: int
    seats: int
    candidates: tuple[CandidateLine, ...]  # in ballot order
    board: tuple[str, ...]  # the counting board, full names
    summoned: int
    present: int
    absent_at_voting: int
    base: int
    ballots_issued: int
    ballots_returned: int
    valid: int
    invalid: int
    invalid_reasons: tuple[InvalidLine, ...] = ()
    tied_seats: int = 0
    vacant: int = 0
    outcome: str = ""  # elections.models.ElectionOutcome value, or "" when nothing was decided
    outcome_note: str = ""
    head: str = ""  # who heads the counting board (one of `board`), "" when not recorded
    count_started_time: datetime.time | None = None
    minutes_closed_time: datetime.time | None = None


@dataclass(frozen=True)
class LogLine:
    """A line of the entry log (elections.models.EntryLogLine), local time."""

    at: datetime.datetime
    serial: int
    operator: str
    action: str  # EntryAction value
    reading: str  # rules.reading_text: "2,5", "-" or "invalid:<reason>"
    resolved_disagreement: bool = False


@dataclass(frozen=True)
class EntryLogFacts:
    count: CountFacts
    lines: tuple[LogLine, ...]
    reasons: Mapping[str, str] = field(default_factory=dict)  # what follows "invalid:" -> the reason's name
    final_hash: str = ""  # the last seal of the log's hash chain (elections.entry_log_chain)


# --- Names -------------------------------------------------------------------------------------


def is_branch(organization_kind: str) -> bool:
    return organization_kind in rules.BRANCH_KINDS


def board_name(organization_kind: str) -> str:
    """A branch's congress elects a "Tổ kiểm phiếu", a committee's a "Ban kiểm phiếu"."""
    return "Tổ kiểm phiếu" if is_branch(organization_kind) else "Ban kiểm phiếu"


def board_head(organization_kind: str) -> str:
    return "Tổ trưởng" if is_branch(organization_kind) else "Trưởng ban"


def board_issuer_lines(organization_name: str, ordinal: int, organization_kind: str) -> str:
    """The issuer of the board's documents, the board under the congress (docs/domain.md §4):
    "ĐẠI HỘI CHI BỘ TDP HOÀNG TRINH LẦN THỨ II / TỔ KIỂM PHIẾU"."""
    return "\n".join([
        f"ĐẠI HỘI {organization_name.upper()} {ordinal_text(ordinal).upper()}",
        board_name(organization_kind).upper(),
    ])


def elected_body(kind: str, organization_name: str, superior_name: str) -> str:
    """What is elected, as the minutes name it: "Chi ủy Chi bộ TDP Hoàng Trinh"."""
    if kind == rules.COMMITTEE:
        return f"Chi ủy {organization_name}"
    if kind == rules.EXECUTIVE_COMMITTEE:
        return f"Ban Chấp hành {organization_name}"
    if kind == rules.SECRETARY:
        return f"Bí thư {organization_name}"
    if kind == rules.DEPUTY_SECRETARY:
        return f"Phó Bí thư {organization_name}"
    if kind == rules.OFFICIAL_DELEGATES:
        return f"đại biểu chính thức dự Đại hội {superior_name}"
    if kind == rules.ALTERNATE_DELEGATES:
        return f"đại biểu dự khuyết dự Đại hội {superior_name}"
    raise ValueError(f"unknown election kind {kind!r}")


def election_title(kind: str, round_number: int, organization_name: str, superior_name: str, term: str) -> str:
    """"bầu Chi ủy Chi bộ TDP Hoàng Trinh, nhiệm kỳ 2025–2030 (vòng 1)"."""
    return f"bầu {elected_body(kind, organization_name, superior_name)}, nhiệm kỳ {term} (vòng {round_number})"


def minutes_subject(facts: CountFacts) -> str:
    """"Kiểm phiếu bầu Chi ủy ..., nhiệm kỳ 2025–2030 (vòng 1)" under the heading BIÊN BẢN (the
    subject does not repeat the type: docs/domain.md §4a)."""
    return "Kiểm phiếu " + election_title(
        facts.kind, facts.round, facts.organization_name, facts.superior_name, facts.term,
    )


def entry_log_subject(facts: CountFacts) -> str:
    return "Nhật ký nhập phiếu " + election_title(
        facts.kind, facts.round, facts.organization_name, facts.superior_name, facts.term,
    )


def congress_name(facts: CountFacts) -> str:
    return f"Đại hội {facts.organization_name} {ordinal_text(facts.ordinal)}, nhiệm kỳ {facts.term}"


def legal_basis(regulation: str) -> tuple[str, ...]:
    """The legal basis of the vote-count minutes, from the one table of Party texts
    (documents.legal): the term's election regulation and its guidance."""
    return legal.election_basis(regulation)


def reading_words(reading: str, reasons: Mapping[str, str]) -> str:
    """A logged reading in words: "Gạch số 2, 5", "Không gạch tên nào", "Không hợp lệ: ..."."""
    if reading.startswith("invalid:"):
        key = reading.removeprefix("invalid:")
        return f"Không hợp lệ: {reasons.get(key, key)}"
    if reading in ("", "-"):
        return "Không gạch tên nào"
    return "Gạch số " + ", ".join(p.strip() for p in reading.split(","))


# --- Shared pieces -----------------------------------------------------------------------------


def _who(facts: CountFacts) -> str:
    return "đại biểu chính thức" if facts.delegates else "đảng viên chính thức"


def _heading(facts: CountFacts, what: str, *, timed: bool = False, at: datetime.time | None = None) -> str:
    """"Hôm nay, vào hồi 9 giờ 15 phút, ngày 05 tháng 6 năm 2025, tại ..." (the time where the
    document gives one)."""
    venue = escape(facts.venue) if facts.venue else "..."
    body = escape(elected_body(facts.kind, facts.organization_name, facts.superior_name))
    basis = "".join(f"<p><em>{line}</em></p>" for line in legal_basis(facts.regulation))
    when = f"vào hồi {time_text(at)}, " if timed else ""
    return (
        f"<p>Hôm nay, {when}{date_text(facts.held_on)}, tại {venue}, {board_name(facts.organization_kind)} "
        f"{escape(congress_name(facts))} {what} bầu {body} (vòng {facts.round}).</p>{basis}"
    )


def _board(facts: CountFacts) -> str:
    name = board_name(facts.organization_kind)
    if not facts.board:
        blanks = "".join(f"<li>Đồng chí {FILL_BY_HAND.format(BLANK_NAME)}</li>" for _ in range(BLANK_BOARD_LINES))
        return (
            f"<p>{name} do Đại hội bầu gồm các đồng chí (chưa ghi nhận trong hệ thống, ghi bổ sung):</p>"
            f"<ol>{blanks}</ol>"
        )
    head = board_head(facts.organization_kind).lower()
    items = "".join(
        f"<li>Đồng chí {escape(n)}{f' – {head}' if facts.head and n == facts.head else ''}</li>" for n in facts.board
    )
    return f"<p>{name} do Đại hội biểu quyết bầu gồm {len(facts.board)} đồng chí:</p><ol>{items}</ol>"


def signature_fields(facts: CountFacts) -> dict[str, str]:
    """The board's signature on the document (documents.models.Document), outside the body:
    "T/M TỔ KIỂM PHIẾU / TỔ TRƯỞNG" and the head's name at the right, "CÁC THÀNH VIÊN" and the
    other members at the left (docs/domain.md §3.14, §4a). With no head recorded the name is
    left empty, and the minutes are not issued until one is chosen."""
    members = tuple(n for n in facts.board if n != facts.head)
    return {
        "signing_mode": SIGNING_MODE,
        "signing_body": board_name(facts.organization_kind).upper(),
        "signer_position": board_head(facts.organization_kind).upper(),
        "signer_name": facts.head,
        "cosigner_title": COSIGNER_TITLE if members else "",
        "cosigner_names": "\n".join(members),
    }


def _names(candidates) -> str:
    return "".join(f"<li>{escape(c.name)}</li>" for c in candidates)


# --- The vote-count minutes --------------------------------------------------------------------


def _figures(facts: CountFacts) -> str:
    who = _who(facts)
    reasons = "".join(f"<li>{escape(r.reason)}: {r.count} phiếu.</li>" for r in facts.invalid_reasons if r.count)
    invalid = f"<li>Số phiếu không hợp lệ: {facts.invalid} phiếu{', trong đó:' if reasons else '.'}"
    invalid += f"<ul>{reasons}</ul></li>" if reasons else "</li>"
    items = [
        f"<li>Tổng số {who} được triệu tập: {facts.summoned} đồng chí.</li>",
        f"<li>Số {who} có mặt: {facts.present} đồng chí; vắng mặt tại thời điểm bỏ phiếu: "
        f"{facts.absent_at_voting} đồng chí.</li>",
        f"<li>Số {who} được tính để xác định kết quả bầu cử: {facts.base} đồng chí; người trúng cử phải được "
        f"trên một nửa số đó bầu (ít nhất {required_votes(facts.base)} phiếu).</li>",
        f"<li>Số phiếu phát ra: {facts.ballots_issued} phiếu.</li>",
        f"<li>Số phiếu thu vào: {facts.ballots_returned} phiếu.</li>",
        f"<li>Số phiếu hợp lệ: {facts.valid} phiếu.</li>",
        invalid,
    ]
    return f"<ul>{''.join(items)}</ul>"


def _votes_table(facts: CountFacts, candidates) -> str:
    rows = "".join(
        f"<tr><td>{i}</td><td>{escape(c.name)}</td><td>{c.votes}</td>"
        f"<td>{format_percent(c.votes, facts.base)}</td></tr>"
        for i, c in enumerate(candidates, start=1)
    )
    return (
        "<table><thead><tr><th>STT</th><th>Họ và tên</th><th>Số phiếu bầu</th><th>Tỷ lệ</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _elected(facts: CountFacts) -> str:
    body = escape(elected_body(facts.kind, facts.organization_name, facts.superior_name))
    order = {c.position: i for i, c in enumerate(facts.candidates)}
    elected = sorted((c for c in facts.candidates if c.elected), key=lambda c: (-c.votes, order[c.position]))
    if elected:
        parts = [
            f"<p>Căn cứ kết quả kiểm phiếu, {len(elected)}/{facts.seats} đồng chí sau đây trúng cử {body} "
            "(theo thứ tự số phiếu bầu từ cao xuống thấp):</p>",
            _votes_table(facts, elected),
        ]
    else:
        parts = [f"<p>Không có đồng chí nào trúng cử {body}.</p>"]
    tied = [c for c in facts.candidates if c.tied]
    if tied:
        names = ", ".join(escape(c.name) for c in tied)
        parts.append(
            f"<p>Các đồng chí {names} có số phiếu bầu bằng nhau ({tied[0].votes} phiếu) cho {facts.tied_seats} "
            "vị trí còn lại; việc này do Đại hội quyết định.</p>"
        )
    if facts.vacant:
        parts.append(f"<p>Số lượng chưa bầu đủ: {facts.vacant}/{facts.seats}.</p>")
    if facts.outcome or facts.outcome_note:
        decision = OUTCOME_TEXT.get(facts.outcome, "")
        note = escape(facts.outcome_note)
        label = "Kết quả" if facts.outcome == "complete" and not note else "Quyết định của Đại hội"
        parts.append(f"<p>{label}: {' '.join(p for p in (decision, note) if p)}</p>")
    return "".join(parts)


def count_minutes_html(facts: CountFacts) -> str:
    """The body of the vote-count minutes (docs/domain.md §3): the congress, its term and day, the
    legal basis, the counting board, what was elected and the round, the seats, the list in
    ballot order, the figures (summoned, present, absent at voting, base, ballots issued,
    returned, valid, invalid by reason), each candidate's votes and share of the base, the
    elected highest first, ties and vacancies with the congress's decision, and the time the
    minutes were closed. The board signs outside the body (signature_fields)."""
    body = escape(elected_body(facts.kind, facts.organization_name, facts.superior_name))
    return "".join([
        _heading(facts, "tiến hành kiểm phiếu", timed=True, at=facts.count_started_time),
        f"<h3>I. THÀNH PHẦN {board_name(facts.organization_kind).upper()}</h3>",
        _board(facts),
        "<h3>II. NỘI DUNG BẦU CỬ</h3>",
        f"<p>Bầu {body}, vòng {facts.round}. Số lượng cần bầu: {facts.seats} đồng chí.</p>",
        f"<p>Danh sách bầu cử gồm {len(facts.candidates)} đồng chí (theo thứ tự trên phiếu bầu):</p>",
        f"<ol>{_names(facts.candidates)}</ol>",
        "<h3>III. KẾT QUẢ KIỂM PHIẾU</h3>",
        _figures(facts),
        f"<p>Số phiếu bầu của từng đồng chí (theo thứ tự trên phiếu bầu; tỷ lệ tính trên {facts.base} {_who(facts)} "
        "được tính để xác định kết quả bầu cử):</p>",
        _votes_table(facts, facts.candidates),
        "<h3>IV. KẾT QUẢ BẦU CỬ</h3>",
        _elected(facts),
        f"<p>Biên bản lập xong hồi {time_text(facts.minutes_closed_time)} cùng ngày, đã được đọc trước Đại hội.</p>",
    ])


# --- The entry log -----------------------------------------------------------------------------


def _time(at: datetime.datetime, several_days: bool) -> str:
    return at.strftime("%d/%m %H:%M:%S" if several_days else "%H:%M:%S")


def entry_log_html(facts: EntryLogFacts) -> str:
    """The body of the ballot entry log: every keying, correction and tie-break in order (time,
    ballot serial, operator, action, the reading, whether it settled a disagreement), then the
    totals per operator. The board signs outside the body (signature_fields)."""
    count = facts.count
    lines = facts.lines
    several_days = len({line.at.date() for line in lines}) > 1
    rows = "".join(
        f"<tr><td>{i}</td><td>{_time(line.at, several_days)}</td><td>{line.serial}</td>"
        f"<td>{escape(line.operator)}</td><td>{ACTION_TEXT.get(line.action, escape(line.action))}</td>"
        f"<td>{escape(reading_words(line.reading, facts.reasons))}</td>"
        f"<td>{'Có' if line.resolved_disagreement else ''}</td></tr>"
        for i, line in enumerate(lines, start=1)
    )
    legend = "".join(f"<li>Số {c.position}: {escape(c.name)}</li>" for c in count.candidates)
    keyed = Counter(line.operator for line in lines if line.action in ("keyed", "tie_break"))
    corrected = Counter(line.operator for line in lines if line.action == "corrected")
    tie_breaks = Counter(line.operator for line in lines if line.action == "tie_break")
    operators = sorted(set(keyed) | set(corrected))
    totals = "".join(
        f"<tr><td>{escape(name)}</td><td>{keyed[name]}</td><td>{corrected[name]}</td><td>{tie_breaks[name]}</td></tr>"
        for name in operators
    )
    settled = sum(line.resolved_disagreement for line in lines)
    ballots = len({line.serial for line in lines})
    return "".join([
        _heading(count, "ghi nhật ký nhập phiếu"),
        "<p>Mỗi phiếu bầu được nhập độc lập trên hai máy; kết quả của phiếu chỉ được tính khi hai lần nhập "
        "trùng khớp. Nhật ký ghi lại mọi lần nhập, sửa và nhập phân xử.</p>",
        "<h3>I. DANH SÁCH BẦU CỬ (THEO SỐ THỨ TỰ TRÊN PHIẾU)</h3>",
        f"<ul>{legend}</ul>",
        "<h3>II. NHẬT KÝ</h3>",
        "<table><thead><tr><th>STT</th><th>Thời gian</th><th>Số phiếu</th><th>Người nhập</th><th>Thao tác</th>"
        f"<th>Nội dung nhập</th><th>Giải quyết chênh lệch</th></tr></thead><tbody>{rows}</tbody></table>"
        if lines else "<p>Không có lần nhập phiếu nào.</p>",
        "<h3>III. TỔNG HỢP</h3>",
        f"<p>Số phiếu đã nhập: {ballots}; số lần nhập: {len(lines)}; số lần sửa: {sum(corrected.values())}; "
        f"số lần nhập phân xử: {sum(tie_breaks.values())}; số chênh lệch đã giải quyết: {settled}.</p>",
        "<table><thead><tr><th>Người nhập</th><th>Số phiếu đã nhập</th><th>Số lần sửa</th>"
        f"<th>Số lần nhập phân xử</th></tr></thead><tbody>{totals}</tbody></table>" if operators else "",
        _final_hash(facts.final_hash),
    ])


def _final_hash(digest: str) -> str:
    """The log's last seal, in groups of eight for reading aloud: a printed copy compared with
    what verify_audit prints shows whether the stored log was changed after it was printed."""
    if not digest:
        return ""
    groups = " ".join(digest[i:i + 8] for i in range(0, len(digest), 8))
    return (f"<p>Mã kiểm tra của nhật ký (SHA-256, dòng cuối): {groups}. Mỗi dòng nhật ký được niêm phong bằng mã "
            "của dòng trước nó; dòng nào bị sửa, xóa hoặc chèn thêm sau khi in thì mã này không còn khớp.</p>")
