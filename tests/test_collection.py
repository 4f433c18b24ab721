"""Every folder of tests is collected: reporting/'s tests once sat outside pytest.ini's
`testpaths`, so `scripts/test` and CI never ran them. A folder named `tests`, or one holding a
test module, must lie under one of the `testpaths`."""

import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Not the project's code: the virtualenv, dependencies, Git, collected static files, run state.
IGNORED = {".venv", "node_modules", ".git", "staticfiles", ".state", "__pycache__"}

# A test module pytest would collect: a test function or a test class, at the start of a line.
# config/test_settings.py matches test_*.py but holds no test, and is not a test folder.
TEST_DEFINITION = re.compile(r"^(?:async\s+)?def test_|^class Test", re.MULTILINE)


def configured_testpaths() -> list[Path]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "pytest.ini", encoding="utf-8")
    return [ROOT / path for path in parser["pytest"]["testpaths"].split()]


def _walk(folder: Path):
    for child in sorted(folder.iterdir()):
        if child.is_dir() and not child.is_symlink() and child.name not in IGNORED and not child.name.startswith("."):
            yield child
            yield from _walk(child)


def folders_of_tests() -> set[Path]:
    """Every folder named `tests`, and every folder with a test module in it."""
    found = set()
    for folder in _walk(ROOT):
        if folder.name == "tests":
            found.add(folder)
        elif any(TEST_DEFINITION.search(module.read_text(encoding="utf-8", errors="replace"))
                 for module in folder.glob("test_*.py")):
            found.add(folder)
    return found


def test_every_folder_of_tests_is_under_testpaths():
    paths = configured_testpaths()
    missed = sorted(
        str(folder.relative_to(ROOT)) for folder in folders_of_tests()
        if not any(folder == path or path in folder.parents for path in paths)
    )
    assert not missed, f"Tests that the suite never runs (add them to testpaths in pytest.ini): {missed}"


def test_the_search_finds_the_known_folders_of_tests():
    """Not vacuous: the search sees every app's tests, and the testpaths exist."""
    found = {str(folder.relative_to(ROOT)) for folder in folders_of_tests()}
    known = {"branches/tests", "documents/tests", "congress/tests", "elections/tests", "reporting/tests",
             "tests", "tests/browser"}
    assert known <= found, known - found
    assert "config" not in found  # test_settings.py holds no test
    assert all(path.is_dir() for path in configured_testpaths()), configured_testpaths()
