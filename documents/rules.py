"""Pure rules of documents: who moves a document where, how numbers are written.

No ORM here: the services ask these functions and then write (docs/architecture.md §2).
"""

import re
from enum import StrEnum

from django.utils.translation import gettext as _

DRAFT, COMMENTING, SUBMITTED, RETURNED, APPROVED, ISSUED = (
    "draft", "commenting", "submitted", "returned", "approved", "issued",
)


class Actor(StrEnum):
    CLERK = "clerk"  # a clerk of the issuer
    LEADER = "leader"  # a leader of the issuer's superior


class Move(StrEnum):
    OPEN_COMMENTS = "open_comments"
    CLOSE_COMMENTS = "close_comments"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    ISSUE = "issue"


# move: (states it starts from, who makes it, state it leads to)
MOVES: dict[Move, tuple[frozenset[str], Actor, str]] = {
    Move.OPEN_COMMENTS: (frozenset({DRAFT, RETURNED}), Actor.CLERK, COMMENTING),
    Move.CLOSE_COMMENTS: (frozenset({COMMENTING}), Actor.CLERK, DRAFT),
    Move.SUBMIT: (frozenset({DRAFT, COMMENTING, RETURNED}), Actor.CLERK, SUBMITTED),
    Move.APPROVE: (frozenset({SUBMITTED}), Actor.LEADER, APPROVED),
    # An approved document not yet issued may still be returned: the superior reconsiders
    # before the congress (congress.services.reviews.review_return).
    Move.RETURN: (frozenset({SUBMITTED, APPROVED}), Actor.LEADER, RETURNED),
    Move.ISSUE: (frozenset({APPROVED}), Actor.CLERK, ISSUED),
}

# States in which the body may be saved as a new version.
EDITABLE = frozenset({DRAFT, COMMENTING, RETURNED})


def move_problem(move: Move, state: str, actors: set[Actor]) -> str | None:
    """Why `actors` cannot make `move` on a document in `state`, or None if they can."""
    sources, actor, _target = MOVES[move]
    if actor not in actors:
        if actor is Actor.LEADER:
            return _("Only a leader of the superior organisation may approve or return a document.")
        return _("Only a clerk of the issuing organisation may do this.")
    if state not in sources:
        if state == ISSUED:
            return _("An issued document cannot change; supersede it with a new document.")
        return {
            Move.OPEN_COMMENTS: _("Comments can be opened on a draft or a returned document."),
            Move.CLOSE_COMMENTS: _("Comments are not open on this document."),
            Move.SUBMIT: _("Only a draft, a document open for comments or a returned one can be submitted."),
            Move.APPROVE: _("Only a submitted document can be approved."),
            Move.RETURN: _("Only a submitted or approved document, not yet issued, can be returned."),
            Move.ISSUE: _("Only an approved document can be issued."),
        }[move]
    return None


def target(move: Move) -> str:
    return MOVES[move][2]


def moves_for(state: str, actors: set[Actor]) -> list[Move]:
    """The moves these actors may make now, in the order a page offers them."""
    return [m for m in Move if move_problem(m, state, actors) is None]


def number_text(number: int) -> str:
    """Numbers below 10 carry a leading zero: 1 -> "01"."""
    return f"{number:02d}"


def symbol(number: int, doc_type: str, issuer_short_name: str) -> str:
    """`{number}-{TYPE}/{ISSUER}`: symbol(29, "KH", "ĐU") -> "29-KH/ĐU" (HD 36-HD/VPTW)."""
    return f"{number_text(number)}-{doc_type}/{issuer_short_name}"


def default_sequence_key(issuer_id: int, doc_type: str, term_id: int) -> str:
    """Numbers restart at 01 per issuer, type and term."""
    return f"org:{issuer_id}:type:{doc_type}:term:{term_id}"


_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace `{{ name }}` for the names in `values`; unknown names stay as written, so a
    clerk sees what the template expected."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


VIETNAMESE_MONTHS_WITH_ZERO = {1, 2}


