#!/usr/bin/env python
"""
Figures from one run on this machine (`make bench`). Not a test: nothing here asserts.

a) The public strategy page's throughput under gunicorn, as a ratio to a bare Django view served by
   the same gunicorn through the same middleware (target: at least 0.5), plus the figures that are
   not the best case: with Redis only (no per-process copy, as on a server whose copy has just
   expired), when a browser revalidates with If-None-Match, for a cold anonymous render (a cache
   miss on every request), and signed in (never cached). The three configurations run as three
   gunicorns side by side, measured in alternating turns.
b) The PDF pipeline (the whole core.tasks.render_document path, for a document whose hash does not
   match) as a ratio to WeasyPrint alone on the same HTML (target: at most 1.2).

It needs DATABASE_URL (PostgreSQL) and REDIS_URL (Redis), both on this machine. It makes its own
throwaway database (hwb_bench) on DATABASE_URL's server and uses its own Redis database (14),
dropping and flushing both first and again at the end. It takes about a minute and a half.
"""

import argparse
import gc
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
BENCH_DB = "hwb_bench"
BENCH_REDIS_DB = 14
WORKERS = 2
CONNECTIONS = 16
TARGET_PAGE_RATIO = 0.5
TARGET_PDF_RATIO = 1.2
ROUNDS = 2


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def fail(message: str) -> NoReturn:
    print(f"bench: {message}", file=sys.stderr, flush=True)
    sys.exit(2)


# Setup ---------------------------------------------------------------------------------------------


def bench_urls() -> tuple[str, str, str]:
    """(bench DATABASE_URL, maintenance DATABASE_URL, bench REDIS_URL), all on loopback."""
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        fail("DATABASE_URL must point at PostgreSQL (make bench sets it; or run scripts/with-services.sh).")
    if not redis_url.startswith("redis://"):
        fail("REDIS_URL must point at Redis (make bench sets it; or run scripts/with-services.sh).")
    db, redis = urlsplit(database_url), urlsplit(redis_url)
    for name, parts in (("DATABASE_URL", db), ("REDIS_URL", redis)):
        if parts.hostname not in LOOPBACK:
            # The bench drops a database and flushes a Redis db: never on someone else's server.
            fail(f"{name} must be on this machine (127.0.0.1), not {parts.hostname!r}.")
    bench_db = urlunsplit(db._replace(path=f"/{BENCH_DB}", query=""))
    maintenance_db = urlunsplit(db._replace(path="/postgres", query=""))
    bench_redis = urlunsplit(redis._replace(path=f"/{BENCH_REDIS_DB}", query=""))
    return bench_db, maintenance_db, bench_redis


def recreate_database(maintenance_url: str, *, create: bool = True) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        if create:
            connection.execute(f'CREATE DATABASE "{BENCH_DB}"')


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url, socket_timeout=5).flushdb()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def load_data() -> None:
    from django.core.management import call_command, get_commands

    if "load_demo" not in get_commands():
        fail(
            "manage.py load_demo does not exist yet: the bench measures the demo data "
            "(Thurrock's published strategy). Add the command, then run make bench again."
        )
    say("migrating the bench database")
    call_command("migrate", verbosity=0, interactive=False)
    say("loading the demo data (manage.py load_demo)")
    output = io.StringIO()  # It lists the demo accounts: not wanted among the figures.
    try:
        call_command("load_demo", verbosity=0, stdout=output, stderr=output)
    except Exception:
        print(output.getvalue(), file=sys.stderr)
        raise


def demo_strategy():
    from strategies.models import Status, Strategy

    strategies = Strategy.objects.filter(status=Status.PUBLISHED).select_related("board")
    strategy = strategies.filter(board__slug="thurrock").order_by("-start_year").first() or strategies.first()
    if strategy is None:
        fail("load_demo made no published strategy: nothing to measure.")
    return strategy


# b) PDF ---------------------------------------------------------------------------------------------


