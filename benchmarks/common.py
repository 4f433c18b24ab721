"""What the benchmark scripts share."""

from urllib.parse import unquote, urlsplit


def ensure_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    connection = psycopg2.connect(
        dbname="postgres", user=unquote(parts.username or ""), password=unquote(parts.password or ""),
        host=parts.hostname or "", port=parts.port or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            print(f"Creating database {name}", flush=True)
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


QUICK_HELP = "tiny sizes, targets not enforced: a smoke run (tests/test_benchmarks_smoke.py), not a measurement"


def print_quick_note() -> None:
    """Said at the end of a --quick run, so that its figures are never quoted as measurements."""
    print("\nQuick run (--quick): tiny sizes, the figures mean nothing; the targets are not enforced.")
