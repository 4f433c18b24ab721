"""The summary report of a round (báo cáo kết quả đại hội): its body, in Vietnamese, from the
figures (reporting.statistics), written the way superiors write these reports (docs/domain.md §6):
"Đến nay, đã có 11/11 chi bộ tổ chức Đại hội xong, trong đó 02 chi bộ tổ chức đại hội điểm",
"Đại hội các chi bộ đã bầu ra cấp ủy nhiệm kỳ 2022–2025 gồm 39 đồng chí, ...".

Pure: no ORM, no translation (an official text is Vietnamese whatever the interface language).
reporting.services.report gathers the facts and saves the result as a BC document, which the
clerk edits on the document page like any draft. Every name is escaped: names are typed by
people and end up in HTML. The HTML is what documents.sanitize keeps: paragraphs, headings,
bold, italics, tables (no attributes but spans).

Numbers: counts of units (chi bộ, đảng bộ) below 10 carry a leading zero as the articles write
them ("02 chi bộ", "03/03"); counts of people do not ("9 đồng chí"); shares have two decimals
("23,08%"), the change against the previous term one ("giảm 10,5%").
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from branches.text import format_number, format_percent

# What a congress behind each of the plan's deadlines has not done yet (congress.progress.Deadline).
LATE_WORDS = {
    "documents": "chậm gửi văn kiện",
    "held": "chậm tổ chức đại hội",
    "report": "chậm báo cáo kết quả đại hội",
    "ratification": "chưa được chuẩn y kết quả đúng hạn",
}

# Above this many units, the report does not list them one by one: the results page and its
# Excel export do (a national round's table would run to hundreds of pages).
UNITS_TABLE_LIMIT = 200

BRANCHES = "chi bộ"
GRASSROOTS = "đảng bộ, chi bộ cơ sở"


@dataclass(frozen=True)
class UnitFacts:
    """One congress of the scope, as the per-unit table shows it."""

    name: str
    held: bool
    held_on: datetime.date | None
    is_pilot: bool
    elected: int
    re_elected: int
    new: int
    women: int
    young: int
    secretary_direct: bool
    secretary_share: Decimal | None
    # A grassroots committee's congress chooses whether it or the new committee elects the
    # secretary; a branch always elects its own at the congress, so the question is not asked.
    grassroots_committee: bool = False


@dataclass(frozen=True)
class ReportFacts:
    """What the report says: the superior and its plan, the scope, the totals' figures."""

    superior_name: str  # "Đảng bộ phường Kỳ Trinh"
    term: str  # "2022–2025"
    plan_symbol: str  # "29-KH/ĐU" ("" when not known)
    plan_date: datetime.date | None
    scope_label: str  # "" for the whole plan
    branches_only: bool  # every unit of the scope is a branch: "chi bộ", else "đảng bộ, chi bộ cơ sở"
    values: Mapping[str, int]  # reporting.statistics.Totals.values
    share_lowest: Decimal | None = None
    share_highest: Decimal | None = None
    units: tuple[UnitFacts, ...] = field(default_factory=tuple)
    # Congresses behind each deadline of the plan (congress.progress.Deadline values).
    overdue_by_deadline: Mapping[str, int] = field(default_factory=dict)

    def __getitem__(self, key: str) -> int:
        return self.values.get(key, 0) or 0

    @property
    def noun(self) -> str:
        return BRANCHES if self.branches_only else GRASSROOTS


# --- Numbers ------------------------------------------------------------------------------------


def units_count(n: int) -> str:
    """A count of units: "02", "11", "1.024" (a leading zero below 10, as the articles write)."""
    return f"{n:02d}" if 0 <= n < 10 else format_number(n)


def ratio(part: int, whole: int) -> str:
    """"03/03", "46/65"."""
    return f"{units_count(part)}/{units_count(whole)}"


def people(n: int) -> str:
    """A count of people: "9", "8.236"."""
    return format_number(n)


def percent(value: Decimal) -> str:
    """A share already in percent, two decimals: Decimal("87.5") -> "87,50%"."""
    return format_number(value, 2) + "%"


def change_text(elected: int, previous: int) -> str:
    """"tăng 12,5% so với nhiệm kỳ trước", "giảm 10,5% ...", "không tăng ..."; "" when the
    previous committees are not known (nothing to compare with)."""
    if not previous:
        return ""
    change = elected - previous
    if change == 0:
        return "không tăng so với nhiệm kỳ trước"
    word = "tăng" if change > 0 else "giảm"
    return f"{word} {format_number(Decimal(abs(change)) * 100 / Decimal(previous), 1)}% so với nhiệm kỳ trước"


