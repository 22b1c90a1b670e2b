"""Asking for a publication's board packs: both kinds, rendered in the background (boards/documents.py)."""

from core.documents import document_request
from core.models import Document

from ..documents import MEMBERS_PACK, PUBLIC_PACK
from ..models import AgendaPublication


def pack_request(*, publication: AgendaPublication, by) -> list[Document]:
    """
    Queue the members' and the public pack of `publication` (after the surrounding transaction commits).
    Each renders nothing if nothing in it changed since its last version. `by`: an officer of the board,
    or None for the portal itself (a paper changed after publication).
    """
    return [
        document_request(kind=kind, object_id=publication.pk, by=by) for kind in (MEMBERS_PACK, PUBLIC_PACK)
    ]


def packs_request_for_item(*, item, by) -> list[Document]:
    """Queue again the packs that include `item` (its papers changed after it was published)."""
    if item.publication_id is None:
        return []
    return pack_request(publication=item.publication, by=by)
