#!/usr/bin/env python
"""Measure keying ballots and the counting page of an election with 40 names and 1,500 ballots.

    .venv/bin/python benchmarks/counting.py --database sqlite     [--requests 200] [--page-requests 50]
    .venv/bin/python benchmarks/counting.py --database postgres   (DATABASE_URL, default below)
    .venv/bin/python benchmarks/counting.py --quick               (a few requests: does it run?)

The database is its own: SQLite in SQLITE_PATH (default .state/bench-counting.sqlite3) or
PostgreSQL at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/congress_bench_counting),
created and migrated if missing. Each run builds a fresh election (the previous run's is
deleted): a committee election of 31 seats with 40 names on the ballot at a branch's congress on
its day, 1,700 ballots issued, of which 1,500 already keyed by two operators (written straight to
the tables, 12 of them in disagreement; then the running totals counted from them, as
elections.services.counting.counting_totals_rebuild does).

Then, in this process with Django's test client (server time: the whole request through the
middleware, the view, the service and the template, no network), settings benchmarks.settings
(DEBUG off, persistent connection):

- keying: the first operator keys ballots 1,501 to 1,500 + --requests, then the second operator
  the same ballots with the same readings, each as static/js/counting.js does it (an htmx POST
  answered with the page's live part: the progress, disagreements and running totals read from
  the election's running totals, which the keying keeps);
- the counting page: --page-requests GETs by the first operator;
- ballot_key alone (the service, no request) for --requests corrections.

Prints a markdown table (docs/benchmarks.md) and exits 1 if the keying median is not under 50 ms.

--quick checks that the script runs end to end (tests/test_benchmarks_smoke.py): the same election,
5 ballots keyed per operator and 3 page requests; the figures mean nothing and the target is not
enforced (exit 0 unless it fails).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from common import QUICK_HELP, print_quick_note  # beside this script
from pages import machine, p90

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/congress_bench_counting"
DEFAULT_SQLITE_PATH = ROOT / ".state" / "bench-counting.sqlite3"
KEY_TARGET_MS = 50.0
SEED = 2025
NAMES, SEATS, KEYED, ISSUED, SPLIT = 40, 31, 1500, 1700, 12
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hải", "Hoa", "Khánh", "Lan", "Minh", "Nam", "Oanh", "Phúc",
         "Quang", "Sơn", "Tâm", "Thảo", "Uyên", "Vân", "Xuân"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=200, help="ballots keyed per operator (at most 200)")
    parser.add_argument("--page-requests", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help=f"5 ballots, 3 page requests; {QUICK_HELP}")
    args = parser.parse_args()
    if args.quick:
        args.requests, args.page_requests = 5, 3
    return args


def build(rng: random.Random):
    """The organisations, the two operators and a fresh election with 1,500 ballots keyed twice."""
    from auditlog.context import disable_auditlog
    from django.db import transaction

    import documents.services.renders as renders
    from branches.models import Member, Organization, RoleKind, User
    from branches.tests.factories import MemberFactory, OrganizationFactory, RoleFactory, UserFactory
    from congress.tests.builders import issued_plan
    from elections.models import Ballot, BallotEntry, Election
    from elections.services.counting import counting_totals_rebuild_in_transaction
    from elections.tests.builders_counting import voting_election

    renders._enqueue = lambda job_id: None  # the plan's PDF is not rendered here
    first = User.objects.filter(username="bench_op1").first()
    if first is None:
        top = OrganizationFactory(name="Đảng bộ phường (đo tải)", kind="grassroots_committee", short_name="ĐU")
        branch = OrganizationFactory(parent=top, name="Chi bộ kiểm phiếu (đo tải)", kind="branch")
        clerk, leader = UserFactory(username="bench_clerk"), UserFactory(username="bench_leader")
        RoleFactory(user=clerk, organization=top, kind=RoleKind.CLERK)
        RoleFactory(user=leader, organization=top, kind=RoleKind.LEADER)
        for username in ("bench_op1", "bench_op2"):
            RoleFactory(user=UserFactory(username=username, full_name=f"Tổ kiểm phiếu {username[-1]}"),
                        organization=branch, kind=RoleKind.CLERK)
        issued_plan(organization=top, clerk=clerk, leader=leader, pilots=[branch])
        for index in range(NAMES):
            MemberFactory(organization=branch, full_name=f"{FAMILY[index % 10]} Văn {GIVEN[index % 20]} {index + 1}")
        first = User.objects.get(username="bench_op1")
    second = User.objects.get(username="bench_op2")
    branch = Organization.objects.get(name="Chi bộ kiểm phiếu (đo tải)")
    congress = branch.congresses.get()
    with disable_auditlog():
        Election.objects.filter(congress=congress).delete()
        members = list(Member.objects.filter(organization=branch).order_by("sort_key", "pk")[:NAMES])
        election = voting_election(congress=congress, created_by=first, seats=SEATS, members=members,
                                   summoned=ISSUED, present=ISSUED, base=ISSUED, ballots_issued=ISSUED)
    with transaction.atomic():
        ballots = Ballot.objects.bulk_create([Ballot(election=election, serial=s) for s in range(1, KEYED + 1)])
        split = set(rng.sample(range(1, KEYED + 1), SPLIT))
        entries = []
        for ballot in ballots:
            struck = sorted(rng.sample(range(1, NAMES + 1), rng.randint(NAMES - SEATS, 16)))
            entries.append(BallotEntry(ballot=ballot, operator=first, struck=struck))
            other = struck if ballot.serial not in split else sorted(set(struck) ^ {rng.randint(1, NAMES)})
            entries.append(BallotEntry(ballot=ballot, operator=second, struck=other))
        BallotEntry.objects.bulk_create(entries, batch_size=1000)
        counting_totals_rebuild_in_transaction(election=election)
    return election, first, second


def measure(args) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse

    from elections.models import InvalidReason
    from elections.services.counting import ballot_key

    call_command("migrate", interactive=False, verbosity=0)
    rng = random.Random(SEED)
    started = time.perf_counter()
    election, first, second = build(rng)
    built = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("elections_ballot", "elections_ballotentry", "elections_entrylogline",
                          "elections_countingtotals", "elections_operatortotals"):
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"

    key_url = reverse("election_key", kwargs={"pk": election.pk})
    page_url = reverse("election_counting", kwargs={"pk": election.pk})
    count = min(args.requests, ISSUED - KEYED)
    readings = {KEYED + i: sorted(rng.sample(range(1, NAMES + 1), rng.randint(NAMES - SEATS, 16)))
                for i in range(1, count + 1)}
    # The static files as the development server serves them (no collectstatic manifest needed).
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    results = {}
    with override_settings(STORAGES=storages, ALLOWED_HOSTS=["testserver"]):
        clients = {}
        for user in (first, second):
            clients[user.pk] = Client(headers={"accept-language": "vi"})
            clients[user.pk].force_login(user)
        for _ in range(5):  # warm-up: templates, translations, the connection
            clients[first.pk].get(page_url)
        key_times = {}
        for user in (first, second):
            times = []
            for serial, struck in readings.items():
                began = time.perf_counter()
                response = clients[user.pk].post(key_url, {"serial": serial, "reading": " ".join(map(str, struck))},
                                                 headers={"HX-Request": "true"})
                times.append((time.perf_counter() - began) * 1000)
                if response.status_code != 200 or b'data-key-result="ok"' not in response.content:
                    sys.exit(f"Keying ballot {serial} failed: {response.status_code} {response.content[:300]!r}")
            key_times[user.username] = times
        with CaptureQueriesContext(connection) as key_queries:
            clients[first.pk].post(key_url, {"serial": KEYED + 1, "reading": " ".join(map(str, readings[KEYED + 1]))},
                                   headers={"HX-Request": "true"})
        page_times = []
        for _ in range(args.page_requests):
            began = time.perf_counter()
            response = clients[first.pk].get(page_url)
            page_times.append((time.perf_counter() - began) * 1000)
            if response.status_code != 200:
                sys.exit(f"GET {page_url} answered {response.status_code}")
        page_size = len(response.content)
        with CaptureQueriesContext(connection) as page_queries:
            clients[first.pk].get(page_url)
    service_times = []
    for serial, struck in list(readings.items())[:count]:
        began = time.perf_counter()
        ballot_key(acting_user=first, election=election, serial=serial, struck=struck[1:], invalid_reason=None)
        service_times.append((time.perf_counter() - began) * 1000)
    results.update({
        "version": version, "built": built, "key": key_times, "key_queries": len(key_queries),
        "page": page_times, "page_queries": len(page_queries), "page_size": page_size, "service": service_times,
        "count": count, "reasons": InvalidReason.objects.count(),
    })
    return results


def main() -> int:
    args = parse_args()
    env = {"DJANGO_SETTINGS_MODULE": "benchmarks.settings", "CONN_MAX_AGE": "600", "APP_MODE": "development"}
    for name in ("REDIS_URL", "DEBUG"):
        os.environ.pop(name, None)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    if args.database == "postgres":
        from common import ensure_database

        os.environ["DATABASE_URL"] = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
        ensure_database(os.environ["DATABASE_URL"])
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = os.environ.get("SQLITE_PATH", str(DEFAULT_SQLITE_PATH))
        Path(os.environ["SQLITE_PATH"]).parent.mkdir(parents=True, exist_ok=True)

    load_before = os.getloadavg()[0]
    r = measure(args)
    info = machine()
    print(f"\nDate: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · {info['nproc']} CPUs ({info['cpu']}) · "
          f"Python {info['python']} · {r['version']} · load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after")
    print(f"Dataset: {NAMES} names for {SEATS} seats, {ISSUED} ballots issued, {KEYED} keyed by two operators "
          f"({SPLIT} in disagreement), built in {r['built']:.1f} s · Django test client in this process "
          f"(server time), benchmarks.settings\n")
    print("| Measured | requests | median (ms) | p90 (ms) | queries |")
    print("|---|---:|---:|---:|---:|")
    for username, times in r["key"].items():
        label = "first" if username.endswith("1") else "second (the readings agree)"
        print(f"| Key a ballot, {label} operator (htmx POST, live part answered) | {len(times)} | "
              f"{statistics.median(times):.1f} | {p90(times):.1f} | {r['key_queries']} |")
    print(f"| Counting page (GET, {r['page_size'] / 1024:.0f} KB) | {len(r['page'])} | {statistics.median(r['page']):.1f} | "
          f"{p90(r['page']):.1f} | {r['page_queries']} |")
    print(f"| `ballot_key` alone (a correction, no request) | {len(r['service'])} | "
          f"{statistics.median(r['service']):.1f} | {p90(r['service']):.1f} | – |")
    key_median = statistics.median([t for times in r["key"].values() for t in times])
    ok = key_median < KEY_TARGET_MS
    print(f"\nTarget (keying median < {KEY_TARGET_MS:.0f} ms): {'met' if ok else 'NOT met'} ({key_median:.1f} ms)")
    if args.quick:
        print_quick_note()
        return 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