def date_short(day: datetime.date | None) -> str:
    """"28/4/2022" as the reports cite a document's date; "" without one."""
    return f"{day.day}/{day.month}/{day.year}" if day else ""


# --- The paragraphs -----------------------------------------------------------------------------


def opening(facts: ReportFacts) -> str:
    """"Thực hiện Kế hoạch số 29-KH/ĐU, ngày 28/4/2022 về tổ chức đại hội chi bộ nhiệm kỳ
    2022–2025, Đảng bộ phường Kỳ Trinh báo cáo kết quả đại hội như sau:"."""
    plan = "Kế hoạch"
    if facts.plan_symbol:
        plan += f" số {escape(facts.plan_symbol)}"
        if facts.plan_date:
            plan += f", ngày {date_short(facts.plan_date)}"
    scope = f" ({escape(facts.scope_label)})" if facts.scope_label else ""
    return (
        f"<p>Thực hiện {plan} về tổ chức đại hội {facts.noun} nhiệm kỳ "
        f"{escape(facts.term)}, {escape(facts.superior_name)} báo cáo kết quả đại hội{scope} như sau:</p>"
    )


def completion_sentences(facts: ReportFacts) -> list[str]:
    """"Đến nay, đã có 11/11 chi bộ tổ chức Đại hội xong, trong đó 02 chi bộ tổ chức đại hội
    điểm." and what is left: congresses not held, behind a deadline, results ratified."""
    noun = facts.noun
    held, in_scope = facts["held"], facts["in_scope"]
    if not in_scope:
        return []
    sentence = f"Đến nay, đã có {ratio(held, in_scope)} {noun} tổ chức Đại hội xong"
    if facts["pilots_held"]:
        sentence += f", trong đó {units_count(facts['pilots_held'])} {noun} tổ chức đại hội điểm"
    sentences = [sentence + "."]
    if held < in_scope:
        sentences.append(f"Còn {units_count(in_scope - held)} {noun} chưa tổ chức đại hội.")
    late = [
        f"{units_count(facts.overdue_by_deadline[deadline])} {noun} {words}"
        for deadline, words in LATE_WORDS.items() if facts.overdue_by_deadline.get(deadline)
    ]
    if late:
        sentences.append(f"Theo thời hạn của kế hoạch, có {', '.join(late)}.")
    if facts["ratified"]:
        sentences.append(f"Đã chuẩn y kết quả đại hội của {ratio(facts['ratified'], held)} {noun} đã tổ chức đại hội.")
    return sentences


def committee_sentences(facts: ReportFacts) -> list[str]:
    """"Đại hội các chi bộ đã bầu ra cấp ủy nhiệm kỳ 2022–2025 gồm 39 đồng chí, số lượng cấp ủy
    tái cử là 24 đồng chí, số cấp ủy mới tham gia là 15 đồng chí, cấp ủy là nữ 9 đồng chí (chiếm
    23,08%)." with the change against the previous term, the young and the ethnic minorities."""
    elected = facts["elected"]
    if not elected:
        return []
    parts = [f"Đại hội các {facts.noun} đã bầu ra cấp ủy nhiệm kỳ {escape(facts.term)} gồm {people(elected)} đồng chí"]
    change = change_text(elected, facts["previous"])
    if change:
        parts.append(change)
    parts.append(f"số lượng cấp ủy tái cử là {people(facts['re_elected'])} đồng chí")
    parts.append(f"số cấp ủy mới tham gia là {people(facts['new'])} đồng chí")
    if facts["women"]:
        parts.append(f"cấp ủy là nữ {people(facts['women'])} đồng chí (chiếm {format_percent(facts['women'], elected)})")
    if facts["young"]:
        parts.append(f"cấp ủy dưới 40 tuổi {people(facts['young'])} đồng chí (chiếm {format_percent(facts['young'], elected)})")
    if facts["minority"]:
        parts.append(
            f"cấp ủy là người dân tộc thiểu số {people(facts['minority'])} đồng chí "
            f"(chiếm {format_percent(facts['minority'], elected)})"
        )
    sentences = [", ".join(parts) + "."]
    if facts["not_re_elected"]:
        sentences.append(
            f"Số cấp ủy viên khóa trước không tiếp tục tham gia cấp ủy khóa mới là {people(facts['not_re_elected'])} đồng chí."
        )
    return sentences


