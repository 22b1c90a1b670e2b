"""
What anyone reads of a board's meetings, and what the board's members and officers read besides: the
queries behind the public meeting pages, the decision page, paper downloads and the calendar feeds.

The rule, in one place (docs/decisions/0022-meetings-in-boards.md):
- a meeting's date, place and status are public from the start;
- its items are public once published (AgendaItem.publication), never before, for anyone;
- an exempt item (Schedule 12A) is listed by number, title and exemption; its papers, minutes,
  declarations and decisions are for the board's readers only (boards.permissions.can_read_private),
  and are not even loaded for anyone else.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from . import permissions, sections
from .models import AgendaItem, AgendaPublication, Attendance, Decision, Declaration, Meeting, Paper

# Past meetings listed per page; upcoming meetings are few and all listed.
PAST_PER_PAGE = 20
# The board page's "Upcoming meetings": how many.
UPCOMING_ON_BOARD_PAGE = 3


def listed_meetings(meetings: QuerySet) -> QuerySet:
    """Meetings as the lists show them: with their board, and whether the agenda is published."""
    published = AgendaPublication.objects.filter(meeting=OuterRef("pk"))
    return meetings.select_related("board").annotate(agenda_published=Exists(published))


def upcoming_and_past(meetings: QuerySet, now=None) -> tuple[QuerySet, QuerySet]:
    """
    Upcoming meetings, soonest first, and past ones, latest first. A meeting is upcoming until it ends
    (or, with no end time, until its day is over), so today's meeting stays at the top all day.
    """
    now = now or timezone.now()
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    meetings = listed_meetings(meetings)
    upcoming = Q(ends_at__gt=now) | Q(ends_at__isnull=True, starts_at__gte=start_of_today)
    return (
        meetings.filter(upcoming).order_by("starts_at", "pk"),
        meetings.exclude(upcoming).order_by("-starts_at", "-pk"),
    )


# One meeting's page -------------------------------------------------------------------------------


@dataclass
class ItemEntry:
    """An agenda item as one reader sees it. `withheld`: exempt, and the reader may not see inside it."""

    item: AgendaItem
    withheld: bool
    papers: list[Paper] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    minutes: str = ""


@dataclass
class MeetingRecord:
    meeting: Meeting
    can_read_private: bool
    publications: list[AgendaPublication]
    items: list[ItemEntry]
    attendance: dict[str, list[Attendance]]
    minutes_approval: Decision | None

    @property
    def agenda_published(self) -> bool:
        return bool(self.publications)

    @property
    def any_minutes(self) -> bool:
        return any(entry.minutes for entry in self.items)

    @property
    def any_exempt(self) -> bool:
        return any(entry.item.exempt for entry in self.items)

    @property
    def minutes_approval_readable(self) -> bool:
        """Whether this reader may open the decision that approved the minutes (as readable_decision)."""
        item = self.minutes_approval.agenda_item if self.minutes_approval else None
        if item is None or item.publication_id is None:
            return False  # Its agenda was never published: nobody reads its decisions here.
        return not item.exempt or self.can_read_private

    @property
    def publications_with_exempt(self) -> set[int]:
        """The publications that brought an exempt item (withheld or not): they have a members' pack."""
        return {entry.item.publication_id for entry in self.items if entry.item.exempt}


def _public_only(queryset: QuerySet, item_field: str, readable: bool) -> QuerySet:
    """Rows of items anyone may see inside, unless the reader may see exempt items too."""
    return queryset if readable else queryset.filter(**{f"{item_field}__exempt_paragraph__isnull": True})


def published_items(meeting: Meeting, *, readable: bool) -> QuerySet:
    """The meeting's published items, with what the reader may see of each loaded with them."""
    return _with_insides(meeting.items.all(), readable=readable).order_by("number")


def published_items_of(meetings, *, readable: bool) -> QuerySet:
    """The published items of many meetings at once (the open data API's lists), as published_items."""
    items = AgendaItem.objects.filter(meeting__in=meetings)
    return _with_insides(items, readable=readable).order_by("meeting_id", "number")


def public_decisions() -> QuerySet:
    """Every decision anyone may read: its item is published and not exempt (as readable_decision)."""
    return _public_only(Decision.objects.filter(agenda_item__publication__isnull=False), "agenda_item", False)


