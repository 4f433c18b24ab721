"""Vietnamese text rules (branches.text): search folding, name order, number formats."""

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branches import text
from branches.text import fold, format_number, format_percent, name_sort_key

# ---------------------------------------------------------------------------------------------
# fold


def test_fold_strips_accents_and_lowers():
    assert fold("Nguyễn Thị Đào") == "nguyen thi dao"


def test_fold_turns_both_cases_of_d_with_stroke_into_d():
    assert fold("Đặng đình") == "dang dinh"


def test_fold_collapses_whitespace():
    assert fold("  Lê \t  Văn\nAn ") == "le van an"


def test_fold_is_idempotent_on_an_example():
    once = fold("Trần Thị Thu Hương")
    assert fold(once) == once


def test_fold_gives_the_same_for_composed_and_decomposed_input():
    name = "Nguyễn Thị Ánh Tuyết"
    assert fold(unicodedata.normalize("NFD", name)) == fold(unicodedata.normalize("NFC", name))


@given(st.text())
def test_fold_is_idempotent(s):
    assert fold(fold(s)) == fold(s)


@given(st.text())
def test_fold_leaves_no_combining_marks(s):
    assert not any(unicodedata.combining(ch) for ch in fold(s))


# ---------------------------------------------------------------------------------------------
# name_sort_key


def _in_order(*names):
    keys = [name_sort_key(n) for n in names]
    return all(a < b for a, b in zip(keys, keys[1:]))


def test_a_with_acute_comes_before_b():
    assert _in_order("Ánh", "Bình")


def test_d_comes_before_d_with_stroke_whatever_the_tones():
    assert _in_order("Dũng", "Đức")
    assert _in_order("Dư", "Đa")


def test_a_breve_and_circumflex_are_letters_after_a():
    assert _in_order("An", "Ăn", "Ân", "Bé")


def test_the_other_letters_with_marks_follow_their_base():
    assert _in_order("Eo", "Êa", "Ga")
    assert _in_order("Oz", "Ôa", "Ơa", "Pa")
    assert _in_order("Uz", "Ưa", "Va")


def test_tones_order_none_grave_hook_tilde_acute_dot():
    assert _in_order("a", "à", "ả", "ã", "á", "ạ")


def test_letters_decide_before_tones():
    # "Ánh" has a higher tone than "Anh" but the same letters; "Anh" < "Ánh" < "Anhb"
    assert _in_order("Anh", "Ánh", "Anhb")


def test_given_name_is_compared_first():
    assert _in_order("Trần Văn An", "Lê Thị Bình")


def test_same_given_name_then_family_and_middle_names():
    assert _in_order("Lê Văn An", "Nguyễn Thị An", "Nguyễn Văn An", "Trần Văn An")


def test_a_shorter_given_name_comes_first():
    assert _in_order("Nguyễn Văn An", "Nguyễn Văn Anh")


def test_case_and_spacing_do_not_matter():
    assert name_sort_key("nguyễn văn an") == name_sort_key("  NGUYỄN  Văn   AN ")


def test_sorted_with_the_key_gives_the_dictionary_order():
    names = ["Đỗ Đức", "Lê Thị Bình", "Phạm Văn Dũng", "Trần Văn An", "Nguyễn Ánh", "Hà Ân"]
    assert sorted(names, key=name_sort_key) == [
        "Trần Văn An", "Nguyễn Ánh", "Hà Ân", "Lê Thị Bình", "Phạm Văn Dũng", "Đỗ Đức",
    ]


def test_composed_and_decomposed_names_have_the_same_key():
    name = "Nguyễn Thị Ánh Tuyết"
    assert name_sort_key(unicodedata.normalize("NFD", name)) == name_sort_key(name)


