#!/usr/bin/env python
"""Serve the app with gunicorn and measure a plan's progress pages for 600 congresses.

    .venv/bin/python benchmarks/dashboard.py --database sqlite     [--rounds 3] [--requests 100]
    .venv/bin/python benchmarks/dashboard.py --database postgres   (DATABASE_URL, default below)
    .venv/bin/python benchmarks/dashboard.py --quick               (30 congresses: does it run?)

The database is its own (not benchmarks/pages.py's, whose province has 599 organisations under
it and whose figures must stay comparable): SQLite in SQLITE_PATH (default
.state/bench-progress.sqlite3) or PostgreSQL at DATABASE_URL (default postgres://postgres@
127.0.0.1:5432/congress_bench_progress), created and migrated if missing. Filled once: a province
from `manage.py generate_scale --organizations 700 --members 3000` (the clerk `bench` on it),
then a plan of the province covering 600 of its organisations (branches first), written straight
to the tables: congresses in every state spread around today (so every kind of deadline is met,
pending and missed), one pilot in twenty with debriefs, a working group per district or bloc
(some organisations followed by two, some by none) and the public holidays of 2025–2027. Later
runs reuse it.

Then, as benchmarks/pages.py does: gunicorn (2 sync workers, benchmarks.settings: DEBUG off,
CONN_MAX_AGE=600) on 127.0.0.1, signed in as `bench` through a session made with SessionStore,
10 warm-up requests per page and worker, then --rounds rounds of --requests GETs per page on one
connection; the median of the round medians is quoted, with p90. Also timed in this process:
the dashboard's selector alone (congress.progress.plan_progress) and its queries.

Prints a markdown table (docs/benchmarks.md) and exits 1 if the dashboard's median is not under
100 ms.

--quick checks that the script runs end to end (tests/test_benchmarks_smoke.py): a province of 130
organisations and 300 members, a plan of 30 congresses, one gunicorn worker, one round of 3
requests per page; the figures mean nothing and the target is not enforced (exit 0 unless it
fails). Give it a database of its own (SQLITE_PATH or DATABASE_URL): a later full run would reuse
the small plan.
"""

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from common import QUICK_HELP, print_quick_note  # beside this script
from pages import free_port, get, latencies, machine, p90, start_gunicorn

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/congress_bench_progress"
DEFAULT_SQLITE_PATH = ROOT / ".state" / "bench-progress.sqlite3"
PLAN_SUBJECT = "Kế hoạch tổ chức đại hội các tổ chức cơ sở đảng (đo tải)"
DASHBOARD_TARGET_MS = 100.0
SEED = 2025

# Public holidays as an administrator would enter them (Tết and compensatory days vary by year).
HOLIDAYS = {
    2025: ["01-01", "01-27", "01-28", "01-29", "01-30", "01-31", "04-07", "04-30", "05-01", "05-02", "09-01", "09-02"],
    2026: ["01-01", "02-16", "02-17", "02-18", "02-19", "02-20", "04-27", "04-30", "05-01", "09-01", "09-02"],
    2027: ["01-01", "02-05", "02-08", "02-09", "02-10", "02-11", "04-16", "04-30", "05-03", "09-02", "09-03"],
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=100, help="per page and round")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--congresses", type=int, default=600)
    parser.add_argument("--members", type=int, default=3000, help="generated with the province")
    parser.add_argument("--quick", action="store_true",
                        help=f"30 congresses, 1 worker, 1 round of 3 requests; {QUICK_HELP}")
    args = parser.parse_args()
    if args.quick:
        args.congresses, args.members, args.workers, args.rounds, args.requests = 30, 300, 1, 1, 3
    return args


# The dataset ----------------------------------------------------------------------------------

