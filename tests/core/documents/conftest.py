"""
Fixtures for the document tests; the tests' own document kinds are in kinds.py.

    request_now         ask for a document and run the queued task, as after a commit
    like_a_worker       failures handled as a worker handles them (retries, on_failure), not raised
    spy                 the real html_to_pdf, counted
"""

from unittest import mock

import pytest

from core.documents import document_request, rendering
from core.models import Document
from tests.core.documents.kinds import NOTES


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
    with mock.patch.object(rendering, "html_to_pdf", wraps=rendering.html_to_pdf) as wrapped:
        yield wrapped


@pytest.fixture
def request_now(django_capture_on_commit_callbacks):
    """request_now(kind, object_id, by=None): ask for a document and run the queued task."""

    def _request(kind: str, object_id: int, by=None) -> Document:
        with django_capture_on_commit_callbacks(execute=True):
            document = document_request(kind=kind, object_id=object_id, by=by)
        document.refresh_from_db()
        return document

    return _request
