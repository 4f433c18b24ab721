"""What apps above the congress round tell it, without the congress app importing them
(docs/architecture.md: arrows point one way). An app registers a named function once, from its
AppConfig.ready(); congress code asks by name and gets a default when nothing is registered,
so the congress app stays usable alone.

- conditions: fn(congress) -> bool, read by congress.selectors.conditions() for the moves;
- statuses: fn(congress) -> Status | None, a short line the congress page shows with a link;
- names: fn(congress) -> tuple of full names, read by congress.services.resolution (the delegates
  the congress elected to the superior's congress);
- members: fn(congresses) -> member pks, read by congress.services.attendance (the official
  delegates the congresses below elected, the summons list of a delegates' congress).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

_CONDITIONS: dict[str, Callable[[object], bool]] = {}
_STATUSES: dict[str, Callable[[object], "Status | None"]] = {}
_NAMES: dict[str, Callable[[object], tuple[str, ...]]] = {}
_MEMBERS: dict[str, Callable[[object], list[int]]] = {}


@dataclass(frozen=True)
class Status:
    """Where something another app keeps for a congress stands: `text` to read, `ok` when it
    no longer holds the congress back, `url` to open it."""

    text: str
    ok: bool
    url: str = ""


def register_condition(name: str, fn: Callable[[object], bool]) -> None:
    _CONDITIONS[name] = fn


def condition(name: str, congress, default: bool = True) -> bool:
    fn = _CONDITIONS.get(name)
    return default if fn is None else bool(fn(congress))


def register_status(name: str, fn: Callable[[object], "Status | None"]) -> None:
    _STATUSES[name] = fn


def status(name: str, congress) -> Status | None:
    fn = _STATUSES.get(name)
    return None if fn is None else fn(congress)


def register_names(name: str, fn: Callable[[object], tuple[str, ...]]) -> None:
    _NAMES[name] = fn


def names(name: str, congress) -> tuple[str, ...]:
    """The names another app gives for `congress` under `name`; empty when nothing is registered."""
    fn = _NAMES.get(name)
    return () if fn is None else tuple(fn(congress))


def register_members(name: str, fn: Callable[[object], list[int]]) -> None:
    _MEMBERS[name] = fn


def members(name: str, congresses) -> list[int]:
    """The pks of the members another app gives for the queryset `congresses` under `name`; empty
    when nothing is registered."""
    fn = _MEMBERS.get(name)
    return [] if fn is None else list(fn(congresses))


@contextmanager
def override(**conditions: Callable[[object], bool] | None) -> Iterator[None]:
    """Within this block, replace the named conditions (None: as if nothing were registered).
    For tests of the congress app that must not depend on the apps above it."""
    saved = dict(_CONDITIONS)
    try:
        for name, fn in conditions.items():
            if fn is None:
                _CONDITIONS.pop(name, None)
            else:
                _CONDITIONS[name] = fn
        yield
    finally:
        _CONDITIONS.clear()
        _CONDITIONS.update(saved)


def registered_conditions() -> list[str]:
    return sorted(_CONDITIONS)
