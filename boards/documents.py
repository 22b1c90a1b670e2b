"""
Board packs (issue 7): the PDF members download before a meeting, one per agenda publication (the
agenda, and each supplementary agenda), in two kinds.

    board_pack         the members' pack: every item, exempt ones included, for the board's readers
    board_pack_public  the public pack: exempt items are listed in the agenda, their papers left out

A pack is a cover, the agenda (which prints the page each item's papers start on: a PagedHtmlPart), each
item's papers in order (uploaded PDFs as they are; a portal document as its latest version), and, in the
agenda's pack, the previous meeting's minutes while still draft. Every page carries the pack's running
page number, uploads included, and the PDF's page labels match (core.documents, Source.stamp), so
"page 47" is the same page in the agenda, on paper and in a viewer.
"""

from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from core.documents import DocumentError, DocumentKind, HtmlPart, PdfPart, Source, register
from core.documents.sources import PagedHtmlPart, Pages

from . import permissions
from .models import AgendaItem, AgendaPublication, Decision, Meeting, Paper

MEMBERS_PACK = "board_pack"
PUBLIC_PACK = "board_pack_public"
STAMP = "Page {page} of {pages}"


@dataclass(frozen=True)
class PackItem:
    item: AgendaItem
    papers: list[Paper]  # The papers in this pack: none of an exempt item's in the public pack.
    withheld: bool  # Exempt, in the public pack.


def _publication(publication_id: int) -> AgendaPublication | None:
    return (
        AgendaPublication.objects.select_related("meeting__board", "published_by")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.select_related("lead_organisation")
                .prefetch_related(
                    Prefetch("papers", queryset=Paper.objects.select_related("document__current"))
                )
                .order_by("number"),
            )
        )
        .filter(pk=publication_id)
        .first()
    )


def previous_draft_minutes(meeting: Meeting) -> Meeting | None:
    """
    The board's last held meeting before `meeting`, if it has minutes that were still draft when the
    agenda went out: not approved, or approved at `meeting` itself (what the pack put them before it
    for), so that a pack made again after the meeting holds what it held.
    """
    previous = (
        Meeting.objects.filter(
            board=meeting.board, status=Meeting.Status.HELD, starts_at__lt=meeting.starts_at
        )
        .order_by("-starts_at")
        .first()
    )
    if previous is None:
        return None
    approvals = previous.minutes_approvals.filter(outcome=Decision.Outcome.APPROVED)
    if approvals.exclude(agenda_item__meeting=meeting).exists():
        return None
    if not previous.items.exclude(minutes="").exists():
        return None
    return previous


def _paper_part(entry: PackItem, paper: Paper) -> PdfPart:
    title = f"Item {entry.item.number}: {paper.title}"
    # An exempt paper says so on every page, beside the page number: pages get printed and passed on.
    mark = (
        f"Not for publication: Schedule 12A, paragraph {entry.item.exempt_paragraph}"
        if entry.item.exempt
        else ""
    )
    if paper.file:
        return PdfPart(title=title, file=paper.file, mark=mark)
    current = paper.document.current if paper.document_id else None
    if current is None:
        raise DocumentError(
            f"Item {entry.item.number}'s paper “{paper.title}” has not been generated yet: generate it, "
            "then generate the pack again."
        )
    return PdfPart(title=title, file=current.file, mark=mark)


def build_pack(publication_id: int, *, public: bool) -> Source | None:
    publication = _publication(publication_id)
    if publication is None:
        return None
    meeting, board = publication.meeting, publication.meeting.board
    entries = [
        PackItem(item, [] if public and item.exempt else list(item.papers.all()), public and item.exempt)
        for item in publication.items.all()
    ]
    minutes = previous_draft_minutes(meeting) if publication.number == 0 else None
    when = timezone.localtime(meeting.starts_at)
    which = "public pack" if public else "members' pack"
    title = f"{meeting.name}, {when:%-d %B %Y}: {publication.label.lower()}, {which}"
    context = {
        "publication": publication,
        "meeting": meeting,
        "board": board,
        "public": public,
        "title": title,
        "exempt": any(entry.item.exempt for entry in entries),
        "public_url": settings.PUBLIC_URL,
    }

    paper_parts = [_paper_part(entry, paper) for entry in entries for paper in entry.papers]
    # Where each item's first paper sits among the parts: cover, agenda, then the papers in order.
    first_part, index = {}, 2
    for entry in entries:
        if entry.papers:
            first_part[entry.item.pk] = index
        index += len(entry.papers)
    minutes_index = index if minutes else None

    def agenda_html(pages: Pages | None) -> str:
        def page_of(part_index):
            return pages.first[part_index] if pages and part_index is not None else None

        rows = [
            {
                "entry": entry,
                "page": page_of(first_part.get(entry.item.pk)),
                "has_papers": bool(entry.papers),
            }
            for entry in entries
        ]
        return render_to_string(
            "boards/pdf/pack_agenda.html",
            {**context, "rows": rows, "minutes": minutes, "minutes_page": page_of(minutes_index)},
        )

    parts = [
        HtmlPart("Cover", render_to_string("boards/pdf/pack_cover.html", context)),
        PagedHtmlPart(publication.label, agenda_html),
        *paper_parts,
    ]
    if minutes:
        parts.append(
            HtmlPart(
                "Draft minutes of the previous meeting",
                render_to_string(
                    "boards/pdf/pack_minutes.html", {**context, **minutes_context(minutes, public)}
                ),
            )
        )
    suffix = "" if publication.number == 0 else f"-supplementary-{publication.number}"
    suffix += "-public-pack" if public else "-members-pack"
    return Source(
        title=title,
        filename=f"{slugify(board.name)}-{when:%Y-%m-%d}{suffix}.pdf",
        parts=parts,
        stamp=STAMP,
    )