def election_sentences(facts: ReportFacts) -> list[str]:
    """Units that elected a committee or only a secretary, the surplus on the ballots, seats
    left vacant, elections that needed a second round."""
    sentences = []
    held = facts["held"]
    with_committee, secretary_only = facts["with_committee"], facts["secretary_only"]
    if with_committee or secretary_only:
        sentence = f"Có {ratio(with_committee, held)} {facts.noun} bầu cấp ủy"
        if secretary_only:
            sentence += f", {units_count(secretary_only)} chi bộ chỉ bầu bí thư (chưa đủ số đảng viên để bầu chi ủy)"
        sentences.append(sentence + ".")
    if facts["ballot_seats"] and facts["surplus"]:
        sentences.append(
            f"Danh sách bầu cử cấp ủy có số dư {people(facts['surplus'])} người so với {people(facts['ballot_seats'])} "
            f"cấp ủy viên cần bầu ({format_percent(facts['surplus'], facts['ballot_seats'])})."
        )
    if facts["vacant"]:
        sentences.append(f"Còn {people(facts['vacant'])} chức danh, vị trí để khuyết, chưa bầu đủ.")
    if facts["further_rounds"]:
        sentences.append(f"Có {people(facts['further_rounds'])} cuộc bầu cử phải tiến hành bầu lần thứ hai.")
    return sentences


def secretary_sentences(facts: ReportFacts) -> list[str]:
    """"Có 46/65 đảng bộ cơ sở bầu trực tiếp bí thư cấp ủy tại đại hội, đồng chí thấp nhất đạt
    92,31% số phiếu." (of the grassroots committees held: a branch always elects its secretary at
    the congress) and the secretaries elected, re-elected and new."""
    sentences = []
    direct = facts["secretaries_direct"]
    if direct:
        sentence = f"Có {ratio(direct, facts['committees_held'])} đảng bộ cơ sở bầu trực tiếp bí thư cấp ủy tại đại hội"
        if facts.share_lowest is not None:
            if facts.share_highest is not None and facts.share_highest != facts.share_lowest:
                sentence += (
                    f", các đồng chí được bầu giữ chức vụ bí thư đạt từ {percent(facts.share_lowest)} đến "
                    f"{percent(facts.share_highest)} số phiếu, đồng chí thấp nhất đạt {percent(facts.share_lowest)}"
                )
            else:
                sentence += f", đồng chí được bầu giữ chức vụ bí thư đạt {percent(facts.share_lowest)} số phiếu"
        sentences.append(sentence + ".")
    if facts["secretaries"]:
        sentence = f"Tổng số bí thư được bầu là {people(facts['secretaries'])} đồng chí"
        details = []
        if facts["secretaries_re_elected"]:
            details.append(f"tái cử {people(facts['secretaries_re_elected'])} đồng chí")
        if facts["secretaries_new"]:
            details.append(f"lần đầu giữ chức vụ bí thư {people(facts['secretaries_new'])} đồng chí")
        if details:
            sentence += ", trong đó " + ", ".join(details)
        sentences.append(sentence + ".")
    return sentences


def delegate_sentences(facts: ReportFacts) -> list[str]:
    """"Trên cơ sở số lượng được phân bổ 253 đại biểu, đại hội các đảng bộ, chi bộ cơ sở đã bầu
    215 đại biểu chính thức và 107 đại biểu dự khuyết đi dự Đại hội ...". """
    allocated, official, alternate = facts["delegates_allocated"], facts["delegates_official"], facts["delegates_alternate"]
    if not (allocated or official or alternate):
        return []
    elected = f"{people(official)} đại biểu chính thức"
    if alternate:
        elected += f" và {people(alternate)} đại biểu dự khuyết"
    congress = f"đi dự Đại hội {escape(facts.superior_name)}"
    if allocated:
        return [
            f"Trên cơ sở số lượng được phân bổ {people(allocated)} đại biểu, đại hội các {facts.noun} đã bầu "
            f"{elected} {congress}."
        ]
    return [f"Đại hội các {facts.noun} đã bầu {elected} {congress}."]


def emulation_sentences(facts: ReportFacts) -> list[str]:
    """"Đã có 116 công trình, phần việc cụ thể được đăng ký thực hiện chào mừng đại hội ..." and
    the awards."""
    sentences = []
    works = facts["works"]
    if works:
        sentence = f"Đã có {people(works)} công trình, phần việc cụ thể được đăng ký thực hiện chào mừng đại hội"
        if facts["works_completed"]:
            sentence += (
                f", trong đó {people(facts['works_completed'])} công trình, phần việc đã hoàn thành "
                f"(chiếm {format_percent(facts['works_completed'], works)})"
            )
        sentences.append(sentence + ".")
    if facts["awards"]:
        sentences.append(
            f"Đã khen thưởng {people(facts['awards'])} lượt tập thể có thành tích xuất sắc trong công tác tổ chức đại hội "
            "và phong trào thi đua chào mừng đại hội."
        )
    return sentences


