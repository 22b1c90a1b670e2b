"""
A request id on every log line (core/logs.py): in and out as X-Request-ID, on the JSON lines of the
request and of the Celery tasks it causes, with an access line per request that carries no query string
and no secret part of a URL.

The lines are formatted as production formats them: by the JSON formatter and the context filter that
settings.LOGGING configures, on a handler of this test's own.

The views below stand in for any app's, on this module's URLconf (which includes the portal's).
"""

import io
import json
import logging
import re

import pytest
from celery import shared_task
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path
from django.utils.module_loading import import_string

from core import logs

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

view_logger = logging.getLogger("tests.core.test_logs")


@shared_task(name="tests.core.test_logs.log_in_a_task")
def log_in_a_task(text: str) -> None:
    view_logger.warning("In the task: %s", text)


def log_and_queue(request):
    # As most views do (a line logged before anything looked the user up has no user_id: a log line
    # never costs a query).
    request.user.is_authenticated  # noqa: B018
    view_logger.warning("In the view")
    log_in_a_task.delay("hello")
    return HttpResponse("queued")


def secret_link(request, token):
    view_logger.warning("Looking up link %s", token)
    return HttpResponse(status=404)


urlpatterns = [
    path("test/log-and-queue/", log_and_queue),
    path("test/link/<str:token>/", secret_link),
    path("", include("config.urls")),
]


def configured(section: str, name: str):
    """A formatter or filter as settings.LOGGING's dictConfig makes it."""
    entry = dict(settings.LOGGING[section][name])
    return import_string(entry.pop("()"))(**entry)


