"""Pasting from Word (documents.word): the structure survives, Word's debris does not.

The fixtures in fixtures/ are clipboard HTML as Word 365 (desktop, Windows) puts it there:
`word365_lists.html` is the raw "HTML Format" (unquoted attributes, downlevel-revealed
`<![if !supportLists]>`, the <head> with style sheets and settings); `word365_table_chromium.html`
is what Chromium hands a page for a table and a Wingdings list (re-serialised: quoted
attributes, `<!--[if !supportLists]-->` comments)."""

from pathlib import Path

import pytest

from documents.sanitize import sanitize_body
from documents.word import normalize_word_html

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def lists_html():
    return normalize_word_html(fixture("word365_lists.html"))


@pytest.fixture
def table_html():
    return normalize_word_html(fixture("word365_table_chromium.html"))


def test_word_list_paragraphs_become_nested_lists(lists_html):
    assert (
        "<ul><li>Phát huy dân chủ trong Chi bộ;<ul><li>lấy ý kiến đảng viên về dự thảo;</li>"
        "<li>tổng hợp ý kiến góp ý;</li></ul></li><li>Bầu cử đúng quy định tại Hà Nội.</li></ul>"
    ) in lists_html


def test_numbered_word_lists_become_ordered_lists_with_lettered_sublists(lists_html):
    assert (
        "<ol><li><b>Công tác chuẩn bị</b><ol><li>Văn kiện;</li><li>Nhân sự;</li></ol></li>"
        "<li><u>Tổ chức Đại hội</u></li></ol>"
    ) in lists_html


def test_list_markers_are_not_kept_as_text(lists_html, table_html):
    for marker in ("·", ">o<", "§", "1.", "a)", "b)"):
        assert marker not in lists_html + table_html


def test_bold_italic_and_styled_spans_survive_as_tags(lists_html):
    assert "<b>đánh giá</b>" in lists_html
    assert "<i>rút ra bài học kinh nghiệm</i>" in lists_html
    assert "<strong>xác định phương hướng</strong>" in lists_html


def test_word_heading_1_becomes_the_body_heading(lists_html):
    assert lists_html.startswith("<h2>I. MỤC ĐÍCH, YÊU CẦU</h2>")


def test_words_broken_over_lines_by_word_are_joined_by_one_space(lists_html):
    assert "Đại hội Chi bộ nhiệm kỳ 2025 – 2030 là dịp để" in lists_html
    assert "\n" not in lists_html and "  " not in lists_html


def test_head_styles_settings_and_comments_are_gone(lists_html, table_html):
    for debris in ("Mso", "mso-", "style", "class", "<o:p", "xml", "WordDocument", "<!--", "[if", "font-family",
                   "lang=", "<span", "<meta", "<st1", "StartFragment", "@list"):
        assert debris not in lists_html, debris
        assert debris not in table_html, debris


def test_smart_tags_are_unwrapped_and_their_text_kept(lists_html):
    assert "tại Hà Nội." in lists_html


def test_empty_word_paragraphs_are_dropped(lists_html):
    assert "<p></p>" not in lists_html and "\xa0" not in lists_html


def test_tables_keep_rows_cells_spans_and_cell_formatting(table_html):
    assert table_html.count("<tr>") == 2 and table_html.count("<td") == 4
    assert '<td colspan="1" rowspan="2">' in table_html
    assert "width" not in table_html and "valign" not in table_html and "border" not in table_html
    assert "<strong>Chỉ tiêu</strong>" in table_html
    assert "<em>Kết nạp đảng viên mới: <strong>100%</strong> kế hoạch</em>" in table_html


def test_wingdings_bullets_from_chromium_become_a_bulleted_list(table_html):
    assert "<ul><li>Thứ nhất</li><li>Thứ hai</li></ul>" in table_html


@pytest.mark.parametrize("name", ["word365_lists.html", "word365_table_chromium.html"])
def test_the_sanitised_paste_has_no_script_link_or_handler(name):
    clean = sanitize_body(fixture(name))
    assert "javascript:" not in clean and "onclick" not in clean and "<a" not in clean
    assert sanitize_body(clean) == clean


