"""Hash chains that make a log tamper-evident (docs/architecture.md §5): each row is sealed
with sha256(previous row's hash + the row's own content, canonically serialised), so editing,
deleting, inserting or reordering a row breaks every link after it. Pure functions over plain
values: the database side is in branches.seals."""

import datetime
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# The previous hash of a chain's first row.
GENESIS = "0" * 64

# What went wrong at the first broken link (Break.kind).
EDITED = "edited"      # the row's content no longer gives its hash
DELETED = "deleted"    # a position is missing, or rows were cut off the end
INSERTED = "inserted"  # a row that was never sealed, or a link that is not the previous row's hash
REORDERED = "reordered"  # the row is sealed, but not at the place it holds now


def _plain(value):
    # One spelling per value whatever the database gave back: aware datetimes in UTC, ISO.
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    raise TypeError(f"{type(value).__name__} cannot be sealed")


def canonical(content: Mapping) -> str:
    """`content` as stable JSON: sorted keys, no spaces, ISO datetimes (UTC), text as is."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain)


def link_hash(previous_hash: str, position: int, content: Mapping) -> str:
    """The seal of the row at `position` whose predecessor's seal is `previous_hash`."""
    payload = f"{previous_hash}\n{position}\n{canonical(content)}"
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class Link:
    """A sealed row as stored: its place, the seal it links to, its own seal and content."""

    position: int
    previous_hash: str
    hash: str
    content: Mapping
    label: str  # how the report names the row: "log entry 1234", "ballot 17 (line 55)"


@dataclass(frozen=True)
class Break:
    kind: str  # EDITED, DELETED, INSERTED or REORDERED
    position: int | None  # where the chain breaks (None: a row with no seal at all)
    label: str
    detail: str = ""


def extend(previous_hash: str, position: int, contents: Iterable[Mapping]) -> list[tuple[int, str, str]]:
    """Seal `contents` after a chain whose last seal is `previous_hash` at `position`:
    (position, previous hash, hash) for each, in order."""
    links = []
    for content in contents:
        position += 1
        digest = link_hash(previous_hash, position, content)
        links.append((position, previous_hash, digest))
        previous_hash = digest
    return links


def first_break(links: Iterable[Link], *, head: tuple[int, str] | None, unsealed: Iterable[str] = ()) -> Break | None:
    """The first broken link of a chain, or None when it is whole.

    `links` in the order of their position; `head` is what the chain recorded as its last
    (position, hash) when it was last extended (None when it never was); `unsealed` names the
    rows that carry no seal. Checked in order, so the report names the earliest damage."""
    expected_previous, expected_position = GENESIS, 1
    hashes = {}
    links = iter(links)
    for link in links:
        if link.position > expected_position:
            return Break(DELETED, expected_position, link.label,
                         f"positions {expected_position}–{link.position - 1} are missing before it")
        if link.position < expected_position:  # two rows claim one position
            return Break(INSERTED, link.position, link.label, "a second row at this position")
        if link.previous_hash != expected_previous:
            if link.previous_hash in hashes:  # what stands between it and its predecessor was added
                return Break(INSERTED, link.position, link.label,
                             f"it was sealed right after position {hashes[link.previous_hash]}")
            # The first row out of place in a reordered chain was sealed after a row still to come.
            if any(later.hash == link.previous_hash for later in links):
                return Break(REORDERED, link.position, link.label, "it was sealed after a row that now comes later")
            return Break(INSERTED, link.position, link.label, "it does not link to the row before it")
        if link_hash(link.previous_hash, link.position, link.content) != link.hash:
            return Break(EDITED, link.position, link.label, "its content does not give its seal")
        hashes[link.hash] = link.position
        expected_previous, expected_position = link.hash, link.position + 1
    last = expected_position - 1
    if head is not None and head != (last, expected_previous):
        head_position, _head_hash = head
        if head_position > last:
            return Break(DELETED, last + 1, "the end of the chain",
                         f"the chain was extended to position {head_position}, it ends at {last}")
        return Break(INSERTED, last, "the end of the chain",
                     f"the chain recorded its end at position {head_position}, it holds {last}")
    if head is None and last:
        return Break(INSERTED, last, "the end of the chain", "rows are sealed but the chain recorded no end")
    for label in unsealed:
        return Break(INSERTED, None, label, "it carries no seal")
    return None
