"""
Document kinds of the tests' own (registered in this process only, so tasks run eagerly), and
fixtures to ask for documents.

    NOTES[object_id]    what the `test_note` kind builds for that id: HTML (one part), a Source,
                        an exception to raise, or nothing (the object is gone)
    test_board_paper    a kind with a board's rules, as board packs will have: the board's readers
                        (members, officers) download, its officers see versions and ask again
    request_now         ask for a document and run the queued task, as after a commit
    like_a_worker       failures handled as a worker handles them (retries, on_failure), not raised
    spy                 the real html_to_pdf, counted
"""

from unittest import mock

import pytest

from boards import permissions as boards
from boards.models import Board
from core.documents import DocumentKind, HtmlPart, Source, document_request, register, rendering
from core.models import Document

NOTES: dict[int, object] = {}


def build_note(object_id: int) -> Source | None:
    note = NOTES.get(object_id)
    if isinstance(note, Exception):
        raise note
    if note is None or isinstance(note, Source):
        return note
    return Source(title="A note", filename=f"note-{object_id}.pdf", parts=[HtmlPart("A note", note)])


NOTE_KIND = register(
    DocumentKind(
        name="test_note",
        build=build_note,
        can_download=lambda user, object_id: True,
        can_see_versions=lambda user, object_id: user.is_authenticated,
        can_request=lambda user, object_id: user.is_authenticated,
        page_url=lambda object_id: f"/notes/{object_id}/",
        label="The note as a PDF",
    )
)

BOARD_PAPER_KIND = register(
    DocumentKind(
        name="test_board_paper",
        build=lambda board_id: build_note(board_id),
        load=lambda board_id: Board.objects.filter(pk=board_id).first(),
        can_download=boards.can_read_private,
        can_see_versions=boards.can_edit,
        can_request=boards.can_edit,
        page_url=lambda board: board.get_absolute_url(),
        label="Board pack",
        noun="the board pack",
        queue="hwb-board-packs",
        time_limit=600,
        soft_time_limit=540,
    )
)


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