@pytest.mark.parametrize("name", ["word365_lists.html", "word365_table_chromium.html"])
def test_normalising_twice_changes_nothing(name):
    once = normalize_word_html(fixture(name))
    assert normalize_word_html(once) == once


def _item(marker: str, level: int = 1, list_id: str = "l0") -> str:
    return (
        f"<p class=MsoListParagraph style='mso-list:{list_id} level{level} lfo1'><![if !supportLists]>"
        f"<span style='mso-list:Ignore'>{marker}<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; "
        f"</span></span><![endif]>mục {marker}<o:p></o:p></p>\n"
    )


@pytest.mark.parametrize("marker", ["·", "o", "§", "-", "•", "–", "Ø", "ü", "v"])
def test_bullet_markers_make_bulleted_lists(marker):
    assert normalize_word_html(_item(marker)).startswith("<ul><li>")


@pytest.mark.parametrize("marker", ["1.", "2)", "a.", "b)", "iv.", "(3)", "A.", "10."])
def test_numbers_and_letters_make_numbered_lists(marker):
    assert normalize_word_html(_item(marker)).startswith("<ol")


def test_a_numbered_list_that_starts_later_keeps_its_first_number():
    assert normalize_word_html(_item("3.") + _item("4.")).startswith('<ol start="3"><li>')


def test_a_level_jump_nests_once_and_coming_back_continues_the_outer_list():
    html = normalize_word_html(_item("1.") + _item("·", level=3) + _item("2."))
    assert html == "<ol><li>mục 1.<ul><li>mục ·</li></ul></li><li>mục 2.</li></ol>"


def test_two_word_lists_one_after_the_other_stay_two_lists():
    html = normalize_word_html(_item("·", list_id="l0") + _item("·", list_id="l3"))
    assert html == "<ul><li>mục ·</li></ul><ul><li>mục ·</li></ul>"


def test_a_paragraph_between_list_items_ends_the_list():
    html = normalize_word_html(_item("1.") + "<p class=MsoNormal>giữa</p>" + _item("2."))
    assert html == '<ol><li>mục 1.</li></ol><p>giữa</p><ol start="2"><li>mục 2.</li></ol>'


def test_a_numbered_heading_keeps_its_number_as_text():
    html = "<h2 style='mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>II.<span>&nbsp; </span></span>NHIỆM VỤ</h2>"
    assert normalize_word_html(html) == "<h2>II. NHIỆM VỤ</h2>"


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("font-weight:bold", "<strong>x</strong>"),
        ("font-weight: 700", "<strong>x</strong>"),
        ("font-style:italic", "<em>x</em>"),
        ("text-decoration:underline", "<u>x</u>"),
        ("text-decoration: underline;text-underline:single", "<u>x</u>"),
        ("font-weight:bold;font-style:italic", "<strong><em>x</em></strong>"),
        ("font-weight:normal", "x"),
        ("mso-bidi-font-weight:bold", "x"),
        ("color:red;font-size:20pt", "x"),
    ],
)
def test_styled_spans(style, expected):
    assert normalize_word_html(f'<p><span style="{style}">x</span></p>') == f"<p>{expected}</p>"


def test_clean_html_from_the_editor_is_left_as_it_is():
    html = ("<h2>Phần I</h2><p>Chi bộ <b>trong sạch</b>, <i>vững mạnh</i>.</p><ul><li>Một</li><li>Hai<ol><li>a</li></ol></li></ul>"
            "<table><tbody><tr><td>1</td><td>Đoàn kết</td></tr></tbody></table><p><br></p>")
    assert normalize_word_html(html) == html


def test_a_div_of_text_becomes_a_paragraph_and_a_div_of_blocks_is_unwrapped():
    assert normalize_word_html("<div>dòng một</div><div><p>a</p><p>b</p></div>") == "<p>dòng một</p><p>a</p><p>b</p>"


def test_nothing_in_nothing_out():
    assert normalize_word_html("") == "" and normalize_word_html("  \n ") == ""
