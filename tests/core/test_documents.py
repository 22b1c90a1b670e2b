"""
The PDF pipeline, end to end and in-process: document_request -> on commit -> core.tasks.render_document
(run eagerly) -> core.documents.html_to_pdf (real WeasyPrint unless a test says otherwise).
"""

import http.server
import subprocess
import threading
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils import timezone

from core import documents
from core.documents import STATIC_SCHEME, Source, StaticOnlyFetcher, document_request, register
from core.models import Document
from core.tasks import render_document
from strategies import services
from strategies.models import Status
from tests.factories import DomainFactory, PriorityFactory, StrategyFactory
from tests.strategies.helpers import move_to

pytestmark = pytest.mark.django_db

# A tiny document kind whose HTML each test controls: NOTES[object_id] is the HTML, or an exception.
NOTES: dict[int, object] = {}


@register("test_note")
def _build_note(object_id: int) -> Source | None:
    note = NOTES.get(object_id)
    if isinstance(note, Exception):
        raise note
    if note is None:
        return None
    return Source(html=note, filename=f"note-{object_id}.pdf", title="A note")


def note_html(body: str) -> str:
    head = '<!DOCTYPE html><html lang="en-GB"><head><title>A note</title></head>'
    return f"{head}<body><h1>Note</h1>{body}</body></html>"


@pytest.fixture(autouse=True)
def _notes():
    NOTES.clear()
    yield NOTES
    NOTES.clear()


@pytest.fixture
def like_a_worker(_celery_eager):
    """Eager, but failures are handled as a worker handles them (retries, on_failure) instead of raised."""
    saved = _celery_eager.conf.task_eager_propagates
    _celery_eager.conf.task_eager_propagates = False
    yield
    _celery_eager.conf.task_eager_propagates = saved


@pytest.fixture
def spy():
    """The real html_to_pdf, counted."""
    with mock.patch.object(documents, "html_to_pdf", wraps=documents.html_to_pdf) as wrapped:
        yield wrapped


@pytest.fixture
def request_now(django_capture_on_commit_callbacks):
    """request_now(kind, object_id): ask for a document and run the queued task, as after a commit."""

    def _request(kind: str, object_id: int, by=None) -> Document:
        with django_capture_on_commit_callbacks(execute=True):
            document = document_request(kind=kind, object_id=object_id, by=by)
        document.refresh_from_db()
        return document

    return _request


def pdfinfo(path: str) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return {
        key.strip(): value.strip() for key, _, value in (line.partition(":") for line in output.splitlines())
    }


def pdftext(path: str) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    ).stdout


class TestStrategyPdf:
    @pytest.fixture
    def strategy(self, board):
        strategy = StrategyFactory(
            board=board,
            title="Healthier Thurrock 2022 to 2026",
            slug="healthier",
            start_year=2022,
            end_year=2026,
        )
        domain = DomainFactory(strategy=strategy, title="Best start for life", position=1)
        PriorityFactory(domain=domain, title="Fewer children in poverty", position=1)
        return strategy

    @pytest.fixture
    def published(self, strategy, board_admin, decision_factory, django_capture_on_commit_callbacks, spy):
        decision = decision_factory(agenda_item__meeting__board=strategy.board)
        with django_capture_on_commit_callbacks(execute=True):
            move_to(strategy, Status.PUBLISHED, by=board_admin, decision=decision)
        return strategy

    def document(self, strategy) -> Document:
        return Document.objects.get(kind=services.PDF_KIND, object_id=strategy.pk)

    def test_publishing_renders_a_tagged_pdf_once(self, published, spy):
        document = self.document(published)

        info = pdfinfo(document.file.path)
        assert spy.call_count == 1
        assert (document.status, document.progress, document.render_count) == (Document.Status.READY, 100, 1)
        assert document.filename == "thurrock-health-and-wellbeing-board-healthier.pdf"
        assert document.size == Path(document.file.path).stat().st_size
        assert info["Tagged"] == "yes"
        assert info["Title"] == "Healthier Thurrock 2022 to 2026"
        words = " ".join(pdftext(document.file.path).split())
        assert "Best start for life" in words
        assert "Fewer children in poverty" in words

    def test_unchanged_content_is_not_rendered_again(
        self, published, board_admin, spy, django_capture_on_commit_callbacks
    ):
        first = self.document(published)

        with django_capture_on_commit_callbacks(execute=True):
            services.strategy_render_pdf(strategy=published, by=board_admin)

        document = self.document(published)
        assert spy.call_count == 1
        assert document.render_count == 1
        assert document.status == Document.Status.READY
        assert document.file.name == first.file.name

    def test_being_superseded_does_not_render_again(
        self, published, board, board_admin, spy, django_capture_on_commit_callbacks
    ):
        successor = StrategyFactory(board=board, slug="healthier-2026", predecessor=published)
        with django_capture_on_commit_callbacks(execute=True):
            move_to(successor, Status.PUBLISHED, by=board_admin)
        published.refresh_from_db()
        assert published.status == Status.SUPERSEDED
        calls = spy.call_count

        with django_capture_on_commit_callbacks(execute=True):
            services.strategy_render_pdf(strategy=published, by=board_admin)

        assert spy.call_count == calls
        assert self.document(published).render_count == 1

    def test_changed_content_renders_again_and_replaces_the_file(
        self, published, board, board_admin, spy, django_capture_on_commit_callbacks
    ):
        old = self.document(published)
        board.colour = "#1d70b8"  # The board's colour is on the cover.
        board.save()

        with django_capture_on_commit_callbacks(execute=True):
            services.strategy_render_pdf(strategy=published, by=board_admin)

        document = self.document(published)
        assert spy.call_count == 2
        assert document.render_count == 2
        assert document.source_hash != old.source_hash
        assert document.file.storage.exists(document.file.name)
        assert not old.file.storage.exists(old.file.name)

    def test_a_new_pipeline_version_renders_everything_again(
        self, published, board_admin, spy, monkeypatch, request_now
    ):
        monkeypatch.setattr(documents, "PIPELINE_VERSION", "2")

        document = request_now(services.PDF_KIND, published.pk, by=board_admin)

        assert spy.call_count == 2
        assert document.render_count == 2


