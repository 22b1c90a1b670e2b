"""
The document job, end to end and in-process: document_request -> on commit -> _enqueue ->
core.tasks.render_document (run eagerly) -> core.documents.document_render, with real WeasyPrint
unless a test says otherwise. Several parts and their merge: test_merge.py; the views:
test_views.py; a real worker process: test_worker.py.
"""

import datetime
import http.server
import os
import re
import threading
import time
from pathlib import Path
from unittest import mock

import pytest
from billiard.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded, WorkerLostError
from celery import signals
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, SuspiciousFileOperation
from django.utils import timezone

from core import checks, documents, tasks
from core.documents import (
    STATIC_SCHEME,
    DocumentBusy,
    DocumentKind,
    StaticOnlyFetcher,
    document_request,
    jobs,
    register,
    rendering,
    unregister,
)
from core.models import Document, DocumentVersion, ImmutableRecord
from core.tasks import render_document
from strategies import services
from strategies.models import Status
from tests.core.documents.helpers import note_html, pdfinfo_fields, words
from tests.core.documents.kinds import NOTES
from tests.factories import DomainFactory, PriorityFactory, StrategyFactory
from tests.strategies.helpers import move_to

pytestmark = pytest.mark.django_db


def ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


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
        return Document.objects.select_related("current").get(kind=services.PDF_KIND, object_id=strategy.pk)

    def test_publishing_renders_a_tagged_pdf_once(self, published, board_admin, spy):
        document = self.document(published)

        version = document.current
        info = pdfinfo_fields(version.file.path)
        # Once each: the full text and its summary (no easy read text, so no easy read PDF).
        assert spy.call_count == 2
        assert (document.status, document.progress) == (Document.Status.READY, 100)
        assert (version.number, version.requested_by) == (1, board_admin)
        assert version.filename == "thurrock-health-and-wellbeing-board-healthier.pdf"
        assert version.size == Path(version.file.path).stat().st_size
        assert version.pages == int(info["Pages"])
        assert version.parts == [
            {
                "title": "Healthier Thurrock 2022 to 2026",
                "source": "html",
                "upload": None,
                "tagged": True,
                "first_page": 1,
                "pages": version.pages,
            }
        ]
        assert info["Tagged"] == "yes"
        assert info["Title"] == "Healthier Thurrock 2022 to 2026"
        assert "Best start for life" in words(version.file.path)
        assert "Fewer children in poverty" in words(version.file.path)

    def test_unchanged_content_is_not_rendered_again(
        self, published, board_admin, spy, django_capture_on_commit_callbacks
    ):
        first = self.document(published).current

        with django_capture_on_commit_callbacks(execute=True):
            services.strategy_render_pdf(strategy=published, by=board_admin)

        document = self.document(published)
        assert spy.call_count == 2  # On publishing: the full text and its summary; nothing since.
        assert document.status == Document.Status.READY
        assert document.current == first
        assert document.versions.count() == 1

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
        assert self.document(published).versions.count() == 1

    def test_changed_content_makes_a_new_version_and_keeps_the_old_file(
        self, published, board, officer, spy, django_capture_on_commit_callbacks
    ):
        old = self.document(published).current
        board.colour = "#1d70b8"  # The board's colour is on the cover.
        board.save()

        with django_capture_on_commit_callbacks(execute=True):
            services.strategy_render_pdf(strategy=published, by=officer)

        document = self.document(published)
        new = document.current
        assert spy.call_count == 3  # The full text and its summary on publishing, then the full text.
        assert (old.number, new.number) == (1, 2)
        assert new.requested_by == officer
        assert new.source_hash != old.source_hash
        assert new.file.name != old.file.name
        assert new.file.storage.exists(new.file.name)
        assert old.file.storage.exists(old.file.name)  # Never replaced in place.
        assert list(document.versions.order_by("number")) == [old, new]

    def test_a_new_pipeline_version_renders_everything_again(
        self, published, board_admin, spy, monkeypatch, request_now
    ):
        monkeypatch.setattr(documents.sources, "PIPELINE_VERSION", "next")

        document = request_now(services.PDF_KIND, published.pk, by=board_admin)

        assert spy.call_count == 3  # The full text and its summary on publishing, then the full text.
        assert document.current.number == 2