def minutes_context(meeting: Meeting, public: bool) -> dict:
    """A meeting's minutes as a pack prints them: exempt items' minutes only in the members' pack."""
    items = list(
        meeting.items.exclude(minutes="")
        .prefetch_related(Prefetch("decisions", queryset=Decision.objects.order_by("letter")))
        .order_by("number")
    )
    return {
        "minutes_meeting": meeting,
        "minutes_items": [item for item in items if not (public and item.exempt)],
    }


def _can_download_members(user, publication) -> bool:
    return permissions.can_read_private(user, publication.meeting.board_id)


def _can_download_public(user, publication) -> bool:
    return True  # A publication exists only once the agenda is published.


def _can_manage(user, publication) -> bool:
    return permissions.can_edit(user, publication.meeting.board_id)


def _load(publication_id: int) -> AgendaPublication | None:
    return AgendaPublication.objects.select_related("meeting__board").filter(pk=publication_id).first()


def _page_url(publication) -> str:
    """The officers' page of the meeting, where the packs' progress shows (and "Generate again" returns)."""
    from django.urls import reverse

    return reverse("boards:meeting_manage", args=[publication.meeting_id])


register(
    DocumentKind(
        name=MEMBERS_PACK,
        build=lambda publication_id: build_pack(publication_id, public=False),
        load=_load,
        can_download=_can_download_members,
        can_see_versions=_can_manage,
        can_request=_can_manage,
        page_url=_page_url,
        label="Members' pack",
        noun="the members' pack",
        time_limit=900,
        soft_time_limit=840,
    )
)
register(
    DocumentKind(
        name=PUBLIC_PACK,
        build=lambda publication_id: build_pack(publication_id, public=True),
        load=_load,
        can_download=_can_download_public,
        can_see_versions=_can_manage,
        can_request=_can_manage,
        page_url=_page_url,
        label="Public pack",
        noun="the public pack",
        time_limit=900,
        soft_time_limit=840,
    )
)


@dataclass(frozen=True)
class PackLink:
    """A pack a meeting page offers: its publication, kind, and its latest version if there is one yet."""

    publication: AgendaPublication
    kind: str
    label: str
    document: object  # core.models.Document, or None if it was never asked for.

    @property
    def version(self):
        return self.document.current if self.document else None


def packs_for(publications: list[AgendaPublication], user, *, with_exempt: Collection[int]) -> list[PackLink]:
    """
    The packs of a meeting's publications that `user` may download: the public pack, and for the
    board's members and officers the members' pack too, where that publication has exempt items (the
    pks in `with_exempt`; without them, the two packs hold the same papers, and only the public pack
    is offered).
    """
    from core.models import Document

    if not publications:
        return []
    members = permissions.can_read_private(user, publications[0].meeting.board_id)
    kinds = [PUBLIC_PACK, MEMBERS_PACK] if members else [PUBLIC_PACK]
    ids = [publication.pk for publication in publications]
    documents = {
        (document.kind, document.object_id): document
        for document in Document.objects.select_related("current").filter(kind__in=kinds, object_id__in=ids)
    }
    labels = {PUBLIC_PACK: "Public pack", MEMBERS_PACK: "Members’ pack, with exempt papers"}
    # A pack never asked for (none is, until the agenda is published through the portal) is not offered.
    return [
        PackLink(publication, kind, labels[kind], documents[(kind, publication.pk)])
        for publication in publications
        for kind in kinds
        if (kind, publication.pk) in documents and (kind == PUBLIC_PACK or publication.pk in with_exempt)
    ]
