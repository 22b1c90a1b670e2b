"""
Backing up and restoring (core/backups.py): the demo data is backed up, restored by `manage.py restore`
into a new PostgreSQL database and an empty storage folder, and served from there by gunicorn; the same
public and officer pages, and the same files, come back.

The demo's PDFs are blank pages (html_to_pdf replaced), so that loading it takes seconds, not a minute:
what is compared is that a stored file comes back byte for byte, whatever it holds.
"""

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from unittest import mock

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from core import backups
from core.documents import rendering
from core.models import Document
from tests.strategies.helpers import pdf_bytes

ROOT = Path(settings.BASE_DIR)
PUBLIC_SEEDS = ["/", "/boards/thurrock/", "/meetings/"]
OFFICER_SEEDS = ["/manage/", "/manage/meetings/", "/manage/consultations/"]
PAGES_PER_ROLE = 16


@dataclass
class Page:
    status: int
    content_type: str
    key: str  # The title and the main content's text, or a checksum of a file.


class Text(HTMLParser):
    """The <title> and the text inside <main>, whitespace collapsed; and the site's own links."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.in_title = False
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        self.in_title = self.in_title or tag == "title"
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith("//"):
            self.links.append(href.split("#")[0])

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.depth or self.in_title:
            self.parts.append(data)

    def key(self) -> str:
        return " ".join(" ".join(self.parts).split())


def page_of(status: int, content_type: str, body: bytes) -> tuple[Page, list[str]]:
    if content_type.startswith("text/html"):
        parser = Text()
        parser.feed(body.decode())
        return Page(status, content_type, parser.key()), parser.links
    return Page(status, content_type, hashlib.sha256(body).hexdigest()), []


def crawl(fetch, seeds: list[str], limit: int) -> dict[str, Page]:
    """Pages that answer 200, reached from `seeds` by the site's links (breadth first), at most `limit`."""
    pages: dict[str, Page] = {}
    seen = set()
    queue = list(seeds)
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if url in seen or url.startswith(("/static/", "/accounts/logout")) or "/export" in url:
            continue
        seen.add(url)
        page, links = page_of(*fetch(url))
        if page.status != 200:
            continue
        pages[url] = page
        queue.extend(link for link in links if link not in pages)
    return pages


def fake_pdf(html, *, on_laid_out=None) -> bytes:
    return pdf_bytes()


@dataclass
class Backup:
    folder: Path
    public: dict[str, Page]
    officer: dict[str, Page]
    session: str


