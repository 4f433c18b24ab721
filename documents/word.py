"""HTML pasted from Word, brought back to plain structure before sanitising.

Word (365, desktop) puts a whole HTML document on the clipboard: classes (`MsoNormal`),
inline `mso-` styles, `<o:p>` and `<st1:...>` tags, conditional comments, and lists that are
not lists: each item is a `<p class=MsoListParagraphCxSp...>` whose style says
`mso-list:l0 level2 lfo1` and whose marker ("1.", "·", "o", "§") is typed text inside
`<span style='mso-list:Ignore'>`. Bold and italic are `<b>`/`<i>`, sometimes spans with
`font-weight:bold`. This module rebuilds real `<ol>/<ul><li>` (nested by level), turns those
spans into `<strong>/<em>/<u>` and drops Word's debris; `documents.sanitize` then keeps only
the allowed tags. Pure: text in, text out, no dependency beyond the standard library.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed", "param", "track"}
# Dropped with everything inside them.
DROP_VOID = {"meta", "link", "base", "embed", "param"}
DROP = {"head", "style", "script", "xml", "title", "template", "noscript", "iframe", "object", "embed", "svg", "math"}
BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody",
    "tfoot", "tr", "td", "th", "blockquote", "pre", "hr", "section", "article", "center",
}
# Elements whose whitespace-only text children are layout, not content.
CONTAINERS = {"#root", "ul", "ol", "table", "thead", "tbody", "tfoot", "tr", "blockquote", "div", "body", "html"}
FILL_BY_HAND = "fill-by-hand"  # the one class a body keeps (documents.guard)
HEADINGS = {"h1": "h2", "h5": "h4", "h6": "h4"}  # the body has levels 2 to 4 only
KEEP_ATTRIBUTES = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}, "ol": {"start"}}
# Tags that may close implicitly when a block starts (Word's HTML is mostly well formed).
IMPLIED_END = {"p": BLOCK, "li": {"li"}, "td": {"td", "th", "tr"}, "th": {"td", "th", "tr"}, "tr": {"tr"}}

_MSO_LIST = re.compile(r"(?:^|;)\s*mso-list\s*:\s*(l\d+)\s+level(\d+)", re.I)
_IGNORE = re.compile(r"(?:^|;)\s*mso-list\s*:\s*ignore", re.I)
_BOLD = re.compile(r"(?:^|;)\s*font-weight\s*:\s*(bold|bolder|[6-9]00)\b", re.I)
_ITALIC = re.compile(r"(?:^|;)\s*font-style\s*:\s*(italic|oblique)\b", re.I)
_UNDERLINE = re.compile(r"(?:^|;)\s*text-decoration(?:-line)?\s*:[^;]*\bunderline\b", re.I)
_ORDERED_MARKER = re.compile(r"^\(?(\d+|[a-z]|[ivxlcdm]+)[.)]$", re.I)
_DOWNLEVEL = re.compile(r"<!\[(?:if[^\]]*|endif)\]>", re.I)
_SPACE = re.compile(r"[ \t\r\n\f]+")


class Node:
    __slots__ = ("tag", "attrs", "children", "parent", "text")

    def __init__(self, tag: str, attrs: dict[str, str] | None = None, text: str = ""):
        self.tag = tag  # "#text" for text
        self.attrs = attrs or {}
        self.children: list[Node] = []
        self.parent: Node | None = None
        self.text = text

    def append(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    @property
    def style(self) -> str:
        return self.attrs.get("style", "")

    def text_content(self) -> str:
        if self.tag == "#text":
            return self.text
        return "".join(c.text_content() for c in self.children)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]
        self.dropping = 0  # depth inside a DROP element

    def handle_starttag(self, tag, attrs):
        if self.dropping:
            if tag in DROP and tag not in VOID:
                self.dropping += 1
            return
        if tag in DROP_VOID:
            return
        if tag in DROP:
            self.dropping = 1
            return
        if tag in BLOCK:
            self._close_implied(tag)
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        if self.dropping or tag in DROP or tag in DROP_VOID:
            return
        self.stack[-1].append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        if self.dropping:
            if tag in DROP:
                self.dropping -= 1
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return
        # A stray end tag: ignored, as browsers do.

    def handle_data(self, data):
        if not self.dropping and data:
            self.stack[-1].append(Node("#text", text=data))

    def _close_implied(self, tag):
        top = self.stack[-1]
        if len(self.stack) > 1 and tag in IMPLIED_END.get(top.tag, ()):
            self.stack.pop()


def parse(markup: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(_DOWNLEVEL.sub("", markup))
    builder.close()
    return builder.root


def normalize_word_html(markup: str) -> str:
    """`markup` with Word's list paragraphs made into nested lists, styled spans into
    strong/em/u, and classes, styles, comments, `o:p` and unknown wrappers removed.
    Already clean HTML comes back with the same structure (applying it twice changes nothing)."""
    if not markup or not markup.strip():
        return ""
    root = parse(markup)
    _clean(root)
    _build_lists(root)
    _strip_markers(root)
    _drop_layout_whitespace(root)
    return "".join(_serialize(child) for child in root.children).strip()


def _clean(node: Node) -> None:
    """Rewrite the tree in place, children first."""
    new_children: list[Node] = []
    for child in node.children:
        new_children.extend(_clean_node(child))
    node.children = []
    for child in new_children:
        node.append(child)


def _clean_node(node: Node) -> list[Node]:
    """What a node becomes: itself, its children (unwrapped) or nothing."""
    if node.tag == "#text":
        node.text = _SPACE.sub(" ", node.text)
        return [node]
    tag = node.tag
    if tag.startswith("v:"):  # VML drawings
        return []
    if tag == "span" and _IGNORE.search(node.style):
        # Word's list marker: kept aside for the list builder, never shown twice.
        marker = Node("#marker", text=node.text_content())
        return [marker]
    _clean(node)
    if ":" in tag or tag in {"font", "a", "abbr", "small", "big", "bdo", "ins", "del", "html", "body", "center"}:
        return node.children  # unwrapped, text kept (st1:place, w:sdt, o:p...)
    if tag == "span":
        if FILL_BY_HAND in node.attrs.get("class", "").split():
            # A blank a template leaves to be filled by hand (documents.guard): kept, marked.
            kept = Node("span", {"class": FILL_BY_HAND})
            for child in node.children:
                kept.append(child)
            return [kept]
        return _styled(node.style, node.children)
    if tag in {"div", "section", "article"}:
        if any(c.tag in BLOCK for c in node.children):
            return node.children
        tag = "p"
    if tag in HEADINGS:
        tag = HEADINGS[tag]
    keep = KEEP_ATTRIBUTES.get(tag, set())
    attrs = {k: v for k, v in node.attrs.items() if k in keep}
    if tag == "p" and (match := _MSO_LIST.search(node.style)):
        attrs = {"data-list": match.group(1), "data-level": match.group(2)}
    # Word sets bold or italic on a whole paragraph or cell through its style, too.
    wrapped = _styled(node.style, node.children) if tag in {"p", "li", "td", "th"} else node.children
    replacement = Node(tag, attrs)
    for child in wrapped:
        replacement.append(child)
    if tag == "p" and "data-list" not in attrs and _is_empty(replacement):
        return []
    return [replacement]


def _styled(style: str, children: list[Node]) -> list[Node]:
    """Children wrapped in strong/em/u as the inline style says, or unwrapped."""
    result = children
    for pattern, tag in ((_UNDERLINE, "u"), (_ITALIC, "em"), (_BOLD, "strong")):
        if pattern.search(style) and result:
            wrapper = Node(tag)
            for child in result:
                wrapper.append(child)
            result = [wrapper]
    return result


def _is_empty(node: Node) -> bool:
    if node.tag == "#text":
        return not node.text.replace("\xa0", " ").strip()
    if node.tag in {"br", "img", "table"}:
        return False
    return all(_is_empty(c) for c in node.children)


def _marker_kind(text: str) -> tuple[str, int | None]:
    """("ol", start) for "1." "a)" "iv."; ("ul", None) for "·" "o" "§" "-" "•" and the rest."""
    marker = text.replace("\xa0", " ").strip()
    if _ORDERED_MARKER.match(marker):
        number = marker.strip("().")
        return "ol", int(number) if number.isascii() and number.isdigit() and len(number) <= 4 else None
    return "ul", None


def _take_marker(node: Node) -> str | None:
    """Remove the (first) Word list marker under `node` and return its text."""
    for i, child in enumerate(node.children):
        if child.tag == "#marker":
            del node.children[i]
            return child.text
        if child.tag != "#text":
            found = _take_marker(child)
            if found is not None:
                return found
    return None


def _build_lists(node: Node) -> None:
    """Runs of Word list paragraphs among `node`'s children become nested lists."""
    for child in node.children:
        if child.tag != "#text":
            _build_lists(child)
    result: list[Node] = []
    stack: list[tuple[int, Node, str]] = []  # (level, ul/ol, Word's list id), outermost first
    for child in node.children:
        if child.tag == "p" and "data-list" in child.attrs:
            level = int(child.attrs.pop("data-level"))
            list_id = child.attrs.pop("data-list")
            kind, start = _marker_kind(_take_marker(child) or "")
            while stack and stack[-1][0] > level:
                stack.pop()
            if stack and stack[-1][0] == level and (stack[-1][1].tag, stack[-1][2]) != (kind, list_id):
                stack.pop()
            if not stack or stack[-1][0] < level:
                new_list = Node(kind, {"start": str(start)} if start and start > 1 else {})
                if stack and stack[-1][1].children:
                    stack[-1][1].children[-1].append(new_list)
                else:
                    result.append(new_list)
                stack.append((level, new_list, list_id))
            item = Node("li")
            for grandchild in child.children:
                item.append(grandchild)
            stack[-1][1].append(item)
            continue
        if child.tag == "#text" and not child.text.strip() and stack:
            continue  # the line breaks between Word's list paragraphs
        stack = []
        result.append(child)
    node.children = []
    for child in result:
        node.append(child)


