#!/usr/bin/env python
"""Office load: 50 people clicking through a congress round, against gunicorn and PostgreSQL.

    .venv/bin/python benchmarks/load.py                          (both profiles, both setups, 3 rounds)
    .venv/bin/python benchmarks/load.py --profile office --setup after --rounds 1
    .venv/bin/python benchmarks/load.py --quick                  (a small round, a few seconds: does it run?)

Creates the database named by DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
congress_bench_load) if missing, migrates it and fills it once with `manage.py generate_round
--congresses 600` (a province whose plan covers 600 congresses, held and counted: the
progress dashboard, the results and the counting pages have their full size), then adds ten
documents of the province open for comments, one session per simulated user (the clerk `bench`)
and the plan locust reads (benchmarks/locustfile.py: the pages, their weights, the writes).

Then, for each round, profile and setup (in alternating order, so that both setups see the same
machine): gunicorn on 127.0.0.1 (benchmarks.settings: DEBUG off, CONN_MAX_AGE=600), warmed,
and locust headless in its own process for --seconds. Profiles:

- office:   --users users, 1–3 s between clicks (the target: p95 < 300 ms, no error);
- saturate: --users users, no pause (beyond capacity: what waits, and for how long).

Setups: "before", the deployment as docs/deploy.md described it before the load work (5 workers,
`--timeout 60`, the kernel's queue of 2,048 connections, no queue guard), and "after", as it
describes it now (docs/deploy.md "gunicorn", QUEUE_TIMEOUT_SECONDS).

Prints per page and setup the medians over the rounds of p50/p95/p99/max, the number of requests,
errors and 503s, the load average, and the per-round ratio after/before of the p95 and of the
max; exits 1 if the office profile of the "after" setup misses its target.

--quick checks that the script runs end to end (tests/test_benchmarks_smoke.py): a round of 60
congresses, 5 users, 3 s per profile and setup, one round; the figures mean nothing and the
target is not enforced. Give it a database of its own (DATABASE_URL).
"""

import argparse
import csv
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from common import QUICK_HELP, ensure_database, print_quick_note  # beside this script
import pages
from pages import free_port, get, machine

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/congress_bench_load"
P95_TARGET_MS = 300.0
PROFILES = {"office": "1,3", "saturate": "0,0"}
CSRF_TOKEN = "loadbenchmarkcsrftoken0123456789"  # 32 characters of the cookie's alphabet
LOGIN_PASSWORD = "load-bench-2026"  # the benchmark's own database only