def prepare(args) -> dict:
    """Migrate, generate the province and the plan once, and return what the load needs."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection, connections

    from branches.models import Organization, Role, RoleKind
    from congress.models import Congress, Plan

    call_command("migrate", interactive=False, verbosity=0)
    if not Organization.objects.exists():
        organizations = (args.congresses + 100) if args.quick else max(700, args.congresses + 100)
        call_command("generate_scale", organizations=organizations, members=args.members)
    role = (Role.objects.filter(user__username="bench", kind=RoleKind.CLERK)
            .select_related("organization", "user").order_by("organization__path").first())
    if role is None:
        sys.exit("The database holds organisations but no clerk `bench`: use an empty database.")
    top, user = role.organization, role.user

    plan = Plan.objects.filter(organization=top, document__subject=PLAN_SUBJECT).first()
    if plan is None:
        started = time.perf_counter()
        plan = build_plan(top, user, args.congresses)
        print(f"Plan of {args.congresses} congresses built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    congresses = Congress.objects.filter(plan=plan).count()
    months = Counter(f"{day:%Y-%m}" for day in Congress.objects.filter(plan=plan, scheduled_on__isnull=False)
                     .values_list("scheduled_on", flat=True))

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("congress_congress", "congress_workinggroup_organizations", "branches_organization"):
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"
    selector = time_selector(plan)
    connections.close_all()
    return {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}", "plan": plan, "top": top,
        "congresses": congresses, "version": version, "selector": selector,
        "busy_month": months.most_common(1)[0][0] if months else "",
    }


def build_plan(top, user, count: int):
    """The plan, its scope and congresses, written straight to the tables (as generate_scale
    does): plan_create for the plan and its KH document, then bulk inserts."""
    from auditlog.context import disable_auditlog
    from django.db import transaction
    from django.utils import timezone

    from branches.models import Organization, OrganizationKind, Term
    from congress import rules
    from congress.models import Congress, Debrief, Holiday, Plan, PlanScope, WorkingGroup
    from congress.services.plans import plan_create

    rng = random.Random(SEED)
    today = timezone.localdate()
    below = list(Organization.objects.filter(path__startswith=top.path, depth__gt=top.depth).order_by("path"))
    branch_kinds = {OrganizationKind.BRANCH, OrganizationKind.GRASSROOTS_BRANCH}
    chosen = [o for o in below if o.kind in branch_kinds][:count]
    chosen += [o for o in below if o.kind not in branch_kinds and o.depth > top.depth + 1][: count - len(chosen)]
    if len(chosen) < count:
        sys.exit(f"The province holds {len(chosen)} organisations below its districts, fewer than {count}.")
    chosen.sort(key=lambda o: o.path)
    term, _ = Term.objects.get_or_create(start_year=2025, end_year=2030)
    plan = plan_create(
        acting_user=user, organization=top, term=term, subject=PLAN_SUBJECT, scope=[],
        congresses_held_by=today + timedelta(days=30), pilots_held_by=today - timedelta(days=45),
    )
    pilots = {o.pk for o in chosen[::20]}
    with transaction.atomic(), disable_auditlog():
        Plan.objects.filter(pk=plan.pk).update(opened_at=timezone.now())
        PlanScope.objects.bulk_create([PlanScope(plan=plan, organization=o, is_pilot=o.pk in pilots) for o in chosen])
        rows = []
        for org in chosen:
            pilot = org.pk in pilots
            # Pilots went first; the rest are spread from two months ago to six weeks ahead.
            day = today - timedelta(days=rng.randint(50, 80) if pilot else rng.randint(-45, 60))
            rows.append(Congress(plan=plan, organization=org, ordinal=rng.randint(1, 12), is_pilot=pilot,
                                 kind=rules.MEMBERS, scheduled_on=day, venue="Hội trường", **_state_on(rng, day, today)))
        Congress.objects.bulk_create(rows, batch_size=500)
        held_pilots = Congress.objects.filter(plan=plan, is_pilot=True, held_on__isnull=False).values_list("pk", flat=True)
        Debrief.objects.bulk_create([
            Debrief(congress_id=pk, lessons="Chuẩn bị văn kiện sớm; kiểm tra kỹ danh sách triệu tập.",
                    recorded_by=user, published_at=timezone.now() if rng.random() < 0.8 else None)
            for pk in held_pilots
        ])
        # A working group per district or bloc, following the chosen organisations under it;
        # every seventh one followed by the next group too; one district's left unassigned.
        districts = list(Organization.objects.filter(path__startswith=top.path, depth=top.depth + 1).order_by("path"))
        groups = [WorkingGroup.objects.create(plan=plan, name=f"Tổ công tác số {i + 1} ({d.name})")
                  for i, d in enumerate(districts[:-1])]
        through = WorkingGroup.organizations.through
        links = []
        for index, (group, district) in enumerate(zip(groups, districts)):
            under = [o for o in chosen if o.path.startswith(district.path)]
            links += [through(workinggroup=group, organization=o) for o in under]
            following = groups[(index + 1) % len(groups)]
            links += [through(workinggroup=following, organization=o) for o in under[::7]]
        through.objects.bulk_create(links, batch_size=1000)
        for year, days in HOLIDAYS.items():
            for day in days:
                Holiday.objects.get_or_create(date=date.fromisoformat(f"{year}-{day}"), defaults={"name": "Nghỉ lễ"})
    return plan


def _state_on(rng: random.Random, day: date, today: date) -> dict:
    """A plausible state for a congress scheduled on `day`, with its dates."""
    from congress import rules

    if rng.random() < 0.02:
        return {"state": rules.ANNULLED, "annulment_reason": "Không bảo đảm quy trình bầu cử"}
    ahead = (day - today).days
    if ahead > 30:
        return {"state": rng.choice([rules.PLANNED, rules.PREPARING])}
    if ahead > 10:
        return {"state": rng.choice([rules.PLANNED, rules.PREPARING, rules.PREPARING, rules.SUBMITTED])}
    if ahead > 0:
        return {"state": rng.choice([rules.PREPARING, rules.SUBMITTED, rules.REVIEWED, rules.REVIEWED])}
    if rng.random() < 0.08:  # the day passed and the congress did not take place
        return {"state": rng.choice([rules.SUBMITTED, rules.REVIEWED])}
    received = day + timedelta(days=rng.randint(3, 14))
    if received > today or rng.random() < 0.2:
        return {"state": rules.HELD, "held_on": day}
    ratified = received + timedelta(days=rng.randint(5, 30))
    if ratified > today or rng.random() < 0.2:
        return {"state": rules.RESULTS_REPORTED, "held_on": day, "results_received_on": received}
    return {"state": rules.RATIFIED, "held_on": day, "results_received_on": received, "ratified_on": ratified}


def time_selector(plan, runs: int = 30) -> dict:
    """The dashboard's selector alone, in this process: its median and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from congress.progress import plan_progress

    today = timezone.localdate()
    plan_progress(plan, today=today)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        progress = plan_progress(plan, today=today)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        plan_progress(plan, today=today)
    return {"median": statistics.median(times), "queries": len(queries), "overdue": progress.overdue_count,
            "held": progress.held, "counted": progress.counted, "groups": len(progress.groups)}


