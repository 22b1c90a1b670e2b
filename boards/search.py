"""
Board meetings in site search (core.search, docs/decisions/0035): each published agenda item that is
not exempt (its title, lead, papers' titles and minutes, found on the meeting's page) and each of its
decisions (on the decision's own page). The rule is public_meetings': an item is public once its
agenda is published; an exempt item's papers, minutes and decisions are never indexed, and an exempt
item is not indexed at all (its title is on the agenda, but there is nothing to find behind it).

A meeting is one group, made again whole by `meeting_sync` at the end of every service that changes
what the public reads of it (publishing, items, papers, minutes, decisions, the meeting's details).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core import search

from .models import AgendaItem, Meeting

AGENDA_ITEM = search.Kind("agenda_item", "Meeting paper", "Meeting papers and minutes", order=40)
DECISION = search.Kind("decision", "Decision", "Decisions", order=50)


def group(meeting_id: int) -> str:
    return f"boards.meeting:{meeting_id}"


def _public_items(meetings):
    return (
        AgendaItem.objects.filter(
            meeting__in=meetings, publication__isnull=False, exempt_paragraph__isnull=True
        )
        .select_related("publication", "lead_organisation")
        .prefetch_related("papers", "decisions")
        .order_by("meeting", "number")
    )


def entries(meeting: Meeting, items: list[AgendaItem]) -> list[search.Entry]:
    board = meeting.board
    day = date_format(timezone.localtime(meeting.starts_at), "j F Y")
    where = f"{meeting.name}, {day}"
    common = {"board_id": board.pk, "board_slug": board.slug, "board_name": board.name}
    url = reverse("boards:meeting", kwargs={"board_slug": board.slug, "pk": meeting.pk})
    found = []
    for item in items:
        lead = ", ".join(part for part in (item.lead_name, str(item.lead_organisation or "")) if part)
        papers = ". ".join(
            paper.title for paper in sorted(item.papers.all(), key=lambda p: (p.position, p.pk))
        )
        found.append(
            search.Entry(
                source=f"boards.agendaitem:{item.pk}",
                kind=AGENDA_ITEM.key,
                title=item.title,
                url=f"{url}#item-{item.number}",
                context=f"Item {item.number}, {where}",
                text=" ".join(
                    part
                    for part in (
                        f"Lead: {lead}." if lead else "",
                        f"Papers: {papers}." if papers else "",
                        search.from_markdown(item.minutes),
                    )
                    if part
                ),
                published_at=item.publication.published_at,
                **common,
            )
        )
        for decision in item.decisions.all():
            found.append(
                search.Entry(
                    source=f"boards.decision:{decision.pk}",
                    kind=DECISION.key,
                    title=f"{item.title}: resolution {decision.letter}",
                    url=reverse(
                        "boards:decision",
                        kwargs={"board_slug": board.slug, "meeting": meeting.pk, "pk": decision.pk},
                    ),
                    context=f"{decision.get_outcome_display()}, item {item.number}, {where}",
                    text=decision.text,
                    published_at=meeting.starts_at,
                    **common,
                )
            )
    return found


def meeting_sync(meeting: Meeting) -> None:
    """Bring the index into line with what anyone can read of the meeting now."""
    meeting = Meeting.objects.select_related("board").get(pk=meeting.pk)
    search.sync(group(meeting.pk), entries(meeting, list(_public_items([meeting]))))


def _groups():
    by_meeting: dict[int, list[AgendaItem]] = {}
    meetings = Meeting.objects.filter(publications__isnull=False).distinct().select_related("board")
    for item in _public_items(meetings):
        by_meeting.setdefault(item.meeting_id, []).append(item)
    for meeting in meetings.order_by("pk"):
        yield group(meeting.pk), entries(meeting, by_meeting.get(meeting.pk, []))


def register() -> None:
    search.register(search.Provider(key="boards", kinds=(AGENDA_ITEM, DECISION), groups=_groups))