# --- The tables ---------------------------------------------------------------------------------

# The rows of the table of figures: (key, label, key it is a share of), by section.
TABLE_SECTIONS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("Tổ chức đại hội", (
        ("in_scope", "Số đại hội phải tổ chức", ""),
        ("held", "Đã tổ chức đại hội", "in_scope"),
        ("pilots_held", "Trong đó: đại hội điểm", "held"),
        ("ratified", "Đã chuẩn y kết quả", "held"),
        ("overdue", "Chậm so với thời hạn", "in_scope"),
    )),
    ("Cấp ủy được bầu", (
        ("elected", "Tổng số cấp ủy viên", ""),
        ("re_elected", "Tái cử", "elected"),
        ("new", "Mới tham gia", "elected"),
        ("women", "Nữ", "elected"),
        ("young", "Dưới 40 tuổi", "elected"),
        ("minority", "Người dân tộc thiểu số", "elected"),
        ("previous", "Cấp ủy viên nhiệm kỳ trước", ""),
        ("not_re_elected", "Cấp ủy viên khóa trước không tái cử", "previous"),
    )),
    ("Bầu cử", (
        ("with_committee", "Đơn vị bầu cấp ủy", "held"),
        ("secretary_only", "Chi bộ chỉ bầu bí thư", "held"),
        ("ballot_seats", "Số cấp ủy viên cần bầu", ""),
        ("surplus", "Số dư trong danh sách bầu cử", "ballot_seats"),
        ("vacant", "Chức danh, vị trí để khuyết", ""),
        ("further_rounds", "Cuộc bầu cử phải bầu lần thứ hai", ""),
    )),
    ("Bí thư", (
        ("secretaries", "Bí thư được bầu", ""),
        ("secretaries_re_elected", "Tái cử", "secretaries"),
        ("secretaries_new", "Lần đầu giữ chức vụ", "secretaries"),
        ("committees_held", "Đảng bộ cơ sở đã tổ chức đại hội", "held"),
        ("secretaries_direct", "Đảng bộ cơ sở bầu trực tiếp bí thư tại đại hội", "committees_held"),
    )),
    ("Đại biểu dự đại hội cấp trên", (
        ("delegates_allocated", "Số đại biểu được phân bổ", ""),
        ("delegates_official", "Đại biểu chính thức được bầu", "delegates_allocated"),
        ("delegates_alternate", "Đại biểu dự khuyết được bầu", ""),
    )),
    ("Thi đua, khen thưởng", (
        ("works", "Công trình, phần việc đăng ký", ""),
        ("works_completed", "Đã hoàn thành", "works"),
        ("awards", "Lượt tập thể được khen thưởng", ""),
    )),
)


def figures_table(facts: ReportFacts) -> str:
    """The table of the figures, a section a block, a figure a row (count and share). A section
    whose figures are all zero is left out."""
    rows = []
    number = 0
    for title, figures in TABLE_SECTIONS:
        shown = [(key, label, of) for key, label, of in figures if facts[key]]
        if not shown:
            continue
        number += 1
        rows.append(f"<tr><td><strong>{_roman(number)}</strong></td><td colspan=\"3\"><strong>{title}</strong></td></tr>")
        for index, (key, label, of) in enumerate(shown, start=1):
            share = format_percent(facts[key], facts[of]) if of and facts[of] else ""
            rows.append(f"<tr><td>{index}</td><td>{label}</td><td>{format_number(facts[key])}</td><td>{share}</td></tr>")
    if facts.share_lowest is not None:
        rows.append(f"<tr><td></td><td>Tỷ lệ phiếu bầu bí thư thấp nhất</td><td>{percent(facts.share_lowest)}</td><td></td></tr>")
    if not rows:
        return ""
    head = "<thead><tr><th>TT</th><th>Nội dung</th><th>Số lượng</th><th>Tỷ lệ</th></tr></thead>"
    return f"<table>{head}<tbody>{''.join(rows)}</tbody></table>"


