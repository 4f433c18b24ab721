"""Every script in benchmarks/ runs once, end to end, on tiny sizes (`--quick`): a smoke test, not
a timing. benchmarks/render.py crashed at HEAD for a while and nothing said so; the figures of
docs/benchmarks.md are only worth re-measuring if the scripts still run.

Each script runs as a subprocess, as a developer runs it (`python benchmarks/x.py --quick`), with
a timeout; a crash fails the test with the script's stderr. `--quick` prints the same tables with
meaningless figures and does not enforce the targets, so the exit code says only whether it ran.

Databases: never the suite's. SQLite scripts get a file in the test's tmp_path. PostgreSQL
scripts (marked `postgres`: CI's second pass) get a scratch database named after the test
database plus "_bench_<script>", dropped before and after, so that two runs with their own test
databases keep apart and a full benchmark's database (congress_bench...) is never touched.
worker.py (marked `worker`) also needs Redis: it flushes and uses a Redis database other than
REDIS_URL's, and starts its own Celery workers.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
TIMEOUT_SECONDS = 150
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}

# What the suite's own run sets, which a script must not inherit: it chooses its settings and
# database itself (benchmarks.settings or config.settings; its own SQLite file or database).
NOT_INHERITED = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "TEST_DATABASE_NAME", "REDIS_URL", "SQLITE_PATH",
                 "MEDIA_ROOT", "CONGRESS_TEST_RUN", "APP_MODE", "DEBUG")

QUICK_NOTE = "Quick run (--quick): tiny sizes, the figures mean nothing; the targets are not enforced."


def run(script: str, tmp_path: Path, *args: str, timeout: int = TIMEOUT_SECONDS, **env: str) -> str:
    """`python benchmarks/<script> --quick <args>` from the repository's root; its stdout, or a
    failed test with its stderr when it exits non-zero or runs past the timeout. Its process
    group is killed either way, so that no gunicorn or Celery worker it started outlives it."""
    environment = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    environment.update(SQLITE_PATH=str(tmp_path / "bench.sqlite3"), MEDIA_ROOT=str(tmp_path / "media"), **env)
    process = subprocess.Popen(
        [sys.executable, str(BENCHMARKS / script), "--quick", *args], cwd=ROOT, env=environment,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        pytest.fail(f"benchmarks/{script} ran past {timeout} s.\n--- stderr ---\n{stderr[-6000:]}\n"
                    f"--- stdout ---\n{stdout[-3000:]}", pytrace=False)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # whatever it started and left behind
        except ProcessLookupError:
            pass
    if process.returncode != 0:
        pytest.fail(f"{' '.join(['benchmarks/' + script, '--quick', *args])} exited {process.returncode}.\n--- stderr ---\n"
                    f"{stderr[-6000:]}\n--- stdout ---\n{stdout[-3000:]}", pytrace=False)
    assert QUICK_NOTE in stdout
    return stdout


def assert_rows(output: str, *rows: str) -> None:
    """Each row (the start of a line of the script's output) is printed; a table's row (a line
    starting with "|") with a figure after it."""
    lines = output.splitlines()
    for row in rows:
        found = [line for line in lines if line.startswith(row)]
        assert found, f"no line starts with {row!r} in:\n{output}"
        if row.startswith("|"):
            assert re.search(r"\d", found[0].removeprefix(row)), f"no figure in {found[0]!r}"


# --- PostgreSQL: a scratch database per script ------------------------------------------------------


def _maintenance_connection(url: str):
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(
        dbname="postgres", user=unquote(parts.username or ""), password=unquote(parts.password or ""),
        host=parts.hostname or "", port=parts.port or 5432,
    )
    connection.autocommit = True
    return connection


def _drop(url: str) -> None:
    name = unquote(urlsplit(url).path.lstrip("/"))
    connection = _maintenance_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        connection.close()


@pytest.fixture
def scratch_database():
    """A function giving, for a script, DATABASE_URL naming an empty database of its own on the
    suite's server: "<test database>_bench_<script>", dropped again after the test."""
    made = []

    def url_for(script: str) -> str:
        database = settings.DATABASES["default"]
        test_name = (database.get("TEST") or {}).get("NAME") or f"test_{database['NAME']}"
        name = f"{test_name}_bench_{Path(script).stem}"[:63]
        assert name not in {test_name, database["NAME"]}
        source = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
        url = urlunsplit(urlsplit(source)._replace(path=f"/{name}"))
        _drop(url)  # a run killed earlier may have left it: the script starts from nothing
        made.append(url)
        return url

    yield url_for
    for url in made:
        _drop(url)


# --- Without a database, or on SQLite ---------------------------------------------------------------


def test_render(tmp_path):
    output = run("render.py", tmp_path)
    assert_rows(
        output,
        "| First render in the process (resolution, ",
        "| Resolution, warm, render_pdf (issued) |",
        "| **Overhead of the pipeline** (render_pdf / bare − 1) |",
        "| Political report, ",
        "| RSS (MB) after N renders of the resolution |",
    )


def test_elections(tmp_path):
    output = run("elections.py", tmp_path)
    assert_rows(
        output,
        "| `rules.tally` (the votes of each ballot) |",
        "| `rules.ballot_votes` per ballot, then `rules.tally` |",
        "| `rules.agreed` over two `reading_text` readings per ballot |",
        "Target (tally median < 50 ms):",
    )


COUNTING_ROWS = (
    "| Key a ballot, first operator (htmx POST, live part answered) |",
    "| Key a ballot, second (the readings agree) operator",
    "| Counting page (GET, ",
    "| `ballot_key` alone (a correction, no request) |",
    "Target (keying median < 50 ms):",
)

DASHBOARD_ROWS = (
    "| Dashboard `/plans/",
    "| List, page 1 `/plans/",
    "| Calendar, month of the next congress `/plans/",
    "In this process: `plan_progress` (the dashboard's selector)",
    "Target (dashboard median < 100 ms):",
)


def test_counting_on_sqlite(tmp_path):
    assert_rows(run("counting.py", tmp_path, "--database", "sqlite"), *COUNTING_ROWS)


def test_dashboard_on_sqlite(tmp_path):
    """Through gunicorn, as the full run does."""
    assert_rows(run("dashboard.py", tmp_path, "--database", "sqlite"), *DASHBOARD_ROWS)


# --- PostgreSQL ---------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_counting_on_postgresql(tmp_path, scratch_database):
    output = run("counting.py", tmp_path, "--database", "postgres", DATABASE_URL=scratch_database("counting.py"))
    assert_rows(output, *COUNTING_ROWS)


@pytest.mark.postgres
def test_dashboard_on_postgresql(tmp_path, scratch_database):
    output = run("dashboard.py", tmp_path, "--database", "postgres", DATABASE_URL=scratch_database("dashboard.py"))
    assert_rows(output, *DASHBOARD_ROWS)


@pytest.mark.postgres
def test_pages(tmp_path, scratch_database):
    """gunicorn against PostgreSQL, loaded from the script's own threads."""
    output = run("pages.py", tmp_path, DATABASE_URL=scratch_database("pages.py"))
    assert_rows(
        output,
        "| Member list, page 1 (subtree of the province) `/org/",
        "| Member search `nguyen` (subtree) `/org/",
        "| Tree page, province `/org/",
        "| Reference: bare 50-row table `/bench/reference/` |",
        "Member list / reference throughput, median of the rounds:",
    )


@pytest.mark.postgres
def test_round_statistics(tmp_path, scratch_database):
    output = run("round_statistics.py", tmp_path, DATABASE_URL=scratch_database("round_statistics.py"))
    assert_rows(
        output,
        "| `totals`, whole scope |",
        "| `totals`, one grassroots committee |",
        "| `units`, one grassroots committee |",
        "| `units`, whole scope (every row) |",
        "| results page, whole scope (first 100 units) |",
        "| results page, one grassroots committee |",
    )


def _benchmark_redis_url() -> str:
    """REDIS_URL's server, another database: worker.py flushes it, and the suite's worker (CI's,
    on REDIS_URL) must neither lose its messages nor take the benchmark's. Not 13 either, the
    full benchmark's default."""
    parts = urlsplit(settings.REDIS_URL)
    current = parts.path.strip("/") or "0"
    return urlunsplit(parts._replace(path="/14" if current != "14" else "/12"))


@pytest.mark.postgres
@pytest.mark.worker
def test_worker(tmp_path, scratch_database):
    """Starts its own Celery workers (1 and 2 processes) on Redis and PostgreSQL."""
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (Redis for the benchmark's own Celery workers)")

    def unavailable(reason):
        if IN_CI:
            pytest.fail(f"CI runs the worker benchmark: {reason}", pytrace=False)
        pytest.skip(reason)

    if shutil.which("redis-cli") is None:
        unavailable("redis-cli is not installed (Debian's redis-tools)")
    redis_url = _benchmark_redis_url()
    answer = subprocess.run(["redis-cli", "-u", redis_url, "ping"], capture_output=True, text=True, timeout=10)
    if answer.stdout.strip() != "PONG":
        unavailable(f"Redis does not answer at {redis_url}: {answer.stderr.strip() or answer.stdout.strip()}")

    try:
        output = run("worker.py", tmp_path, timeout=180, DATABASE_URL=scratch_database("worker.py"), REDIS_URL=redis_url)
    finally:
        subprocess.run(["redis-cli", "-u", redis_url, "flushdb"], capture_output=True, timeout=10)  # its results
    assert_rows(
        output,
        "| Click → stored PDF, median of 2 ",
        "| Throughput, 1 process (3 documents, median of 1) |",
        "| Throughput, 2 processes (3 documents, median of 1) |",
        "| Gain of the second process |",
        "| Pool process RSS (MB), recycled every 200, after N renders |",
        "| Pool process RSS (MB), never recycled, after N renders |",
    )


@pytest.mark.postgres
def test_load(tmp_path, scratch_database):
    """gunicorn against PostgreSQL, driven by locust in its own process: both profiles, both setups."""
    output = run("load.py", tmp_path, timeout=300, DATABASE_URL=scratch_database("load.py"))
    assert_rows(
        output,
        "**office**, setup **before**",
        "**saturate**, setup **after**",
        "| Plan results |",
        "| Write: draft save |",
        "| **All requests** |",
        "Target (office, after: p95 < 300 ms",
        "saturate: max after / before",
    )
