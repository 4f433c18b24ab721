"""The congress's resolution (nghị quyết đại hội): its body drafted from the congress's own data,
and its subject once adopted (docs/domain.md §4a; docs/documents.md "The resolution").

Pure: no ORM, no translation (an official text is Vietnamese whatever the interface language).
congress.services.resolution gathers the facts and saves the body as the draft resolution, which
the clerk may still edit on the document page. Its structure: "ĐẠI HỘI CHI BỘ ... QUYẾT NGHỊ:"
1. agreement with the political report's assessment of the outgoing term; 2. the general goal
and the targets, each a number (congress.targets); 3. the tasks and solutions (the political
report's section); 4. the elections, once they are closed (ELECTIONS_PENDING until then);
5. the new committee charged with an action programme. Every name is escaped: they are typed by
people and end up in HTML. What is not known yet is an instruction in parentheses, which the
guard refuses at approval and issue until the clerk replaces it.
"""

import re
import unicodedata
from dataclasses import dataclass
from html import escape, unescape
from html.parser import HTMLParser

from branches.text import fold

# Item 4 before the elections close: replaced by the elections' paragraph when the congress
# adopts the resolution (congress.services.resolution), which refuses to issue it while the
# elections are not closed. Marked as a blank filled later (documents.guard's fill-by-hand
# span) so that the superior can approve the draft at the review, before the congress elects.
ELECTIONS_PENDING_TEXT = "(Kết quả bầu cử: ghi khi Đại hội bầu cử xong.)"
ELECTIONS_PENDING = f'<p><span class="fill-by-hand">{ELECTIONS_PENDING_TEXT}</span></p>'
TARGETS_PENDING = (
    "<p>(Ghi các chỉ tiêu chủ yếu của nhiệm kỳ: nhập chỉ tiêu trên trang Đại hội rồi soạn lại Nghị quyết "
    "từ dữ liệu Đại hội.)</p>"
)
TASKS_PENDING = (
    "<p>(Ghi các nhiệm vụ, giải pháp chủ yếu theo mục “Nhiệm vụ và giải pháp” của Báo cáo chính trị.)</p>"
)
TASKS_HEADING = "Nhiệm vụ và giải pháp"
GOAL_HEADING = "Mục tiêu tổng quát"


@dataclass(frozen=True)
class ElectionsFacts:
    """Who the congress elected (the full names, in the order the results list them)."""

    committee_name: str  # "Chi ủy", "Ban Chấp hành Đảng bộ"
    committee: tuple[str, ...] = ()  # every member of the new committee (secretary and deputies included)
    secretary: str = ""
    deputies: tuple[str, ...] = ()
    official_delegates: tuple[str, ...] = ()
    alternate_delegates: tuple[str, ...] = ()
    delegates_to: str = ""  # "Đại hội Đảng bộ phường Kỳ Trinh nhiệm kỳ 2025–2030"


@dataclass(frozen=True)
class ResolutionFacts:
    organization_name: str  # "Chi bộ Văn phòng"
    term: str  # the new term, "2025–2030"
    previous_term: str  # the term the political report assesses, "2020–2025"
    committee_name: str  # who is charged with the action programme: "Chi ủy", "Ban Chấp hành Đảng bộ"
    targets: tuple[str, ...] = ()  # congress.targets.target_text of each, in order
    goal_html: str = ""  # the political report's general goal, when written
    tasks_html: str = ""  # the political report's tasks and solutions, when written
    elections: ElectionsFacts | None = None  # None until the elections are closed


def count_text(n: int) -> str:
    """A count of people as Party documents write it: 3 -> "03", 12 -> "12"."""
    return f"{n:02d}"


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(escape(" ".join(n.split())) for n in names)


def elections_html(facts: ElectionsFacts, term: str) -> str:
    """Item 4: "Đại hội đã bầu Chi ủy nhiệm kỳ 2025–2030 gồm 03 đồng chí (...); bầu đồng chí A
    làm Bí thư, đồng chí B làm Phó Bí thư." and the delegates to the superior's congress."""
    clauses = []
    if facts.committee:
        clauses.append(
            f"bầu {escape(facts.committee_name)} nhiệm kỳ {escape(term)} gồm {count_text(len(facts.committee))} "
            f"đồng chí: {_names(facts.committee)}"
        )
    officers = []
    if facts.secretary:
        officers.append(f"đồng chí {escape(facts.secretary)} làm Bí thư")
    officers += [f"đồng chí {escape(name)} làm Phó Bí thư" for name in facts.deputies]
    if officers:
        clauses.append("bầu " + ", ".join(officers))
    paragraphs = []
    if clauses:
        paragraphs.append(f"<p>Đại hội đã {'; '.join(clauses)}.</p>")
    if facts.official_delegates:
        to = f" đi dự {escape(facts.delegates_to)}" if facts.delegates_to else ""
        alternates = (
            f" và {count_text(len(facts.alternate_delegates))} đại biểu dự khuyết: {_names(facts.alternate_delegates)}"
            if facts.alternate_delegates else ""
        )
        paragraphs.append(
            f"<p>Đại hội đã bầu Đoàn đại biểu{to} gồm {count_text(len(facts.official_delegates))} đại biểu chính "
            f"thức: {_names(facts.official_delegates)}{alternates}.</p>"
        )
    return "".join(paragraphs) or "<p>Đại hội không tiến hành bầu cử.</p>"