def bench_pdf(strategy, *, runs: int) -> dict:
    """Best of `runs` (after a warm-up) for our render path and for WeasyPrint alone."""
    from django.db import close_old_connections
    from weasyprint import HTML

    from core import documents
    from core.documents import rendering
    from core.models import Document
    from core.tasks import render_document

    source = documents.get_kind("strategy_pdf").build(strategy.pk)
    if source is None:
        fail(f"The strategy_pdf kind built nothing for strategy {strategy.pk}.")
    html = source.parts[0].html
    document, _ = Document.objects.get_or_create(kind="strategy_pdf", object_id=strategy.pk)
    base_url = documents.STATIC_SCHEME + "/"

    # Time WeasyPrint's share of our path too, so that what the pipeline adds (building the HTML,
    # progress updates, storing the file) shows apart from the run-to-run noise of rendering.
    inside: list[float] = []
    html_to_pdf = rendering.html_to_pdf

    def timed_html_to_pdf(*args, **kwargs):
        started = time.perf_counter()
        try:
            return html_to_pdf(*args, **kwargs)
        finally:
            inside.append(time.perf_counter() - started)

    def ours() -> float:
        # Force the render: the task skips a document whose current version has the same hash.
        Document.objects.filter(pk=document.pk).update(current=None)
        started = time.perf_counter()
        render_document(document.pk)
        return time.perf_counter() - started

    def plain() -> float:
        started = time.perf_counter()
        HTML(string=html, base_url=base_url).write_pdf(pdf_variant=documents.PDF_VARIANT)
        return time.perf_counter() - started

    say("PDF: warming up (imports, fonts)")
    laid_out = HTML(string=html, base_url=base_url).render(pdf_variant=documents.PDF_VARIANT)
    pages = len(laid_out.pages)
    laid_out.write_pdf(pdf_variant=documents.PDF_VARIANT)
    del laid_out
    ours()
    ours_times, plain_times, overheads = [], [], []
    rendering.html_to_pdf = timed_html_to_pdf
    try:
        for run in range(runs):
            say(f"PDF: run {run + 1} of {runs}")
            # Interleaved, and first in turn, so that neither drift in the machine's speed nor going
            # second favours one of them.
            for which in ("ours", "plain") if run % 2 == 0 else ("plain", "ours"):
                gc.collect()  # Outside the timings: garbage from one render is not charged to the next.
                if which == "ours":
                    ours_times.append(ours())
                    overheads.append(ours_times[-1] - inside[-1])
                else:
                    plain_times.append(plain())
    finally:
        rendering.html_to_pdf = html_to_pdf
    document = Document.objects.select_related("current").get(pk=document.pk)
    if document.status != Document.Status.READY:
        fail(f"The render task did not finish: {document.status} {document.error}")
    close_old_connections()
    return {
        "pages": pages,
        "html_kb": round(len(html.encode()) / 1024, 1),
        "pdf_kb": round(document.current.size / 1024, 1),
        "ours_s": min(ours_times),
        "plain_s": min(plain_times),
        "ours_all_s": ours_times,
        "plain_all_s": plain_times,
        "outside_weasyprint_s": min(overheads),
        "ratio": min(ours_times) / min(plain_times),
    }


# a) Public page -------------------------------------------------------------------------------------


