"""Word-level differences between two bodies (documents.diff)."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from documents.diff import BREAK, DELETE, EQUAL, INSERT, blocks, diff_words, excerpt, has_changes, paragraphs


def _words(runs, ops):
    return " ".join(text for op, text in runs if op in ops).split()


def _text_words(html):
    return " ".join(blocks(html)).split()


def test_blocks_are_paragraphs_headings_list_items_and_table_rows():
    html = ("<h2>Phần  I</h2><p>Mở <b>đầu</b><br>dòng hai</p><ul><li>Một<ul><li>Một một</li></ul></li></ul>"
            "<table><tr><td>1</td><td>Đoàn kết</td></tr></table>")
    assert blocks(html) == ["Phần I", "Mở đầu dòng hai", "Một", "Một một", "1 Đoàn kết"]


def test_blocks_of_nothing_are_none():
    assert blocks("") == [] and blocks("<p> </p>") == []


def test_an_inserted_word_is_marked_in_its_paragraph():
    runs = diff_words("<p>Chi bộ vững mạnh</p><p>Hai</p>", "<p>Chi bộ trong sạch vững mạnh</p><p>Hai</p>")
    assert runs == [(EQUAL, "Chi bộ"), (INSERT, "trong sạch"), (EQUAL, f"vững mạnh{BREAK}Hai")]
    assert paragraphs(runs) == [[(EQUAL, "Chi bộ"), (INSERT, "trong sạch"), (EQUAL, "vững mạnh")], [(EQUAL, "Hai")]]


def test_a_replaced_word_is_a_deletion_then_an_insertion():
    assert diff_words("<p>năm 2024</p>", "<p>năm 2025</p>") == [(EQUAL, "năm"), (DELETE, "2024"), (INSERT, "2025")]


def test_a_new_paragraph_shows_as_a_paragraph_of_its_own():
    runs = diff_words("<p>Một</p>", "<p>Một</p><h2>Hai ba</h2>")
    assert paragraphs(runs) == [[(EQUAL, "Một")], [(INSERT, "Hai ba")]]


def test_formatting_alone_is_not_a_change_of_words():
    assert not has_changes(diff_words("<p>Chi bộ vững mạnh</p>", "<p>Chi bộ <strong>vững</strong> mạnh</p>"))


def test_decomposed_vietnamese_equals_composed_and_no_letter_is_cut():
    composed = "<p>Nghị quyết Đại hội đảng viên</p>"
    decomposed = unicodedata.normalize("NFD", composed)
    assert not has_changes(diff_words(decomposed, composed))
    runs = diff_words(decomposed, "<p>Nghị quyết Đại hội đảng bộ</p>")
    assert runs == [(EQUAL, "Nghị quyết Đại hội đảng"), (DELETE, "viên"), (INSERT, "bộ")]
    assert all(unicodedata.is_normalized("NFC", text) for _, text in runs)


def test_excerpt_names_a_paragraph_by_its_first_words():
    assert excerpt("một hai ba", words=2) == "một hai…" and excerpt("một hai", words=2) == "một hai"


# --- Properties ---------------------------------------------------------------------------------

_WORDS = st.sampled_from(["Đảng", "chi", "bộ", "Nghị", "quyết", "đại", "hội", "nhiệm", "kỳ", "2025", "–", "“Đoàn", "kết”",
                          "ế", unicodedata.normalize("NFD", "Việt"), "x<y", "a&b"])
_PARAGRAPH = st.lists(_WORDS, max_size=12).map(" ".join)
_TAGS = st.sampled_from(["p", "h2", "li", "td"])


@st.composite
def _body(draw):
    items = draw(st.lists(st.tuples(_TAGS, _PARAGRAPH), max_size=6))
    return "".join(f"<{tag}>{text.replace('&', '&amp;').replace('<', '&lt;')}</{tag}>" for tag, text in items)


@given(_body(), _body())
def test_equal_and_inserted_words_make_the_new_text(old, new):
    assert _words(diff_words(old, new), {EQUAL, INSERT}) == _text_words(new)


@given(_body(), _body())
def test_equal_and_deleted_words_make_the_old_text(old, new):
    assert _words(diff_words(old, new), {EQUAL, DELETE}) == _text_words(old)


@given(_body())
def test_a_text_against_itself_is_all_equal(body):
    runs = diff_words(body, body)
    assert all(op == EQUAL for op, _ in runs)
    assert not has_changes(runs)


@given(_body(), _body())
def test_every_word_of_the_result_is_a_whole_composed_word(old, new):
    known = set(_text_words(old)) | set(_text_words(new))
    for _, text in diff_words(old, new):
        assert unicodedata.is_normalized("NFC", text)
        assert set(text.split()) <= known


@given(_body(), _body())
def test_paragraphs_keep_every_word_in_order(old, new):
    runs = diff_words(old, new)
    flattened = [(op, word) for paragraph in paragraphs(runs) for op, text in paragraph for word in text.split()]
    assert flattened == [(op, word) for op, text in runs for word in text.split()]
