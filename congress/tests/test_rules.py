"""The congress state machine, the kind of congress and its ordinal (congress.rules)."""

import itertools

import pytest

from congress import rules
from congress.rules import Actor, Move

pytestmark = pytest.mark.usefixtures("english")

STATES = ["planned", "preparing", "submitted", "reviewed", "held", "results_reported", "ratified",
          "annulled"]
ACTOR_SETS = [
    set(combo) for size in range(len(Actor) + 1) for combo in itertools.combinations(Actor, size)
]

# The life of a congress (docs/domain.md §2), written out independently of rules.MOVES.
EXPECTED = {
    (Move.START_PREPARING, "planned"): "preparing",
    (Move.SUBMIT_FOR_REVIEW, "preparing"): "submitted",
    (Move.RETURN_TO_PREPARING, "submitted"): "preparing",
    (Move.RETURN_TO_PREPARING, "reviewed"): "preparing",
    (Move.CONCLUDE_REVIEW, "submitted"): "reviewed",
    (Move.RECORD_HELD, "reviewed"): "held",
    (Move.REPORT_RESULTS, "held"): "results_reported",
    (Move.RATIFY, "results_reported"): "ratified",
    (Move.ANNUL, "held"): "annulled",
    (Move.ANNUL, "results_reported"): "annulled",
    (Move.ANNUL, "ratified"): "annulled",
}
OWNER = {
    Move.START_PREPARING: Actor.CLERK, Move.SUBMIT_FOR_REVIEW: Actor.CLERK,
    Move.RETURN_TO_PREPARING: Actor.SUPERIOR_LEADER, Move.CONCLUDE_REVIEW: Actor.SUPERIOR_LEADER,
    Move.RECORD_HELD: Actor.CLERK, Move.REPORT_RESULTS: Actor.CLERK,
    Move.RATIFY: Actor.SUPERIOR_LEADER, Move.ANNUL: Actor.SUPERIOR_LEADER,
}
NEEDS = {
    Move.SUBMIT_FOR_REVIEW: {"documents_ready", "personnel_plan_ready"},
    Move.CONCLUDE_REVIEW: {"personnel_plan_approved"},
    Move.RECORD_HELD: {"attendance_recorded", "resolution_adopted"},
    Move.RATIFY: {"dossier_complete", "complaints_settled"},
    Move.ANNUL: {"reason_given"},
}
ALL_MET = dict.fromkeys(set().union(*NEEDS.values()), True)


@pytest.mark.parametrize(
    ("move", "state", "actors", "met"), itertools.product(Move, STATES, ACTOR_SETS, [True, False]),
)
def test_every_move_in_every_state_for_every_actor(move, state, actors, met):
    conditions = ALL_MET if met else {}
    problem = rules.move_problem(move, state, actors, conditions=conditions)
    allowed = (move, state) in EXPECTED and OWNER[move] in actors and (met or move not in NEEDS)
    assert (problem is None) == allowed
    if allowed:
        assert rules.target(move) == EXPECTED[(move, state)]
    else:
        assert problem  # a sentence a person can read


@pytest.mark.parametrize(("move", "state"), [(m, s) for (m, s) in EXPECTED if m in NEEDS])
def test_each_missing_condition_is_named(move, state):
    for name in NEEDS[move]:
        conditions = {**ALL_MET, name: False}
        problem = rules.move_problem(move, state, {OWNER[move]}, conditions=conditions)
        assert problem == rules.CONDITION_PROBLEMS[name]()
        assert rules.missing_conditions(move, conditions) == [name]


def test_all_missing_conditions_are_explained_together():
    problem = rules.move_problem(Move.RECORD_HELD, "reviewed", {Actor.CLERK}, conditions={})
    assert "attendance" in problem and "resolution" in problem


def test_a_false_condition_is_as_missing_as_an_absent_one():
    conditions = {"documents_ready": False, "personnel_plan_ready": True}
    problem = rules.move_problem(Move.SUBMIT_FOR_REVIEW, "preparing", {Actor.CLERK}, conditions=conditions)
    assert "documents are not ready" in problem


def test_the_actor_is_explained_before_the_state():
    problem = rules.move_problem(Move.RATIFY, "planned", {Actor.CLERK}, conditions=ALL_MET)
    assert "leader of the superior" in problem
    problem = rules.move_problem(Move.SUBMIT_FOR_REVIEW, "held", {Actor.SUPERIOR_LEADER})
    assert "clerk of the organisation holding the congress" in problem


def test_the_state_is_explained_before_the_conditions():
    problem = rules.move_problem(Move.RATIFY, "held", {Actor.SUPERIOR_LEADER}, conditions={})
    assert problem == "Only reported results can be ratified."


def test_a_superior_clerk_makes_no_move():
    for state in STATES:
        assert rules.moves_for(state, {Actor.SUPERIOR_CLERK}, ALL_MET) == []


def test_a_clerk_cannot_ratify_their_own_congress():
    assert "leader" in rules.move_problem(
        Move.RATIFY, "results_reported", {Actor.CLERK}, conditions=ALL_MET,
    )


def test_nothing_moves_an_annulled_congress():
    for move in Move:
        problem = rules.move_problem(move, "annulled", set(Actor), conditions=ALL_MET)
        assert "annulled" in problem


def test_only_annulment_changes_ratified_results():
    assert rules.moves_for("ratified", set(Actor), ALL_MET) == [Move.ANNUL]
    assert "only annulment" in rules.move_problem(Move.REPORT_RESULTS, "ratified", set(Actor))


def test_annulment_needs_a_reason():
    problem = rules.move_problem(Move.ANNUL, "ratified", {Actor.SUPERIOR_LEADER}, conditions={})
    assert problem == "Give the reason for annulling the congress."