class Gunicorn:
    def __init__(self, env: dict[str, str], port: int):
        self.port = port
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi",
            "--workers", str(WORKERS), "--worker-class", "sync",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        ]  # fmt: skip
        # A session of its own, so that stopping it stops its workers too.
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, path: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                status, _, _ = request(self.port, path)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        fail(f"gunicorn did not answer on {path} within {timeout:.0f} s. Its log:\n{self.read_log()}")

    def read_log(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


def request(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def others_cpu(seconds: float = 1.0) -> float | None:
    """The share of all CPUs busy over a second while the bench itself is idle (Linux only)."""

    def sample() -> tuple[int, int]:
        fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # Total, and idle + iowait.

    try:
        total_before, idle_before = sample()
        time.sleep(seconds)
        total_after, idle_after = sample()
    except (OSError, ValueError, IndexError):
        return None
    total = total_after - total_before
    return 1 - (idle_after - idle_before) / total if total else None


def find_wrk() -> str | None:
    wrk = shutil.which("wrk")
    if wrk or os.geteuid() != 0 or not shutil.which("apt-get"):
        return wrk
    say("wrk is missing: installing it (apt-get install -y wrk)")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        if subprocess.run(["apt-get", "install", "-y", "wrk"], env=apt_env, timeout=120, **quiet).returncode:
            # The package lists may be missing (a fresh image): fetch them once and try again.
            subprocess.run(["apt-get", "update"], env=apt_env, timeout=120, **quiet)
            subprocess.run(["apt-get", "install", "-y", "wrk"], env=apt_env, timeout=120, **quiet)
    except subprocess.TimeoutExpired:
        say("installing wrk took too long")
    return shutil.which("wrk")


def run_wrk(wrk: str, port: int, path: str, seconds: int, headers: dict | None = None) -> dict:
    command = [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not rps:
        fail(f"Could not read wrk's output:\n{output}")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(rps.group(1)),
        "bad_responses": int(bad.group(1)) if bad else 0,
        "p50_ms": _wrk_latency(output, "50%"),
        "p99_ms": _wrk_latency(output, "99%"),
        "socket_errors": sum(int(n) for n in re.findall(r"\d+", errors.group(1))) if errors else 0,
    }


def _wrk_latency(output: str, percentile: str) -> float:
    match = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\b", output, re.MULTILINE)
    if not match:
        return float("nan")
    return float(match.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)]


def run_python_load(port: int, path: str, seconds: int, headers: dict | None = None) -> dict:
    """A bounded keep-alive load generator: CONNECTIONS threads, each with its own connection."""
    deadline = time.monotonic() + seconds
    counts = {"ok": 0, "bad": 0, "errors": 0}
    latencies: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        ok = bad = errors = 0
        mine = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                # http.client reconnects by itself when gunicorn's sync worker closes the connection.
                connection.request("GET", path, headers=headers or {})
                response = connection.getresponse()
                response.read()
                if response.status < 400:
                    ok += 1
                else:
                    bad += 1
                mine.append(time.perf_counter() - started)
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
        connection.close()
        with lock:
            counts["ok"] += ok
            counts["bad"] += bad
            counts["errors"] += errors
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 15)
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(p: float) -> float:
        return latencies[int(p * (len(latencies) - 1))] * 1000 if latencies else float("nan")

    return {
        "rps": (counts["ok"] + counts["bad"]) / elapsed,
        "bad_responses": counts["bad"],
        "p50_ms": percentile(0.5),
        "p99_ms": percentile(0.99),
        "socket_errors": counts["errors"],
    }