@pytest.fixture
def json_lines():
    """The lines every logger writes, as the production console handler writes them: read() parses them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configured("formatters", "json"))
    for name in settings.LOGGING["handlers"]["console"]["filters"]:
        handler.addFilter(configured("filters", name))
    root = logging.getLogger()
    root.addHandler(handler)

    class Lines:
        @staticmethod
        def read() -> list[dict]:
            return [json.loads(line) for line in stream.getvalue().splitlines()]

        @staticmethod
        def text() -> str:
            return stream.getvalue()

    try:
        yield Lines
    finally:
        root.removeHandler(handler)


class TestRequestIdHeader:
    def test_a_request_without_one_gets_a_new_id(self, client):
        first = client.get("/healthz/live")
        second = client.get("/healthz/live")

        assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
        assert first["X-Request-ID"] != second["X-Request-ID"]

    def test_a_well_formed_id_from_the_proxy_is_kept(self, client):
        response = client.get("/healthz/live", headers={"X-Request-ID": "3f2b6c1e-proxy-0042"})

        assert response["X-Request-ID"] == "3f2b6c1e-proxy-0042"

    @pytest.mark.parametrize(
        "malformed",
        [
            "a" * 129,  # Too long.
            "abc\x01defghi",  # Not printable.
            "abcdef\x7fgh",
            "has spaces in it",
            "short",
            'quote"and{json}',
            "ünïcödé-request-id",
        ],
    )
    def test_a_malformed_id_is_replaced(self, client, malformed):
        response = client.get("/healthz/live", headers={"X-Request-ID": malformed})

        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])

    def test_an_error_page_carries_it_too(self, client):
        response = client.get("/no-such-page/", headers={"X-Request-ID": "abcdef-1234"})

        assert response.status_code == 404
        assert response["X-Request-ID"] == "abcdef-1234"


class TestLogLines:
    def test_every_line_of_a_request_carries_its_id(self, officer_client, officer, json_lines):
        response = officer_client.get("/test/log-and-queue/")

        request_id = response["X-Request-ID"]
        lines = json_lines.read()
        view_line = next(line for line in lines if line["message"] == "In the view")
        access_line = next(line for line in lines if line["logger"] == "core.access")
        assert view_line["request_id"] == access_line["request_id"] == request_id
        assert view_line["path"] == "/test/log-and-queue/"
        assert view_line["method"] == "GET"
        assert view_line["user_id"] == officer.pk
        assert view_line["level"] == "WARNING"
        assert "timestamp" in view_line

    def test_the_access_line_has_method_path_status_and_duration(self, client, json_lines):
        client.get("/healthz/live", headers={"X-Request-ID": "abcdef-5678"})

        (access,) = [line for line in json_lines.read() if line["logger"] == "core.access"]
        assert access["request_id"] == "abcdef-5678"
        assert access["method"] == "GET"
        assert access["path"] == "/healthz/live"
        assert access["status"] == 200
        assert isinstance(access["duration_ms"], float)
        assert access["message"].startswith("GET /healthz/live 200 ")
        assert access["user_id"] is None

    def test_no_query_string_and_no_secret_part_of_a_url_is_written(self, client, json_lines):
        client.get("/?q=resident@example.org&token=query-secret-1234")
        client.get("/test/link/link-secret-5678/")

        text = json_lines.text()
        assert "query-secret-1234" not in text
        assert "resident@example.org" not in text
        assert "link-secret-5678" not in text
        lines = json_lines.read()
        assert any(line["message"] == "Looking up link [redacted]" for line in lines)
        access = [line for line in lines if line["logger"] == "core.access"]
        assert access[1]["path"] == "/test/link/[redacted]/" and access[1]["status"] == 404

    def test_a_line_outside_any_request_has_no_id(self, json_lines):
        view_logger.warning("At start-up")

        (line,) = json_lines.read()
        assert line["request_id"] is None
        assert "path" not in line


class TestCeleryTasks:
    def test_a_task_the_request_queued_logs_its_request_id_name_and_id(self, client, json_lines):
        response = client.get("/test/log-and-queue/")

        lines = json_lines.read()
        task_line = next(line for line in lines if line["message"] == "In the task: hello")
        assert task_line["request_id"] == response["X-Request-ID"]
        assert task_line["task_name"] == "tests.core.test_logs.log_in_a_task"
        assert re.fullmatch(r"[0-9a-f-]{36}", task_line["task_id"])
        # Back in the request once the (eager) task has finished.
        access = next(line for line in lines if line["logger"] == "core.access")
        assert access["request_id"] == response["X-Request-ID"] and "task_name" not in access

    def test_a_worker_takes_the_id_from_the_message_header(self, json_lines):
        log_in_a_task.apply(args=["from the broker"], headers={logs.TASK_HEADER: "abcdef-from-header"})

        line = next(line for line in json_lines.read() if line["message"] == "In the task: from the broker")
        assert line["request_id"] == "abcdef-from-header"
        assert logs.current_request_id() is None, "cleared after the task"

    def test_publishing_adds_the_current_id_to_the_headers(self, client):
        # What before_task_publish is given when a request queues a task (the real worker test below
        # follows the header through Redis).
        headers = {}
        token = logs._context.set(logs.Context(request_id="abcdef-publish"))
        try:
            logs.add_request_id_to_task(headers=headers)
        finally:
            logs._context.reset(token)

        assert headers == {logs.TASK_HEADER: "abcdef-publish"}


class TestTextFormat:
    def test_development_lines_are_readable_with_the_id_in_brackets(self, client):
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.setFormatter(configured("formatters", "text"))
        handler.addFilter(logs.RequestContextFilter())
        logging.getLogger().addHandler(handler)
        try:
            client.get("/healthz/live", headers={"X-Request-ID": "abcdef-text"})
        finally:
            logging.getLogger().removeHandler(handler)

        line = stream.getvalue()
        assert re.search(r" INFO core.access \[abcdef-text\] GET /healthz/live 200 [0-9.]+ ms$", line)


def test_tests_log_as_text_and_production_defaults_to_json():
    assert settings.LOG_FORMAT == "text"
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "text"
    assert settings.MIDDLEWARE[0] == "core.logs.RequestIdMiddleware"


def test_client_error_lines_come_from_the_access_log(client, json_lines):
    Client().get("/no-such-page/")

    assert [line["logger"] for line in json_lines.read()] == ["core.access"]
