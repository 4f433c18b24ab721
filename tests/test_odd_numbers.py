"""Numbers typed where an id or a count is expected never answer 500 (issue 15, item 5): a
Unicode digit such as "²", which str.isdigit() accepts and int() refuses, or thousands of digits,
read as no number (branches.text.whole_number)."""

import pytest
from django import forms
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from branches.text import whole_number
from elections.forms.counting import parse_reading

ODD = ["²", "١٢", "1" * 5000, "99999999999", "-1", " 3", "3 ", "0x10", "", "½"]


@pytest.mark.parametrize("value", ODD)
def test_odd_values_are_no_number(value):
    assert whole_number(value) is None


@given(st.integers(min_value=0, max_value=999_999_999))
def test_every_plain_number_reads_as_itself(number):
    assert whole_number(str(number)) == number


@given(st.text())
def test_any_text_is_a_number_or_none_never_an_error(text):
    result = whole_number(text)
    assert result is None or (text.isascii() and text.isdigit() and int(text) == result <= 999_999_999)


@pytest.mark.parametrize("value", ["²", "1" * 5000, "0" * 30])
def test_the_tree_fetch_with_an_odd_level_answers(clerk_client, superior, value):
    response = clerk_client.get(reverse("organization_children", kwargs={"pk": superior.pk}), {"level": value})
    assert response.status_code == 200


@pytest.mark.parametrize("scope", ["org:²", f"org:{'9' * 5000}", "group:²", "org:99999999999"])
def test_plan_results_with_an_odd_scope_answer(clerk_client, open_plan, scope):
    response = clerk_client.get(reverse("plan_results", kwargs={"pk": open_plan.pk}), {"scope": scope})
    assert response.status_code in (200, 302, 404)


@pytest.mark.parametrize("reading", ["²", "1 ²", "9" * 5000])
def test_an_odd_ballot_reading_is_refused_with_a_message(reading):
    with pytest.raises(forms.ValidationError):
        parse_reading(reading, [])


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["9223372036854775808", "1" * 5000, "²", "-1"])
def test_a_choice_of_many_refuses_what_is_no_id_before_the_query(value, superior):
    """An id past the database's integer answered 500 in an `IN (...)` query on SQLite (found by
    tests/fuzz on the congress's decision of another round)."""
    from branches.forms import ChoiceOfMany
    from branches.models import Organization

    field = ChoiceOfMany(queryset=Organization.objects.all())
    with pytest.raises(forms.ValidationError) as refused:
        field.clean([str(superior.pk), value])
    assert refused.value.code == "invalid_pk_value"
    assert list(field.clean([str(superior.pk)])) == [superior]


def test_every_choice_of_many_is_one_that_checks_ids():
    """Forms use branches.forms.ChoiceOfMany, never Django's field directly."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = [
        str(path.relative_to(root))
        for app in ("branches", "documents", "congress", "elections", "reporting")
        for path in (root / app).rglob("*.py")
        if "tests" not in path.parts and path != root / "branches" / "forms.py"
        and "ModelMultipleChoiceField" in path.read_text()
    ]
    assert offenders == []
