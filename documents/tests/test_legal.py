"""The one table of Party texts cited as a legal basis (documents.legal; docs/documents.md)."""

import pytest

from documents import legal


def test_the_election_regulation_of_2024_is_the_politburos():
    assert legal.TEXTS[legal.QD190].citation == "Quyết định số 190-QĐ/TW ngày 10/10/2024 của Bộ Chính trị"


def test_the_election_regulation_of_2014_is_the_central_committees():
    assert legal.TEXTS[legal.QD244].citation == "Quyết định số 244-QĐ/TW ngày 09/6/2014 của Ban Chấp hành Trung ương"


@pytest.mark.parametrize(("setting", "first", "guidance"), [
    ("190-2024", "190-QĐ/TW ngày 10/10/2024 của Bộ Chính trị", "04-HD/TW năm 2024"),
    ("244-2014", "244-QĐ/TW ngày 09/6/2014 của Ban Chấp hành Trung ương", "03-HD/TW năm 2020"),
    ("190-QĐ/TW", "190-QĐ/TW ngày 10/10/2024 của Bộ Chính trị", "04-HD/TW năm 2024"),
    ("", "190-QĐ/TW ngày 10/10/2024 của Bộ Chính trị", "04-HD/TW năm 2024"),
])
def test_a_terms_setting_cites_its_regulation_and_guidance(setting, first, guidance):
    lines = legal.election_basis(setting)
    assert len(lines) == 2
    assert first in lines[0] and lines[0].startswith("Căn cứ Quy chế bầu cử trong Đảng ban hành kèm theo")
    assert guidance in lines[1]
    assert all(line.endswith(";") for line in lines)


def test_the_charter_lines_come_first_as_written():
    assert legal.basis_lines(legal.CHARTER, legal.CHARTER_RULES) == (
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        "Căn cứ Quy định thi hành Điều lệ Đảng của Ban Chấp hành Trung ương;",
    )