class TestVersions:
    def test_a_version_is_never_changed_or_deleted(self, request_now):
        NOTES[1] = note_html("A note")
        version = request_now("test_note", 1).current

        version.size = 1
        with pytest.raises(ImmutableRecord):
            version.save()
        with pytest.raises(ImmutableRecord):
            version.delete()
        with pytest.raises(ImmutableRecord):
            DocumentVersion.objects.filter(pk=version.pk).update(size=1)

    def test_versions_are_numbered_in_order_and_the_latest_is_current(self, request_now):
        numbers = []
        for text in ("First", "Second", "Third"):
            NOTES[1] = note_html(text)
            numbers.append(request_now("test_note", 1).current.number)

        document = Document.objects.get()
        assert numbers == [1, 2, 3]
        assert list(document.versions.values_list("number", flat=True)) == [3, 2, 1]
        assert "Third" in words(document.current.file.path)
        assert "First" in words(document.versions.get(number=1).file.path)


class TestRequest:
    def test_an_unknown_kind_is_refused(self):
        with pytest.raises(LookupError, match="No document kind is registered as 'no_such_kind'"):
            document_request(kind="no_such_kind", object_id=1, by=None)

    def test_someone_the_kind_does_not_allow_is_refused(self, board, board_member):
        with pytest.raises(PermissionDenied, match="You cannot generate the board pack."):
            document_request(kind="test_board_paper", object_id=board.pk, by=board_member)

        assert not Document.objects.exists()

    def test_an_officer_of_the_board_may_ask(self, board, officer, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False):
            document = document_request(kind="test_board_paper", object_id=board.pk, by=officer)

        assert (document.status, document.requested_by) == (Document.Status.PENDING, officer)

    def test_refused_while_a_render_is_under_way(self, django_capture_on_commit_callbacks):
        Document.objects.create(kind="test_note", object_id=1, status=Document.Status.RUNNING, progress=40)

        with pytest.raises(DocumentBusy, match="The PDF is already being generated. Wait for it to finish."):
            document_request(kind="test_note", object_id=1, by=None)

    def test_allowed_again_once_the_render_has_had_no_heartbeat_for_two_minutes(
        self, django_capture_on_commit_callbacks
    ):
        document = Document.objects.create(kind="test_note", object_id=1, status=Document.Status.RUNNING)
        Document.objects.filter(pk=document.pk).update(updated_at=ago(minutes=2, seconds=5), attempts=3)

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            document = document_request(kind="test_note", object_id=1, by=None)

        assert len(callbacks) == 1
        assert (document.status, document.attempts, document.progress) == (Document.Status.PENDING, 0, 0)


class TestEnqueue:
    def test_goes_to_the_kinds_queue_with_its_time_limits(
        self, board, officer, django_capture_on_commit_callbacks
    ):
        with mock.patch.object(tasks.render_document, "apply_async") as apply_async:
            with django_capture_on_commit_callbacks(execute=True):
                document = document_request(kind="test_board_paper", object_id=board.pk, by=officer)

        apply_async.assert_called_once_with(
            (document.pk,), queue="hwb-board-packs", time_limit=600, soft_time_limit=540
        )

    def test_a_kind_without_a_queue_uses_the_default_one(self, django_capture_on_commit_callbacks):
        with mock.patch.object(tasks.render_document, "apply_async") as apply_async:
            with django_capture_on_commit_callbacks(execute=True):
                document_request(kind="test_note", object_id=1, by=None)

        assert apply_async.call_args.kwargs["queue"] == settings.CELERY_TASK_DEFAULT_QUEUE

    def test_a_broker_that_cannot_be_reached_fails_the_job_not_the_request(self, request_now):
        NOTES[1] = note_html("Hello")
        with mock.patch.object(
            tasks.render_document, "apply_async", side_effect=ConnectionError("Redis is down")
        ):
            document = request_now("test_note", 1)

        assert document.status == Document.Status.FAILED
        assert document.error.startswith("The background service that generates documents is not answering")
        assert not document.in_progress  # So "Try again" is offered at once.