class TestRenderTask:
    def test_renders_the_registered_html(self, request_now, spy):
        NOTES[1] = note_html("<p>Hello from the note.</p>")

        document = request_now("test_note", 1)

        assert document.status == Document.Status.READY
        assert spy.call_count == 1
        assert "Hello from the note." in pdftext(document.file.path)

    def test_records_progress_as_it_goes(self, request_now, monkeypatch):
        NOTES[1] = note_html("<p>x</p>")
        stages = []
        real = documents.document_progress
        monkeypatch.setattr(
            documents, "document_progress", lambda i, **kw: (stages.append(kw["stage"]), real(i, **kw))
        )

        request_now("test_note", 1)

        assert stages == ["Preparing the text", "Laying out pages", "Writing 1 pages"]

    def test_a_document_that_is_gone_is_nothing_to_do(self):
        assert render_document.apply(args=[987654]).get() is None

    def test_unknown_kind_is_refused(self):
        with pytest.raises(ValueError, match="No document renderer"):
            document_request(kind="no_such_kind", object_id=1)


class TestFailures:
    def test_a_final_failure_shows_the_error(self, like_a_worker, request_now):
        NOTES[1] = RuntimeError("The template is broken")

        document = request_now("test_note", 1)

        assert document.status == Document.Status.FAILED
        assert document.stage == "Failed"
        assert document.error == "RuntimeError: The template is broken"
        assert document.finished_at is not None
        assert not document.file

    def test_a_broker_that_cannot_be_reached_fails_the_job_not_the_request(self, request_now):
        from core import tasks

        NOTES[1] = note_html("<p>Hello</p>")
        with mock.patch.object(tasks.render_document, "delay", side_effect=ConnectionError("Redis is down")):
            document = request_now("test_note", 1)

        assert document.status == Document.Status.FAILED
        assert document.error == "The job could not be queued (ConnectionError). Try again in a moment."
        assert not document.in_progress  # So "Try again" is offered at once, not in ten minutes.

    def test_a_source_that_is_gone_fails_with_a_reason(self, like_a_worker, request_now):
        document = request_now("test_note", 404)  # No note: the builder returns None.

        assert document.status == Document.Status.FAILED
        assert document.error.startswith("LookupError: The document's source no longer exists")

    def test_an_os_error_is_retried(self, like_a_worker, request_now):
        NOTES[1] = note_html("<p>x</p>")
        real, attempts = documents.html_to_pdf, []

        def flaky(html, **kwargs):
            attempts.append(1)
            if len(attempts) < 3:
                raise OSError("No space left on device")
            return real(html, **kwargs)

        with mock.patch.object(documents, "html_to_pdf", side_effect=flaky):
            document = request_now("test_note", 1)

        assert len(attempts) == 3
        assert document.status == Document.Status.READY
        assert document.render_count == 1
        assert document.error == ""

    def test_an_os_error_that_persists_fails_after_the_retries(self, like_a_worker, request_now):
        NOTES[1] = note_html("<p>x</p>")

        with mock.patch.object(documents, "html_to_pdf", side_effect=OSError("disk gone")) as broken:
            document = request_now("test_note", 1)

        assert broken.call_count == 1 + render_document.max_retries
        assert document.status == Document.Status.FAILED
        assert document.error == "OSError: disk gone"

    def test_other_errors_are_not_retried(self, like_a_worker, request_now):
        NOTES[1] = note_html("<p>x</p>")

        with mock.patch.object(documents, "html_to_pdf", side_effect=ValueError("bad html")) as broken:
            document = request_now("test_note", 1)

        assert broken.call_count == 1
        assert document.status == Document.Status.FAILED

    def test_a_failed_document_can_be_requested_again(self, like_a_worker, request_now):
        NOTES[1] = RuntimeError("once")
        request_now("test_note", 1)
        NOTES[1] = note_html("<p>fixed</p>")

        document = request_now("test_note", 1)

        assert document.status == Document.Status.READY
        assert document.error == ""


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the stdlib's name
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def listening_server():
    """A real HTTP server on localhost, to see whether rendering ever calls it."""
    _CountingHandler.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _CountingHandler.hits
    server.shutdown()
    server.server_close()


