"""scripts/backup and scripts/restore (docs/deploy.md, "Backups"): a round trip through scratch
databases on the PostgreSQL server the tests use. .ci/run also restores a migrated demo database
with them (its "backup and restore" step)."""

import os
import subprocess
import uuid
from urllib.parse import quote

import pytest
from django.conf import settings

SCRIPTS = settings.BASE_DIR / "scripts"


def _run(script, *args):
    # Neither the app's DATABASE_URL nor its MEDIA_ROOT may leak into the scripts' defaults.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MEDIA_ROOT", "BACKUP_DIR", "KEEP_DAYS"}}
    return subprocess.run(
        [str(SCRIPTS / script), *map(str, args)], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("script", ["backup", "restore"])
def test_help_says_how_to_use_it(script):
    result = _run(script, "--help")
    assert result.returncode == 0, result.stderr
    assert f"scripts/{script} [--database NAME|URL]" in result.stdout


def test_restore_asks_which_backup(tmp_path):
    result = _run("restore", "--database", "scratch", "--dir", tmp_path)
    assert result.returncode == 2
    assert "which backup?" in result.stderr


def test_backup_refuses_a_missing_media_folder_before_dumping(tmp_path):
    result = _run("backup", "--database", "scratch", "--media", tmp_path / "nowhere", "--dir", tmp_path / "b")
    assert result.returncode == 1
    assert "is not a directory" in result.stderr
    assert not (tmp_path / "b").exists()


# ---------------------------------------------------------------------------------------------
# on PostgreSQL


def _url(name):
    db = settings.DATABASES["default"]
    credentials = quote(db["USER"], safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    return f"postgresql://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


def _psql(name, sql):
    result = subprocess.run(
        ["psql", "--no-psqlrc", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", f"--dbname={_url(name)}", "-c", sql],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def scratch_databases():
    names = [f"congress_bk_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("src", "dst")]
    yield names
    for name in names:
        _psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_a_backup_restores_into_another_database_and_media_folder(tmp_path, scratch_databases):
    source, target = scratch_databases
    _psql("postgres", f'CREATE DATABASE "{source}"')
    _psql(source, "CREATE TABLE unit (id serial PRIMARY KEY, name text NOT NULL);"
                  "INSERT INTO unit (name) SELECT 'Chi bộ ' || g FROM generate_series(1, 250) g;")
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "NQ-01.pdf").write_bytes(b"%PDF-1.7 nghi quyet")
    backups = tmp_path / "backups"

    backup = _run("backup", "--database", _url(source), "--media", media, "--dir", backups, "--keep-days", "0")
    assert backup.returncode == 0, backup.stdout + backup.stderr
    assert len(list(backups.glob("congress_*.dump"))) == 1
    assert len(list(backups.glob("media_*.tar.gz"))) == 1
    assert "PASSWORD" not in backup.stdout and not list(backups.glob("*.partial"))

    restored = tmp_path / "restored"
    restore = _run("restore", "--database", _url(target), "--media", restored, "--dir", backups, "latest")
    assert restore.returncode == 0, restore.stdout + restore.stderr
    assert _psql(target, "SELECT count(*), max(name) FROM unit") == "250|Chi bộ 99"
    assert (restored / "documents" / "NQ-01.pdf").read_bytes() == b"%PDF-1.7 nghi quyet"

    # A second restore over the data is refused, and changes nothing...
    _psql(target, "INSERT INTO unit (name) VALUES ('added after the backup')")
    (restored / "later.pdf").write_bytes(b"later")
    refused = _run("restore", "--database", _url(target), "--media", restored, "--dir", backups, "latest")
    assert refused.returncode == 1
    assert "is not empty" in refused.stderr and "--force" in refused.stderr
    assert _psql(target, "SELECT count(*) FROM unit") == "251"
    assert (restored / "later.pdf").exists()

    # ...unless forced: then the database and the folder are the backup's again.
    forced = _run("restore", "--force", "--database", _url(target), "--media", restored, "--dir", backups, "latest")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert _psql(target, "SELECT count(*) FROM unit") == "250"
    assert sorted(p.name for p in restored.rglob("*")) == ["NQ-01.pdf", "documents"]
