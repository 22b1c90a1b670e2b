"""
More than one machine: two web processes (gunicorn, as production runs them) and two Celery workers,
each with a MEDIA_ROOT and a temporary folder of its own (no shared disk), sharing only PostgreSQL,
Redis and the object store (this run's SeaweedFS bucket, named to them as S3_BUCKET and friends, as
an operator would).

The public pack rendered by one worker downloads through the web process that did not ask for it and
never saw the file; after a paper is added, both packs are rendered by the other worker (the first one
stopped) and download through the other web process; with a web process stopped the other serves everything:
public pages, sign-in, a session started on the stopped one, the downloads.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from boards.documents import MEMBERS_PACK, PUBLIC_PACK
from boards.models import AgendaItem
from boards.services import papers
from config.celery import app
from core.documents import document_request
from core.models import Document
from tests.boards.packs import make_pack, report_pdf
from tests.core.documents.test_worker import database_url
from tests.factories import MembershipFactory
from tests.object_store import s3_environ

pytestmark = [
    pytest.mark.multinode,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: make test provides it"),
]

ROOT = Path(settings.BASE_DIR)
PASSWORD = "a long password for the member"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Nodes:
    """The processes of the two "machines", each in a process group of its own, stopped at the end."""

    def __init__(self, folder: Path, bucket: str):
        self.folder = folder
        self.processes: dict[str, subprocess.Popen] = {}
        self.ports: dict[str, int] = {}
        self.hostname = socket.gethostname()
        self.standby_queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-standby"
        self.env = {
            **os.environ,  # REDIS_URL and HWB_TEST_RUN_ID (queue, cache and broker keys) of this run.
            **s3_environ(bucket),
            "DATABASE_URL": database_url(),
            # As in production: no DEBUG, one secret for every node, so a session started on one
            # is good on the other.
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "HTTPS": "false",
            "STATIC_MANIFEST": "false",
            "PYTHONUNBUFFERED": "1",
        }

    def _own_env(self, name: str) -> dict[str, str]:
        media, temp = self.folder / name / "media", self.folder / name / "tmp"
        media.mkdir(parents=True)
        temp.mkdir()
        return {**self.env, "MEDIA_ROOT": str(media), "TMPDIR": str(temp)}

    def _start(self, name: str, command: list[str]) -> None:
        log = (self.folder / f"{name}.log").open("w")
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self._own_env(name),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_web(self, name: str) -> None:
        self.ports[name] = free_port()
        self._start(
            name,
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{self.ports[name]}"]
            + ["--workers", "1", "--timeout", "60"],
        )

    def start_worker(self, name: str, queue: str) -> None:
        self._start(
            name,
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork"]
            + ["--concurrency", "1", "--hostname", f"{name}@{self.hostname}", "--queues", queue]
            + ["--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        )

    def url(self, name: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}{path}"

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text()

    def logs(self) -> str:
        return "\n".join(f"--- {name}\n{self.log(name)[-3000:]}" for name in self.processes)

    def wait_until_ready(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        for name, process in self.processes.items():
            while not self._ready(name):
                assert process.poll() is None, f"{name} stopped:\n{self.log(name)}"
                assert time.monotonic() < deadline, f"{name} did not start:\n{self.log(name)}"
                time.sleep(0.1)

    def _ready(self, name: str) -> bool:
        if name not in self.ports:
            return "ready." in self.log(name)
        try:
            with urllib.request.urlopen(self.url(name, "/healthz/live"), timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self, *names: str) -> None:
        """A warm shutdown, as a deploy or a scale-in does it: all at once, then wait for each."""
        for name in names:
            if self.processes[name].poll() is None:
                os.killpg(self.processes[name].pid, signal.SIGTERM)
        for name in names:
            try:
                self.processes[name].wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.processes[name].pid, signal.SIGKILL)
                self.processes[name].wait()

    def stop_all(self) -> None:
        self.stop(*self.processes)

    def files_on_disk(self) -> list[Path]:
        return [path for path in self.folder.glob("*/media/**/*") if path.is_file()]


@pytest.fixture(scope="module")
def nodes(django_db_setup, django_db_blocker, s3_bucket, tmp_path_factory):
    """web-1, web-2 and worker-1 on this run's queue; worker-2 waiting on a queue nobody sends to."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the nodes are other processes")
    pool = Nodes(tmp_path_factory.mktemp("nodes"), s3_bucket)
    try:
        pool.start_web("web-1")
        pool.start_web("web-2")
        pool.start_worker("worker-1", settings.CELERY_TASK_DEFAULT_QUEUE)
        pool.start_worker("worker-2", pool.standby_queue)
        pool.wait_until_ready()
        yield pool
    finally:
        pool.stop_all()


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # A redirect is the answer: the visitor does not follow it.


