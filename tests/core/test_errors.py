"""
Error reports to Sentry (core/errors.py), sent by the real SDK to a DSN that points at a small HTTP
server of this test's own, which keeps the envelopes it receives: what would reach Sentry is what the
test reads.
"""

import gzip
import json
import threading
import urllib.error
import urllib.request
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.urls import include, path

from core.errors import sentry_init
from tests.core.test_settings import manage

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls(__name__)]


def boom(request):
    request.user.is_authenticated  # noqa: B018  As most views do: the user is looked up.
    raise RuntimeError("The view failed")


urlpatterns = [path("test/boom/", boom), path("", include("config.urls"))]


class Collector(BaseHTTPRequestHandler):
    """Sentry's envelope endpoint: keeps each body, decompressed, and answers 200."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.server.envelopes.append(body.decode())
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format, *args):
        pass


@pytest.fixture
def sentry():
    """The SDK initialised as settings.py does it, sending to a local collector; reset afterwards."""
    import sentry_sdk

    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    server.envelopes = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sentry_init(dsn=f"http://publickey@127.0.0.1:{server.server_port}/42", environment="test", release="r7")
    try:
        yield server
    finally:
        sentry_sdk.get_client().close(timeout=2)
        sentry_sdk.init()  # No DSN: a client that sends nothing, for the tests that follow.
        server.shutdown()
        server.server_close()


def events(envelopes: list[str]) -> list[dict]:
    """The error events in the envelopes (a header line, then an item header and payload per item)."""
    found = []
    for envelope in envelopes:
        lines = envelope.split("\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                found.append(json.loads(payload))
    return found


def test_an_unhandled_view_error_arrives_tagged_with_the_request_id_without_personal_data(
    sentry, officer, live_server
):
    import sentry_sdk

    # Through a real WSGI server, as gunicorn serves it: the SDK reads the request from the WSGI
    # environment, which the test client does not go through.
    client = Client()
    client.force_login(officer)
    session_cookie = client.cookies["sessionid"].value
    request = urllib.request.Request(
        f"{live_server.url}/test/boom/?email=resident@example.org&token=query-secret-99",
        headers={
            "X-Request-ID": "abcdef-sentry-1",
            "X-Forwarded-For": "198.51.100.23",
            "Cookie": f"sessionid={session_cookie}; csrftoken=csrf-secret-42",
        },
    )

    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=30)
    sentry_sdk.flush(timeout=10)

    assert error.value.code == 500
    (event,) = events(sentry.envelopes)
    assert event["tags"]["request_id"] == "abcdef-sentry-1"
    assert event["environment"] == "test"
    assert event["release"] == "r7"
    assert event["exception"]["values"][-1]["value"] == "The view failed"
    assert event["request"]["url"] == f"{live_server.url}/test/boom/"
    assert event["request"]["method"] == "GET"
    everything = "\n".join(sentry.envelopes)
    for personal in (
        session_cookie,
        "csrf-secret-42",
        "resident@example.org",
        "query-secret-99",
        "198.51.100.23",
        officer.username,
        officer.email,
    ):
        where = everything.find(personal)
        assert where < 0, f"{personal!r} was sent to Sentry: {everything[max(0, where - 300) : where + 60]}"
    assert not event.get("user")


def test_a_handled_request_sends_nothing(sentry, client):
    import sentry_sdk

    client.get("/healthz/live")
    sentry_sdk.flush(timeout=5)

    assert events(sentry.envelopes) == []


class TestWithoutADsn:
    def test_the_sdk_is_not_even_loaded(self):
        result = manage(
            "shell", "-c", "import sys; print('sentry_sdk' in sys.modules)", services=False, DEBUG="true"
        )

        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == "False"

    def test_with_one_it_reports_to_the_environment_and_release_given(self):
        code = (
            "import sentry_sdk; from sentry_sdk.scope import should_send_default_pii; "
            "o = sentry_sdk.get_client().options; "
            "print(o['environment'], o['release'], should_send_default_pii())"
        )

        result = manage(
            "shell",
            "-c",
            code,
            services=False,
            DEBUG="true",
            SENTRY_DSN="http://publickey@127.0.0.1:9/1",
            SENTRY_ENVIRONMENT="staging",
            SENTRY_RELEASE="2026.12.3",
        )

        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == "staging 2026.12.3 False"
