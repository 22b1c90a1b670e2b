"""
Atom feeds (RFC 4287) with Django's syndication framework: a board's feed of its news, its meetings
as their agendas are published, its consultations as they open and its consultation reports as they
are published; and a strategy's feed of the updates about it. Only what is public is in them: an
update from its publish time (never a draft or one scheduled), a meeting's agenda once published,
a consultation once open, a report once published.

Every address is absolute, from settings.PUBLIC_URL (the address the portal is known by, as in its
emails and calendar feeds), never the request's Host header. Each entry's id is a tag URI (RFC 4151)
made from the host and what the entry is, so it stays the same however the entry's title or address
changes (docs/decisions/0032-news-and-feeds.md).
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from boards.models import AgendaPublication, Board
from consultations.models import Consultation, StatusChange
from consultations.models import Status as ConsultationStatus
from strategies.models import Strategy

from .models import NewsItem

PER_KIND = 20  # The latest of each kind.
ENTRIES = 30  # In all, newest first.


def host() -> str:
    return urlsplit(settings.PUBLIC_URL).hostname or "localhost"


def absolute(path: str) -> str:
    return settings.PUBLIC_URL + path


def tag(day: datetime, specific: str) -> str:
    """A tag URI (RFC 4151): tag:<host>,<date it was minted>:<what it is>."""
    return f"tag:{host()},{timezone.localtime(day):%Y-%m-%d}:{specific}"


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    summary: str
    link: str
    published: datetime
    updated: datetime
    category: str


def news_entry(item: NewsItem) -> Entry:
    return Entry(
        id=tag(item.created_at, f"news/{item.pk}"),
        title=item.title,
        summary=item.summary,
        link=absolute(item.get_absolute_url()),
        published=item.publish_at,
        # Edited after it was published: its later save; never a time before it was public.
        updated=max(item.publish_at, item.updated_at),
        category="News",
    )


def board_entries(board: Board) -> list[Entry]:
    """The board's public news, new meetings, opened consultations and published reports, newest first."""
    now = timezone.now()
    news = NewsItem.objects.public(now).filter(board=board).select_related("board")
    entries = [news_entry(item) for item in news[:PER_KIND]]
    agendas = (
        AgendaPublication.objects.filter(meeting__board=board, number=0, published_at__lte=now)
        .select_related("meeting__board")
        .order_by("-published_at", "-pk")[:PER_KIND]
    )
    for agenda in agendas:
        meeting = agenda.meeting
        when = timezone.localtime(meeting.starts_at)
        entries.append(
            Entry(
                id=tag(agenda.published_at, f"meetings/{meeting.pk}"),
                title=f"Meeting on {when:%-d %B %Y}: agenda published",
                summary=f"The agenda of the {meeting.name} meeting on {when:%-d %B %Y at %H:%M} is out.",
                link=absolute(meeting.get_absolute_url()),
                published=agenda.published_at,
                updated=agenda.published_at,
                category="Meetings",
            )
        )
    opened = (
        StatusChange.objects.filter(
            consultation__board=board,
            to_status=ConsultationStatus.OPEN,
            consultation__status__in=["open", "closed"],
        )
        .select_related("consultation__board")
        .order_by("-at", "-pk")[:PER_KIND]
    )
    for change in opened:
        consultation = change.consultation
        closes = timezone.localtime(consultation.closes_at)
        entries.append(
            Entry(
                id=tag(change.at, f"consultations/{consultation.pk}/opened"),
                title=f"Consultation open: {consultation.title}",
                summary=f"Have your say on {consultation.title} until {closes:%-d %B %Y}.",
                link=absolute(consultation.get_absolute_url()),
                published=change.at,
                updated=change.at,
                category="Consultations",
            )
        )
    reports = (
        Consultation.objects.public()
        .filter(board=board, report_published_at__isnull=False)
        .select_related("board")
        .order_by("-report_published_at", "-pk")[:PER_KIND]
    )
    for consultation in reports:
        entries.append(
            Entry(
                id=tag(consultation.report_published_at, f"consultations/{consultation.pk}/report"),
                title=f"Consultation report published: {consultation.title}",
                summary=f"What people said in {consultation.title}, and what changed as a result.",
                link=absolute(consultation.get_report_url()),
                published=consultation.report_published_at,
                updated=consultation.report_published_at,
                category="Consultation reports",
            )
        )
    entries.sort(key=lambda entry: (entry.updated, entry.id), reverse=True)
    return entries[:ENTRIES]


class _AtomFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, entry: Entry) -> str:
        return entry.title

    def item_description(self, entry: Entry) -> str:
        return entry.summary

    def item_link(self, entry: Entry) -> str:
        return entry.link

    def item_guid(self, entry: Entry) -> str:
        return entry.id

    item_guid_is_permalink = False

    def item_pubdate(self, entry: Entry) -> datetime:
        return entry.published

    def item_updateddate(self, entry: Entry) -> datetime:
        return entry.updated

    def item_categories(self, entry: Entry) -> tuple[str, ...]:
        return (entry.category,)


class BoardFeed(_AtomFeed):
    """A board's news, meetings, consultations and reports."""

    def get_object(self, request, board_slug: str) -> Board:
        return get_object_or_404(Board, slug=board_slug)

    def title(self, board: Board) -> str:
        return f"{board.name}: news, meetings and consultations"

    def subtitle(self, board: Board) -> str:
        return (
            f"Updates from the {board.name}, its meetings as their agendas are published, its consultations "
            "as they open and their reports as they are published."
        )

    def link(self, board: Board) -> str:
        return absolute(board.get_absolute_url())

    def feed_url(self, board: Board) -> str:
        return absolute(reverse("news:feed", kwargs={"board_slug": board.slug}))

    def feed_guid(self, board: Board) -> str:
        return f"tag:{host()},2026:boards/{board.pk}/feed"  # Boards record no date of their own.

    def author_name(self, board: Board) -> str:
        return board.name

    def items(self, board: Board) -> list[Entry]:
        return board_entries(board)


class StrategyFeed(_AtomFeed):
    """The updates about one strategy anyone may read."""

    def get_object(self, request, board_slug: str, slug: str) -> Strategy:
        return get_object_or_404(
            Strategy.objects.readable_by_anyone().select_related("board"), board__slug=board_slug, slug=slug
        )

    def title(self, strategy: Strategy) -> str:
        return f"{strategy.title}: news"

    def subtitle(self, strategy: Strategy) -> str:
        return f"Updates from the {strategy.board.name} about {strategy.title}."

    def link(self, strategy: Strategy) -> str:
        return absolute(strategy.get_absolute_url())

    def feed_url(self, strategy: Strategy) -> str:
        return absolute(
            reverse("news:strategy_feed", kwargs={"board_slug": strategy.board.slug, "slug": strategy.slug})
        )

    def feed_guid(self, strategy: Strategy) -> str:
        return tag(strategy.created_at, f"strategies/{strategy.pk}/feed")

    def author_name(self, strategy: Strategy) -> str:
        return strategy.board.name

    def items(self, strategy: Strategy) -> list[Entry]:
        items = NewsItem.objects.public().filter(strategy=strategy).select_related("board")[:ENTRIES]
        return [news_entry(item) for item in items]
