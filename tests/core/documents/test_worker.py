"""
The document job through real workers: `celery -A config worker` processes started here, as
production runs them, consuming this test run's queue on Redis and writing to its database. A
document kind registered only in the test process would fail these tests: the workers know what
the apps register.

The kill test is the defect "a killed worker loses the job": the process rendering a strategy is
killed mid-render, and the job still finishes, on another process, with one version.
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from core.models import Document
from strategies import services
from strategies.models import Status
from tests.factories import DomainFactory, PriorityFactory, StrategyFactory
from tests.strategies.helpers import make_text, move_to

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: make test provides it"),
]

ROOT = Path(settings.BASE_DIR)


def database_url() -> str:
    """The test database, as a URL for the workers' settings (config/settings.py reads DATABASE_URL)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Worker processes started by this module, each in a process group of its own, stopped at the end."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,  # REDIS_URL, MEDIA_ROOT and HWB_TEST_RUN_ID (queue, broker keys) of this run.
            "DATABASE_URL": database_url(),
            "DEBUG": "true",  # No SECRET_KEY needed, as for `make worker`.
            "PYTHONUNBUFFERED": "1",
        }

    def start(self, name: str) -> subprocess.Popen:
        log = (self.log_dir / f"{name}.log").open("w")
        command = [
            *(sys.executable, "-m", "celery", "-A", "config", "worker"),
            *("--pool", "prefork", "--concurrency", "1", "--hostname", f"{name}@%h"),
            *("--queues", settings.CELERY_TASK_DEFAULT_QUEUE, "--loglevel", "INFO"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ]
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes[name] = process
        return process

    def wait_until_ready(self, *names: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        for name in names:
            while "ready." not in self.log(name):
                assert self.processes[name].poll() is None, f"Worker {name} stopped:\n{self.log(name)}"
                assert time.monotonic() < deadline, f"Worker {name} did not start:\n{self.log(name)}"
                time.sleep(0.1)

    def log(self, name: str) -> str:
        return (self.log_dir / f"{name}.log").read_text()

    def logs(self) -> str:
        return "\n".join(f"--- {name}\n{self.log(name)}" for name in self.processes)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGQUIT)  # Cold shutdown: nothing is running by now.
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="module")
def workers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two workers on this run's queue and test database, started once for the module."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the workers are other processes")
    pool = Workers(tmp_path_factory.mktemp("workers"))
    try:
        pool.start("first")
        pool.start("second")
        pool.wait_until_ready("first", "second")
        yield pool
    finally:
        pool.stop()


@pytest.fixture
def on_workers(workers, celery_not_eager, transactional_db):
    """Tasks go to the broker for the length of the test."""
    return workers


def wait_for(
    workers, document_id: int, *, seconds: float = 90, until=lambda d: not d.in_progress
) -> Document:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        document = Document.objects.select_related("current").get(pk=document_id)
        if until(document):
            return document
        time.sleep(0.02)
    raise AssertionError(
        f"The job was still {document.status} ({document.stage}) after {seconds} s\n{workers.logs()}"
    )


def publish(strategy, by) -> Document:
    move_to(strategy, Status.APPROVED, by=by)
    services.strategy_transition(
        strategy=strategy, to_status=Status.PUBLISHED, by=by, reason="Approved in June."
    )
    return Document.objects.get(kind=services.PDF_KIND, object_id=strategy.pk)


class TestPdfOnAWorker:
    def test_publishing_renders_the_pdf_on_a_worker(self, on_workers, board, board_admin):
        strategy = StrategyFactory(board=board, title="Health and Wellbeing Strategy 2022 to 2026")
        domain = DomainFactory(strategy=strategy, title="Opportunity for all")
        PriorityFactory(domain=domain, title="Good jobs close to home")

        document = wait_for(on_workers, publish(strategy, board_admin).pk)

        assert document.status == Document.Status.READY, f"{document.error}\n{on_workers.logs()}"
        assert re.fullmatch(r"(first|second)@\S+ \(pid \d+\)", document.worker)
        assert int(document.worker.rsplit("pid ", 1)[1].rstrip(")")) != os.getpid()
        assert (document.progress, document.current.number) == (100, 1)
        with document.current.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
        assert document.current.file.path.startswith(str(settings.MEDIA_ROOT))

    def test_asking_again_with_nothing_changed_renders_nothing(self, on_workers, board, board_admin):
        strategy = StrategyFactory(board=board)
        PriorityFactory(domain=DomainFactory(strategy=strategy))
        first = wait_for(on_workers, publish(strategy, board_admin).pk)

        strategy.refresh_from_db()
        services.strategy_render_pdf(strategy=strategy, by=board_admin)
        second = wait_for(on_workers, first.pk)

        assert second.status == Document.Status.READY
        assert second.current == first.current
        assert second.versions.count() == 1


class TestKilledWorker:
    def test_the_job_finishes_on_another_process_when_its_process_is_killed_mid_render(
        self, on_workers, board, board_admin
    ):
        strategy = StrategyFactory(board=board, title="A long strategy")
        make_text(strategy, domains=8, priorities=3)  # Some dozen pages: a render to catch mid-way.
        document = publish(strategy, board_admin)
        rendering = wait_for(
            on_workers, document.pk, until=lambda d: d.stage == "Laying out the pages" or not d.in_progress
        )
        assert rendering.status == Document.Status.RUNNING, "The render ended before it could be killed"
        killed = int(re.search(r"pid (\d+)", rendering.worker)[1])

        os.kill(killed, signal.SIGKILL)  # The pool's child process: what the OOM killer would do.

        document = wait_for(on_workers, document.pk)
        assert document.status == Document.Status.READY, f"{document.error}\n{on_workers.logs()}"
        assert f"(pid {killed})" not in document.worker
        assert document.attempts == 2  # Started twice: the killed run, and the one that finished.
        assert document.versions.count() == 1
        assert document.current.pages > 8