class TestStaticOnlyFetcher:
    @pytest.mark.parametrize(
        "url",
        [
            "http://169.254.169.254/latest/meta-data/",
            "https://example.org/logo.png",
            "file:///etc/passwd",
            "ftp://example.org/file",
            "dist/app.css",
        ],
    )
    def test_refuses_anything_but_our_static_files(self, url):
        with pytest.raises(ValueError, match="documents may load only the portal's static files"):
            StaticOnlyFetcher().fetch(url)

    def test_serves_a_static_file(self):
        response = StaticOnlyFetcher().fetch(f"{STATIC_SCHEME}/dist/app.css")

        assert response.read() == Path(finders.find("dist/app.css")).read_bytes()
        assert response.content_type == "text/css"

    def test_a_missing_static_file_is_refused(self):
        with pytest.raises(ValueError):
            StaticOnlyFetcher().fetch(f"{STATIC_SCHEME}/dist/no-such-file.css")

    def test_a_static_path_cannot_climb_out(self):
        with pytest.raises((ValueError, SuspiciousFileOperation)):
            StaticOnlyFetcher().fetch(f"{STATIC_SCHEME}/../../../../etc/passwd")

    def test_data_uris_are_allowed(self):
        response = StaticOnlyFetcher().fetch("data:text/plain;base64,aGVsbG8=")

        assert response.read() == b"hello"

    def test_rendering_never_calls_an_address_in_the_text(self, listening_server, tmp_path):
        address, hits = listening_server
        html = note_html(
            f'<img src="{address}/tracker.png" alt="">'
            f'<link rel="stylesheet" href="{address}/style.css">'
            f'<p style="background: url({address}/bg.png)">text</p>'
            '<img src="file:///etc/hostname" alt="">'
        )

        pdf = documents.html_to_pdf(html)

        assert pdf.startswith(b"%PDF")
        assert hits == []

    def test_rendering_uses_a_static_stylesheet(self, tmp_path):
        html = note_html(f'<link rel="stylesheet" href="{STATIC_SCHEME}/dist/app.css"><p>styled</p>')
        fetched = []
        real_find = finders.find

        with mock.patch.object(
            finders, "find", side_effect=lambda p, **kw: fetched.append(p) or real_find(p, **kw)
        ):
            documents.html_to_pdf(html)

        assert fetched == ["dist/app.css"]


class TestDocumentState:
    def test_an_unfinished_job_goes_stale_after_ten_minutes(self):
        document = Document.objects.create(kind="test_note", object_id=1, status=Document.Status.RUNNING)
        Document.objects.filter(pk=document.pk).update(
            updated_at=timezone.now() - timezone.timedelta(minutes=11)
        )
        document.refresh_from_db()

        assert document.in_progress
        assert document.is_stale

    def test_a_finished_job_is_never_stale(self):
        document = Document.objects.create(kind="test_note", object_id=1, status=Document.Status.READY)
        Document.objects.filter(pk=document.pk).update(updated_at=timezone.now() - timezone.timedelta(days=1))
        document.refresh_from_db()

        assert not document.is_stale
