"""Vietnamese text rules: accent-folded search, alphabetical order, number formats.

Pure functions over plain strings and numbers, so they can be tested exhaustively and used by
every app (elections prints candidates in this order too).
"""

import unicodedata
from decimal import ROUND_HALF_UP, Decimal

# The Vietnamese alphabet, with the Latin letters used in foreign names in their Latin places.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"

# Tone marks, in the order dictionaries sort them: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {
    "\u0300": 1,  # grave: huyền
    "\u0309": 2,  # hook above: hỏi
    "\u0303": 3,  # tilde: ngã
    "\u0301": 4,  # acute: sắc
    "\u0323": 5,  # dot below: nặng
}
# Marks that make a different letter rather than a tone.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Each letter becomes two lowercase ASCII characters ("ab", "ac", ...): such keys sort the same
# under SQLite's binary collation and PostgreSQL's locale collations. "aa" separates words.
_WORD_BREAK = "aa"
_UNKNOWN = "zz"


def _letter_code(index: int) -> str:
    index += 1  # "aa" is the word break
    return chr(ord("a") + index // 26) + chr(ord("a") + index % 26)


_LETTER_CODES = {letter: _letter_code(i) for i, letter in enumerate(ALPHABET)}
_DIGIT_CODES = {str(d): "y" + chr(ord("a") + d) for d in range(10)}


def fold(text: str) -> str:
    """Lower case without diacritics, "đ" as "d": what a search box compares.

    >>> fold("Nguyễn Thị Đào")
    'nguyen thi dao'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def _letters_and_tones(word: str) -> tuple[list[str], list[int]]:
    letters: list[str] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", word.lower()):
        base, *marks = unicodedata.normalize("NFD", char)
        tone = 0
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            else:
                base = _LETTER_MARKS.get((base, mark), base)
        letters.append(base)
        tones.append(tone)
    return letters, tones


def name_order(full_name: str) -> list[str]:
    """The words of a name in the order they are compared: given name, then the rest.

    Vietnamese lists sort "Nguyễn Văn An" under "An", then by family and middle names.
    """
    words = full_name.split()
    return words[-1:] + words[:-1]


def collation_key(words: list[str]) -> str:
    """A string whose plain code-point order is Vietnamese dictionary order of `words`.

    Letters compare first over all the words (a < ă < â < b ... d < đ ...), then tones
    (none < huyền < hỏi < ngã < sắc < nặng), as a dictionary does.
    """
    primary: list[str] = []
    secondary: list[str] = []
    for word in words:
        letters, tones = _letters_and_tones(word)
        for letter, tone in zip(letters, tones):
            if letter in _LETTER_CODES:
                primary.append(_LETTER_CODES[letter])
            elif letter in _DIGIT_CODES:
                primary.append(_DIGIT_CODES[letter])
            else:
                continue  # hyphens, apostrophes and the like do not order names
            secondary.append(chr(ord("a") + tone))
        primary.append(_WORD_BREAK)
        secondary.append("a")
    return "".join(primary) + _WORD_BREAK + "".join(secondary)


def name_sort_key(full_name: str) -> str:
    """The key that orders people's names: `sorted(names, key=name_sort_key)`."""
    return collation_key(name_order(full_name))


def format_number(value: int | float | Decimal, decimals: int = 0) -> str:
    """Vietnamese grouping and decimal comma: 8236 -> "8.236", 24.144 (2) -> "24,14"."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    integer, _, fraction = f"{abs(rounded):f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def format_percent(part: int | float, whole: int | float, decimals: int = 2) -> str:
    """A share as offices print it: 155 of 642 -> "24,14%". Nothing of nothing is "0%"."""
    if not whole:
        return "0%"
    return format_number(Decimal(str(part)) * 100 / Decimal(str(whole)), decimals) + "%"


# An id or a count typed in a URL or a form fits in nine digits (PostgreSQL's integer holds ten).
WHOLE_NUMBER_DIGITS = 9


def whole_number(value, max_digits: int = WHOLE_NUMBER_DIGITS) -> int | None:
    """`value` as a whole number when it is one written in ASCII digits ("12"), else None.

    str.isdigit() alone lets through what int() refuses or the database cannot hold: "²" and
    other Unicode digits, and thousands of digits (issue 15). Those read as no number, never as
    an error.

    >>> whole_number("12"), whole_number("²"), whole_number("1" * 5000), whole_number(" 7"), whole_number(None)
    (12, None, None, None, None)
    """
    text = value if isinstance(value, str) else (str(value) if isinstance(value, int) else "")
    if not text or not text.isascii() or not text.isdigit() or len(text) > max_digits:
        return None
    return int(text)


# Free text a person types (a comment, a reason, a note) fits in TEXT_MAX_LENGTH characters, a
# document's body in BODY_MAX_LENGTH. Beyond that it is not typing: a comment of 2,000,000
# characters was accepted (issue 15).
TEXT_MAX_LENGTH = 5000
BODY_MAX_LENGTH = 500_000


def storable_text(value, max_length: int = TEXT_MAX_LENGTH) -> str | None:
    """`value` when it is text a person could have typed and PostgreSQL can store, else None.

    That is a string of at most `max_length` characters without a NUL ("\\x00"): PostgreSQL's
    text types refuse NUL, so a comment holding one failed the audit write (issue 15). Form
    fields check both (forms.CharField refuses NUL); this is for text read outside a form field.

    >>> storable_text("Đồng ý"), storable_text("a\\x00b"), storable_text("x" * 6), storable_text(None)
    ('Đồng ý', None, 'xxxxxx', None)
    >>> storable_text("x" * 6, max_length=5)
    """
    if not isinstance(value, str) or "\x00" in value or len(value) > max_length:
        return None
    return value
