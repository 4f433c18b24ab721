"""The document state machine and symbols (documents.rules), exhaustively."""

import itertools

import pytest

from documents import rules
from documents.rules import Actor, Move

pytestmark = pytest.mark.usefixtures("english")

STATES = ["draft", "commenting", "submitted", "returned", "approved", "issued"]
ACTOR_SETS = [set(), {Actor.CLERK}, {Actor.LEADER}, {Actor.CLERK, Actor.LEADER}]

# The issue's life of a document, written out independently of rules.MOVES.
EXPECTED = {
    (Move.OPEN_COMMENTS, "draft"): "commenting",
    (Move.OPEN_COMMENTS, "returned"): "commenting",
    (Move.CLOSE_COMMENTS, "commenting"): "draft",
    (Move.SUBMIT, "draft"): "submitted",
    (Move.SUBMIT, "commenting"): "submitted",
    (Move.SUBMIT, "returned"): "submitted",
    (Move.APPROVE, "submitted"): "approved",
    (Move.RETURN, "submitted"): "returned",
    (Move.RETURN, "approved"): "returned",
    (Move.ISSUE, "approved"): "issued",
}
OWNER = {
    Move.OPEN_COMMENTS: Actor.CLERK, Move.CLOSE_COMMENTS: Actor.CLERK, Move.SUBMIT: Actor.CLERK,
    Move.APPROVE: Actor.LEADER, Move.RETURN: Actor.LEADER, Move.ISSUE: Actor.CLERK,
}


@pytest.mark.parametrize(("move", "state", "actors"), itertools.product(Move, STATES, ACTOR_SETS))
def test_every_move_in_every_state_for_every_actor(move, state, actors):
    problem = rules.move_problem(move, state, actors)
    allowed = (move, state) in EXPECTED and OWNER[move] in actors
    assert (problem is None) == allowed
    if allowed:
        assert rules.target(move) == EXPECTED[(move, state)]
    else:
        assert problem  # a sentence a person can read


def test_nothing_moves_an_issued_document():
    for move in Move:
        assert rules.move_problem(move, "issued", {Actor.CLERK, Actor.LEADER})
    assert "supersede" in rules.move_problem(Move.SUBMIT, "issued", {Actor.CLERK})


def test_a_clerk_cannot_approve_their_own_document():
    assert "leader" in rules.move_problem(Move.APPROVE, "submitted", {Actor.CLERK})


def test_offered_moves_follow_the_rules():
    assert rules.moves_for("draft", {Actor.CLERK}) == [Move.OPEN_COMMENTS, Move.SUBMIT]
    assert rules.moves_for("submitted", {Actor.LEADER}) == [Move.APPROVE, Move.RETURN]
    assert rules.moves_for("submitted", {Actor.CLERK}) == []
    assert rules.moves_for("approved", {Actor.CLERK}) == [Move.ISSUE]
    assert rules.moves_for("approved", {Actor.LEADER}) == [Move.RETURN]


def test_the_body_is_editable_only_before_submission():
    assert rules.EDITABLE == {"draft", "commenting", "returned"}


@pytest.mark.parametrize(("number", "text"), [(1, "01"), (9, "09"), (10, "10"), (29, "29"), (123, "123")])
def test_numbers_below_ten_carry_a_zero(number, text):
    assert rules.number_text(number) == text


def test_symbol_as_hd36_writes_it():
    assert rules.symbol(29, "KH", "ĐU") == "29-KH/ĐU"
    assert rules.symbol(3, "NQ", "CB") == "03-NQ/CB"


@pytest.mark.parametrize(
    ("day", "month", "expected"),
    [(28, 4, "Kỳ Trinh, ngày 28 tháng 4 năm 2022"), (3, 2, "Kỳ Trinh, ngày 03 tháng 02 năm 2022"),
     (9, 1, "Kỳ Trinh, ngày 09 tháng 01 năm 2022"), (15, 12, "Kỳ Trinh, ngày 15 tháng 12 năm 2022"),
     (1, 3, "Kỳ Trinh, ngày 01 tháng 3 năm 2022")],
)
def test_date_line(day, month, expected):
    assert rules.date_line("Kỳ Trinh", day, month, 2022) == expected


def test_a_draft_without_a_date_leaves_blanks():
    assert rules.date_line("Kỳ Trinh", None, None, 2022) == "Kỳ Trinh, ngày   tháng   năm 2022"


def test_placeholders_fill_known_names_and_keep_unknown_ones():
    text = "{{ organization }} – nhiệm kỳ {{term}} – {{ unknown }}"
    assert rules.fill_placeholders(text, {"organization": "Chi bộ Trạm Y tế", "term": "2022–2025"}) == (
        "Chi bộ Trạm Y tế – nhiệm kỳ 2022–2025 – {{ unknown }}"
    )


def test_every_type_has_a_heading_and_the_letter_only_has_none():
    from documents.models import DocumentType

    assert set(rules.HEADINGS) == set(DocumentType.values)
    assert [t for t, heading in rules.HEADINGS.items() if not heading] == ["CV"]