# A generator of Vietnamese names, kept as structure so that a reference order can be computed
# without parsing the string the key function parses.
_TONE_MARKS = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
# Tones sit on vowels (every Vietnamese vowel with every tone has a precomposed form).
_VOWELS = [i for i, letter in enumerate(text.ALPHABET) if letter in "aăâeêioôơuưy"]
_letter = st.one_of(
    st.tuples(st.integers(0, len(text.ALPHABET) - 1), st.just(0)),
    st.tuples(st.sampled_from(_VOWELS), st.integers(0, 5)),
)
_word = st.lists(_letter, min_size=1, max_size=6)
_name = st.lists(_word, min_size=1, max_size=4)


def _spell(name, upper_first: bool = True) -> str:
    words = []
    for word in name:
        chars = [text.ALPHABET[i] + _TONE_MARKS[t] for i, t in word]
        if upper_first:
            chars[0] = chars[0].upper()
        words.append(unicodedata.normalize("NFC", "".join(chars)))
    return " ".join(words)


def _reference_order(name):
    ordered = name[-1:] + name[:-1]  # the given name first
    letters = tuple(tuple(i for i, _ in word) for word in ordered)
    tones = tuple(t for word in ordered for _, t in word)
    return letters, tones


def _sign(a, b) -> int:
    return (a > b) - (a < b)


@given(_name, _name)
def test_key_order_matches_the_dictionary_order(a, b):
    assert _sign(name_sort_key(_spell(a)), name_sort_key(_spell(b))) == _sign(
        _reference_order(a), _reference_order(b)
    )


@given(st.lists(_name, min_size=2, max_size=8))
def test_key_order_is_a_total_order_consistent_with_sorted(names):
    spelled = [_spell(n) for n in names]
    by_key = sorted(spelled, key=name_sort_key)
    keys = [name_sort_key(n) for n in by_key]
    assert keys == sorted(keys)
    # the order does not depend on the order the names came in
    assert [name_sort_key(n) for n in sorted(reversed(spelled), key=name_sort_key)] == keys
    # two names compare equal only when they are the same name up to case
    for x in spelled:
        for y in spelled:
            assert (name_sort_key(x) == name_sort_key(y)) == (x.lower() == y.lower())


@given(_name)
def test_composed_and_decomposed_spellings_have_the_same_key(name):
    spelled = _spell(name)
    assert name_sort_key(unicodedata.normalize("NFD", spelled)) == name_sort_key(spelled)


@given(st.text())
def test_keys_are_ascii_lowercase_letters_only(s):
    # so that SQLite's binary collation and PostgreSQL's locale collations order them alike
    key = name_sort_key(s)
    assert key and all("a" <= ch <= "z" for ch in key)


# ---------------------------------------------------------------------------------------------
# format_number and format_percent


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (8236, 0, "8.236"),
        (1234567, 0, "1.234.567"),
        (0, 0, "0"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (-8236, 0, "-8.236"),
        (-1234567, 0, "-1.234.567"),
        (24.144, 2, "24,14"),
        (1000, 2, "1.000,00"),
        (Decimal("1234.5"), 1, "1.234,5"),
        (2.5, 0, "3"),  # half up, not half even
        (3.5, 0, "4"),
        (-2.5, 0, "-3"),
        (0.125, 2, "0,13"),
        (24.145, 2, "24,15"),  # as written, not as the float stores it
        (-0.4, 0, "0"),  # no "-0"
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (155, 642, "24,14%"),
        (0, 0, "0%"),
        (5, 0, "0%"),
        (0, 10, "0,00%"),
        (1, 1, "100,00%"),
        (1, 3, "33,33%"),
        (2, 3, "66,67%"),
        (1, 8, "12,50%"),
    ],
)
def test_format_percent(part, whole, expected):
    assert format_percent(part, whole) == expected


def test_format_percent_with_other_decimals():
    assert format_percent(1, 8, 1) == "12,5%"
    assert format_percent(1, 8, 0) == "13%"  # 12.5 rounds half up


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_removing_the_dots_gives_the_integer_back(n):
    assert format_number(n).replace(".", "") == str(n)


@given(st.integers(min_value=0, max_value=10**18))
def test_groups_are_three_digits_after_the_first(n):
    first, *rest = format_number(n).split(".")
    assert 1 <= len(first) <= 3
    assert all(len(group) == 3 for group in rest)