def units_table(facts: ReportFacts) -> str:
    """One row per congress of the scope: when it was held, the committee elected, the secretary."""
    if not facts.units:
        return ""
    head = (
        "<thead><tr><th>TT</th><th>Tổ chức đảng</th><th>Ngày đại hội</th><th>Số cấp ủy</th><th>Tái cử</th>"
        "<th>Mới</th><th>Nữ</th><th>Dưới 40 tuổi</th><th>Bầu trực tiếp bí thư</th></tr></thead>"
    )
    rows = []
    for index, unit in enumerate(facts.units, start=1):
        name = escape(unit.name) + (" (đại hội điểm)" if unit.is_pilot else "")
        if not unit.held:
            rows.append(f"<tr><td>{index}</td><td>{name}</td><td colspan=\"7\">Chưa tổ chức đại hội</td></tr>")
            continue
        if not unit.grassroots_committee:
            direct = "—"  # a branch always elects its secretary at its congress
        elif unit.secretary_direct:
            direct = f"Có ({percent(unit.secretary_share)})" if unit.secretary_share is not None else "Có"
        else:
            direct = "Không"
        rows.append(
            f"<tr><td>{index}</td><td>{name}</td><td>{unit.held_on.strftime('%d/%m/%Y') if unit.held_on else ''}</td>"
            f"<td>{people(unit.elected)}</td><td>{people(unit.re_elected)}</td><td>{people(unit.new)}</td>"
            f"<td>{people(unit.women)}</td><td>{people(unit.young)}</td><td>{direct}</td></tr>"
        )
    return f"<table>{head}<tbody>{''.join(rows)}</tbody></table>"


def _roman(n: int) -> str:
    return ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")[n - 1]


# --- The body -----------------------------------------------------------------------------------


def _paragraph(sentences: list[str]) -> str:
    return f"<p>{' '.join(sentences)}</p>" if sentences else ""


def report_body(facts: ReportFacts) -> str:
    """The body of the report: the opening, one numbered part per subject that has figures, and
    the assessment the clerk writes (an instruction in parentheses until then, which the guard
    refuses to approve or issue: docs/documents.md "The guard"). The tables of figures are
    appendices, printed after the signature (report_appendices)."""
    parts = [
        ("TÌNH HÌNH TỔ CHỨC ĐẠI HỘI", completion_sentences(facts)),
        ("KẾT QUẢ BẦU CẤP ỦY", committee_sentences(facts) + election_sentences(facts)),
        ("KẾT QUẢ BẦU BÍ THƯ", secretary_sentences(facts)),
        ("KẾT QUẢ BẦU ĐẠI BIỂU DỰ ĐẠI HỘI CẤP TRÊN", delegate_sentences(facts)),
        ("PHONG TRÀO THI ĐUA, KHEN THƯỞNG", emulation_sentences(facts)),
    ]
    body = [opening(facts)]
    number = 0
    for title, sentences in parts:
        if not sentences:
            continue
        number += 1
        body.append(f"<h3>{_roman(number)}. {title}</h3>")
        body.append(_paragraph(sentences))
    number += 1
    body.append(f"<h3>{_roman(number)}. ĐÁNH GIÁ CHUNG</h3>")
    body.append("<p>(Đánh giá ưu điểm, hạn chế, nguyên nhân và bài học kinh nghiệm; nhiệm vụ thời gian tới.)</p>")
    return "".join(body)


def report_appendices(facts: ReportFacts) -> str:
    """Appendices 1 and 2, the tables of figures, as the PDF prints them after the signature
    (docs/domain.md §4a: appendices follow the signature); appendix 3, the charts, follows them."""
    parts = []
    table = figures_table(facts)
    if table:
        parts.append(f'<div class="appendix"><h3>PHỤ LỤC 1. TỔNG HỢP SỐ LIỆU</h3>{table}</div>')
    if facts["in_scope"] > UNITS_TABLE_LIMIT:
        parts.append(
            '<div class="appendix"><h3>PHỤ LỤC 2. KẾT QUẢ ĐẠI HỘI TỪNG ĐƠN VỊ</h3>'
            f"<p>Kết quả đại hội của {units_count(facts['in_scope'])} {facts.noun}: có biểu tổng hợp kèm theo.</p></div>"
        )
    else:
        table = units_table(facts)
        if table:
            parts.append(f'<div class="appendix"><h3>PHỤ LỤC 2. KẾT QUẢ ĐẠI HỘI TỪNG ĐƠN VỊ</h3>{table}</div>')
    return "".join(parts)


def report_subject(*, branches_only: bool, term: str, scope_label: str = "") -> str:
    """"Kết quả đại hội chi bộ nhiệm kỳ 2022–2025" (the heading BÁO CÁO stands above it),
    "... (Khối cơ quan)" for part of the plan."""
    noun = BRANCHES if branches_only else GRASSROOTS
    subject = f"Kết quả đại hội {noun} nhiệm kỳ {term}"
    return f"{subject} ({scope_label})" if scope_label else subject
