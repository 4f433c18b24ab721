"""The guard: what a body still holds of its template before it may be approved, adopted or issued.

docs/domain.md §4a: nothing is approved, adopted or issued empty or with a template's
placeholders still in it. `leftovers()` reads a stored body (documents.sanitize) and names, in
Vietnamese, quoting at most ~60 characters of each, what is left to write:
- an empty body;
- a template placeholder never filled (`{{ name }}`);
- an instruction to the drafter in parentheses: a whole paragraph or list item in parentheses,
  or a parenthesised text holding a blank ("..."), or starting with an instruction ("Ghi",
  "Nêu", "Đánh giá", "Thư ký ghi"...). Parentheses of real text ("(để báo cáo)", "(80,00%)",
  "(vòng 1)") are not instructions, nor the signature's "(Ký, ghi rõ họ tên)";
- a blank made of dots ("... giờ ... phút", "ngày ... tháng", "Đồng chí ........"); an
  ellipsis after a comma in an enumeration ("an ninh, trật tự, ...") or glued to its word ("v.v...") is
  punctuation, not a blank;
- a numbered heading ("Phần thứ nhất", "I.", "1.", "a)") with no text under it before the next
  heading of the same or a higher rank.
A blank meant to be filled by hand on paper is marked by the template as
`<span class="fill-by-hand">........</span>` (documents.sanitize keeps exactly that): it never
counts.

Pure: text in, list of descriptions out; no ORM, no translation (the descriptions quote the
official text, which is Vietnamese whatever the interface language).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

FILL_BY_HAND = "fill-by-hand"
EMPTY = "văn bản chưa có nội dung"
QUOTE_LIMIT = 60

_BLOCKS = {"p", "h2", "h3", "h4", "li", "td", "th", "blockquote", "div", "h1", "h5", "h6"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BOLD_TAGS = {"b", "strong"}

# An instruction to the drafter starts with one of these (compared without case).
INSTRUCTION_STARTS = (
    "ghi", "nêu", "đánh giá", "thư ký ghi", "trình bày", "điền", "liệt kê", "mô tả", "tóm tắt", "chưa ghi nhận",
)
# Parenthesised notes that are part of a finished text even standing alone: the signature's
# instruction printed on paper forms, "(Đã ký)" on a copy, "(Có danh sách kèm theo)".
_NOT_INSTRUCTIONS = re.compile(r"^(ký\b|đã ký\b|có .*kèm theo|kèm theo\b|ghi chú\b)", re.IGNORECASE)

_TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_PARENS = re.compile(r"\(([^()]*)\)")
# Dots used as a blank: runs of four or more, two or more "…", spaced dots (". . ."), a run of
# three or a single "…" (decided by its neighbours below).
_DOTS = re.compile(r"(?:\.\s?){2,}\.|…(?:\s?[.…])*")
_LONG_DOTS = re.compile(r"\.{4,}|…\s?[.…]|\.\s?…|\.\s\.\s\.")
_WORD = re.compile(r"\w+", re.UNICODE)

_ROMAN = re.compile(r"^[IVXLC]+\s*[.)]\s*\S")
_ARABIC = re.compile(r"^\d+\s*[.)]\s*\S")
_SUB_ARABIC = re.compile(r"^\d+\.\d+\.?\s*\S")
_LETTER = re.compile(r"^[a-zđ]\s*\)\s*\S")
_PART = re.compile(r"^phần\s+thứ\b", re.IGNORECASE)
_APPENDIX = re.compile(r"^phụ\s+lục\b", re.IGNORECASE)
_HEADING_MAX = 150


@dataclass
class Block:
    """A paragraph, heading, list item or table cell: its text (line breaks as "\n"), whether
    every letter of it is bold, and whether it holds a blank to fill by hand."""

    tag: str
    text: str = ""
    bold_chars: int = 0
    plain_chars: int = 0
    by_hand: bool = False

    @property
    def all_bold(self) -> bool:
        return self.bold_chars > 0 and self.plain_chars == 0


class _Reader(HTMLParser):
    """Blocks in reading order. A block opened inside another (a list inside an item, a
    paragraph inside a cell) ends the outer one's text there; what follows the inner one
    is a block of its own."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._block: Block | None = None
        self._bold = 0
        self._hand = 0  # depth inside fill-by-hand spans
        self._spans: list[bool] = []

    def _current(self) -> Block:
        if self._block is None:
            self._block = Block("#text")
        return self._block

    def _close(self) -> None:
        block, self._block = self._block, None
        if block is not None and (block.text.strip() or block.by_hand):
            self.blocks.append(block)

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self._close()
            self._block = Block(tag)
        elif tag in _BOLD_TAGS:
            self._bold += 1
        elif tag == "br":
            self._current().text += "\n"
        elif tag == "span":
            hand = FILL_BY_HAND in (dict(attrs).get("class") or "").split()
            self._spans.append(hand)
            if hand:
                self._hand += 1
                self._current().by_hand = True

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self._current().text += "\n"

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self._close()
        elif tag in _BOLD_TAGS:
            self._bold = max(0, self._bold - 1)
        elif tag == "span" and self._spans and self._spans.pop():
            self._hand -= 1

    def handle_data(self, data):
        if self._hand:
            return
        block = self._current()
        block.text += data
        letters = sum(1 for ch in data if not ch.isspace())
        if self._bold:
            block.bold_chars += letters
        else:
            block.plain_chars += letters

    def finish(self) -> list[Block]:
        self.close()
        self._close()
        return self.blocks