def _strip_markers(node: Node) -> None:
    """Markers outside list paragraphs (a numbered heading) stay as plain text."""
    for i, child in enumerate(node.children):
        if child.tag == "#marker":
            text = Node("#text", text=child.text.replace("\xa0", " ").strip() + " ")
            text.parent = node
            node.children[i] = text
        elif child.tag != "#text":
            _strip_markers(child)


def _drop_layout_whitespace(node: Node) -> None:
    kept = []
    children = node.children
    for i, child in enumerate(children):
        if child.tag == "#text" and not child.text.strip(" "):
            before = children[i - 1] if i > 0 else None
            after = children[i + 1] if i + 1 < len(children) else None
            if (
                node.tag in CONTAINERS
                or (before is not None and before.tag in BLOCK)
                or (after is not None and after.tag in BLOCK)
                or before is None and node.tag in BLOCK
                or after is None and node.tag in BLOCK
            ):
                continue
        kept.append(child)
        if child.tag != "#text":
            _drop_layout_whitespace(child)
    node.children = kept


def _serialize(node: Node) -> str:
    if node.tag == "#text":
        return html.escape(node.text, quote=False)
    if node.tag == "#marker":
        return ""
    attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in node.attrs.items())
    if node.tag in VOID:
        return f"<{node.tag}{attrs}>"
    inner = "".join(_serialize(c) for c in node.children)
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"
