#!/usr/bin/env python
"""Serve the app with gunicorn against PostgreSQL and measure its busiest pages.

    .venv/bin/python benchmarks/pages.py [--rounds 3] [--connections 8]
    .venv/bin/python benchmarks/pages.py --quick    (a small province, a few requests: does it run?)

Creates the database named by DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
congress_bench) if missing, migrates it, fills it once with `manage.py generate_scale` (600
organisations, 10,000 members), starts gunicorn (2 sync workers, 127.0.0.1, a free port,
benchmarks.settings: DEBUG off, CONN_MAX_AGE=600) and loads it from this process, signed in as
the clerk `bench` of the province:

- latency with one connection: the member list (page 1, a middle page, a search) and the tree
  page (the province, a district);
- throughput with N connections: the member list against the reference view (a bare view
  rendering 50 members through a minimal template, benchmarks/views.py).

Each measurement is repeated --rounds times and the medians are quoted. Prints a markdown table
(docs/benchmarks.md) and exits 1 if a target is missed: a median under 30 ms for the member
list and the tree page, and the member list at no less than half the reference's throughput.

--quick checks that the script runs end to end (tests/test_benchmarks_smoke.py): 30 organisations
and 300 members, one gunicorn worker, one round of 3 requests per page and 0.5 s of load on 2
connections; the figures mean nothing and the targets are not enforced (exit 0 unless it fails).
Give it a database of its own (DATABASE_URL): a later full run would reuse the small province.
"""

import argparse
import http.client
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from common import QUICK_HELP, ensure_database, print_quick_note  # beside this script

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/congress_bench"
LATENCY_TARGET_MS = 30.0
THROUGHPUT_TARGET = 0.5


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency-requests", type=int, default=200, help="per page and round")
    parser.add_argument("--seconds", type=float, default=6.0, help="per throughput measurement")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--organizations", type=int, default=600)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true",
                        help=f"30 organisations, 1 worker, 1 round of 3 requests and 0.5 s of load; {QUICK_HELP}")
    args = parser.parse_args()
    if args.quick:
        args.organizations, args.members, args.workers, args.rounds = 30, 300, 1, 1
        args.latency_requests, args.seconds, args.connections = 3, 0.5, 2
    return args


# The database and the dataset ------------------------------------------------------------------

def prepare(args) -> dict:
    """Migrate, generate the province once, and return what the load needs (in this process)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection, connections

    from branches.models import Member, Organization, Role, RoleKind, Sector

    call_command("migrate", interactive=False, verbosity=0)
    if not Organization.objects.exists():
        call_command("generate_scale", organizations=args.organizations, members=args.members)

    role = (Role.objects.filter(user__username="bench", kind=RoleKind.CLERK)
            .select_related("organization", "user").order_by("organization__path").first())
    if role is None:
        sys.exit("The database holds organisations but no clerk `bench`: use an empty database.")
    top, user = role.organization, role.user
    district = (Organization.objects.get_children(top).filter(kind="superior", sector=Sector.COMMUNE).first()
                or Organization.objects.get_children(top).first())
    members = Member.objects.filter(organization__path__startswith=top.path).count()
    organizations = Organization.objects.filter(path__startswith=top.path).count()

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()

    with connection.cursor() as cursor:
        # The steady state autovacuum would reach: statistics and a visibility map for the
        # tables the pages read, so runs just after generate_scale measure the same thing.
        for model in (Organization, Member):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    connections.close_all()
    pages = members // settings.MEMBERS_PER_PAGE + (1 if members % settings.MEMBERS_PER_PAGE else 0)
    return {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
        "top": top, "district": district, "members": members, "organizations": organizations,
        "middle_page": max(1, pages // 2), "pg_version": pg_version,
    }


# The server -----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int, env: dict, *, extra_args=(), wait_seconds: int = 30) -> subprocess.Popen:
    """gunicorn serving the app on 127.0.0.1:`port`, once its login page answers (`extra_args`:
    more gunicorn options, as benchmarks/load.py's setups give)."""
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--workers", str(workers), "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
        "--log-level", "warning", *extra_args,
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}")
        try:
            status, _ = get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "/accounts/login/", "")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    sys.exit(f"gunicorn did not answer within {wait_seconds} s")


# The load -------------------------------------------------------------------------------------

def get(connection: http.client.HTTPConnection, path: str, cookie: str) -> tuple[int, int]:
    """One GET on a kept connection (gunicorn's sync workers close it; http.client reopens)."""
    for attempt in (1, 2):
        try:
            connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = connection.getresponse()
            body = response.read()
            return response.status, len(body)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            connection.close()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def latencies(port: int, path: str, cookie: str, requests: int, max_seconds: float = 30.0) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    deadline = time.monotonic() + max_seconds
    while len(times) < requests and time.monotonic() < deadline:
        started = time.perf_counter()
        status, _ = get(connection, path, cookie)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            sys.exit(f"GET {path} answered {status}")
    connection.close()
    return times