# The gunicorn command lines compared: what docs/deploy.md said before, and what it says now.
SETUPS = {
    "before": {"args": ["--timeout", "60"], "env": {"QUEUE_TIMEOUT_SECONDS": "0"}},
    "after": {"args": ["--timeout", "30", "--backlog", "64"], "env": {"QUEUE_TIMEOUT_SECONDS": "5"}},
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", choices=["office", "saturate", "both"], default="both")
    parser.add_argument("--setup", choices=["before", "after", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=60, help="of load per profile, setup and round")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1,
                        help="gunicorn sync workers (docs/deploy.md: 2 × cores + 1)")
    parser.add_argument("--congresses", type=int, default=600)
    parser.add_argument("--login", action="store_true",
                        help="every user first signs in through the login form (all at once), instead of a session made beforehand")
    parser.add_argument("--quick", action="store_true", help=f"60 congresses, 5 users, 3 s per run, 1 round; {QUICK_HELP}")
    args = parser.parse_args()
    if args.quick:
        args.congresses, args.users, args.seconds, args.rounds, args.workers = 60, 5, 3, 1, 2
    return args


# The database and the plan locust reads --------------------------------------------------------

def prepare(args, users: int) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection, connections

    from branches.models import Member, Organization, Role, RoleKind, Sector
    from congress.models import Congress, CongressState, Plan
    from documents.models import Document
    from documents.rules import COMMENTING, Actor, Move
    from documents.services.documents import document_create, document_move
    from elections.models import Election

    call_command("migrate", interactive=False, verbosity=0)
    if not Organization.objects.exists():
        if args.quick:
            call_command("generate_round", scale="small")
        else:
            call_command("generate_round", congresses=args.congresses)
    role = (Role.objects.filter(user__username="bench", kind=RoleKind.CLERK)
            .select_related("organization", "user").order_by("organization__path").first())
    if role is None:
        sys.exit("The database holds organisations but no clerk `bench`: use an empty database.")
    top, user = role.organization, role.user
    district = (Organization.objects.get_children(top).filter(kind="superior", sector=Sector.COMMUNE).first()
                or Organization.objects.get_children(top).first())
    plan = Plan.objects.filter(organization=top).order_by("pk").first()
    if plan is None:
        sys.exit("The database holds no plan of the province: use an empty database (generate_round fills it).")
    congress = (Congress.objects.filter(plan=plan, state=CongressState.RATIFIED).order_by("pk").first()
                or Congress.objects.filter(plan=plan).order_by("pk").first())
    election = Election.objects.filter(congress__plan=plan, ballots__isnull=False).order_by("pk").first()

    subject = "Báo cáo tình hình chuẩn bị đại hội (đo tải)"
    documents = list(Document.objects.filter(issuer=top, subject__startswith=subject, state=COMMENTING)
                     .order_by("pk").values_list("pk", flat=True))
    for number in range(len(documents), 10):
        document = document_create(acting_user=user, issuer=top, doc_type="BC", subject=f"{subject} {number + 1}",
                                   body="<p>Dự thảo báo cáo.</p><p>Nội dung chính.</p>")
        document_move(acting_user=user, document=document, move=Move.OPEN_COMMENTS, actors={Actor.CLERK})
        documents.append(document.pk)

    if args.login:
        user.set_password(LOGIN_PASSWORD)
        user.save(update_fields=["password"])
    sessions = []
    for _ in range(users):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")

    with connection.cursor() as cursor:
        for model in (Organization, Member):  # the state autovacuum reaches after a bulk load
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    organizations = Organization.objects.filter(path__startswith=top.path).count()
    members = Member.objects.filter(organization__path__startswith=top.path).count()
    congresses = Congress.objects.filter(plan=plan).count()
    connections.close_all()
    pages = {
        "Home": "/",
        "Tree, province": f"/org/{top.pk}/",
        "Tree, district": f"/org/{district.pk}/",
        "Member list, district": f"/org/{district.pk}/members/?subtree=on",
        "Member list, province": f"/org/{top.pk}/members/?subtree=on&page=3",
        "Member search": f"/org/{top.pk}/members/?q=nguyen&subtree=on",
        "Congress page": f"/congresses/{congress.pk}/",
        "Progress dashboard": f"/plans/{plan.pk}/progress/",
        "Plan results": f"/plans/{plan.pk}/results/",
        "Counting page": f"/elections/{election.pk}/counting/",
    }
    return {
        "plan": {"pages": pages, "documents": documents, "sessions": sessions, "csrf": CSRF_TOKEN,
                 "username": user.username, "password": LOGIN_PASSWORD},
        "summary": f"{organizations} organisations, {members} members, a plan of {congresses} congresses under {top.name}",
        "pg_version": pg_version,
    }


# One run: gunicorn, then locust ------------------------------------------------------------------

def start_gunicorn(port: int, workers: int, setup: str, env: dict) -> subprocess.Popen:
    return pages.start_gunicorn(
        port, workers, {**env, **SETUPS[setup]["env"]}, extra_args=SETUPS[setup]["args"], wait_seconds=60
    )


def warm(port: int, plan: dict, workers: int) -> None:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    cookie = plan["sessions"][0]
    paths = [*plan["pages"].values(), *(f"/documents/{pk}/" for pk in plan["documents"][:1])]
    for path in paths:
        for _ in range(workers):  # most workers compile their templates and open their connection
            status, _ = get(connection, path, cookie)
            if status >= 400:
                sys.exit(f"GET {path} answered {status} while warming up")
    connection.close()


def run_locust(port: int, plan_path: Path, think: str, users: int, seconds: int, out: Path, env: dict,
               login: bool) -> dict:
    """locust headless in its own process; per request name: count, failures, 503s and the
    percentiles from its CSV (milliseconds)."""
    prefix = out / "stats"
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless",
        "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
        "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary",
        "--loglevel", "ERROR", "--exit-code-on-error", "0", "--stop-timeout", "0",
    ]
    locust_env = {**env, "LOAD_PLAN": str(plan_path), "LOAD_THINK": think, "LOAD_LOGIN": "1" if login else "0"}
    finished = subprocess.run(command, cwd=ROOT, env=locust_env, capture_output=True, text=True,
                              timeout=seconds + 120)
    if finished.returncode != 0:
        sys.exit(f"locust exited {finished.returncode}:\n{finished.stderr[-3000:]}")
    stats = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats_file:
        for row in csv.DictReader(stats_file):
            name = "All requests" if row["Name"] == "Aggregated" else row["Name"]
            stats[name] = {
                "count": int(row["Request Count"]), "failures": int(row["Failure Count"]), "busy": 0,
                "p50": float(row["50%"]), "p95": float(row["95%"]), "p99": float(row["99%"]),
                "max": float(row["Max Response Time"]),
            }
    errors = []
    with open(f"{prefix}_failures.csv", encoding="utf-8") as failures_file:
        for row in csv.DictReader(failures_file):
            if "503" in row["Error"]:
                stats[row["Name"]]["busy"] += int(row["Occurrences"])
                stats["All requests"]["busy"] += int(row["Occurrences"])
            else:
                errors.append(f"{row['Method']} {row['Name']}: {row['Error']} ×{row['Occurrences']}")
    for row in stats.values():
        row["errors"] = row["failures"] - row["busy"]
    return {"pages": stats, "errors": errors}


# The report ---------------------------------------------------------------------------------------

def load_average() -> float:
    return os.getloadavg()[0]


def median_of(runs: list[dict], name: str, key: str) -> float:
    values = [run["pages"][name][key] for run in runs if name in run["pages"]]
    return statistics.median(values) if values else float("nan")