class TestRenderTask:
    def test_renders_the_registered_html(self, request_now, spy):
        NOTES[1] = note_html("A note", "<p>Hello from the note.</p>")

        document = request_now("test_note", 1)

        assert document.status == Document.Status.READY
        assert spy.call_count == 1
        assert "Hello from the note." in words(document.current.file.path)
        assert document.worker.endswith(f"(pid {os.getpid()})")
        assert document.attempts == 1

    def test_records_progress_as_it_goes(self, request_now, monkeypatch):
        NOTES[1] = note_html("A note")
        stages, real = [], jobs.document_progress
        monkeypatch.setattr(
            jobs, "document_progress", lambda i, **kw: (stages.append(kw["stage"]), real(i, **kw))
        )

        request_now("test_note", 1)

        assert stages == ["Laying out the pages", "Writing 1 page", "Saving"]

    def test_a_document_that_is_gone_is_nothing_to_do(self):
        assert render_document.apply(args=[987654]).get() is None


class TestFailures:
    def test_a_final_failure_shows_the_error(self, like_a_worker, request_now):
        NOTES[1] = RuntimeError("The template is broken")

        document = request_now("test_note", 1)

        assert document.status == Document.Status.FAILED
        assert document.stage == "Failed"
        assert document.error == "RuntimeError: The template is broken"
        assert document.finished_at is not None
        assert document.current is None

    def test_a_source_that_is_gone_fails_with_a_reason(self, like_a_worker, request_now):
        document = request_now("test_note", 404)  # No note: the builder returns None.

        assert document.status == Document.Status.FAILED
        assert document.error.startswith("LookupError: The document's source no longer exists")

    def test_the_soft_time_limit_fails_the_job_with_a_plain_message(self, like_a_worker, request_now):
        NOTES[1] = note_html("A note")

        with mock.patch.object(rendering, "html_to_pdf", side_effect=SoftTimeLimitExceeded()):
            document = request_now("test_note", 1)

        assert document.status == Document.Status.FAILED
        assert document.error == "It took longer than it is allowed to and was stopped. Try again later."

    def test_an_os_error_is_retried(self, like_a_worker, request_now):
        NOTES[1] = note_html("A note")
        real, attempts = rendering.html_to_pdf, []

        def flaky(html, **kwargs):
            attempts.append(1)
            if len(attempts) < 3:
                raise OSError("No space left on device")
            return real(html, **kwargs)

        with mock.patch.object(rendering, "html_to_pdf", side_effect=flaky):
            document = request_now("test_note", 1)

        assert len(attempts) == 3
        assert document.status == Document.Status.READY
        assert document.versions.count() == 1
        assert (document.error, document.attempts) == ("", 3)

    def test_an_os_error_that_persists_fails_after_the_retries(self, like_a_worker, request_now):
        NOTES[1] = note_html("A note")

        with mock.patch.object(rendering, "html_to_pdf", side_effect=OSError("disk gone")) as broken:
            document = request_now("test_note", 1)

        assert broken.call_count == 1 + render_document.max_retries
        assert document.status == Document.Status.FAILED
        assert document.error == "OSError: disk gone"

    def test_other_errors_are_not_retried(self, like_a_worker, request_now):
        NOTES[1] = note_html("A note")

        with mock.patch.object(rendering, "html_to_pdf", side_effect=ValueError("bad html")) as broken:
            document = request_now("test_note", 1)

        assert broken.call_count == 1
        assert document.status == Document.Status.FAILED

    def test_a_failed_document_can_be_requested_again(self, like_a_worker, request_now):
        NOTES[1] = RuntimeError("once")
        request_now("test_note", 1)
        NOTES[1] = note_html("Fixed")

        document = request_now("test_note", 1)

        assert document.status == Document.Status.READY
        assert document.error == ""