# The run --------------------------------------------------------------------------------------

def main() -> int:
    args = parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings", "CONN_MAX_AGE": "600",
           "APP_MODE": "development", "PYTHONPATH": str(ROOT)}
    for name in ("REDIS_URL", "DEBUG"):
        env.pop(name, None)
    if args.database == "postgres":
        from common import ensure_database

        env["DATABASE_URL"] = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
        ensure_database(env["DATABASE_URL"])
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = os.environ.get("SQLITE_PATH", str(DEFAULT_SQLITE_PATH))
        Path(env["SQLITE_PATH"]).parent.mkdir(parents=True, exist_ok=True)
    os.environ.update(env)
    if args.database == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))

    data = prepare(args)
    plan, cookie = data["plan"], data["cookie"]
    base = f"/plans/{plan.pk}/progress/"
    pages = [
        ("Dashboard", base),
        ("List, page 1", f"{base}congresses/"),
        ("List, search `chi bo` + overdue only, page 2", f"{base}congresses/?q=chi+bo&overdue=any&page=2"),
        ("Calendar, month of the next congress", f"{base}calendar/"),
        (f"Calendar, {data['busy_month']}", f"{base}calendar/?month={data['busy_month']}"),
    ]

    load_before = os.getloadavg()[0]
    port = free_port()
    server = start_gunicorn(port, args.workers, env)
    results: dict[str, list] = {path: [] for _, path in pages}
    sizes: dict[str, int] = {}
    try:
        import http.client

        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _, path in pages:
            for _ in range(10 * args.workers):
                status, size = get(warm, path, cookie)
                if status != 200:
                    sys.exit(f"GET {path} answered {status}")
                sizes[path] = size
        warm.close()
        for round_number in range(1, args.rounds + 1):
            for _, path in pages:
                times = latencies(port, path, cookie, args.requests)
                results[path].append((statistics.median(times), p90(times)))
            print(f"round {round_number}: dashboard {results[base][-1][0]:.1f} ms", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=30)

    info, selector = machine(), data["selector"]
    print(f"\nDate: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · {info['nproc']} CPUs ({info['cpu']}) · "
          f"Python {info['python']} · {data['version']} · load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after")
    print(f"Dataset: plan {plan.pk} of {data['top'].name}, {data['congresses']} congresses "
          f"({selector['held']}/{selector['counted']} held, {selector['overdue']} missed deadlines, "
          f"{selector['groups']} working groups) · gunicorn {args.workers} sync workers · "
          f"{args.rounds} rounds of {args.requests} requests per page, medians of the rounds\n")
    print("| Page | median (ms) | p90 (ms) | medians per round (ms) | size (KB) |")
    print("|---|---:|---:|---|---:|")
    for label, path in pages:
        medians = [m for m, _ in results[path]]
        print(f"| {label} `{path}` | {statistics.median(medians):.1f} | "
              f"{statistics.median(p for _, p in results[path]):.1f} | {' / '.join(f'{m:.1f}' for m in medians)} | "
              f"{sizes[path] / 1024:.0f} |")
    print(f"\nIn this process: `plan_progress` (the dashboard's selector) {selector['median']:.1f} ms median, "
          f"{selector['queries']} queries.")
    dashboard = statistics.median(m for m, _ in results[base])
    ok = dashboard < DASHBOARD_TARGET_MS
    print(f"\nTarget (dashboard median < {DASHBOARD_TARGET_MS:.0f} ms): {'met' if ok else 'NOT met'}")
    if args.quick:
        print_quick_note()
        return 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
