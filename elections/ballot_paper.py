"""The ballot paper (phiếu bầu cử) of an election, as a PDF the counting board photocopies.

One ballot per page: a box top left for the seal of the convening committee, "PHIẾU BẦU CỬ",
what is elected and how many, the candidates numbered in ballot order, and how to vote: strike
out the names not chosen when the list has a surplus, tick "Đồng ý" / "Không đồng ý" when it has
none (docs/domain.md §3).

Pure (docs/architecture.md §7): plain values in, HTML or PDF bytes out; no ORM, no translation (an official
paper is Vietnamese whatever the interface language). The view gathers the values.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.template.loader import render_to_string

from branches.text import name_sort_key
from documents.filenames import ascii_slug

from . import rules

TEMPLATE = "elections/paper_ballot.html"
# Up to this many names a ballot fits an A5 sheet; longer lists (delegates) take an A4 one.
A5_MOST = 12
# From this many names a list is set tighter, so that 40 names still fit one A4 sheet.
COMPACT_FROM = 26

SEAL_CAPTION = "Dấu của cấp ủy triệu tập đại hội"
HIGHER_CONGRESS = "đảng bộ cấp trên"  # "Đại hội đảng bộ cấp trên" when no superior is known

# What each kind of election elects, as the paper names it; {organization} and {term} are filled.
_TITLES = {
    rules.COMMITTEE: "Bầu Chi ủy {organization} nhiệm kỳ {term}",
    rules.EXECUTIVE_COMMITTEE: "Bầu Ban Chấp hành {organization} nhiệm kỳ {term}",
    rules.SECRETARY: "Bầu Bí thư {organization} nhiệm kỳ {term}",
    rules.DEPUTY_SECRETARY: "Bầu Phó Bí thư {organization} nhiệm kỳ {term}",
    rules.OFFICIAL_DELEGATES: "Bầu đại biểu chính thức đi dự Đại hội {higher} nhiệm kỳ {term}",
    rules.ALTERNATE_DELEGATES: "Bầu đại biểu dự khuyết đi dự Đại hội {higher} nhiệm kỳ {term}",
}


@dataclass(frozen=True)
class BallotPaper:
    congress_name: str  # "Đại hội Chi bộ TDP Hoàng Trinh lần thứ II, nhiệm kỳ 2025–2030"
    title: str  # what is elected: election_title()
    seats: int
    round: int
    candidates: tuple[tuple[int, str], ...]  # (number on the ballot, full name), in ballot order

    @property
    def with_surplus(self) -> bool:
        """Struck out with a surplus; agree/disagree columns without one."""
        return rules.has_surplus(self.seats, len(self.candidates))


def election_title(kind: str, *, organization_name: str, superior_name: str, term: str) -> str:
    """"Bầu Chi ủy Chi bộ TDP Hoàng Trinh nhiệm kỳ 2025–2030"; delegates go to the superior's
    congress ("Bầu đại biểu chính thức đi dự Đại hội Đảng bộ phường Kỳ Trinh nhiệm kỳ ...")."""
    return _TITLES[kind].format(organization=organization_name, term=term, higher=superior_name or HIGHER_CONGRESS)


def ballot_order(candidates: Iterable[tuple[int | None, str]]) -> tuple[tuple[int, str], ...]:
    """(number, full name) in the order printed, from (Candidate.position, full name) pairs.

    Once voting opens every candidate has a position, the number the operators key: print it.
    Before that the list is in Vietnamese alphabetical order (given name first), numbered 1..n,
    which is the order election_open assigns."""
    candidates = list(candidates)
    if candidates and all(position is not None for position, _name in candidates):
        return tuple(sorted(((position, name) for position, name in candidates), key=lambda c: c[0]))
    names = sorted((name for _position, name in candidates), key=name_sort_key)
    return tuple(enumerate(names, start=1))


def paper_html(paper: BallotPaper) -> str:
    many = len(paper.candidates)
    return render_to_string(TEMPLATE, {
        "paper": paper,
        "seal_caption": SEAL_CAPTION,
        "page_size": "A5" if many <= A5_MOST else "A4",
        "compact": many >= COMPACT_FROM,
    })


def render_paper(paper: BallotPaper) -> bytes:
    """The PDF, with the process's shared fonts (documents.render imports WeasyPrint: lazily)."""
    from documents.render import pdf_from_html

    return pdf_from_html(paper_html(paper)).data


def filename(kind: str, round_number: int) -> str:
    """"phieu-bau-committee-1.pdf": plain ASCII, as every download is named."""
    return f"phieu-bau-{ascii_slug(kind)}-{round_number}.pdf"