def report(profile: str, setup: str, runs: list[dict], names: list[str]) -> None:
    loads = " / ".join(f"{run['load']:.1f}" for run in runs)
    print(f"\n**{profile}**, setup **{setup}** (medians of {len(runs)} rounds; load average before each: {loads}):\n")
    print("| Page | requests | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | errors | 503 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in [*names, "All requests"]:
        if not any(name in run["pages"] for run in runs):
            continue
        total = lambda key: sum(run["pages"].get(name, {}).get(key, 0) for run in runs)  # noqa: E731
        label = f"**{name}**" if name == "All requests" else name
        print(f"| {label} | {median_of(runs, name, 'count'):.0f} | {median_of(runs, name, 'p50'):.0f} | "
              f"{median_of(runs, name, 'p95'):.0f} | {median_of(runs, name, 'p99'):.0f} | "
              f"{median_of(runs, name, 'max'):.0f} | {total('errors')} | {total('busy')} |")
    for run in runs:
        for error in run["errors"][:5]:
            print(f"  error: {error}")


def main() -> int:
    args = parse_args()
    if shutil.which("locust", path=str(Path(sys.executable).parent)) is None:
        try:
            import locust  # noqa: F401
        except ImportError:
            sys.exit("locust is missing: install requirements-dev.txt (pip install -r requirements-dev.txt --require-hashes).")
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
           "CONN_MAX_AGE": "600", "APP_MODE": "development", "PYTHONPATH": str(ROOT)}
    for name in ("REDIS_URL", "DEBUG"):
        env.pop(name, None)
        os.environ.pop(name, None)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "CONN_MAX_AGE")})
    sys.path.insert(0, str(ROOT))

    ensure_database(database_url)
    data = prepare(args, args.users)
    profiles = list(PROFILES) if args.profile == "both" else [args.profile]
    setups = list(SETUPS) if args.setup == "both" else [args.setup]
    results: dict[tuple[str, str], list[dict]] = {(p, s): [] for p in profiles for s in setups}

    with tempfile.TemporaryDirectory(prefix="load-") as scratch:
        plan_path = Path(scratch) / "plan.json"
        plan_path.write_text(json.dumps(data["plan"]), encoding="utf-8")
        for round_number in range(1, args.rounds + 1):
            order = setups if round_number % 2 else setups[::-1]
            for profile in profiles:
                for setup in order:
                    port = free_port()
                    server = start_gunicorn(port, args.workers, setup, env)
                    try:
                        warm(port, data["plan"], args.workers)
                        before = load_average()
                        out = Path(scratch) / f"{profile}-{setup}-{round_number}"
                        out.mkdir()
                        run = run_locust(port, plan_path, PROFILES[profile], args.users, args.seconds, out, env, args.login)
                        run["load"] = before
                    finally:
                        server.send_signal(signal.SIGTERM)
                        try:
                            server.wait(timeout=40)
                        except subprocess.TimeoutExpired:
                            server.kill()
                            server.wait()
                    results[(profile, setup)].append(run)
                    total = run["pages"]["All requests"]
                    print(f"round {round_number} {profile} {setup}: {total['count']} requests, p95 {total['p95']:.0f} ms, "
                          f"max {total['max']:.0f} ms, {total['errors']} errors, {total['busy']} 503 "
                          f"(load average {before:.1f})", file=sys.stderr, flush=True)

    info = machine()
    print(f"\nDate: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · {info['nproc']} CPUs ({info['cpu']}) · "
          f"Python {info['python']} · PostgreSQL {data['pg_version']}")
    print(f"Dataset: {data['summary']} · gunicorn {args.workers} sync workers · {args.users} users · "
          f"{args.seconds} s per run · {args.rounds} rounds" + (" · users sign in through the login form" if args.login else ""))
    names = ["Login", *data["plan"]["pages"], "Document page", "Write: comment", "Write: draft save"]
    for profile in profiles:
        for setup in setups:
            report(profile, setup, results[(profile, setup)], names)

    ok = True
    if "after" in setups and "office" in profiles:
        office = results[("office", "after")]
        p95 = median_of(office, "All requests", "p95")
        failed = sum(run["pages"]["All requests"]["failures"] for run in office)
        ok = p95 < P95_TARGET_MS and failed == 0
        print(f"\nTarget (office, after: p95 < {P95_TARGET_MS:.0f} ms, no error or 503): "
              f"p95 {p95:.0f} ms, {failed} failed: {'met' if ok else 'NOT met'}")
    if len(setups) == 2:
        for profile in profiles:
            pairs = list(zip(results[(profile, "after")], results[(profile, "before")]))
            for key in ("p95", "max"):
                ratios = [a["pages"]["All requests"][key] / max(b["pages"]["All requests"][key], 1) for a, b in pairs]
                print(f"{profile}: {key} after / before, per round {' / '.join(f'{r:.2f}' for r in ratios)}; "
                      f"median {statistics.median(ratios):.2f}")
    if args.quick:
        print_quick_note()
        return 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
