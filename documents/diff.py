"""What changed between two bodies, word by word, paragraph by paragraph.

Pure: HTML in, plain values out. Text is normalised to NFC first, so a Vietnamese letter
typed in decomposed form ("e" + U+0302 + U+0301) equals the composed "ế" and a word is
never cut inside a letter.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from html.parser import HTMLParser

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
BREAK = "\n"  # the paragraph boundary, a token of its own

# A new block starts at these tags: each paragraph, heading, list item and table row is one.
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "blockquote", "pre"}
_CELL_TAGS = {"td", "th"}
_WORD = re.compile(r"\S+")


class _Blocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.buffer: list[str] = []
        self.skipping = 0

    def flush(self):
        text = " ".join("".join(self.buffer).split())
        if text:
            self.blocks.append(text)
        self.buffer = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.flush()
        elif tag in _CELL_TAGS or tag == "br":
            self.buffer.append(" ")

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.flush()
        elif tag in _CELL_TAGS:
            self.buffer.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.buffer.append(data)


def blocks(html: str) -> list[str]:
    """The text of each block of `html` in order (paragraphs, headings, list items, table
    rows), whitespace collapsed, NFC. Comments name paragraphs by their place in this list
    (from 1)."""
    parser = _Blocks()
    parser.feed(unicodedata.normalize("NFC", html or ""))
    parser.close()
    parser.flush()
    return parser.blocks


def tokens(html: str) -> list[str]:
    """The words of `html`, with BREAK between blocks."""
    result: list[str] = []
    for block in blocks(html):
        if result:
            result.append(BREAK)
        result.extend(_WORD.findall(block))
    return result


def _join(words: list[str]) -> str:
    return " ".join(words).replace(f" {BREAK} ", BREAK).replace(f"{BREAK} ", BREAK).replace(f" {BREAK}", BREAK)


def diff_words(old_html: str, new_html: str) -> list[tuple[str, str]]:
    """(op, text) runs that turn the old body's text into the new one's: op is "equal",
    "insert" or "delete"; text is words separated by spaces, with "\\n" where a paragraph ends.
    The equal and insert runs give the new text's words; the equal and delete runs the old's."""
    old, new = tokens(old_html), tokens(new_html)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    result: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.append((EQUAL, _join(old[i1:i2])))
            continue
        if i2 > i1:
            result.append((DELETE, _join(old[i1:i2])))
        if j2 > j1:
            result.append((INSERT, _join(new[j1:j2])))
    return result


def paragraphs(runs: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The runs of diff_words cut at paragraph ends, for showing one paragraph per line.
    An inserted or deleted paragraph end shows as the break it makes in the new text or
    made in the old."""
    result: list[list[tuple[str, str]]] = [[]]
    for op, text in runs:
        pieces = text.split(BREAK)
        for i, piece in enumerate(pieces):
            if i > 0:
                result.append([])
            if piece:
                result[-1].append((op, piece))
    return [p for p in result if p]


def has_changes(runs: list[tuple[str, str]]) -> bool:
    return any(op != EQUAL for op, _ in runs)


def excerpt(text: str, words: int = 8) -> str:
    """The first words of a paragraph, for naming it in a list."""
    found = text.split()
    return " ".join(found[:words]) + ("…" if len(found) > words else "")
