#!/usr/bin/env python
"""Measure the statistics of a national-sized congress round (reporting.statistics) on PostgreSQL.

    .venv/bin/python benchmarks/round_statistics.py [--runs 15] [--congresses 5000] [--explain]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_round .venv/bin/python benchmarks/round_statistics.py
    .venv/bin/python benchmarks/round_statistics.py --quick    (20 congresses, 2 runs: does it run?)

(Not benchmarks/statistics.py: a script run from this folder would shadow the standard library's
`statistics` for every other script here.)

The database is its own: PostgreSQL at DATABASE_URL (default below), created and migrated if
missing, and filled once by `manage.py generate_round --congresses N` (a province of N congresses
below its districts and blocs, the round completed: about 30,000 committee members elected and
100,000 ballots keyed twice for 5,000 congresses; a few minutes). Later runs reuse it.

Then, in this process (settings benchmarks.settings: DEBUG off, persistent connection), each
measure once as a warm-up, then --runs times, timed with the wall clock, its queries counted
on one more run with CaptureQueriesContext:

- `totals(Scope(plan), today=...)`: the whole scope's figures;
- `totals(Scope(plan, organization=...))` for one grassroots committee: the one with the most
  congresses in its subtree;
- `units(...)` for that committee (its per-unit table);
- `units(Scope(plan))`: the whole scope's per-unit table (every congress: the query a page of
  the table pages through).

Prints a markdown table (docs/benchmarks.md, "Statistics of a national round") with medians,
p90s, query counts and ratios to the targets (whole scope under 1 s, one grassroots committee
under 100 ms), and exits 1 if a target is missed. --explain also prints EXPLAIN (ANALYZE,
BUFFERS) of the slowest query of the whole scope's totals.

--quick checks that the script runs end to end (tests/test_benchmarks_smoke.py): a round of 20
congresses, 2 runs of each measure; the figures mean nothing and the targets are not enforced
(exit 0 unless it fails). Give it a database of its own (DATABASE_URL): a later full run would
reuse the small round.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

from common import QUICK_HELP, print_quick_note  # beside this script
from pages import machine, p90

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_round"
WHOLE_TARGET_MS = 1000.0
COMMITTEE_TARGET_MS = 100.0
TODAY = date(2025, 10, 1)  # the day the figures are read: the round over (generate_round.AS_OF)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each measure (at least 5)")
    parser.add_argument("--congresses", type=int, default=5000, help="when the database must be filled")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest whole-scope query")
    parser.add_argument("--jit", choices=["off", "on"], default="off",
                        help="off: as the app connects (config.settings turns PostgreSQL's JIT off); on: SET "
                             "jit = on first, PostgreSQL's default (its JIT compiles the "
                             "whole-scope query for seconds)")
    parser.add_argument("--quick", action="store_true", help=f"20 congresses, 2 runs; {QUICK_HELP}")
    args = parser.parse_args()
    if args.quick:
        args.congresses, args.runs = 20, 2  # p90 needs two runs
    elif args.runs < 5:
        parser.error("--runs must be at least 5")
    return args


def prepare(args) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from branches.models import Organization, OrganizationKind
    from congress.models import Congress, ElectedSeat, Plan
    from elections.models import Ballot
    from reporting.management.commands.generate_round import PLAN_SUBJECT

    call_command("migrate", interactive=False, verbosity=0)
    plan = Plan.objects.filter(document__subject=PLAN_SUBJECT).select_related("organization").order_by("-pk").first()
    if plan is None:
        started = time.perf_counter()
        call_command("generate_round", congresses=args.congresses)
        print(f"Round of {args.congresses} congresses generated in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)
        plan = Plan.objects.filter(document__subject=PLAN_SUBJECT).select_related("organization").order_by("-pk").first()
    committees = Organization.objects.filter(
        path__startswith=plan.organization.path, kind=OrganizationKind.GRASSROOTS_COMMITTEE,
    )
    sizes = {
        org: Congress.objects.filter(plan=plan, organization__path__startswith=org.path).count()
        for org in committees
    }
    committee = max(sizes, key=lambda org: (sizes[org], -org.pk))
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = f"PostgreSQL {cursor.fetchone()[0]}" if connection.vendor == "postgresql" else connection.vendor
    return {
        "plan": plan, "committee": committee, "committee_congresses": sizes[committee], "version": version,
        "congresses": Congress.objects.filter(plan=plan).count(),
        "elected": ElectedSeat.objects.filter(congress__plan=plan).count(),
        "ballots": Ballot.objects.filter(election__congress__plan=plan).count(),
        "committees": len(sizes),
        "median_committee": sorted(sizes.values())[len(sizes) // 2],
        "by_kind": dict(Congress.objects.filter(plan=plan).values_list("organization__kind")
                        .annotate(n=Count("pk")).order_by()),
    }


def measure(function, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        function()
    return {"median": statistics.median(times), "p90": p90(times), "queries": len(queries),
            "captured": list(queries.captured_queries), "result": result}


def page_measures(plan, committee, runs: int) -> list:
    """The results page (GET, as the plan committee's clerk, through Django's test client: the
    view, its queries and its template, no HTTP server): the whole scope's first page, sorted by
    a figure, and one grassroots committee's."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from branches.models import Role

    user = get_user_model().objects.filter(roles__organization=plan.organization).first()
    if user is None:
        user = get_user_model().objects.create_user("bench_results", full_name="Benchmark")
        Role.objects.create(user=user, organization=plan.organization, kind="clerk")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = reverse("plan_results", kwargs={"pk": plan.pk})

    def get(query: str):
        response = client.get(url + query)
        assert response.status_code == 200, response.status_code
        return {}

    return [
        ("results page, whole scope (first 100 units)", None, measure(lambda: get(""), runs)),
        ("results page, whole scope sorted by women", None, measure(lambda: get("?sort=women&order=desc"), runs)),
        ("results page, one grassroots committee", None, measure(lambda: get(f"?scope=org:{committee.pk}"), runs)),
    ]