def blocks(body_html: str) -> list[Block]:
    """The body's blocks in reading order, their text in NFC with runs of spaces made one."""
    reader = _Reader()
    reader.feed(body_html or "")
    result = []
    for block in reader.finish():
        lines = (" ".join(line.split()) for line in unicodedata.normalize("NFC", block.text).split("\n"))
        block.text = "\n".join(line for line in lines if line)
        result.append(block)
    return result


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > QUOTE_LIMIT:
        text = text[: QUOTE_LIMIT - 1].rstrip() + "…"
    return f"\"{text}\""


# --- Instructions in parentheses ----------------------------------------------------------------


def _is_instruction(inner: str, whole_block: bool) -> bool:
    inner = inner.strip()
    if not inner:
        return whole_block
    if _NOT_INSTRUCTIONS.match(inner):
        return False
    if _DOTS.search(inner) and _blank_spans(inner):
        return True
    if whole_block:
        return True
    folded = inner.casefold()
    return any(folded == start or folded.startswith(start + " ") or folded.startswith(start + ":")
               for start in INSTRUCTION_STARTS)


def _instructions(line: str) -> list[tuple[int, int]]:
    """Where `line` holds instructions in parentheses: (start, end) of each, parentheses
    included."""
    found = []
    stripped = line.strip()
    for match in _PARENS.finditer(line):
        whole = match.group(0).strip() == stripped
        if _is_instruction(match.group(1), whole):
            found.append(match.span())
    return found


# --- Dotted blanks ------------------------------------------------------------------------------


def _blank_spans(line: str) -> list[tuple[int, int]]:
    """Where `line` holds dots used as a blank. A long run (four dots or more, spaced dots,
    "……") is always a blank; three dots or one "…" is punctuation when glued to the word
    before it ("v.v...", "trật tự...") or when it follows a comma in an enumeration ("an ninh,
    trật tự, ..."), a blank otherwise ("tại ...,", "... giờ ... phút")."""
    spans = []
    for match in _DOTS.finditer(line):
        start, end = match.span()
        run = match.group(0)
        if not _LONG_DOTS.search(run):
            before = line[:start]
            if before and not before[-1].isspace() and before[-1] not in "(“\"'–-:":
                continue  # glued to its word: an ellipsis
            if re.search(r"[,;]\s*$", before):
                continue  # an enumeration that goes on
        spans.append((start, end))
    return spans


