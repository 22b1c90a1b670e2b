"""
The load generators: wrk when it is there (installed if it can be), else a bounded Python one; and
how busy the machine was before the bench began.
"""

import http.client
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from . import CONNECTIONS, fail, say


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


def percentile(ordered: list[float], p: float) -> float:
    """The value at `p` (0 to 1) of values sorted in ascending order, as the bench's figures take it."""
    return ordered[int(p * (len(ordered) - 1))] if ordered else float("nan")


def round_robin_script(paths: list[str]) -> str:
    """A wrk script that asks for each of `paths` in turn, each thread from its own place in the list."""
    quoted = ",\n".join('  "' + path.replace("\\", "\\\\").replace('"', '\\"') + '"' for path in paths)
    return (
        f"paths = {{\n{quoted}\n}}\n"
        "local threads = 0\n"
        "function setup(thread)\n"
        '  thread:set("first", threads)\n'
        "  threads = threads + 1\n"
        "end\n"
        "function init(args)\n"
        "  i = (first * 7919) % #paths\n"
        "end\n"
        "function request()\n"
        "  i = i % #paths + 1\n"
        "  return wrk.format(nil, paths[i])\n"
        "end\n"
    )


def run_wrk(
    wrk: str, port: int, path: str | list[str], seconds: int, headers: dict | None = None, timeout: int = 0
) -> dict:
    """wrk on one path, or on several asked for in turn (a list); `timeout` in place of wrk's 2 s."""
    command = [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    if timeout:
        command.append(f"--timeout={timeout}s")
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", prefix="bench-wrk-", suffix=".lua") as script:
        if isinstance(path, list):
            script.write(round_robin_script(path))
            script.flush()
            command += ["-s", script.name]
            path = path[0]
        command.append(f"http://127.0.0.1:{port}{path}")
        output = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + timeout + 30
        ).stdout
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


def run_python_load(port: int, path: str | list[str], seconds: int, headers: dict | None = None) -> dict:
    """
    A bounded keep-alive load generator: CONNECTIONS threads, each with its own connection, on one path
    or on several asked for in turn (a list), each thread from its own place in the list.
    """
    paths = path if isinstance(path, list) else [path]
    deadline = time.monotonic() + seconds
    counts = {"ok": 0, "bad": 0, "errors": 0}
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(first: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        ok = bad = errors = 0
        mine = []
        turn = first * 7919
        while time.monotonic() < deadline:
            started = time.perf_counter()
            turn += 1
            try:
                # http.client reconnects by itself when gunicorn's sync worker closes the connection.
                connection.request("GET", paths[turn % len(paths)], headers=headers or {})
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
    threads = [threading.Thread(target=worker, args=(index,), daemon=True) for index in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 15)
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "rps": (counts["ok"] + counts["bad"]) / elapsed,
        "bad_responses": counts["bad"],
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
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