def explain(captured: list[dict]) -> None:
    from django.db import connection

    slowest = max(captured, key=lambda q: float(q["time"]))
    print(f"\nSlowest query of the whole scope's totals ({float(slowest['time']) * 1000:.0f} ms):\n")
    print(slowest["sql"][:4000] + (" ..." if len(slowest["sql"]) > 4000 else ""))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest['sql']}")
        print("\n".join(row[0] for row in cursor.fetchall()))


def main() -> int:
    args = parse_args()
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.update({"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
                       "CONN_MAX_AGE": "600", "APP_MODE": "development"})
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("DEBUG", None)
    sys.path.insert(0, str(ROOT))
    from common import ensure_database

    ensure_database(database_url)
    data = prepare(args)
    from reporting.statistics import Scope, totals, units

    plan, committee = data["plan"], data["committee"]
    whole, one = Scope(plan), Scope(plan, organization=committee)
    if args.jit == "on":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SET jit = on")
    load_before = os.getloadavg()[0]
    started = datetime.now(timezone.utc)
    measures = [
        ("`totals`, whole scope", WHOLE_TARGET_MS, measure(lambda: totals(whole, today=TODAY), args.runs)),
        ("`totals`, one grassroots committee", COMMITTEE_TARGET_MS,
         measure(lambda: totals(one, today=TODAY), args.runs)),
        ("`units`, one grassroots committee", COMMITTEE_TARGET_MS, measure(lambda: units(one, today=TODAY), args.runs)),
        ("`units`, whole scope (every row)", None, measure(lambda: units(whole, today=TODAY), args.runs)),
        *page_measures(plan, committee, args.runs),
    ]
    info = machine()
    figures = measures[0][2]["result"]
    print(f"\nDate: {started:%Y-%m-%d %H:%M} UTC · {info['nproc']} CPUs ({info['cpu']}) · Python {info['python']} · "
          f"{data['version']} (jit {args.jit}) · load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(data["by_kind"].items()))
    print(f"Dataset: plan {plan.pk} of {plan.organization.name}, {data['congresses']} congresses ({kinds}; "
          f"{figures['held']} held, {figures['ratified']} ratified), {data['elected']} elected seats "
          f"({figures['elected']} counted), {data['ballots']} ballots; {data['committees']} grassroots committees "
          f"(median {data['median_committee']} congresses each); the committee measured: {committee.name} "
          f"(pk {committee.pk}, {data['committee_congresses']} congresses) · {args.runs} runs after one warm-up\n")
    print("| Measured | median (ms) | p90 (ms) | queries | target (ms) | median / target |")
    print("|---|---:|---:|---:|---:|---:|")
    ok = True
    for label, target, result in measures:
        ratio = f"{result['median'] / target:.2f}" if target else "–"
        print(f"| {label} | {result['median']:.1f} | {result['p90']:.1f} | {result['queries']} | "
              f"{target or '–'} | {ratio} |")
        if target and result["median"] >= target:
            ok = False
    if args.explain:
        explain(measures[0][2]["captured"])
    print(f"\nTargets (whole scope < {WHOLE_TARGET_MS:.0f} ms, one grassroots committee < "
          f"{COMMITTEE_TARGET_MS:.0f} ms): {'met' if ok else 'NOT met'}")
    if args.quick:
        print_quick_note()
        return 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
