"""The .docx of a document version, laid out as its PDF (docs/documents.md, "Word").

Offices finish documents in Word: the file carries what the PDF shows, from the same context
(documents.render.document_context is the single source of every text), built with
python-docx. Pure: a context dict in, bytes out; no ORM, no Django.

The layout follows Hướng dẫn 36-HD/VPTW as templates/documents/pdf/document.css does: A4,
margins 20/20/30/15 mm, Times New Roman 14 pt, the header table (superior, issuer in bold, "*",
"Số ..." at the left; "ĐẢNG CỘNG SẢN VIỆT NAM" and the italic place and date at the right), the
type and subject centred, the body justified with a 1 cm first-line indent, the closing block
(the second signature at the left when there is one, the main signature at the right, "Nơi
nhận:" at the bottom left in 12 pt) and page numbers centred at the top from page 2.

Everything that is not the body (header, title, closing) uses FRAME_STYLE / FRAME_TABLE_STYLE,
so that documents.docx_import can leave it out when the file comes back: the header and the
signatures are the document's details, not its body. An appendix (documents.hooks: charts
drawn as SVG) is not carried into Word.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from .word import FILL_BY_HAND, Node, parse

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
# Paragraph and table styles of what is not the body (documents.docx_import drops them).
FRAME_STYLE = "Document frame"
FRAME_TABLE_STYLE = "Document frame table"
TABLE_TEXT_STYLE = "Table text"
# A blank a template leaves to be filled by hand on paper (<span class="fill-by-hand">, documents.guard):
# a character style, so that it comes back marked (documents.docx_import).
FILL_BY_HAND_STYLE = "Fill by hand"
# The body's h2, h3, h4 are Word's first three heading levels (the document's own title is h1).
HEADING_STYLES = {"h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
INDENT = Mm(10)  # the body's first-line indent, 1 cm
MAX_LIST_LEVEL = 8  # Word numbering has nine levels

_SPACE = re.compile(r"[ \t\r\n\f]+")  # not \s: a non-breaking space is kept (the number's blank)
_INLINE = {"#text", "strong", "b", "em", "i", "u", "s", "sub", "sup", "br", "span"}


def docx_from_context(context: dict) -> bytes:
    """The .docx of a document, from documents.render.document_context(version, issued=...)."""
    document = Document()
    _set_up_styles(document)
    _set_up_page(document, draft=not context["issued"])
    _header_table(document, context)
    _title(document, context)
    numbering = _Numbering(document)
    body = _BodyWriter(numbering)
    body.write(document, parse(context["body"]).children)
    body.write(document, parse(context["body_tail"]).children, keep_with_next=True)
    _closing(document, context)
    properties = document.core_properties
    properties.title = " ".join(p for p in (context["heading"], context["subject"]) if p)
    properties.author = " ".join(context["issuer_lines"])
    properties.last_modified_by = ""
    properties.comments = ""
    properties.language = LANGUAGE
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


# --- styles and page ----------------------------------------------------------------------------


def _fonts(r_pr) -> None:
    """Times New Roman for every script, no theme font (a theme font would win over it)."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _set_up_styles(document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(r_pr)
    r_pr.find(qn("w:sz")).set(qn("w:val"), "28")
    r_pr.find(qn("w:szCs")).set(qn("w:val"), "28")
    language = r_pr.find(qn("w:lang"))
    language.set(qn("w:val"), LANGUAGE)
    language.set(qn("w:eastAsia"), LANGUAGE)

    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _fonts(normal.element.get_or_add_rPr())
    body = normal.paragraph_format
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.first_line_indent = INDENT
    body.space_before = Pt(0)
    body.space_after = Pt(5)
    body.line_spacing = 1.1
    body.widow_control = True

    for tag, name in HEADING_STYLES.items():
        style = styles[name]
        r_pr = style.element.get_or_add_rPr()
        _fonts(r_pr)
        color = r_pr.find(qn("w:color"))
        if color is not None:
            r_pr.remove(color)
        style.font.size = Pt(14)
        style.font.bold = True
        style.font.italic = tag == "h4"
        fmt = style.paragraph_format
        fmt.first_line_indent = INDENT
        fmt.space_before = Pt(8)
        fmt.space_after = Pt(4)
        fmt.keep_with_next = True

    quote = styles["Quote"]
    color = quote.element.get_or_add_rPr().find(qn("w:color"))
    if color is not None:
        quote.element.rPr.remove(color)
    quote.font.italic = True
    quote.paragraph_format.left_indent = INDENT
    quote.paragraph_format.right_indent = INDENT
    quote.paragraph_format.first_line_indent = Mm(0)

    table_text = styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(13)
    fmt = table_text.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    fmt.first_line_indent = Mm(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0

    fill = styles.add_style(FILL_BY_HAND_STYLE, WD_STYLE_TYPE.CHARACTER)
    fill.quick_style = False

    frame = styles.add_style(FRAME_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    frame.base_style = normal
    frame.quick_style = False
    fmt = frame.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.first_line_indent = Mm(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0

    frame_table = styles.add_style(FRAME_TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    frame_table.base_style = styles["Normal Table"]
    frame_table.quick_style = False
    # No cell padding, as the PDF's header: "ĐẢNG ỦY PHƯỜNG ..." fits its column on one line.
    frame_table.element.append(parse_xml(
        f'<w:tblPr {nsdecls("w")}><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    ))


def _set_up_page(document, *, draft: bool) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = section.footer_distance = Mm(10)
    # Page numbers centred at the top from page 2: the first page has a header of its own.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.style = document.styles[FRAME_STYLE]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple>')
    number._p.append(field)
    first = section.first_page_header
    first.is_linked_to_previous = False
    mark = first.paragraphs[0]
    mark.style = document.styles[FRAME_STYLE]
    mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if draft:
        # The PDF's boxed mark above the header, in the top margin: a bordered run.
        run = mark.add_run("DỰ THẢO")
        run.bold = True
        run.font.size = Pt(13)
        border = OxmlElement("w:bdr")
        for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "2"), ("w:color", "000000")):
            border.set(qn(key), value)
        run._r.get_or_add_rPr().append(border)


# --- frame: header, title, closing --------------------------------------------------------------


def _frame_table(document, widths: Iterable) -> object:
    widths = list(widths)
    table = document.add_table(rows=1, cols=len(widths))
    table.style = document.styles[FRAME_TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    # A closing block never splits over two pages.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    return table


def _line(container, text: str = "", *, bold=False, italic=False, underline=False, size=14,
          align=WD_ALIGN_PARAGRAPH.CENTER, reuse=False, keep_with_next=False):
    """One frame paragraph. `reuse` fills a new cell's empty first paragraph."""
    paragraph = container.paragraphs[0] if reuse else container.add_paragraph()
    paragraph.style = FRAME_STYLE
    paragraph.alignment = align
    if keep_with_next:
        paragraph.paragraph_format.keep_with_next = True
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        if size != 14:
            run.font.size = Pt(size)
    return paragraph


def _header_table(document, context: dict) -> None:
    left_width = int(TEXT_WIDTH * 0.44)
    table = _frame_table(document, (left_width, TEXT_WIDTH - left_width))
    left, right = table.rows[0].cells
    lines = []
    if context["superior_line"]:
        lines.append((context["superior_line"], {}))
    lines += [(line, {"bold": True}) for line in context["issuer_lines"]]
    lines += [("*", {}), (context["number_line"], {})]
    if context["is_letter"] and context["subject"]:
        lines.append((f"V/v {context['subject']}", {"italic": True, "size": 12}))
    for i, (text, fmt) in enumerate(lines):
        _line(left, text, reuse=i == 0, **fmt)
    _line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=15, reuse=True)
    date = _line(right, context["date_line"], italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    date.paragraph_format.space_before = Pt(6)


def _title(document, context: dict) -> None:
    if not context["heading"]:
        return
    heading = _line(document, context["heading"], bold=True, size=16, keep_with_next=True)
    heading.paragraph_format.space_before = Pt(16)
    if context["subject"]:
        _line(document, context["subject"], bold=True, keep_with_next=True)
    rule = _line(document, "-----", keep_with_next=True)
    rule.paragraph_format.space_after = Pt(10)


def _signature(cell, context: dict, *, reuse: bool) -> None:
    first = True
    if context["signing_line"]:
        _line(cell, context["signing_line"], bold=True, reuse=reuse)
        first = False
    if context["signer_position"]:
        _line(cell, context["signer_position"], bold=True, reuse=reuse and first)
        first = False
    name = _line(cell, context["signer_name"], bold=True, reuse=reuse and first)
    name.paragraph_format.space_before = Mm(25)  # room to sign


def _cosignature(cell, context: dict) -> None:
    first = True
    if context["cosigner_title"]:
        _line(cell, context["cosigner_title"], bold=True, reuse=True)
        first = False
    for name in context["cosigner_names"] or [""]:
        line = _line(cell, name, bold=True, reuse=first)
        line.paragraph_format.space_before = Mm(18 if context["cosigner_names"] else 25)
        first = False


def _recipients(cell, context: dict) -> None:
    left = WD_ALIGN_PARAGRAPH.LEFT
    _line(cell, "Nơi nhận:", bold=True, italic=True, underline=True, size=12, align=left, reuse=True)
    for line in context["recipients"]:
        _line(cell, line, size=12, align=left)


def _closing(document, context: dict) -> None:
    half = int(TEXT_WIDTH / 2)
    widths = (half, TEXT_WIDTH - half)
    if context["cosigner_title"] or context["cosigner_names"]:
        tables = [_frame_table(document, widths)]
        cosigner, signature = tables[0].rows[0].cells
        _cosignature(cosigner, context)
        _signature(signature, context, reuse=True)
        if context["recipients"]:
            tables.append(_frame_table(document, widths))
            _recipients(tables[1].rows[0].cells[0], context)
    else:
        tables = [_frame_table(document, widths)]
        recipients, signature = tables[0].rows[0].cells
        if context["recipients"]:
            _recipients(recipients, context)
        _signature(signature, context, reuse=True)
    # As the PDF's closing tables, 10 pt above each (not above the room to sign: it has its own).
    for table in tables:
        for cell in table.rows[0].cells:
            first = cell.paragraphs[0].paragraph_format
            if first.space_before is None:
                first.space_before = Pt(10)
    # Word wants a paragraph after a table at the end of the document.
    _line(document, "", size=14)


# --- body ---------------------------------------------------------------------------------------


class _Numbering:
    """Word lists for the body's ul and ol: a dash for an item of a ul (as the PDF prints
    them), "1." for an ol, each level indented 1 cm more; every list starts at its own start."""

    def __init__(self, document):
        self.element = document.part.numbering_part.element
        ids = [int(a.get(qn("w:abstractNumId"))) for a in self.element.findall(qn("w:abstractNum"))]
        next_id = max(ids, default=-1) + 1
        self.abstract = {False: next_id, True: next_id + 1}
        self._add_abstract(next_id, ordered=False)
        self._add_abstract(next_id + 1, ordered=True)

    def _add_abstract(self, abstract_id: int, *, ordered: bool) -> None:
        levels = []
        for level in range(MAX_LIST_LEVEL + 1):
            fmt, text = ("decimal", f"%{level + 1}.") if ordered else ("bullet", "-")
            first_line = int((level + 1) * INDENT.twips)
            levels.append(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:suff w:val="space"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="0" w:firstLine="{first_line}"/></w:pPr>'
                f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr></w:lvl>'
            )
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>'
        )
        nums = self.element.findall(qn("w:num"))
        if nums:
            nums[0].addprevious(abstract)
        else:
            self.element.append(abstract)

    def new_list(self, *, ordered: bool, level: int, start: int) -> int:
        """A numbering instance for one list: numbers restart at `start`."""
        num_ids = [int(n.get(qn("w:numId"))) for n in self.element.findall(qn("w:num"))]
        num_id = max(num_ids, default=0) + 1
        self.element.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{self.abstract[ordered]}"/>'
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
        ))
        return num_id


def _span(value: str | None, low: int = 1, high: int = 50) -> int:
    if value and value.strip().isascii() and value.strip().isdigit():
        return max(low, min(high, int(value.strip())))
    return low


class _BodyWriter:
    """The sanitised body (documents.sanitize.ALLOWED_TAGS) written as Word paragraphs, lists
    and tables into a document or a table cell."""

    def __init__(self, numbering: _Numbering):
        self.numbering = numbering
        self.keep_with_next = False
        self._fresh_cells: set[int] = set()  # cells whose first, empty paragraph is still unused

    def write(self, container, nodes: list[Node], *, keep_with_next: bool = False) -> None:
        self.keep_with_next = keep_with_next
        self._blocks(container, nodes, cell=None)

    # Blocks

    def _blocks(self, container, nodes: list[Node], *, cell, style: str | None = None) -> None:
        """`cell` is None in the body, "td" or "th" inside a table cell; `style` is a
        blockquote's for its paragraphs."""
        pending: list[Node] = []
        for node in nodes:
            if node.tag in _INLINE:
                pending.append(node)
                continue
            self._loose(container, pending, cell=cell, style=style)
            pending = []
            self._block(container, node, cell=cell, style=style)
        self._loose(container, pending, cell=cell, style=style)

    def _loose(self, container, inline: list[Node], *, cell, style: str | None) -> None:
        """Text outside any paragraph (a cell's content, mostly) makes one."""
        if any(n.tag != "#text" or n.text.strip() for n in inline):
            self._inline_paragraph(container, inline, cell=cell, style=style)

    def _block(self, container, node: Node, *, cell, style: str | None = None) -> None:
        tag = node.tag
        if tag == "p":
            self._inline_paragraph(container, node.children, cell=cell, style=style)
        elif tag in HEADING_STYLES:
            self._inline_paragraph(container, node.children, cell=cell, style=HEADING_STYLES[tag])
        elif tag in {"ul", "ol"}:
            self._list(container, node, level=0, cell=cell)
        elif tag == "blockquote":
            self._blocks(container, node.children, cell=cell, style="Quote")
        elif tag == "table":
            self._table(container, node)
        else:  # a stray li, tr, td or an unknown wrapper: its content
            self._blocks(container, node.children, cell=cell, style=style)

    def _paragraph(self, container, *, cell, style: str | None = None):
        if cell is not None and id(container) in self._fresh_cells:
            self._fresh_cells.discard(id(container))
            paragraph = container.paragraphs[0]
        else:
            paragraph = container.add_paragraph()
        if style is not None:
            paragraph.style = style
        elif cell is not None:
            paragraph.style = TABLE_TEXT_STYLE
        if cell == "th":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if self.keep_with_next:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def _inline_paragraph(self, container, nodes: list[Node], *, cell, style: str | None = None):
        paragraph = self._paragraph(container, cell=cell, style=style)
        self._inline(paragraph, nodes, bold=cell == "th")
        return paragraph

    # Lists

    def _list(self, container, node: Node, *, level: int, cell) -> None:
        level = min(level, MAX_LIST_LEVEL)
        ordered = node.tag == "ol"
        num_id = self.numbering.new_list(ordered=ordered, level=level, start=_span(node.attrs.get("start"), 1, 9999))
        for item in node.children:
            if item.tag == "#text" and not item.text.strip():
                continue
            children = item.children if item.tag == "li" else [item]
            self._item(container, children, num_id=num_id, level=level, cell=cell)

    def _item(self, container, children: list[Node], *, num_id: int, level: int, cell) -> None:
        paragraph = self._paragraph(container, cell=cell)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()  # in its place among the properties
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id
        filled = False
        inline: list[Node] = []
        for child in children:
            if child.tag in _INLINE:
                inline.append(child)
                continue
            if inline:
                self._inline(paragraph, inline)
                filled, inline = True, []
            if child.tag in {"ul", "ol"}:
                self._list(container, child, level=level + 1, cell=cell)
            elif child.tag in {"p", *HEADING_STYLES}:
                # A second paragraph of the item goes on a new line of the same paragraph: a
                # paragraph of its own would end the Word list.
                if filled:
                    paragraph.add_run().add_break()
                self._inline(paragraph, child.children)
                filled = True
            else:
                self._block(container, child, cell=cell)
        if inline:
            self._inline(paragraph, inline)

    # Tables

    def _table(self, container, node: Node) -> None:
        rows: list[tuple[Node, bool]] = []  # (tr, is a header row)
        for child in node.children:
            if child.tag == "tr":
                rows.append((child, False))
            elif child.tag in {"thead", "tbody", "tfoot"}:
                rows += [(tr, child.tag == "thead") for tr in child.children if tr.tag == "tr"]
        if not rows:
            return
        placed: list[tuple[int, int, int, int, Node]] = []  # row, column, rowspan, colspan, cell
        taken: set[tuple[int, int]] = set()
        for r, (tr, _) in enumerate(rows):
            c = 0
            for cell in (n for n in tr.children if n.tag in {"td", "th"}):
                while (r, c) in taken:
                    c += 1
                rowspan = min(_span(cell.attrs.get("rowspan")), len(rows) - r)
                colspan = _span(cell.attrs.get("colspan"))
                placed.append((r, c, rowspan, colspan, cell))
                taken |= {(r + i, c + j) for i in range(rowspan) for j in range(colspan)}
                c += colspan
        columns = max((c for _, c in taken), default=0) + 1
        table = container.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        for r, (tr, header) in enumerate(rows):
            properties = table.rows[r]._tr.get_or_add_trPr()
            properties.append(OxmlElement("w:cantSplit"))  # before tblHeader: Word reads them in order
            if header or (tr.children and all(n.tag == "th" for n in tr.children if n.tag != "#text")):
                properties.append(OxmlElement("w:tblHeader"))  # repeated on every page
        for r, c, rowspan, colspan, cell_node in placed:
            cell = table.cell(r, c)
            if rowspan > 1 or colspan > 1:
                cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
            self._fresh_cells.add(id(cell))
            self._blocks(cell, cell_node.children, cell=cell_node.tag)
            if id(cell) in self._fresh_cells:  # an empty cell: its paragraph sized as the others
                self._fresh_cells.discard(id(cell))
                cell.paragraphs[0].style = TABLE_TEXT_STYLE

    # Inline

    def _inline(self, paragraph, nodes: list[Node], **fmt) -> None:
        self._runs(paragraph, nodes, fmt)
        # HTML drops the spaces at the ends of a paragraph.
        runs = paragraph.runs
        if runs and runs[0].text.startswith(" "):
            runs[0].text = runs[0].text.lstrip(" ")
        if runs and runs[-1].text.endswith(" "):
            runs[-1].text = runs[-1].text.rstrip(" ")

    def _runs(self, paragraph, nodes: list[Node], fmt: dict) -> None:
        for node in nodes:
            if node.tag == "#text":
                text = _SPACE.sub(" ", node.text)
                previous = paragraph.runs[-1].text if paragraph.runs else ""
                if text.startswith(" ") and (not previous or previous.endswith((" ", "\n"))):
                    text = text[1:]
                if text:
                    run = paragraph.add_run(text, style=FILL_BY_HAND_STYLE if fmt.get("fill") else None)
                    # Only what is on: setting False or None would undo a neighbour (sub/superscript
                    # share one property).
                    for name in ("bold", "italic", "underline"):
                        if fmt.get(name):
                            setattr(run, name, True)
                    for name in ("strike", "subscript", "superscript"):
                        if fmt.get(name):
                            setattr(run.font, name, True)
            elif node.tag == "br":
                paragraph.add_run().add_break()
            else:
                key = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "u": "underline",
                       "s": "strike", "sub": "subscript", "sup": "superscript"}.get(node.tag)
                if node.tag == "span" and FILL_BY_HAND in node.attrs.get("class", "").split():
                    key = "fill"
                self._runs(paragraph, node.children, {**fmt, key: True} if key else fmt)