def resolution_html(facts: ResolutionFacts) -> str:
    """The body of the resolution, its five items under "ĐẠI HỘI ... QUYẾT NGHỊ:"."""
    organization = escape(facts.organization_name)
    term, previous = escape(facts.term), escape(facts.previous_term)
    committee = escape(facts.committee_name)
    goal = nest_headings(facts.goal_html, 2) if facts.goal_html else (
        f"<p>Mục tiêu tổng quát: Nâng cao năng lực lãnh đạo và sức chiến đấu của {organization}; xây dựng "
        f"{organization} trong sạch, vững mạnh; lãnh đạo hoàn thành tốt nhiệm vụ chính trị nhiệm kỳ {term}.</p>"
    )
    if facts.targets:
        items = "".join(
            f"<li>{escape(text)}{'.' if i == len(facts.targets) - 1 else ';'}</li>"
            for i, text in enumerate(facts.targets)
        )
        targets = f"<p>Các chỉ tiêu chủ yếu:</p><ul>{items}</ul>"
    else:
        targets = TARGETS_PENDING
    elections = ELECTIONS_PENDING if facts.elections is None else elections_html(facts.elections, facts.term)
    return "".join([
        f"<p><strong>ĐẠI HỘI {escape(facts.organization_name.upper())} QUYẾT NGHỊ:</strong></p>",
        "<p><strong>1. Về đánh giá kết quả thực hiện Nghị quyết Đại hội nhiệm kỳ trước</strong></p>",
        f"<p>Đại hội nhất trí với những nội dung đánh giá kết quả thực hiện Nghị quyết Đại hội {organization} "
        f"nhiệm kỳ {previous}, những ưu điểm, hạn chế, nguyên nhân và bài học kinh nghiệm nêu trong Báo cáo chính "
        f"trị trình Đại hội.</p>",
        f"<p><strong>2. Mục tiêu và các chỉ tiêu chủ yếu nhiệm kỳ {term}</strong></p>",
        goal,
        targets,
        "<p><strong>3. Nhiệm vụ và giải pháp</strong></p>",
        nest_headings(facts.tasks_html, 3) if facts.tasks_html else TASKS_PENDING,
        "<p><strong>4. Về công tác bầu cử</strong></p>",
        elections,
        "<p><strong>5. Tổ chức thực hiện</strong></p>",
        f"<p>Giao {committee} nhiệm kỳ {term} căn cứ Nghị quyết Đại hội xây dựng chương trình hành động, kế hoạch "
        f"cụ thể; lãnh đạo, chỉ đạo tổ chức thực hiện thắng lợi Nghị quyết Đại hội.</p>",
    ])


_PENDING = re.compile(
    r"<p>\s*(?:<span[^>]*>)?\s*" + re.escape(ELECTIONS_PENDING_TEXT) + r"\s*(?:</span>)?\s*</p>"
)


def fill_elections(body: str, paragraph: str) -> str:
    """The body with ELECTIONS_PENDING replaced by `paragraph` (unchanged when the clerk already
    removed or replaced it). The sanitiser may have rewritten the pending paragraph's spacing:
    it is found by its text."""
    if ELECTIONS_PENDING in body:
        return body.replace(ELECTIONS_PENDING, paragraph, 1)
    return _PENDING.sub(lambda _m: paragraph, body, count=1)


# The elections' item when the congress's elections are not recorded in the product (counted on
# paper, their elected entered after the congress is held): a line the secretary fills in by hand
# on the signed copy (decision D64).
ELECTIONS_BY_HAND = (
    '<p>Đại hội đã bầu <span class="fill-by-hand">'
    + "." * 120
    + "</span></p>"
)


def elections_pending(body: str) -> bool:
    return fill_elections(body, "") != body


# --- The subject once adopted ------------------------------------------------------------------

_SPACE = r"[\s\u00a0]"
_LEADING_DRAFT = re.compile(rf"^{_SPACE}*dự{_SPACE}+thảo{_SPACE}*[:\-–—]?{_SPACE}*", re.IGNORECASE)
_LEADING_TYPE = re.compile(rf"^{_SPACE}*nghị{_SPACE}+quyết(?=[\s\u00a0:\-–—]|$){_SPACE}*[:\-–—]?{_SPACE}*", re.IGNORECASE)
_DRAFT_MARK = re.compile(rf"[(\[]{_SPACE}*dự{_SPACE}+thảo{_SPACE}*[)\]]", re.IGNORECASE)