class TestLostWorkers:
    """What the worker's main process sees never reaches the task's on_failure (core/tasks.py)."""

    def failure_in_the_main_process(self, document, exception):
        signals.task_failure.send(
            sender=render_document, task_id="t", exception=exception, args=[document.pk], kwargs={}
        )

    @pytest.mark.parametrize(
        ("exception", "message"),
        [
            (
                TimeLimitExceeded(360),
                "It took longer than it is allowed to and was stopped. Try again later.",
            ),
            (WorkerLostError("SIGKILL"), "The process generating it stopped before it finished. Try again."),
        ],
    )
    def test_a_failure_seen_by_the_main_process_shows_on_the_page(self, exception, message):
        document = Document.objects.create(kind="test_note", object_id=1, status=Document.Status.RUNNING)

        self.failure_in_the_main_process(document, exception)

        document.refresh_from_db()
        assert (document.status, document.error) == (Document.Status.FAILED, message)

    def test_other_tasks_failures_are_left_alone(self):
        document = Document.objects.create(kind="test_note", object_id=1, status=Document.Status.RUNNING)

        signals.task_failure.send(
            sender=object(), task_id="t", exception=TimeLimitExceeded(1), args=[document.pk]
        )

        document.refresh_from_db()
        assert document.status == Document.Status.RUNNING

    def test_the_task_is_given_back_to_the_queue_when_its_process_dies(self):
        assert render_document.acks_late is True
        assert render_document.reject_on_worker_lost is True

    def test_a_job_started_too_many_times_gives_up(self, like_a_worker, request_now, spy):
        """A render that kills its worker every time is not redelivered for ever."""
        NOTES[1] = note_html("A note")
        Document.objects.create(kind="test_note", object_id=1, status=Document.Status.RUNNING)
        Document.objects.filter(kind="test_note").update(attempts=documents.MAX_ATTEMPTS)
        document = Document.objects.get()

        render_document.apply(args=[document.pk])

        document.refresh_from_db()
        assert spy.call_count == 0
        assert document.status == Document.Status.FAILED
        assert document.error.startswith(
            f"The job was started {documents.MAX_ATTEMPTS + 1} times without finishing."
        )

    def test_a_redelivered_job_counts_its_attempts_and_finishes(self, request_now):
        NOTES[1] = note_html("A note")
        Document.objects.create(kind="test_note", object_id=1, status=Document.Status.RUNNING, attempts=1)
        document = Document.objects.get()

        render_document.apply(args=[document.pk])

        document.refresh_from_db()
        assert (document.status, document.attempts, document.versions.count()) == (
            Document.Status.READY,
            2,
            1,
        )


class TestHeartbeat:
    @pytest.mark.django_db(transaction=True)
    def test_a_long_render_keeps_the_job_alive(self, monkeypatch):
        """The row's updated time moves while WeasyPrint is busy, though no progress is reported."""
        monkeypatch.setattr(jobs, "HEARTBEAT_SECONDS", 0.05)
        document = Document.objects.create(kind="test_note", object_id=1, status=Document.Status.PENDING)
        NOTES[1] = note_html("A note")
        seen, real = [], rendering.html_to_pdf

        def slow(html, *, on_laid_out=None):
            for _ in range(3):
                seen.append(Document.objects.get(pk=document.pk).updated_at)
                time.sleep(0.2)
            return real(html)

        monkeypatch.setattr(rendering, "html_to_pdf", slow)

        jobs.document_render(document.pk, worker="test worker")

        assert seen[0] < seen[1] < seen[2]
        document.refresh_from_db()
        assert document.status == Document.Status.READY

    def test_an_unfinished_job_goes_stale_after_two_minutes_without_a_heartbeat(self):
        document = Document.objects.create(kind="test_note", object_id=1, status=Document.Status.RUNNING)

        Document.objects.filter(pk=document.pk).update(updated_at=ago(seconds=110))
        document.refresh_from_db()
        fresh = document.is_stale
        Document.objects.filter(pk=document.pk).update(updated_at=ago(seconds=125))
        document.refresh_from_db()

        assert document.in_progress
        assert (fresh, document.is_stale) == (False, True)

    def test_a_finished_job_is_never_stale(self):
        document = Document.objects.create(kind="test_note", object_id=1, status=Document.Status.READY)
        Document.objects.filter(pk=document.pk).update(updated_at=ago(days=1))
        document.refresh_from_db()

        assert not document.is_stale

    def test_a_worker_that_lost_the_job_reports_no_progress_on_it(self):
        """A stale job asked for again belongs to the next worker; the old one's reports are ignored."""
        document = Document.objects.create(kind="test_note", object_id=1, status=Document.Status.PENDING)

        documents.document_progress(document.pk, progress=50, stage="Rendering", worker="old worker")

        document.refresh_from_db()
        assert (document.progress, document.stage) == (0, "")


