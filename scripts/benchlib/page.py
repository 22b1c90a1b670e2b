"""
a) The public strategy page under gunicorn, against a bare Django view: three gunicorns side by side
(SERVERS), measured in alternating turns.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import ROOT, ROUNDS, WORKERS, fail, say
from .load import combine, run_python_load, run_wrk


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


def request(
    port: int, path: str, headers: dict | None = None, timeout: float = 10
) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
