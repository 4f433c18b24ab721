#!/usr/bin/env python
"""Measure the tally of an election (elections.rules) in one process: pure functions, no database.

    .venv/bin/python benchmarks/elections.py [--ballots 1500] [--candidates 40] [--seats 31] [--runs 30]
    .venv/bin/python benchmarks/elections.py --quick    (100 ballots, 3 runs: does it run?)

Builds --ballots ballots for a list of --candidates names and --seats seats (seeded, so every
run counts the same ballots): each voter strikes out between the surplus and half the list, at
random, so that every ballot is valid and the votes spread unevenly, as at a delegates' election.
Then times, --runs times each after one warm-up:

- `rules.tally` over the ballots as the sets of candidates they vote for (what closing an
  election computes once the readings are agreed);
- the same preceded by `rules.ballot_votes` for every ballot (struck positions to votes, as the
  counting turns agreed readings into votes);
- `rules.agreed` over two `rules.reading_text` readings per ballot (the reconciliation).

Prints a markdown table (docs/benchmarks.md, "Elections: the tally") with the median of the runs
and its ratio to the 50 ms target, and exits 1 if the tally's median is not under it.

--quick checks that the script runs end to end (tests/test_benchmarks_smoke.py): tiny sizes, whose
figures mean nothing, so the target is printed but not enforced (exit 0 unless it fails).
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from common import QUICK_HELP, print_quick_note  # beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

TALLY_TARGET_MS = 50.0
SEED = 2025


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=1500)
    parser.add_argument("--candidates", type=int, default=40)
    parser.add_argument("--seats", type=int, default=31)
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each measure (at least 20)")
    parser.add_argument("--quick", action="store_true", help=f"100 ballots, 3 runs; {QUICK_HELP}")
    args = parser.parse_args()
    if args.quick:
        args.ballots, args.runs = 100, 3
    elif args.runs < 20:
        parser.error("--runs must be at least 20")
    if not 1 <= args.seats <= args.candidates:
        parser.error("--seats must be between 1 and --candidates")
    return args


def make_strikes(ballots: int, candidates: int, seats: int) -> list[list[int]]:
    """Struck positions (1..candidates) per ballot: at least the surplus, at most half the list."""
    rng = random.Random(SEED)
    positions = list(range(1, candidates + 1))
    # Some names are struck far more often than others, as on a real list.
    weights = [rng.uniform(0.2, 3.0) for _ in positions]
    fewest = candidates - seats
    most = max(fewest, candidates // 2)
    result = []
    for _ in range(ballots):
        count = rng.randint(fewest, most)
        struck: set[int] = set()
        while len(struck) < count:
            struck.add(rng.choices(positions, weights)[0])
        result.append(sorted(struck))
    return result


def timed(function, runs: int) -> list[float]:
    function()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    args = parse_args()
    load_before = os.getloadavg()[0]
    import django

    django.setup()
    from elections import rules

    candidates = list(range(1, args.candidates + 1))
    strikes = make_strikes(args.ballots, args.candidates, args.seats)
    votes = [rules.ballot_votes(candidates, struck, args.seats)[0] for struck in strikes]
    base = args.ballots + 12  # a few official members summoned did not vote: they still count

    def tally_only():
        return rules.tally(seats=args.seats, base=base, candidates=candidates, ballots=votes)

    def from_readings():
        read = []
        for struck in strikes:
            chosen, invalid = rules.ballot_votes(candidates, struck, args.seats)
            if invalid is None:
                read.append(chosen)
        return rules.tally(seats=args.seats, base=base, candidates=candidates, ballots=read)

    def reconcile():
        return [rules.agreed([rules.reading_text(s), rules.reading_text(reversed(s))]) for s in strikes]

    result = tally_only()
    assert result == from_readings()
    assert all(reconcile())
    measures = [
        ("`rules.tally` (the votes of each ballot)", timed(tally_only, args.runs)),
        ("`rules.ballot_votes` per ballot, then `rules.tally`", timed(from_readings, args.runs)),
        ("`rules.agreed` over two `reading_text` readings per ballot", timed(reconcile, args.runs)),
    ]

    print(f"\nDate: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} CPUs · "
          f"Python {platform.python_version()} · load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"Election: {args.ballots} valid ballots, {args.candidates} candidates, {args.seats} seats, base {base}; "
          f"{len(result.elected)} elected, {len(result.tied)} tied, {result.vacant} vacant · "
          f"{args.runs} runs after a warm-up\n")
    print(f"| Measure | median (ms) | min (ms) | max (ms) | median / {TALLY_TARGET_MS:.0f} ms target |")
    print("|---|---:|---:|---:|---:|")
    for label, times in measures:
        median = statistics.median(times)
        print(f"| {label} | {median:.2f} | {min(times):.2f} | {max(times):.2f} | {median / TALLY_TARGET_MS:.3f} |")
    tally_median = statistics.median(measures[0][1])
    ok = tally_median < TALLY_TARGET_MS
    print(f"\nTarget (tally median < {TALLY_TARGET_MS:.0f} ms): {'met' if ok else 'NOT met'}")
    if args.quick:
        print_quick_note()
        return 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