@pytest.fixture(scope="module")
def backup(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, committed, with an officer's session; its pages as served; and its backup."""
    if connection.vendor != "postgresql":
        pytest.skip("restores into a new PostgreSQL database")
    with django_db_blocker.unblock():
        with mock.patch.object(rendering, "html_to_pdf", fake_pdf):
            call_command("load_demo", stdout=StringIO(), stderr=StringIO())
        try:
            officer = Client()
            officer.force_login(User.objects.get(username="thurrock.officer"))
            public = Client()

            def fetch_with(client):
                def fetch(url):
                    response = client.get(url)
                    body = b"".join(response.streaming_content) if response.streaming else response.content
                    return response.status_code, response.get("Content-Type", ""), body

                return fetch

            # Stored files first (rendered PDFs: public ones, and the members' packs officers may read).
            downloads = [
                reverse("core:document_download", args=[document.kind, document.object_id])
                for document in Document.objects.exclude(current=None).order_by("pk")
            ]
            public_pages = crawl(fetch_with(public), [*downloads[:4], *PUBLIC_SEEDS], PAGES_PER_ROLE)
            officer_pages = crawl(fetch_with(officer), [*downloads[-4:], *OFFICER_SEEDS], PAGES_PER_ROLE)
            folder = backups.backup(into=tmp_path_factory.mktemp("backups"), say=lambda line: None)
            yield Backup(folder, public_pages, officer_pages, officer.cookies["sessionid"].value)
        finally:
            call_command("flush", interactive=False, verbosity=0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def fresh_database(backup):
    """A new, empty PostgreSQL database beside the test database, dropped afterwards."""
    db = connection.settings_dict
    name = f"{db['NAME']}_restored"
    params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    if db["PASSWORD"]:
        params["password"] = db["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    yield f"postgres://{db['USER']}{password}@{params['host']}:{params['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class TestRestore:
    def test_a_restored_site_serves_the_same_pages_and_files(self, backup, fresh_database, tmp_path):
        media = tmp_path / "media"
        env = {
            **{key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG", "TMPDIR"}},
            "DATABASE_URL": fresh_database,
            "MEDIA_ROOT": str(media),
            "DEBUG": "true",  # The test's SECRET_KEY, which signed the officer's session.
        }

        restore = subprocess.run(
            [sys.executable, "manage.py", "restore", str(backup.folder)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

        assert restore.returncode == 0, restore.stdout + restore.stderr
        assert "Restored" in restore.stdout
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            wait_until_up(port, server)

            def fetch_as(session: str | None):
                def fetch(url):
                    request = urllib.request.Request(f"http://127.0.0.1:{port}{url}")
                    if session:
                        request.add_header("Cookie", f"sessionid={session}")
                    try:
                        with urllib.request.urlopen(request, timeout=30) as response:
                            return response.status, response.headers.get("Content-Type", ""), response.read()
                    except urllib.error.HTTPError as error:
                        return error.code, error.headers.get("Content-Type", ""), error.read()

                return fetch

            for role, pages, session in (
                ("public", backup.public, None),
                ("officer", backup.officer, backup.session),
            ):
                fetch = fetch_as(session)
                for url, original in pages.items():
                    restored, _ = page_of(*fetch(url))
                    assert restored == original, f"{role} {url} differs after the restore"
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)

    def test_the_pages_compared_are_real_pages_and_files(self, backup):
        # The comparison above would prove little of error pages or an empty crawl.
        pages = {**backup.public, **backup.officer}
        assert len(backup.public) == len(backup.officer) == PAGES_PER_ROLE
        assert all(page.status == 200 for page in pages.values()), {u: p.status for u, p in pages.items()}
        assert any("Thurrock" in page.key for page in backup.public.values())
        assert any(url.startswith("/manage/") for url in backup.officer)
        assert sum(page.content_type == "application/pdf" for page in pages.values()) >= 2, list(pages)
        assert sum(page.content_type.startswith("text/html") for page in pages.values()) >= 20, list(pages)

    def test_it_refuses_a_database_with_data(self, backup, db):
        with pytest.raises(backups.BackupError, match="Not restoring: the database has data"):
            backups.restore(folder=backup.folder, say=lambda line: None)

    def test_it_refuses_a_damaged_backup_before_writing_anything(self, backup, tmp_path):
        damaged = tmp_path / backup.folder.name
        shutil.copytree(backup.folder, damaged)
        manifest = json.loads((damaged / backups.MANIFEST).read_text())
        victim = damaged / backups.FILES / manifest["files"]["items"][0]["name"]
        victim.write_bytes(victim.read_bytes() + b"x")

        with pytest.raises(backups.BackupError, match="checksum differs") as refused:
            backups.restore(folder=damaged, replace=True, say=lambda line: None)

        assert manifest["files"]["items"][0]["name"] in str(refused.value)

    def test_it_refuses_an_unfinished_backup(self, backup, tmp_path):
        partial = tmp_path / f"{backup.folder.name}.partial"
        shutil.copytree(backup.folder, partial)

        with pytest.raises(backups.BackupError, match="unfinished backup"):
            backups.restore(folder=partial, say=lambda line: None)


class TestManifest:
    def test_it_lists_every_stored_file_with_its_size_and_checksum(self, backup):
        manifest = json.loads((backup.folder / backups.MANIFEST).read_text())

        stored = sorted(backups.storage_names(default_storage))
        assert [item["name"] for item in manifest["files"]["items"]] == stored
        for item in manifest["files"]["items"]:
            with default_storage.open(item["name"], "rb") as f:
                assert hashlib.sha256(f.read()).hexdigest() == item["sha256"]
        assert manifest["files"]["count"] == len(stored) > 0

    def test_it_records_the_migrations_and_the_rows(self, backup):
        manifest = json.loads((backup.folder / backups.MANIFEST).read_text())

        assert "0001_initial" in manifest["migrations"]["strategies"]
        assert manifest["database"]["vendor"] == "postgresql"
        assert manifest["database"]["rows"]["auth_user"] == 7
        assert re.fullmatch(r"hwb-backup-\d{8}-\d{6}", backup.folder.name)


def test_files_are_read_through_the_storage_not_its_folder(transactional_db, tmp_path):
    # Any storage that lists and opens: here Django's in-memory one, with nested folders.
    storage = InMemoryStorage()
    storage.save("documents/2026/a.pdf", ContentFile(b"%PDF-a"))
    storage.save("boards/papers/b.pdf", ContentFile(b"%PDF-bb"))
    storage.save("top.txt", ContentFile(b"t"))

    folder = backups.backup(into=tmp_path, storage=storage, say=lambda line: None)

    manifest = json.loads((folder / backups.MANIFEST).read_text())
    assert {item["name"]: item["size"] for item in manifest["files"]["items"]} == {
        "top.txt": 1,
        "boards/papers/b.pdf": 7,
        "documents/2026/a.pdf": 6,
    }
    assert (folder / "files/documents/2026/a.pdf").read_bytes() == b"%PDF-a"


def wait_until_up(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read().decode()
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/live", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start")