def throughput(port: int, path: str, cookie: str, connections: int, seconds: float) -> tuple[float, float]:
    """Requests per second over `connections` concurrent connections, and their median latency."""
    times: list[list[float]] = [[] for _ in range(connections)]
    failures: list[str] = []
    start = threading.Barrier(connections + 1)

    def run(own: list[float]):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start.wait()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            began = time.perf_counter()
            status, _ = get(connection, path, cookie)
            own.append((time.perf_counter() - began) * 1000)
            if status != 200:
                failures.append(f"GET {path} answered {status}")
                break
        connection.close()

    threads = [threading.Thread(target=run, args=(own,)) for own in times]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if failures:
        sys.exit(failures[0])
    every = [t for own in times for t in own]
    return len(every) / elapsed, statistics.median(every)


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


# The report -----------------------------------------------------------------------------------

def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version()}


def main() -> int:
    args = parse_args()
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
           "CONN_MAX_AGE": "600", "APP_MODE": "development", "PYTHONPATH": str(ROOT)}
    env.pop("REDIS_URL", None)
    env.pop("DEBUG", None)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "CONN_MAX_AGE")})
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))

    ensure_database(database_url)
    data = prepare(args)
    top, district, cookie = data["top"], data["district"], data["cookie"]
    latency_pages = [
        ("Member list, page 1 (subtree of the province)", f"/org/{top.pk}/members/?subtree=on"),
        (f"Member list, page {data['middle_page']}", f"/org/{top.pk}/members/?subtree=on&page={data['middle_page']}"),
        ("Member search `nguyen` (subtree)", f"/org/{top.pk}/members/?q=nguyen&subtree=on"),
        ("Tree page, province", f"/org/{top.pk}/"),
        (f"Tree page, district ({district.name})", f"/org/{district.pk}/"),
    ]
    member_list, reference = latency_pages[0][1], "/bench/reference/"

    port = free_port()
    server = start_gunicorn(port, args.workers, env)
    try:
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _, path in [*latency_pages, ("", reference)]:
            for _ in range(10 * args.workers):  # every worker compiles templates, opens its connection
                status, _ = get(warm, path, cookie)
                if status != 200:
                    sys.exit(f"GET {path} answered {status}")
        warm.close()

        results: dict[str, list] = {path: [] for _, path in latency_pages}
        load: dict[str, list] = {member_list: [], reference: []}
        for round_number in range(1, args.rounds + 1):
            for _, path in latency_pages:
                times = latencies(port, path, cookie, args.latency_requests)
                results[path].append((statistics.median(times), p90(times)))
            pair = [member_list, reference] if round_number % 2 else [reference, member_list]
            for path in pair:
                load[path].append(throughput(port, path, cookie, args.connections, args.seconds))
            print(f"round {round_number}: " + ", ".join(
                f"{path} {load[path][-1][0]:.0f} req/s" for path in (member_list, reference)), file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=30)

    info = machine()
    print(f"\nDate: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · {info['nproc']} CPUs ({info['cpu']}) · "
          f"Python {info['python']} · PostgreSQL {data['pg_version']}")
    print(f"Dataset: {data['organizations']} organisations, {data['members']} members under {top.name} · "
          f"gunicorn {args.workers} sync workers · {args.rounds} rounds, medians of the rounds\n")
    print(f"Latency, 1 connection ({args.latency_requests} requests per page and round):\n")
    print("| Page | median (ms) | p90 (ms) | medians per round (ms) |")
    print("|---|---:|---:|---|")
    ok = True
    for label, path in latency_pages:
        medians = [m for m, _ in results[path]]
        median = statistics.median(medians)
        ok &= median < LATENCY_TARGET_MS
        print(f"| {label} `{path}` | {median:.1f} | {statistics.median(p for _, p in results[path]):.1f} | "
              f"{' / '.join(f'{m:.1f}' for m in medians)} |")

    list_rps = statistics.median(r for r, _ in load[member_list])
    reference_rps = statistics.median(r for r, _ in load[reference])
    # Both pages are measured back to back in each round: the ratio of a round is the fair
    # comparison on a machine whose load changes, and its median is the figure quoted.
    ratios = [a[0] / b[0] for a, b in zip(load[member_list], load[reference])]
    ratio = statistics.median(ratios)
    ok &= ratio >= THROUGHPUT_TARGET
    print(f"\nThroughput, {args.connections} connections, {args.seconds:g} s per measurement:\n")
    print("| Page | requests/s (median) | median latency under load (ms) | requests/s per round |")
    print("|---|---:|---:|---|")
    for label, path in [("Member list, page 1", member_list), ("Reference: bare 50-row table", reference)]:
        print(f"| {label} `{path}` | {statistics.median(r for r, _ in load[path]):.0f} | "
              f"{statistics.median(m for _, m in load[path]):.1f} | {' / '.join(f'{r:.0f}' for r, _ in load[path])} |")
    print(f"\nMember list / reference throughput, median of the rounds: **{ratio:.2f}** (target ≥ "
          f"{THROUGHPUT_TARGET}); per round: {' / '.join(f'{r:.2f}' for r in ratios)}; "
          f"ratio of the median rates: {list_rps / reference_rps:.2f}")
    print(f"\nTargets (median < {LATENCY_TARGET_MS:.0f} ms, ratio ≥ {THROUGHPUT_TARGET}): {'met' if ok else 'NOT met'}")
    if args.quick:
        print_quick_note()
        return 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
