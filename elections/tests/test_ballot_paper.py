"""The ballot paper's HTML (elections.ballot_paper): pure values in, the paper out."""

import re

import pytest

from elections import ballot_paper
from elections.ballot_paper import BallotPaper, ballot_order, election_title, paper_html

CONGRESS = "Đại hội Chi bộ TDP Hoàng Trinh lần thứ II, nhiệm kỳ 2025–2030"
ORG = "Chi bộ TDP Hoàng Trinh"
SUPERIOR = "Đảng bộ phường Kỳ Trinh"


def paper(names, seats, round_number=1, title="Bầu Chi ủy Chi bộ TDP Hoàng Trinh nhiệm kỳ 2025–2030"):
    return BallotPaper(
        congress_name=CONGRESS, title=title, seats=seats, round=round_number,
        candidates=ballot_order((None, n) for n in names),
    )


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- What is elected -----------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "title"), [
    ("committee", "Bầu Chi ủy Chi bộ TDP Hoàng Trinh nhiệm kỳ 2025–2030"),
    ("executive_committee", "Bầu Ban Chấp hành Chi bộ TDP Hoàng Trinh nhiệm kỳ 2025–2030"),
    ("secretary", "Bầu Bí thư Chi bộ TDP Hoàng Trinh nhiệm kỳ 2025–2030"),
    ("deputy_secretary", "Bầu Phó Bí thư Chi bộ TDP Hoàng Trinh nhiệm kỳ 2025–2030"),
    ("official_delegates", "Bầu đại biểu chính thức đi dự Đại hội Đảng bộ phường Kỳ Trinh nhiệm kỳ 2025–2030"),
    ("alternate_delegates", "Bầu đại biểu dự khuyết đi dự Đại hội Đảng bộ phường Kỳ Trinh nhiệm kỳ 2025–2030"),
])
def test_election_title_names_what_is_elected(kind, title):
    assert election_title(kind, organization_name=ORG, superior_name=SUPERIOR, term="2025–2030") == title


def test_delegates_without_a_known_superior_go_to_the_higher_congress():
    title = election_title("official_delegates", organization_name=ORG, superior_name="", term="2025–2030")
    assert title == "Bầu đại biểu chính thức đi dự Đại hội đảng bộ cấp trên nhiệm kỳ 2025–2030"


# --- The order of the names ----------------------------------------------------------------------


def test_without_positions_names_are_in_vietnamese_order_numbered_from_one():
    order = ballot_order([(None, "Nguyễn Thị Bình"), (None, "Trần Minh Đức"), (None, "Lê Văn Dũng"),
                          (None, "Lê Thị Ánh"), (None, "Trần Văn An")])
    assert order == ((1, "Trần Văn An"), (2, "Lê Thị Ánh"), (3, "Nguyễn Thị Bình"), (4, "Lê Văn Dũng"),
                     (5, "Trần Minh Đức"))


def test_positions_once_given_are_printed_and_decide_the_order():
    order = ballot_order([(2, "Trần Văn An"), (1, "Lê Thị Ánh"), (3, "Nguyễn Thị Bình")])
    assert order == ((1, "Lê Thị Ánh"), (2, "Trần Văn An"), (3, "Nguyễn Thị Bình"))


def test_a_list_partly_numbered_is_printed_alphabetically():
    order = ballot_order([(2, "Nguyễn Thị Bình"), (None, "Trần Văn An")])
    assert order == ((1, "Trần Văn An"), (2, "Nguyễn Thị Bình"))


def test_an_empty_list_has_no_order():
    assert ballot_order([]) == ()


# --- The paper -----------------------------------------------------------------------------------


def test_the_paper_has_the_seal_box_heading_what_and_how_many():
    html = paper_html(paper(["Trần Văn An", "Lê Thị Ánh", "Nguyễn Thị Bình"], seats=2))
    assert 'class="seal-box"' in html
    body = text(html)
    assert "Dấu của cấp ủy triệu tập đại hội" in body
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in body
    assert "PHIẾU BẦU CỬ" in body
    assert "Bầu Chi ủy Chi bộ TDP Hoàng Trinh nhiệm kỳ 2025–2030" in body
    assert "Số lượng bầu: 2 đồng chí" in body
    assert CONGRESS in body
    # The seal box comes first, top left.
    assert html.index("seal-box") < html.index("PHIẾU BẦU CỬ")


def test_the_names_are_numbered_in_ballot_order():
    body = text(paper_html(paper(["Nguyễn Thị Bình", "Trần Minh Đức", "Lê Văn Dũng", "Lê Thị Ánh"], seats=3)))
    assert "1 Lê Thị Ánh 2 Nguyễn Thị Bình 3 Lê Văn Dũng 4 Trần Minh Đức" in body


def test_with_a_surplus_the_voter_strikes_out_names():
    p = paper(["Trần Văn An", "Lê Thị Ánh", "Nguyễn Thị Bình"], seats=2)
    assert p.with_surplus
    html = paper_html(p)
    assert "Gạch ngang họ tên người không bầu" in html
    assert "Bầu không quá 2 đồng chí" in html
    assert "Đồng ý" not in html and "Không đồng ý" not in html


def test_without_a_surplus_the_voter_ticks_agree_or_disagree():
    p = paper(["Trần Văn An", "Lê Thị Ánh"], seats=2)
    assert not p.with_surplus
    html = paper_html(p)
    assert "Gạch ngang" not in html
    assert '<th class="mark">Đồng ý</th><th class="mark">Không đồng ý</th>' in html
    assert html.count('<td class="mark"></td><td class="mark"></td>') == 2


def test_a_single_candidate_is_agreed_or_not():
    html = paper_html(paper(["Trần Văn An"], seats=1, title="Bầu Bí thư Chi bộ TDP Hoàng Trinh nhiệm kỳ 2025–2030"))
    assert "Không đồng ý" in html and "Gạch ngang" not in html


def test_a_further_round_says_so():
    assert "Bầu lần thứ 2" in paper_html(paper(["Trần Văn An", "Lê Thị Ánh"], seats=1, round_number=2))
    assert "Bầu lần thứ" not in paper_html(paper(["Trần Văn An", "Lê Thị Ánh"], seats=1))


def test_a_short_list_fits_a5_a_long_one_a4_set_tighter():
    assert "size: A5" in paper_html(paper([f"Nguyễn Văn Số {i}" for i in range(12)], seats=10))
    medium = paper_html(paper([f"Nguyễn Văn Số {i}" for i in range(13)], seats=10))
    assert "size: A4" in medium and 'class="compact"' not in medium
    assert 'class="compact"' in paper_html(paper([f"Nguyễn Văn Số {i}" for i in range(40)], seats=30))


def test_names_are_escaped():
    html = paper_html(paper(["Nguyễn <b>Văn</b> An", "Lê Thị Ánh"], seats=1))
    assert "<b>Văn</b>" not in html
    assert "Nguyễn &lt;b&gt;Văn&lt;/b&gt; An" in html


def test_download_name_is_plain_ascii():
    assert ballot_paper.filename("committee", 1) == "phieu-bau-committee-1.pdf"
    assert ballot_paper.filename("deputy_secretary", 2) == "phieu-bau-deputy-secretary-2.pdf"
