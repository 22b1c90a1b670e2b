"""
Document kinds of the tests' own, registered in this process only (tasks run eagerly here; the
real workers of test_worker.py know only the apps' kinds).

    NOTES[object_id]    what `test_note` builds for that id: HTML (one part), a Source, an
                        exception to raise, or nothing (the object is gone)
    test_board_paper    a kind with a board's rules, as board packs will have: the board's readers
                        (members, officers) download, its officers see versions and ask again
"""

from boards import permissions as boards
from boards.models import Board
from core.documents import DocumentKind, HtmlPart, Source, register

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
