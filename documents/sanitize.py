"""What a document body may hold: structure, never scripts or foreign styles.

Office staff paste from Word: its HTML is full of classes, inline styles and `mso-` markup.
Only the structure survives: paragraphs, headings, bold/italic/underline, lists and tables.
"""

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}, "ol": {"start"}}


def sanitize_body(html: str) -> str:
    """The stored form of a body: allowed tags only, no attributes but table spans."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        clean_content_tags={"script", "style", "xml", "title", "head"},
        link_rel=None,
        strip_comments=True,
    ).strip()