def test_a_congress_not_yet_held_cannot_be_annulled():
    for state in ("planned", "preparing", "submitted", "reviewed"):
        assert rules.move_problem(Move.ANNUL, state, {Actor.SUPERIOR_LEADER}, conditions=ALL_MET)


def test_offered_moves_follow_the_rules():
    leader = {Actor.SUPERIOR_LEADER}
    assert rules.moves_for("planned", {Actor.CLERK}, {}) == [Move.START_PREPARING]
    assert rules.moves_for("preparing", {Actor.CLERK}, {}) == []
    assert rules.moves_for("preparing", {Actor.CLERK}, ALL_MET) == [Move.SUBMIT_FOR_REVIEW]
    assert rules.moves_for("submitted", leader, {}) == [Move.RETURN_TO_PREPARING]
    assert rules.moves_for("submitted", leader, ALL_MET) == [Move.RETURN_TO_PREPARING, Move.CONCLUDE_REVIEW]
    assert rules.moves_for("submitted", {Actor.CLERK}, ALL_MET) == []
    assert rules.moves_for("held", {Actor.CLERK}, {}) == [Move.REPORT_RESULTS]
    assert rules.moves_for("results_reported", leader, {}) == []


def test_without_conditions_a_page_offers_what_the_actor_could_do_in_the_state():
    leader = {Actor.SUPERIOR_LEADER}
    assert rules.moves_for("results_reported", leader) == [Move.RATIFY, Move.ANNUL]
    assert rules.moves_for("preparing", {Actor.CLERK}) == [Move.SUBMIT_FOR_REVIEW]
    assert rules.moves_for("annulled", set(Actor)) == []


@pytest.mark.parametrize(("state", "actors"), itertools.product(STATES, ACTOR_SETS))
def test_moves_offered_without_conditions_are_those_of_the_table(state, actors):
    expected = [m for m in Move if (m, state) in EXPECTED and OWNER[m] in actors]
    assert rules.moves_for(state, actors) == expected


def test_every_state_is_reachable_from_planned():
    reached, frontier = {"planned"}, ["planned"]
    while frontier:
        state = frontier.pop()
        for move in rules.moves_for(state, set(Actor)):
            if rules.target(move) not in reached:
                reached.add(rules.target(move))
                frontier.append(rules.target(move))
    assert reached == set(STATES) == set(rules.STATES)


# --- The kind of congress -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "kind"), [(0, "members"), (1, "members"), (199, "members"), (200, "delegates"),
                          (8236, "delegates")],
)
def test_a_grassroots_committee_of_two_hundred_members_holds_a_delegates_congress(members, kind):
    # Chỉ thị 35-CT/TW §4: 200 members or more (all members, docs/domain.md §3.12).
    assert rules.default_congress_kind("grassroots_committee", members) == kind


@pytest.mark.parametrize("kind", ["branch", "grassroots_branch"])
def test_a_branch_holds_a_members_congress_whatever_its_size(kind):
    # Chỉ thị 35-CT/TW §4; the product used to send a branch of 200 official members to a
    # delegates' congress (changed by issue 13).
    assert rules.default_congress_kind(kind, 8236) == "members"
    assert rules.kind_problem(kind, "delegates") == "A Party branch always holds a members' congress: every member attends."
    assert rules.kind_problem(kind, "members") is None


def test_below_two_hundred_the_superior_may_allow_a_delegates_congress():
    # Chỉ thị 35-CT/TW §4: the direct superior's consent, given by setting the kind.
    assert rules.default_congress_kind("grassroots_committee", 150) == "members"
    assert rules.kind_problem("grassroots_committee", "delegates") is None
    assert rules.kind_problem("grassroots_committee", "congress") == "Choose a members' or a delegates' congress."


def test_other_committees_open_with_the_same_count():
    # Decision D17 (docs/domain.md §7): the texts at hand are silent here.
    assert rules.default_congress_kind("superior", 200) == "delegates"
    assert rules.default_congress_kind("partial_committee", 199) == "members"


def test_nonsense_counts_are_refused():
    with pytest.raises(ValueError):
        rules.default_congress_kind("grassroots_committee", -1)


# --- The ordinal in a congress's name -------------------------------------------------------

ROMAN_1_TO_30 = (
    "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX "
    "XXI XXII XXIII XXIV XXV XXVI XXVII XXVIII XXIX XXX"
).split()


@pytest.mark.parametrize("n", range(1, 31))
def test_ordinals_one_to_thirty(n):
    expected = "lần thứ nhất" if n == 1 else f"lần thứ {ROMAN_1_TO_30[n - 1]}"
    assert rules.ordinal_text(n) == expected


@pytest.mark.parametrize(
    ("n", "text"),
    [(39, "XXXIX"), (40, "XL"), (44, "XLIV"), (49, "XLIX"), (50, "L"), (90, "XC"), (99, "XCIX"),
     (100, "C"), (400, "CD"), (1994, "MCMXCIV"), (3999, "MMMCMXCIX")],
)
def test_larger_ordinals(n, text):
    assert rules.ordinal_text(n) == f"lần thứ {text}"


def test_the_seed_congresses_are_named_as_printed():
    assert f"Đại hội Chi bộ Văn phòng 2 {rules.ordinal_text(1)}" == "Đại hội Chi bộ Văn phòng 2 lần thứ nhất"
    assert rules.ordinal_text(16) == "lần thứ XVI"


@pytest.mark.parametrize("n", [0, -1, 4000])
def test_ordinals_out_of_range_are_refused(n):
    with pytest.raises(ValueError):
        rules.ordinal_text(n)
