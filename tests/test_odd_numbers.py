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
