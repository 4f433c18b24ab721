#!/usr/bin/env python
"""Measure PDF rendering through a real Celery worker on Redis and PostgreSQL.

    .venv/bin/python benchmarks/worker.py [--latency 20] [--throughput 100] [--memory 500]
    .venv/bin/python benchmarks/worker.py --quick    (a few documents each: does it run?)

Creates the database named by DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
congress_wbench) if missing and migrates it; uses REDIS_URL (default redis://127.0.0.1:6379/13,
flushed first) and MEDIA_ROOT (default .state/bench-media). Fills it with short one-page drafts,
then starts `celery -A config worker --pool prefork --max-tasks-per-child 200` as a separate
process (config.settings, as an office runs it) and measures:

- latency: from the click (a POST to the document's PDF URL through Django's test client: the
  view, the commit, the enqueue) until the job row says `done` with its PDF stored; one document
  at a time, worker with 2 processes; the median is quoted. Target: under 0.5 s.
- throughput: N documents enqueued at once, the wall time until the last is done, with 1 and
  2 worker processes. Targets: at least 10 documents a second with 2, and the second process
  adding at least 70%.
- memory: one worker process renders M documents; the resident memory (VmRSS in
  /proc/<pid>/status) of its pool process(es) is sampled every 100 renders, once with the
  project's recycling (--max-tasks-per-child 200) and once without (the renderer alone).
  Target: under 250 MB and flat.

Prints a markdown table (docs/benchmarks.md, "Render worker") and exits 1 if a target is missed.

--quick checks that the script runs end to end (tests/test_benchmarks_smoke.py): 2 documents for
the latency, one round of 3 for the throughput, 2 renders for each memory run; the figures mean
nothing and the targets are not enforced (exit 0 unless it fails).
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from common import QUICK_HELP, ensure_database, print_quick_note  # beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/congress_wbench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
LATENCY_TARGET_S = 0.5
THROUGHPUT_TARGET = 10.0
GAIN_TARGET = 0.70
MEMORY_TARGET_MB = 250.0
WAIT_SECONDS = 300
EXTRA = os.environ.get("BENCH_WORKER_ARGS", "").split()

BODY = (
    "<p>Căn cứ Điều lệ Đảng và Quy định số 24-QĐ/TW của Ban Chấp hành Trung ương thi hành Điều lệ Đảng;</p>"
    "<p>Chi bộ TDP Hoàng Trinh xây dựng kế hoạch tổ chức Đại hội Chi bộ nhiệm kỳ 2025–2030 như sau:</p>"
    "<p><strong>I. MỤC ĐÍCH, YÊU CẦU</strong></p>"
    "<p>1. Đánh giá đúng kết quả thực hiện Nghị quyết Đại hội nhiệm kỳ 2022–2025; xác định phương hướng, "
    "mục tiêu, nhiệm vụ và giải pháp cho nhiệm kỳ tới.</p>"
    "<p>2. Bầu Chi ủy, Bí thư, Phó Bí thư chi bộ đủ phẩm chất, năng lực, uy tín.</p>"
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=int, default=20, help="documents for the click-to-PDF latency")
    parser.add_argument("--throughput", type=int, default=100, help="documents per throughput run")
    parser.add_argument("--memory", type=int, default=500, help="renders for the memory run")
    parser.add_argument("--only", choices=["latency", "throughput", "memory"], help="one measurement only")
    parser.add_argument("--rounds", type=int, default=3, help="throughput runs per worker size (median quoted)")
    parser.add_argument("--sample-every", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help=f"2 or 3 documents per measure; {QUICK_HELP}")
    args = parser.parse_args()
    if args.quick:
        args.latency, args.throughput, args.rounds, args.memory, args.sample_every = 2, 3, 1, 2, 2
    return args


# The database and the dataset ------------------------------------------------------------------

def prepare():
    import django

    django.setup()
    from django.core.management import call_command

    from branches.models import Organization, Role, RoleKind, Term, User
    from documents.models import RenderJob

    call_command("migrate", interactive=False, verbosity=0)
    RenderJob.objects.all().delete()  # every run renders afresh
    user = User.objects.filter(username="bench_render").first()
    if user is None:
        user = User.objects.create_user(username="bench_render", password="not-used-bench-only", full_name="Bench")
    organization = Organization.objects.filter(name="Chi bộ Đo hiệu năng").first()
    if organization is None:
        organization = Organization.objects.add_root(
            {"name": "Chi bộ Đo hiệu năng", "kind": "superior", "sector": "agency", "short_name": "CB",
             "place_name": "Kỳ Trinh"}
        )
    Role.objects.get_or_create(user=user, organization=organization, kind=RoleKind.CLERK)
    term, _ = Term.objects.get_or_create(start_year=2025, end_year=2030)
    return user, organization, term


def new_versions(user, organization, term, count: int, label: str):
    """`count` fresh one-page drafts (each render needs its own version: a second request for the
    same version reuses its job)."""
    from documents.models import Document, DocumentVersion

    documents = Document.objects.bulk_create([
        Document(issuer=organization, doc_type="KH", subject=f"Kế hoạch tổ chức Đại hội ({label} {i + 1})",
                 term=term, place="Kỳ Trinh", signing_mode="T/M", signing_body="CHI BỘ",
                 signer_position="BÍ THƯ", signer_name="Nguyễn Văn An", created_by=user,
                 recipients="- Đảng ủy phường,\n- Lưu Chi bộ.")
        for i in range(count)
    ])
    return DocumentVersion.objects.bulk_create([
        DocumentVersion(document=document, number=1, body=BODY, author=user) for document in documents
    ])


# The worker -----------------------------------------------------------------------------------

def start_worker(concurrency: int, max_tasks_per_child: int, env: dict) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "celery"), "-A", "config", "worker", "--concurrency", str(concurrency),
        "--pool", "prefork", "--max-tasks-per-child", str(max_tasks_per_child), "--loglevel", "warning",
        "-n", f"bench{concurrency}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
        *EXTRA,
    ]
    # The banner goes; warnings and errors (stderr) stay.
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    from config.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            sys.exit(f"The worker exited with {worker.returncode}.")
        replies = app.control.ping(timeout=0.5)
        if replies and len(pool_pids(worker.pid)) >= concurrency:
            time.sleep(1.0)  # let every pool process finish its warm-up render
            return worker
        time.sleep(0.2)
    worker.kill()
    sys.exit("The worker did not answer within 60 s.")


def stop_worker(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def pool_pids(parent: int) -> list[int]:
    try:
        with open(f"/proc/{parent}/task/{parent}/children") as handle:
            return [int(pid) for pid in handle.read().split()]
    except OSError:
        return []


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# The measurements -----------------------------------------------------------------------------

def wait_done(job_ids: list[int], poll: float = 0.002) -> float:
    """Waits until every job is done (fails loudly on a failed job); returns when it saw that."""
    from documents.models import RenderJob, RenderState

    pending = set(job_ids)
    deadline = time.monotonic() + WAIT_SECONDS
    while pending:
        rows = RenderJob.objects.filter(pk__in=pending).exclude(state__in=[RenderState.QUEUED, RenderState.RUNNING])
        for pk, state, error in rows.values_list("pk", "state", "error"):
            if state != RenderState.DONE:
                sys.exit(f"Job {pk} ended {state}: {error}")
            pending.discard(pk)
        if pending:
            if time.monotonic() > deadline:
                sys.exit(f"{len(pending)} jobs were not done after {WAIT_SECONDS} s.")
            time.sleep(poll)
    return time.perf_counter()


def measure_latency(user, versions) -> dict:
    from django.test import Client
    from django.urls import reverse

    from documents.models import RenderJob

    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    samples = []
    for version in versions:
        started = time.perf_counter()
        response = client.post(reverse("document_render", kwargs={"pk": version.document_id}))
        assert response.status_code == 302, response.status_code
        job_id = RenderJob.objects.filter(version=version).values_list("pk", flat=True).get()
        samples.append(wait_done([job_id]) - started)
        time.sleep(0.05)
    jobs = RenderJob.objects.filter(version__in=versions)
    return {
        "median": statistics.median(samples), "p90": sorted(samples)[int(len(samples) * 0.9) - 1],
        "min": min(samples), "max": max(samples),
        "render_ms": statistics.median(jobs.values_list("duration_ms", flat=True)),
    }


def enqueue_all(user, versions) -> list[int]:
    from documents.services.renders import render_request

    return [render_request(acting_user=user, version=version).pk for version in versions]


def measure_throughput(user, versions) -> dict:
    started = time.perf_counter()
    job_ids = enqueue_all(user, versions)
    finished = wait_done(job_ids, poll=0.01)
    return {"seconds": finished - started, "per_second": len(versions) / (finished - started)}


def throughput_rounds(user, organization, term, count: int, rounds: int, label: str) -> dict:
    measure_throughput(user, new_versions(user, organization, term, 10, "warm-up"))
    runs = [measure_throughput(user, new_versions(user, organization, term, count, label)) for _ in range(rounds)]
    median = statistics.median(run["seconds"] for run in runs)
    return {"seconds": median, "per_second": count / median, "all": [count / run["seconds"] for run in runs]}


def measure_memory(user, versions, worker: subprocess.Popen, every: int) -> list[tuple[int, list[float], float]]:
    """(renders so far, RSS of each pool process in MB, RSS of the parent) every `every` renders."""
    seen = set(pool_pids(worker.pid))
    samples = [(0, [rss_mb(pid) for pid in seen], rss_mb(worker.pid))]
    for start in range(0, len(versions), every):
        batch = versions[start:start + every]
        wait_done(enqueue_all(user, batch), poll=0.01)
        pids = pool_pids(worker.pid)
        seen.update(pids)
        samples.append((start + len(batch), [rss_mb(pid) for pid in pids], rss_mb(worker.pid)))
    return {"samples": samples, "processes": len(seen)}


def main() -> int:
    args = parse_args()
    database_url = os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    os.environ.setdefault("MEDIA_ROOT", str(ROOT / ".state" / "bench-media"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("APP_MODE", None)
    os.environ["DEBUG"] = "false"  # as in production: no query log growing in the worker
    subprocess.run(["redis-cli", "-u", redis_url, "flushdb"], check=True, stdout=subprocess.DEVNULL)
    ensure_database(database_url)
    user, organization, term = prepare()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    env = dict(os.environ)
    failures = []
    results = {}

    want = {args.only} if args.only else {"latency", "throughput", "memory"}
    if want & {"latency", "throughput"}:
        worker = start_worker(2, 200, env)
        try:
            if "latency" in want:
                measure_latency(user, new_versions(user, organization, term, 3, "warm-up"))
                results["latency"] = measure_latency(user, new_versions(user, organization, term, args.latency, "latency"))
            if "throughput" in want:
                results["throughput2"] = throughput_rounds(user, organization, term, args.throughput, args.rounds, "2 processes")
        finally:
            stop_worker(worker)
    if "throughput" in want:
        worker = start_worker(1, 200, env)
        try:
            results["throughput1"] = throughput_rounds(user, organization, term, args.throughput, args.rounds, "1 process")
        finally:
            stop_worker(worker)
    if "memory" in want:
        for label, recycle in (("recycled every 200", 200), ("never recycled", args.memory + 1000)):
            worker = start_worker(1, recycle, env)
            try:
                results[f"memory {label}"] = measure_memory(
                    user, new_versions(user, organization, term, args.memory, label), worker, args.sample_every
                )
            finally:
                stop_worker(worker)

    if "latency" in results:
        latency = results["latency"]
        if latency["median"] >= LATENCY_TARGET_S:
            failures.append("latency")
    if "throughput1" in results:
        one, two = results["throughput1"]["per_second"], results["throughput2"]["per_second"]
        gain = two / one - 1
        if two < THROUGHPUT_TARGET:
            failures.append("throughput")
        if gain < GAIN_TARGET:
            failures.append("gain of the second process")

    print()
    print(f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node()}: {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, PostgreSQL {pg_version}, Redis at {redis_url}.")
    print()
    print("| Measure | Result | Target |")
    print("|---|---|---|")
    if "latency" in results:
        print(f"| Click → stored PDF, median of {args.latency} (p90, min–max) | **{latency['median'] * 1000:.0f} ms** "
              f"({latency['p90'] * 1000:.0f}, {latency['min'] * 1000:.0f}–{latency['max'] * 1000:.0f} ms); "
              f"render itself {latency['render_ms']:.0f} ms | < 500 ms |")
    if "throughput1" in results:
        rounds = {n: ", ".join(f"{r:.1f}" for r in results[f"throughput{n}"]["all"]) for n in (1, 2)}
        print(f"| Throughput, 1 process ({args.throughput} documents, median of {args.rounds}) | {one:.1f} documents/s "
              f"({results['throughput1']['seconds']:.2f} s; rounds {rounds[1]}) | |")
        print(f"| Throughput, 2 processes ({args.throughput} documents, median of {args.rounds}) | **{two:.1f} documents/s** "
              f"({results['throughput2']['seconds']:.2f} s; rounds {rounds[2]}) | ≥ 10/s |")
        print(f"| Gain of the second process | **+{gain * 100:.0f}%** | ≥ +70% |")
    for key in (k for k in results if k.startswith("memory")):
        samples, processes = results[key]["samples"], results[key]["processes"]
        peak = max(max(rss or [0.0]) for _, rss, _ in samples)
        if peak >= MEMORY_TARGET_MB:
            failures.append(key)
        series = ", ".join(f"{n}: {'/'.join(f'{r:.0f}' for r in rss)}" for n, rss, _ in samples)
        print(f"| Pool process RSS (MB), {key.removeprefix('memory ')}, after N renders | {series}; "
              f"parent {samples[-1][2]:.0f} MB; {processes} pool process(es) in turn | < 250 MB, flat |")
    print()
    print("MISSED: " + ", ".join(failures) if failures else "All targets met.")
    if args.quick:
        print_quick_note()
        return 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