def date_line(place: str, day: int | None, month: int | None, year: int | None) -> str:
    """The place-and-date line: "Kỳ Trinh, ngày 28 tháng 4 năm 2022".

    Days below 10 and the months 1 and 2 take a leading zero ("ngày 03 tháng 02"), as HD 36
    asks. A draft without a date leaves blanks to fill by hand.
    """
    if day is None:
        return f"{place}, ngày   tháng   năm {year or ''}".rstrip()
    day_text = f"{day:02d}"
    month_text = f"{month:02d}" if month in VIETNAMESE_MONTHS_WITH_ZERO else str(month)
    return f"{place}, ngày {day_text} tháng {month_text} năm {year}"


def short_date(day) -> str:
    """A date inside a text, in the one style documents use: "09/6/2014", "05/02/2022" (a
    leading zero on days below 10 and on the months 1 and 2, as in the date line).

    >>> import datetime; short_date(datetime.date(2014, 6, 9))
    '09/6/2014'
    """
    month = f"{day.month:02d}" if day.month in VIETNAMESE_MONTHS_WITH_ZERO else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


# The heading printed for each type; official documents are in Vietnamese whatever the
# interface language. An official letter (CV) has no heading: its subject stands under the number.
HEADINGS = {
    "NQ": "NGHỊ QUYẾT", "QĐ": "QUYẾT ĐỊNH", "KH": "KẾ HOẠCH", "BC": "BÁO CÁO", "TB": "THÔNG BÁO",
    "HD": "HƯỚNG DẪN", "BB": "BIÊN BẢN", "CT": "CHỈ THỊ", "KL": "KẾT LUẬN", "CTr": "CHƯƠNG TRÌNH",
    "TTr": "TỜ TRÌNH", "CV": "", "GM": "GIẤY MỜI", "ĐA": "ĐỀ ÁN",
}

# Kinds of organisation that are led by a committee (đảng ủy): the committee, not the
# organisation (đảng bộ), issues their documents.
COMMITTEE_KINDS = frozenset({"grassroots_committee", "partial_committee", "superior"})


def issuing_body_name(organization_name: str, organization_kind: str) -> str:
    """The issuer as Hướng dẫn 36-HD/VPTW names it (docs/domain.md §4): a committee's executive,
    not the Party organisation: "Đảng bộ phường Kỳ Trinh" issues as "Đảng ủy phường Kỳ Trinh"
    (its symbol is already ĐU); a branch issues as itself ("Chi bộ ...").

    >>> issuing_body_name("Đảng bộ phường Kỳ Trinh", "grassroots_committee")
    'Đảng ủy phường Kỳ Trinh'
    >>> issuing_body_name("Chi bộ TDP Hoàng Trinh", "branch")
    'Chi bộ TDP Hoàng Trinh'
    """
    name = " ".join(organization_name.split())
    if organization_kind in COMMITTEE_KINDS:
        for prefix in ("Đảng bộ ", "ĐẢNG BỘ ", "đảng bộ "):
            if name.startswith(prefix):
                return {"Đảng bộ ": "Đảng ủy ", "ĐẢNG BỘ ": "ĐẢNG ỦY ", "đảng bộ ": "đảng ủy "}[prefix] + name[len(prefix):]
    return name


def subject_repeats_type(subject: str, doc_type: str, heading: str = "") -> bool:
    """Whether the subject opens with the type already printed above it: "QUYẾT ĐỊNH / Quyết
    định chuẩn y ..." (docs/domain.md §4a: "Chuẩn y ..."). Case and spacing do not matter.

    >>> subject_repeats_type("Quyết định chuẩn y kết quả bầu cử", "QĐ")
    True
    >>> subject_repeats_type("Chuẩn y kết quả bầu cử", "QĐ")
    False
    """
    printed = " ".join((heading or HEADINGS.get(doc_type, "")).split()).casefold()
    opening = " ".join(subject.split()).casefold()
    return bool(printed) and (opening == printed or opening.startswith(printed + " "))


# Who signs for whom by default, by the kind of the issuing organisation.
SIGNING_BODIES = {
    "branch": "CHI BỘ", "grassroots_branch": "CHI BỘ", "grassroots_committee": "ĐẢNG ỦY",
    "partial_committee": "ĐẢNG ỦY", "superior": "BAN THƯỜNG VỤ",
}
