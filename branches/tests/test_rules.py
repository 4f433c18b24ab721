"""How organisations nest (branches.rules), checked pair by pair against docs/domain.md §1."""

import itertools

import pytest
from django.utils import translation

from branches.models import OrganizationKind
from branches.rules import ALLOWED_CHILDREN, nesting_problem

KINDS = [kind.value for kind in OrganizationKind]

# docs/domain.md §1, written out independently of branches.rules: (parent kind or None, child kind).
ALLOWED = {
    # the top of the tree: a province, district or bloc committee, or a grassroots committee
    # managed on its own
    (None, "superior"),
    (None, "grassroots_committee"),
    # a superior committee holds lower superior committees, grassroots committees and
    # grassroots branches ("a branch directly under a superior committee")
    ("superior", "superior"),
    ("superior", "grassroots_committee"),
    ("superior", "grassroots_branch"),
    # a grassroots committee holds partial committees and branches
    ("grassroots_committee", "partial_committee"),
    ("grassroots_committee", "branch"),
    # a partial committee holds branches
    ("partial_committee", "branch"),
    # a branch and a grassroots branch hold nothing
}

PAIRS = list(itertools.product([None, *KINDS], KINDS))


def test_the_table_covers_every_kind():
    assert set(ALLOWED_CHILDREN) == {None, *KINDS}


@pytest.mark.parametrize(("parent", "child"), PAIRS, ids=[f"{p}>{c}" for p, c in PAIRS])
def test_nesting(parent, child):
    problem = nesting_problem(parent, child)
    if (parent, child) in ALLOWED:
        assert problem is None
    else:
        assert isinstance(problem, str) and problem


@pytest.mark.parametrize("child", KINDS)
def test_a_branch_holds_nothing_and_says_so(child):
    with translation.override("en"):
        assert nesting_problem("branch", child) == "A Party branch has no subordinate organisations."
        assert nesting_problem("grassroots_branch", child) == "A Party branch has no subordinate organisations."


def test_refusals_name_what_may_go_there():
    with translation.override("en"):
        assert "partial Party committees and Party branches" in nesting_problem("grassroots_committee", "superior")
        assert "only be Party branches" in nesting_problem("partial_committee", "partial_committee")
        assert "grassroots Party branches" in nesting_problem("superior", "branch")
        assert "top of the tree" in nesting_problem(None, "branch")


def test_every_kind_has_a_place_in_the_tree():
    assert {child for _, child in ALLOWED} == set(KINDS)
