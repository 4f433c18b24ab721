"""The Vietnamese translation is complete: every string in the code has a reviewed msgstr."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _entries(po_text: str) -> list[tuple[str, str, bool]]:
    """(msgid, all msgstr text, fuzzy) per entry of a .po file, header excluded."""
    entries = []
    for block in po_text.split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        msgid, msgstr, current = [], [], None
        for line in lines:
            if line.startswith("msgid "):
                current = msgid
            elif line.startswith("msgid_plural"):
                current = None
            elif line.startswith("msgstr"):
                current = msgstr
            elif not line.startswith('"'):
                current = None if line.startswith("#") else current
                continue
            if current is not None:
                current.append(line.split('"', 1)[1].rsplit('"', 1)[0])
        if msgid and "".join(msgid):
            entries.append(("".join(msgid), "".join(msgstr), fuzzy))
    return entries


SOURCES = ["branches", "congress", "documents", "elections", "reporting", "templates", "locale"]


def test_every_string_in_the_code_is_translated(tmp_path, settings, monkeypatch):
    # makemessages writes beside whatever `locale` folder it finds, so it runs on a copy.
    for name in SOURCES:
        shutil.copytree(
            Path(settings.BASE_DIR) / name, tmp_path / name,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"),
        )
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("makemessages", locale=["vi"], verbosity=0, no_obsolete=True)
    copy = tmp_path / "locale" / "vi" / "LC_MESSAGES"
    entries = _entries((copy / "django.po").read_text(encoding="utf-8"))
    assert len(entries) > 200
    assert [msgid for msgid, msgstr, _ in entries if not msgstr] == []
    assert [msgid for msgid, _, fuzzy in entries if fuzzy] == []


def test_the_interface_speaks_vietnamese_by_default(client, superior_clerk, superior, branch_a, member_a):
    client.force_login(superior_clerk)
    page = client.get(f"/org/{superior.pk}/members/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đảng viên" in page and "Chính thức" in page
    assert "Members" not in page and "Official" not in page
    with translation.override("vi"):
        assert translation.gettext("Party branch") == "Chi bộ trực thuộc"
