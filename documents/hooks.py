"""What apps above documents print in a document's PDF, without the documents app importing
them (docs/architecture.md: arrows point one way). An app registers a function once, from its
AppConfig.ready(), for the document type it concerns; rendering a document of another type asks
nothing (and touches no database).

- appendices: fn(document) -> str, trusted HTML (SVG charts drawn by the app's own code, never
  typed by a user) printed after the signature block, on a page of its own; "" when the
  document has none. fn is only ever given a saved document (one with a pk).
"""

from collections.abc import Callable

_APPENDICES: dict[str, dict[str, Callable[[object], str]]] = {}


def register_appendix(name: str, fn: Callable[[object], str], *, doc_type: str) -> None:
    _APPENDICES.setdefault(doc_type, {})[name] = fn


def appendix(document) -> str:
    """The appendices of `document`'s PDF, in the order of their names; "" when none applies,
    and always "" for an unsaved document (a preview, or benchmarks/render.py's documents built in
    memory): an appendix is recorded against a saved document, so an unsaved one has none, and
    an app's query with it would fail ("Model instances passed to related filters must be
    saved") and take the whole render down."""
    if document.pk is None:
        return ""
    found = _APPENDICES.get(document.doc_type, {})
    return "".join(found[name](document) or "" for name in sorted(found))