def _with_insides(items: QuerySet, *, readable: bool) -> QuerySet:
    papers = _public_only(Paper.objects.select_related("document__current"), "item", readable)
    declarations = _public_only(
        Declaration.objects.select_related("membership__organisation").order_by("pk"), "item", readable
    )
    decisions = _public_only(Decision.objects.order_by("letter"), "agenda_item", readable)
    return (
        items.filter(publication__isnull=False)
        .select_related("publication", "lead_organisation")
        .prefetch_related(
            Prefetch("papers", queryset=papers.order_by("position", "pk")),
            Prefetch("declarations", queryset=declarations),
            Prefetch("decisions", queryset=decisions),
        )
    )


def attendance_by_status(meeting: Meeting) -> dict[str, list[Attendance]]:
    """Who was there, grouped: present (substitutes among them), apologies, absent, in attendance."""
    grouped: dict[str, list[Attendance]] = {status: [] for status in Attendance.Status.values}
    rows = meeting.attendance.select_related(
        "membership__organisation", "organisation", "substitute_for"
    ).order_by("pk")
    for row in rows:
        grouped[row.status].append(row)
    return {status: rows for status, rows in grouped.items() if rows}


def minutes_approval(meeting: Meeting) -> Decision | None:
    """The decision that approved the meeting's minutes as a correct record, if one has."""
    return (
        Decision.objects.filter(
            effect=Decision.Effect.MINUTES, outcome=Decision.Outcome.APPROVED, minutes_of=meeting
        )
        .select_related("agenda_item__meeting__board")
        .first()
    )


def meeting_record(meeting: Meeting, user) -> MeetingRecord:
    """Everything the meeting's page shows `user`, in a fixed number of queries."""
    readable = permissions.can_read_private(user, meeting.board_id)
    publications = list(meeting.publications.order_by("number"))
    entries = []
    if publications:
        for item in published_items(meeting, readable=readable):
            withheld = item.exempt and not readable
            entries.append(
                ItemEntry(item=item, withheld=True)
                if withheld
                else ItemEntry(
                    item=item,
                    withheld=False,
                    papers=list(item.papers.all()),
                    declarations=list(item.declarations.all()),
                    decisions=list(item.decisions.all()),
                    minutes=item.minutes,
                )
            )
    return MeetingRecord(
        meeting=meeting,
        can_read_private=readable,
        publications=publications,
        items=entries,
        attendance=attendance_by_status(meeting),
        minutes_approval=minutes_approval(meeting) if any(entry.minutes for entry in entries) else None,
    )


# A decision, a paper ------------------------------------------------------------------------------


def readable_decision(user, *, board_slug: str, meeting_id: int, pk: int) -> Decision | None:
    """The decision, if `user` may read it: its item is published, and not exempt unless they are a reader."""
    decision = (
        Decision.objects.select_related(
            "agenda_item__meeting__board", "agenda_item__publication", "minutes_of__board"
        )
        .filter(
            pk=pk,
            agenda_item__meeting_id=meeting_id,
            agenda_item__meeting__board__slug=board_slug,
            agenda_item__publication__isnull=False,
        )
        .first()
    )
    if decision is None:
        return None
    if decision.agenda_item.exempt and not permissions.can_read_private(user, decision.meeting.board_id):
        return None
    return decision


def readable_paper(user, *, board_slug: str, meeting_id: int, pk: int) -> Paper | None:
    """
    The paper, if `user` may have it: its item is published, and not exempt unless they are one of the
    board's readers. Anything else is None, so the view answers 404 whether or not the paper exists.
    """
    paper = (
        Paper.objects.select_related("item__meeting__board", "document__current")
        .filter(
            pk=pk,
            item__meeting_id=meeting_id,
            item__meeting__board__slug=board_slug,
            item__publication__isnull=False,
        )
        .first()
    )
    if paper is None:
        return None
    if paper.item.exempt and not permissions.can_read_private(user, paper.item.meeting.board_id):
        return None
    return paper


# The board page's section -------------------------------------------------------------------------


def upcoming_by_board(boards, user) -> dict[int, list[Meeting]]:
    """Each board's next few meetings, soonest first: one query for all the boards."""
    upcoming, _ = upcoming_and_past(Meeting.objects.filter(board__in=boards))
    grouped: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in upcoming:
        if len(grouped[meeting.board_id]) < UPCOMING_ON_BOARD_PAGE:
            grouped[meeting.board_id].append(meeting)
    return grouped


def register_section() -> None:
    sections.register(
        sections.Section(
            key="meetings",
            board_template="boards/meetings/_board_section.html",
            home_template=None,
            load=upcoming_by_board,
            order=20,
        )
    )