class Visitor:
    """A browser: cookies for 127.0.0.1 whatever the port, so one session reaches both web processes."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _Stay())

    def request(self, url: str, data: dict | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except urllib.error.URLError as error:  # Nothing listening.
            return 0, str(error.reason).encode()

    def get(self, url: str) -> tuple[int, bytes]:
        return self.request(url)

    def sign_in(self, url: str, username: str) -> None:
        status, page = self.get(url)
        assert status == 200, page[:500]
        token = page.decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        status, page = self.request(
            url, {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
        )
        assert status == 302, page[:2000]  # Signed in and sent on, not shown the form again.


def wait_for(nodes, kind: str, object_id: int, number: int, seconds: float = 120) -> Document:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        document = Document.objects.select_related("current").filter(kind=kind, object_id=object_id).first()
        if document and document.status == Document.Status.FAILED:
            raise AssertionError(f"{kind} failed: {document.error}\n{nodes.logs()}")
        if document and document.current and document.current.number == number and not document.in_progress:
            return document
        time.sleep(0.05)
    raise AssertionError(f"{kind} version {number} not ready after {seconds} s\n{nodes.logs()}")


def titles(version) -> set[str]:
    return {part["title"] for part in version.parts}


def stored(s3, bucket: str, version) -> bytes:
    return s3.get_object(Bucket=bucket, Key=version.file.name)["Body"].read()


class TestTwoMachines:
    def test_packs_rendered_on_either_worker_download_through_either_web_process_and_one_survives_alone(
        self, nodes, on_s3, s3_bucket, celery_not_eager, transactional_db, board, officer
    ):
        member = MembershipFactory(board=board, user__username="member").user
        member.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
        member.save(update_fields=["password"])
        publication = make_pack(board, officer)  # Its papers go to the store from this process.
        meeting = publication.meeting
        members_url = reverse("core:document_download", args=[MEMBERS_PACK, publication.pk])
        public_url = reverse("core:document_download", args=[PUBLIC_PACK, publication.pk])
        sign_in = reverse("login")

        # The public pack, rendered by worker-1 (worker-2 is not on the queue yet).
        document_request(kind=PUBLIC_PACK, object_id=publication.pk, by=None)
        first_public = wait_for(nodes, PUBLIC_PACK, publication.pk, 1)
        resident = Visitor()
        first_download = resident.get(nodes.url("web-2", public_url))

        # worker-1 goes; worker-2 takes the queue. A paper added to an item asks for both packs.
        nodes.stop("worker-1")
        replies = app.control.add_consumer(
            settings.CELERY_TASK_DEFAULT_QUEUE,
            destination=[f"worker-2@{nodes.hostname}"],
            reply=True,
            timeout=10,
        )
        item = AgendaItem.objects.get(publication=publication, number=4)
        papers.paper_add(
            item=item,
            by=officer,
            title="Fund update",
            file=SimpleUploadedFile("Fund update.pdf", report_pdf("Fund update", 1)),
        )
        members = wait_for(nodes, MEMBERS_PACK, publication.pk, 1)
        second_public = wait_for(nodes, PUBLIC_PACK, publication.pk, 2)
        member_on_web_1 = Visitor()
        member_on_web_1.sign_in(nodes.url("web-1", sign_in), "member")
        members_download = member_on_web_1.get(nodes.url("web-1", members_url))
        refused = resident.get(nodes.url("web-1", members_url))

        # web-1 goes: web-2 serves the public pages, a new sign-in, web-1's session and the downloads.
        nodes.stop("web-1")
        alone = {
            path: resident.get(nodes.url("web-2", path))[0]
            for path in (
                reverse("home"),
                reverse("boards:detail", args=[board.slug]),
                reverse("boards:meeting", args=[board.slug, meeting.pk]),
            )
        }
        public_alone = resident.get(nodes.url("web-2", public_url))
        web_1_session = member_on_web_1.get(nodes.url("web-2", members_url))
        member_on_web_2 = Visitor()
        member_on_web_2.sign_in(nodes.url("web-2", sign_in), "member")
        members_alone = member_on_web_2.get(nodes.url("web-2", members_url))
        web_1_gone = resident.get(nodes.url("web-1", reverse("home")))

        assert first_public.worker.startswith("worker-1@")
        assert first_download == (200, stored(on_s3, s3_bucket, first_public.current))
        assert [reply.get(f"worker-2@{nodes.hostname}") for reply in replies] == [
            {"ok": f"add consumer {settings.CELERY_TASK_DEFAULT_QUEUE}"}
        ]
        assert members.worker.startswith("worker-2@") and second_public.worker.startswith("worker-2@")
        # The packs hold the papers each worker read from the store, the exempt one only for members.
        assert "Item 4: Fund update" not in titles(first_public.current)
        assert "Item 4: Fund update" in titles(second_public.current)
        assert {"Item 3: Contract report", "Item 4: Fund update"} <= titles(members.current)
        assert "Item 3: Contract report" not in titles(second_public.current)
        latest = stored(on_s3, s3_bucket, members.current)
        assert members_download == (200, latest)
        assert refused[0] == 404
        assert alone == dict.fromkeys(alone, 200)
        assert public_alone == (200, stored(on_s3, s3_bucket, second_public.current))
        assert web_1_session == (200, latest)
        assert members_alone == (200, latest)
        assert web_1_gone[0] == 0  # Nothing answers there now.
        # Nothing reached a node's disk: every file went through the store.
        assert nodes.files_on_disk() == []
