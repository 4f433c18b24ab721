"""Every workbook the product writes is made by branches.spreadsheets, whose cells are data and
never formulas (issue 15, item 1; docs/architecture.md, "Excel files are data, never formulas").
An export that built its own ``openpyxl.Workbook()`` would write a name like "=HYPERLINK(…)" as a
live formula again, so the source is searched for one.

Tests are left out: they build the files people upload, formulas included, with openpyxl itself.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITER = ROOT / "branches" / "spreadsheets.py"
IGNORED = {".venv", "node_modules", ".git", "staticfiles", ".state", "__pycache__", "tests"}

# openpyxl's own Workbook: called, imported, or reached through openpyxl.workbook.
FORBIDDEN = [
    re.compile(r"\bopenpyxl\s*\.\s*Workbook\b"),
    re.compile(r"\bopenpyxl\s*\.\s*workbook\b"),
    re.compile(r"^\s*from\s+openpyxl(\.\w+)*\s+import\s+[^#\n]*\bWorkbook\b", re.MULTILINE),
    re.compile(r"^\s*from\s+openpyxl\.workbook\b", re.MULTILINE),
    re.compile(r"(?<![\w.])Workbook\("),  # a bare Workbook(): use spreadsheets.Workbook()
]


def violations(source: str) -> list[str]:
    """The lines of `source` that make a workbook without branches.spreadsheets."""
    found = []
    for pattern in FORBIDDEN:
        for match in pattern.finditer(source):
            line = source.count("\n", 0, match.start()) + 1
            found.append(f"line {line}: {source.splitlines()[line - 1].strip()}")
    return found


def product_modules():
    """The project's Python modules but tests and the writer itself."""
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if any(part in IGNORED or part.startswith(".") for part in parts[:-1]):
            continue
        if path == WRITER or path.name.startswith("test_") or path.name == "conftest.py":
            continue
        yield path


def test_no_module_but_the_writer_makes_a_workbook():
    found = {
        str(path.relative_to(ROOT)): problems
        for path in product_modules()
        if (problems := violations(path.read_text(encoding="utf-8", errors="replace")))
    }
    assert not found, (
        "Make workbooks with branches.spreadsheets.Workbook() (and save them with "
        f"spreadsheets.as_bytes), never with openpyxl's own: {found}"
    )


def test_the_search_is_not_vacuous():
    modules = {str(path.relative_to(ROOT)) for path in product_modules()}
    assert {"branches/imports.py", "documents/register.py", "reporting/exports.py",
            "congress/services/results.py"} <= modules
    assert "branches/spreadsheets.py" not in modules and "branches/tests/xlsx.py" not in modules
    assert violations(WRITER.read_text(encoding="utf-8"))  # the writer itself would be caught
    for source in (
        "book = openpyxl.Workbook()",
        "from openpyxl import load_workbook, Workbook",
        "from openpyxl.workbook import Workbook as Book",
        "import openpyxl.workbook",
        "book = Workbook(write_only=True)",
    ):
        assert violations(source), source
    for source in ("book = spreadsheets.Workbook()", "openpyxl.load_workbook(data)", "from openpyxl.styles import Font"):
        assert not violations(source), source