def adopted_subject(subject: str) -> str:
    """The subject of the adopted resolution: "Dự thảo Nghị quyết Đại hội Chi bộ X lần thứ II,
    nhiệm kỳ 2025–2030" -> "Đại hội Chi bộ X lần thứ II, nhiệm kỳ 2025–2030". Drops a leading
    "Dự thảo", the type that follows it (the heading NGHỊ QUYẾT is printed above the subject:
    docs/domain.md §4a, subjects do not repeat the type) and "(dự thảo)" anywhere, whatever
    the case and spacing; the first letter upper case."""
    text = unicodedata.normalize("NFC", subject)
    text = _DRAFT_MARK.sub(" ", text)
    text = _LEADING_DRAFT.sub("", text)
    text = _LEADING_TYPE.sub("", text)
    text = " ".join(text.split())
    if not text:  # nothing but the type: keep what the clerk wrote
        return " ".join(subject.split())
    return text[:1].upper() + text[1:]


# --- A section of the political report ---------------------------------------------------------


class _Blocks(HTMLParser):
    """The top-level elements of a body, as (tag, start, end) offsets into it."""

    VOID = frozenset({"br", "hr", "img", "wbr", "col"})

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.depth = 0
        self.start = 0
        self.tag = ""
        self.blocks: list[tuple[str, int, int]] = []
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            if self.depth == 0:
                start = self._offset()
                end = self.html.index(">", start) + 1
                self.blocks.append((tag, start, end))
            return
        if self.depth == 0:
            self.start, self.tag = self._offset(), tag
        self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            start = self._offset()
            self.blocks.append((tag, start, self.html.index(">", start) + 1))

    def handle_endtag(self, tag):
        if tag in self.VOID or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self.html.index(">", self._offset()) + 1
            self.blocks.append((self.tag, self.start, end))


_TAGS = re.compile(r"<[^>]*>")
_ROMAN = re.compile(r"^[IVXLC]+[.)]\s")
_ARABIC = re.compile(r"^\d+(\.\d+)*[.)]?\s")
_LETTER = re.compile(r"^[a-zđ][.)]\s")


def _text(fragment: str) -> str:
    return " ".join(unescape(_TAGS.sub(" ", fragment)).split())


def _heading_rank(tag: str, fragment: str) -> int | None:
    """The rank of a heading (lower is higher), or None for a paragraph of text. A heading is
    an <h1>–<h6>, or a paragraph wholly bold, as the templates write them: "Phần thứ hai",
    then a title in capitals, "I. ...", "1. ...", "a) ..."."""
    if re.fullmatch(r"h[1-6]", tag):
        return int(tag[1])
    if tag != "p":
        return None
    inner = re.sub(r"^<p\b[^>]*>|</p>$", "", fragment.strip(), flags=re.IGNORECASE).strip()
    bold = re.fullmatch(r"(?is)<(b|strong)\b[^>]*>(.*)</\1>", inner)
    text = _text(inner)
    if not bold or not text or re.search(r"(?i)</(b|strong)>.*\S.*<(b|strong)\b", inner):
        return None
    if fold(text).startswith("phan thu"):
        return 1
    if text == text.upper() and any(c.isalpha() for c in text):
        return 2
    if _ROMAN.match(text + " "):
        return 3
    if _ARABIC.match(text + " "):
        return 4
    if _LETTER.match(text + " "):
        return 5
    return 6


def section_html(body: str, title: str) -> str:
    """The HTML under the first heading whose text names `title` (accents and case aside; "III.
    Nhiệm vụ và giải pháp"), up to the next heading of the same or higher rank; "" when the
    section is missing or has no text."""
    blocks = _Blocks(body).blocks
    wanted = fold(title)
    for i, (tag, start, end) in enumerate(blocks):
        rank = _heading_rank(tag, body[start:end])
        if rank is None or wanted not in fold(_text(body[start:end])):
            continue
        parts = []
        for next_tag, next_start, next_end in blocks[i + 1:]:
            fragment = body[next_start:next_end]
            next_rank = _heading_rank(next_tag, fragment)
            if next_rank is not None and next_rank <= rank:
                break
            parts.append(fragment)
        html = "".join(parts)
        return html if _text(html) else ""
    return ""


_NUMBERED = re.compile(r"^(<(?:p|h[1-6])\b[^>]*>\s*(?:<(?:b|strong)\b[^>]*>\s*)?)(\d+)\.(?!\d)")


def nest_headings(html: str, number: int) -> str:
    """A section taken into item `number` of the resolution, its numbered headings made that
    item's subsections: "1. Công tác xây dựng Đảng" under item 3 becomes "3.1. Công tác xây dựng
    Đảng", so that the item's own heading is not followed by one of the same rank (which the
    guard would read as an empty item)."""
    parts, last = [], 0
    for tag, start, end in _Blocks(html).blocks:
        fragment = html[start:end]
        if _heading_rank(tag, fragment) is not None:
            fragment = _NUMBERED.sub(lambda m: f"{m.group(1)}{number}.{m.group(2)}.", fragment, count=1)
        parts.append(html[last:start] + fragment)
        last = end
    return "".join(parts) + html[last:]
