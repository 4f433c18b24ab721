"""A term records the election regulation that governs its congresses (docs/domain.md §3)."""

import pytest
from django.db import IntegrityError

from branches.models import Regulation, Term


@pytest.mark.parametrize(
    ("start", "expected"),
    [(2015, "244-2014"), (2020, "244-2014"), (2022, "244-2014"), (2024, "244-2014"), (2025, "190-2024"), (2030, "190-2024")],
)
def test_the_regulation_follows_the_start_year_unless_set(db, start, expected):
    assert Term.objects.create(start_year=start, end_year=start + 3).regulation == expected


def test_an_administrator_may_set_another_regulation(db):
    term = Term.objects.create(start_year=2024, end_year=2029, regulation=Regulation.QD190_2024)
    assert Term.objects.get(pk=term.pk).regulation == "190-2024"


def test_the_database_refuses_an_unknown_regulation(db):
    term = Term.objects.create(start_year=2022, end_year=2025)
    with pytest.raises(IntegrityError):
        Term.objects.filter(pk=term.pk).update(regulation="bogus")