class TestRegistration:
    def kind(self, **overrides) -> DocumentKind:
        values = {
            "name": "test_slow",
            "build": lambda object_id: None,
            "can_download": lambda user, obj: True,
            "can_see_versions": lambda user, obj: True,
            "can_request": lambda user, obj: True,
            "page_url": lambda obj: "/",
        }
        return DocumentKind(**{**values, **overrides})

    def test_a_time_limit_above_the_maximum_is_refused(self):
        with pytest.raises(ImproperlyConfigured, match="more than DOCUMENT_TIME_LIMIT_MAX"):
            register(self.kind(time_limit=settings.DOCUMENT_TIME_LIMIT_MAX + 1))

    def test_the_visibility_timeout_is_above_every_time_limit(self):
        timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]

        assert timeout > settings.DOCUMENT_TIME_LIMIT_MAX
        assert checks.document_time_limits() == []

    def test_the_system_check_catches_a_visibility_timeout_below_a_time_limit(self, settings):
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 500}

        errors = checks.document_time_limits()

        # Every kind that may run longer than 500 s: the test's own, and the apps' (board packs: 900 s).
        assert {error.id for error in errors} == {"core.E001"}
        assert any("'test_board_paper' may run for 600 s" in error.msg for error in errors)
        assert not any("'test_note' " in error.msg for error in errors)

    def test_the_compose_worker_consumes_every_queue_the_apps_kinds_use(self):
        compose = (Path(settings.BASE_DIR) / "docker-compose.yml").read_text()
        [queues] = re.findall(r"celery -A config worker .*--queues (\S+)", compose)
        consumed = set(queues.replace("${CELERY_QUEUE:-hwb}", settings.CELERY_TASK_DEFAULT_QUEUE).split(","))
        used = {
            kind.queue_name
            for kind in documents.kinds().values()
            if not kind.build.__module__.startswith("tests.")  # This module's own kinds.
        }

        assert used and used <= consumed

    def test_a_soft_time_limit_must_come_before_the_hard_one(self):
        with pytest.raises(ValueError, match="soft time limit"):
            self.kind(soft_time_limit=60, time_limit=60)

    def test_a_name_is_refused_twice(self):
        register(kind := self.kind())
        try:
            with pytest.raises(ValueError, match="already registered"):
                register(self.kind(label="Another"))
        finally:
            unregister(kind.name)


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

    def test_rendering_never_calls_an_address_in_the_text(self, listening_server):
        address, hits = listening_server
        html = note_html(
            "A note",
            f'<img src="{address}/tracker.png" alt="">'
            f'<link rel="stylesheet" href="{address}/style.css">'
            f'<p style="background: url({address}/bg.png)">text</p>'
            '<img src="file:///etc/hostname" alt="">',
        )

        pdf = rendering.html_to_pdf(html)

        assert pdf.startswith(b"%PDF")
        assert hits == []

    def test_rendering_uses_a_static_stylesheet(self):
        html = note_html(
            "A note", f'<link rel="stylesheet" href="{STATIC_SCHEME}/dist/app.css"><p>styled</p>'
        )
        fetched = []
        real_find = finders.find

        with mock.patch.object(
            finders, "find", side_effect=lambda p, **kw: fetched.append(p) or real_find(p, **kw)
        ):
            rendering.html_to_pdf(html)

        assert fetched == ["dist/app.css"]
