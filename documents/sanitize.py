"""What a document body may hold: structure, never scripts or foreign styles.

Office staff paste from Word: its HTML is full of classes, inline styles and `mso-` markup.
Only the structure survives: paragraphs, headings, bold/italic/underline, lists and tables,
and the blanks a template leaves to be filled by hand (`<span class="fill-by-hand">`).
"""

import unicodedata

import nh3

from .word import FILL_BY_HAND, normalize_word_html

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "span",
}
ALLOWED_ATTRIBUTES = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}, "ol": {"start"}}
# A span survives only as a blank to fill by hand (documents.guard): exactly that class.
ALLOWED_VALUES = {"span": {"class": {FILL_BY_HAND}}}


def sanitize_body(html: str) -> str:
    """The stored form of a body: allowed tags only, no attributes but table spans and the
    fill-by-hand class of a span (any other span is unwrapped, documents.word), Word's
    lists made real (documents.word), text in NFC (composed Vietnamese letters).

    Idempotent: removing markup can leave behind what the Word clean-up drops (a paragraph
    that held only an image is empty once the image is gone), so the passes repeat until the
    text no longer changes.
    """
    clean = _one_pass(html)
    for _ in range(3):
        again = _one_pass(clean)
        if again == clean:
            break
        clean = again
    return clean


def _one_pass(html: str) -> str:
    clean = nh3.clean(
        normalize_word_html(unicodedata.normalize("NFC", html)),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_VALUES,
        clean_content_tags={"script", "style", "xml", "title", "head"},
        link_rel=None,
        strip_comments=True,
    )
    # Again: removing markup can bring a combining mark next to the letter it belongs to.
    return unicodedata.normalize("NFC", clean).strip()
