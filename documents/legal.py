"""The Party texts documents cite as their legal basis, each once, with its issuer and date
(docs/domain.md §1, "Sources"; docs/documents.md "Legal basis").

Pure: a table and the sentences made from it. Every "Căn cứ ..." line of a decision or a set of
minutes comes from here, so that a text's issuer is written the same everywhere: 190-QĐ/TW was
issued by the Politburo (Bộ Chính trị) on 10/10/2024; 244-QĐ/TW by the Central Committee (Ban
Chấp hành Trung ương) on 09/6/2014.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PartyText:
    symbol: str  # "190-QĐ/TW"; "" for the Charter
    kind: str  # how it is cited: "Quyết định", "Hướng dẫn"
    title: str  # what it is: "Quy chế bầu cử trong Đảng"
    issuer: str  # "Bộ Chính trị"
    date: str  # as documents write it: "10/10/2024", or the year alone where only that is known

    @property
    def citation(self) -> str:
        """"Quyết định số 190-QĐ/TW ngày 10/10/2024 của Bộ Chính trị"."""
        when = f"ngày {self.date}" if "/" in self.date else f"năm {self.date}"
        return f"{self.kind} số {self.symbol} {when} của {self.issuer}"


CHARTER = "charter"
CHARTER_RULES = "charter_rules"
QD244 = "244-QĐ/TW"
QD190 = "190-QĐ/TW"
HD03 = "03-HD/TW"
HD04 = "04-HD/TW"
HD36 = "36-HD/VPTW"

TEXTS: dict[str, PartyText] = {
    QD244: PartyText(QD244, "Quyết định", "Quy chế bầu cử trong Đảng", "Ban Chấp hành Trung ương", "09/6/2014"),
    QD190: PartyText(QD190, "Quyết định", "Quy chế bầu cử trong Đảng", "Bộ Chính trị", "10/10/2024"),
    HD03: PartyText(HD03, "Hướng dẫn", "thực hiện Quy chế bầu cử trong Đảng", "Ban Bí thư", "2020"),
    HD04: PartyText(HD04, "Hướng dẫn", "thực hiện Quy chế bầu cử trong Đảng", "Ban Bí thư", "2024"),
    HD36: PartyText(HD36, "Hướng dẫn", "thể thức và kỹ thuật trình bày văn bản của Đảng", "Văn phòng Trung ương", "03/4/2018"),
}

# The election regulation of a term and the guidance that applies it (docs/domain.md §3).
ELECTION_GUIDANCE = {QD244: HD03, QD190: HD04}
# branches.models.Regulation's values (a term's setting) to the texts' symbols.
REGULATION_KEYS = {"244-2014": QD244, "190-2024": QD190}


def election_regulation(regulation: str) -> PartyText:
    """The regulation a term's setting names ("190-2024" or "190-QĐ/TW"); 190-QĐ/TW when unknown."""
    key = REGULATION_KEYS.get(regulation, regulation)
    return TEXTS[key if key in ELECTION_GUIDANCE else QD190]


def basis_lines(*keys: str) -> tuple[str, ...]:
    """The "Căn cứ ..." lines for `keys`, in order, each ending with ";".

    >>> basis_lines(QD190)
    ('Căn cứ Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 190-QĐ/TW ngày 10/10/2024 của Bộ Chính trị;',)
    """
    lines = []
    for key in keys:
        if key == CHARTER:
            lines.append("Căn cứ Điều lệ Đảng Cộng sản Việt Nam;")
        elif key == CHARTER_RULES:
            lines.append("Căn cứ Quy định thi hành Điều lệ Đảng của Ban Chấp hành Trung ương;")
        else:
            text = TEXTS[key]
            if text.kind == "Quyết định":
                lines.append(f"Căn cứ {text.title} ban hành kèm theo {text.citation};")
            else:
                lines.append(f"Căn cứ {text.citation} {text.title};")
    return tuple(lines)


def election_basis(regulation: str) -> tuple[str, ...]:
    """The election regulation of the term and its guidance: 190-QĐ/TW with 04-HD/TW, 244-QĐ/TW
    with 03-HD/TW; an unknown key reads as the current regulation, 190-QĐ/TW.

    >>> election_basis("244-2014")[0]
    'Căn cứ Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 244-QĐ/TW ngày 09/6/2014 của Ban Chấp hành Trung ương;'
    """
    key = election_regulation(regulation).symbol
    return basis_lines(key, ELECTION_GUIDANCE[key])
