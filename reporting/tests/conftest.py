import pytest

from branches.tests.factories import TermFactory

from .builders import held


@pytest.fixture
def previous_term():
    """The committees' term before the plan's (2022–2025)."""
    return TermFactory(start_year=2019, end_year=2022)


@pytest.fixture
def results(open_plan, congress_a, branch_a, previous_term):
    """Branch A (the pilot) held its congress: 13 elected, 3 women, 4 re-elected; branch B has not."""
    held(congress_a, branch_a, elected=13, women=3, previous_term=previous_term, re_elected=4)
    return open_plan