def _blank_quote(line: str, start: int, end: int) -> str:
    """The blank with its neighbours in the same clause: up to two words before and one after
    ("vào hồi ... giờ ... phút", "Đồng chí ........")."""
    left = line[:start]
    clause = re.search(r"[,;:(“\"][^,;:(“\"]*$", left)
    clause_start = clause.start() + 1 if clause else 0
    words_before = list(_WORD.finditer(left, clause_start))[-2:]
    begin = words_before[0].start() if words_before else start
    right = line[end:]
    word_after = re.match(r"\s(\w+)", right)
    finish = end + word_after.end() if word_after else end
    return line[begin:finish]


def _group_blanks(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Blanks a word or two apart are one blank: "... giờ ... phút", "ngày ... tháng ... năm ..."."""
    groups: list[list[int]] = []
    for start, end in spans:
        if groups:
            gap = line[groups[-1][1]:start]
            if len(_WORD.findall(gap)) <= 2 and not re.search(r"[,;:()]", gap) and len(gap) <= 16:
                groups[-1][1] = end
                continue
        groups.append([start, end])
    return [(a, b) for a, b in groups]


# --- Empty sections -----------------------------------------------------------------------------


def heading_rank(block: Block) -> int | None:
    """The rank of a heading (0 the highest: "Phần thứ …" and appendices; 1 "I."; 2 "1.";
    3 "1.1."; 4 "a)"), -1 for a heading without a number, None for text. A heading is an
    h2–h4 or a short paragraph all in bold."""
    text = block.text.strip()
    if block.tag in _HEADING_TAGS:
        pass
    elif block.tag == "p" and block.all_bold and len(text) <= _HEADING_MAX:
        if text.endswith(".") and len(text) > 60:
            return None  # a sentence set in bold
    else:
        return None
    if _PART.match(text) or _APPENDIX.match(text):
        return 0
    if _ROMAN.match(text):
        return 1
    if _SUB_ARABIC.match(text):
        return 3
    if _ARABIC.match(text):
        return 2
    if _LETTER.match(text):
        return 4
    return -1


def _empty_sections(items: list[Block]) -> set[int]:
    """The indexes of the numbered headings with no text under them. A heading whose
    subsections are all empty is not named itself: its subsections are."""
    ranks = [heading_rank(block) for block in items]
    empty = set()
    for index, rank in enumerate(ranks):
        if rank is None or rank < 0 or _APPENDIX.match(items[index].text):
            continue
        has_text = has_subsection = False
        for other in ranks[index + 1:]:
            if other is None:
                has_text = True
                break
            if 0 <= other <= rank:
                break
            if other > rank:
                has_subsection = True
        if not has_text and not has_subsection:
            empty.add(index)
    return empty


# --- The whole ----------------------------------------------------------------------------------


def _line_leftovers(line: str) -> list[str]:
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _TEMPLATE_TAG.finditer(line):
        found.append((match.start(), f"chỗ điền mẫu {_quote(match.group(0))} chưa được thay"))
        taken.append(match.span())
    for start, end in _instructions(line):
        if any(a <= start < b for a, b in taken):
            continue
        found.append((start, f"hướng dẫn {_quote(line[start:end])}"))
        taken.append((start, end))
    blanks = [(a, b) for a, b in _blank_spans(line) if not any(s <= a < e for s, e in taken)]
    for start, end in _group_blanks(line, blanks):
        found.append((start, f"chỗ trống {_quote(_blank_quote(line, start, end))}"))
    return [text for _, text in sorted(found, key=lambda item: item[0])]


def leftovers(body_html: str, subject: str = "") -> list[str]:
    """What is left to write in a body (and its subject) before it is fit to sign, each a short
    Vietnamese description quoting the text; [] when nothing is left (docs/domain.md §4a)."""
    items = blocks(body_html)
    found: list[str] = []
    for line in (subject or "").splitlines():
        found.extend(f"{text} ở trích yếu" for text in _line_leftovers(" ".join(line.split())))
    if not items:
        return [EMPTY, *found]
    empty = _empty_sections(items)
    for index, block in enumerate(items):
        for line in block.text.split("\n"):
            found.extend(_line_leftovers(line))
        if index in empty:
            found.append(f"mục {_quote(block.text)} chưa có nội dung")
    return list(dict.fromkeys(found))