def combine(measured: list[dict]) -> dict:
    """One case's turns (of equal length) as one figure."""
    return {
        "rps": sum(m["rps"] for m in measured) / len(measured),
        "rps_by_round": [m["rps"] for m in measured],
        "bad_responses": sum(m["bad_responses"] for m in measured),
        "socket_errors": sum(m["socket_errors"] for m in measured),
        "p50_ms": sorted(m["p50_ms"] for m in measured)[len(measured) // 2],
        "p99_ms": max(m["p99_ms"] for m in measured),
    }


def signed_in_cookie() -> str:
    """A session cookie for a user with no roles: they see the public page, rendered every time."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(username="bench-resident")
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


# The gunicorns the page is measured on, and the settings each differs by. "redis_only" shares the
# main server's Redis entries but keeps no copy of its own (a per-process copy that expires at once);
# "cold" uses keys of its own and stores nothing (both timeouts 0), so every request misses.
SERVERS = {
    "main": {},
    "redis_only": {"PUBLIC_PAGE_LOCAL_SECONDS": "0"},
    "cold": {
        "PUBLIC_PAGE_LOCAL_SECONDS": "0",
        "PUBLIC_PAGE_CACHE_SECONDS": "0",
        "CACHE_KEY_PREFIX": "hwb-bench-cold",
    },
}


def stored_pages(redis_url: str, prefix: str) -> int:
    """How many public pages are stored in Redis under a cache key prefix."""
    import redis

    return len(redis.Redis.from_url(redis_url, socket_timeout=5).keys(f"{prefix}:*public-strategy:*"))


def bench_page(env: dict[str, str], strategy, *, seconds: int, tool: str | None) -> dict:
    page = strategy.get_absolute_url()
    cookie = signed_in_cookie()
    servers: dict[str, Gunicorn] = {}
    try:
        for name, overrides in SERVERS.items():
            port = free_port()
            say(f"starting gunicorn {name} ({WORKERS} sync workers) on 127.0.0.1:{port}")
            servers[name] = Gunicorn({**env, **overrides}, port)
        for server in servers.values():
            server.wait_ready("/bench/bare")
        main = servers["main"]
        status, headers, body = request(main.port, page)
        if status != 200:
            fail(f"{page} answered {status}, not 200. gunicorn's log:\n{main.read_log()}")
        status, headers, _ = request(main.port, page)
        etag = headers.get("ETag")
        checks = {"page_bytes": len(body), "etag": etag or ""}
        if etag:
            checks["revalidate_status"] = request(main.port, page, {"If-None-Match": etag})[0]
            if checks["revalidate_status"] != 304:
                say(f"WARNING: If-None-Match got {checks['revalidate_status']}, not 304")
        else:
            say("WARNING: the page has no ETag, so it is not being cached (is its PDF ready?)")

        def measure(server: str, path: str, duration: int, headers: dict | None = None) -> dict:
            port = servers[server].port
            if tool:
                return run_wrk(tool, port, path, duration, headers)
            return run_python_load(port, path, duration, headers)

        say("warming up")
        measure("main", "/bench/bare", 2)
        for name in servers:
            measure(name, page, 2)
        cold_pages = stored_pages(env["REDIS_URL"], SERVERS["cold"]["CACHE_KEY_PREFIX"])
        checks["cold_pages_stored"] = cold_pages
        if cold_pages:
            say(f"WARNING: the cold server stored {cold_pages} page(s): its figure is not all misses")
        cases = {
            "bare": ("main", "/bench/bare", None),
            "public": ("main", page, None),
            "redis_only": ("redis_only", page, None),
        }
        if etag:
            cases["revalidate"] = ("main", page, {"If-None-Match": etag})
        cases["cold"] = ("cold", page, None)
        # In turns of a few seconds rather than one long run each: other work on the machine then
        # slows every case alike, instead of whichever case happened to be running.
        turn = max(2, round(seconds / ROUNDS))
        slices: dict[str, list[dict]] = {name: [] for name in cases}
        for round_number in range(ROUNDS):
            for name, (server, path, headers) in cases.items():
                say(f"round {round_number + 1} of {ROUNDS}: {name} ({server}: {path}) for {turn} s")
                slices[name].append(measure(server, path, turn, headers))
        results = {"page": page, **checks}
        for name, measured in slices.items():
            results[name] = combine(measured)
        results["ratios_by_round"] = [
            public["rps"] / bare["rps"] for public, bare in zip(slices["public"], slices["bare"], strict=True)
        ]
        say(f"signed in (not cached) for {turn} s")
        results["signed_in"] = combine([measure("main", page, turn, {"Cookie": cookie})])
        return results
    finally:
        for server in servers.values():
            server.stop()


# Report ---------------------------------------------------------------------------------------------


def report(page: dict, pdf: dict, tool: str, strategy) -> str:
    bare = page["bare"]["rps"]
    rows = [
        ("bare Django view (/bench/bare)", page["bare"], None),
        ("public strategy page (anonymous, cached)", page["public"], TARGET_PAGE_RATIO),
        ("same, Redis only (no per-process copy)", page["redis_only"], None),
    ]
    if "revalidate" in page:
        rows.append(("same, revalidated (If-None-Match, 304)", page["revalidate"], None))
    rows.append(("same, cold (a cache miss every request)", page["cold"], None))
    rows.append(("same page signed in (rendered every time)", page["signed_in"], None))
    header = (
        f"HWB Portal bench, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
        f"gunicorn {WORKERS} sync workers, load from {tool}"
    )
    if page["busy_before"] is not None:
        header += f"; other programs used {page['busy_before']:.0%} of the CPUs just before"
    lines = [
        "",
        header,
        f"Strategy: {strategy.board.name}: {strategy.title} ({page['page']}, {page['page_bytes']:,} bytes)",
        "",
        f"{'a) Throughput':<44}{'req/s':>9}{'vs bare':>9}{'p50':>10}{'p99':>10}  target",
    ]
    for label, figures, target in rows:
        ratio = figures["rps"] / bare if bare else 0
        verdict = ""
        if target is not None:
            verdict = f">= {target}: {'met' if ratio >= target else 'NOT MET'}"
        latency = f"{figures['p50_ms']:>8.1f}ms{figures['p99_ms']:>8.1f}ms"
        lines.append(f"{label:<44}{figures['rps']:>9.0f}{ratio:>9.2f}{latency}  {verdict}")
        if figures["bad_responses"] or figures["socket_errors"]:
            lines.append(
                f"    ! {figures['bad_responses']} error responses, {figures['socket_errors']} socket errors"
            )
    by_round = ", ".join(f"{ratio:.2f}" for ratio in page["ratios_by_round"])
    lines.append(f"    public page / bare, round by round: {by_round}")
    if page["busy_before"] is not None and page["busy_before"] > 0.2:
        lines.append(
            f"    ! Other programs were using {page['busy_before']:.0%} of the CPUs just before: "
            "these throughput figures are not reliable. Run it again on a quiet machine."
        )
    verdict = "met" if pdf["ratio"] <= TARGET_PDF_RATIO else "NOT MET"
    lines += [
        "",
        f"b) PDF ({pdf['pages']} pages, HTML {pdf['html_kb']} KB, PDF {pdf['pdf_kb']} KB), best of "
        f"{len(pdf['ours_all_s'])} after a warm-up",
        f"{'WeasyPrint alone (HTML.write_pdf, pdf/ua-1)':<44}{pdf['plain_s']:>8.3f} s"
        f"   ({pdf['plain_s'] / pdf['pages'] * 1000:.0f} ms a page)",
        f"{'our pipeline (core.tasks.render_document)':<44}{pdf['ours_s']:>8.3f} s"
        f"   ratio {pdf['ratio']:.2f}, target <= {TARGET_PDF_RATIO}: {verdict}",
        f"    every run, ours: {', '.join(f'{t:.3f}' for t in pdf['ours_all_s'])}; "
        f"WeasyPrint alone: {', '.join(f'{t:.3f}' for t in pdf['plain_all_s'])}",
        f"    our path outside WeasyPrint (HTML, progress, storing the file): "
        f"{pdf['outside_weasyprint_s'] * 1000:.0f} ms a render",
        "",
    ]
    if tool.startswith("python"):
        lines.append(
            "Note: measured with the Python load generator, not wrk. It shares the CPUs and the GIL, "
            "so its figures are lower and the ratio is less reliable than wrk's."
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10, help="length of each measurement (default 10)")
    parser.add_argument("--pdf-runs", type=int, default=3, help="timed PDF renders of each kind (default 3)")
    parser.add_argument(
        "--keep-db", action="store_true", help=f"leave the {BENCH_DB} database for inspection"
    )
    parser.add_argument(
        "--load",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator (default: wrk if possible)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    args.seconds = max(2, min(args.seconds, 60))
    args.pdf_runs = max(1, min(args.pdf_runs, 10))

    bench_db, maintenance_db, bench_redis = bench_urls()
    media = tempfile.mkdtemp(prefix="hwb-bench-media-")
    # A test run's id would give every server the test run's cache key prefix.
    env = {
        **{name: value for name, value in os.environ.items() if name != "HWB_TEST_RUN_ID"},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "false",
        "BENCH_VIEWS": "true",
        "STATIC_MANIFEST": "false",
        "DATABASE_URL": bench_db,
        "REDIS_URL": bench_redis,
        "MEDIA_ROOT": media,
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    started = time.monotonic()
    say(f"recreating the database {BENCH_DB} and flushing Redis db {BENCH_REDIS_DB}")
    recreate_database(maintenance_db)
    flush_redis(bench_redis)
    try:
        setup_django(env)
        load_data()
        strategy = demo_strategy()
        # b) first: it leaves the strategy's PDF ready, and the page is cached only once it is.
        pdf = bench_pdf(strategy, runs=args.pdf_runs)
        from django.db import connections

        connections.close_all()
        flush_redis(bench_redis)  # Tasks queued by load_demo, and anything cached so far.
        wrk = find_wrk() if args.load != "python" else None
        if args.load == "wrk" and not wrk:
            fail("wrk is not installed (Debian: apt-get install -y wrk).")
        tool = f"wrk -t2 -c{CONNECTIONS}" if wrk else f"python http.client, {CONNECTIONS} threads"
        busy_before = others_cpu()
        page = bench_page(env, strategy, seconds=args.seconds, tool=wrk)
        page["busy_before"] = busy_before
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            recreate_database(maintenance_db, create=False)
        flush_redis(bench_redis)
        shutil.rmtree(media, ignore_errors=True)

    print(report(page, pdf, tool, strategy))
    print(f"Total run time {time.monotonic() - started:.0f} s.")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"tool": tool, "page": page, "pdf": pdf}, indent=2))


if __name__ == "__main__":
    main()
