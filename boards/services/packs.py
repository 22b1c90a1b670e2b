"""
Asking for board packs (boards/documents.py): both kinds of a publication, rendered in the background.
Publishing an agenda asks for its packs; a change to what a published pack holds (a paper added,
removed or reordered, an item's title, the meeting's time or place) asks for them again. A render under
way is no refusal (core.documents.document_refresh), so an officer's change is never turned away
because a pack is being made; unchanged packs render nothing.
"""

from core.documents import document_refresh
from core.models import Document

from ..documents import MEMBERS_PACK, PUBLIC_PACK
from ..models import AgendaPublication, Meeting


def pack_request(*, publication: AgendaPublication, by) -> list[Document]:
    """
    Queue the members' and the public pack of `publication` (after the surrounding transaction commits).
    `by`: an officer of the board (document_request checks the kinds' rule), or None for the portal.
    """
    return [
        document_refresh(kind=kind, object_id=publication.pk, by=by) for kind in (MEMBERS_PACK, PUBLIC_PACK)
    ]


def packs_request_for_item(*, item, by) -> list[Document]:
    """Queue again the packs that include `item` (it or its papers changed after it was published)."""
    if item.publication_id is None:
        return []
    return pack_request(publication=item.publication, by=by)


def packs_request_for_meeting(*, meeting: Meeting, by) -> list[Document]:
    """Queue again every pack of `meeting` (its date, place, title or status is on their covers)."""
    return [
        document
        for publication in AgendaPublication.objects.filter(meeting=meeting)
        for document in pack_request(publication=publication, by=by)
    ]
