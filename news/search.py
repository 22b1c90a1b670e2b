"""
A board's news in site search (core.search, docs/decisions/0035): each public update is one entry of its
own, its summary and body as plain text. Kept current by news.services (every write syncs the update it
changed) and by the minute's beat task (news.tasks.news_announce_due), which indexes a scheduled update
once its time has come: the index has no "not before" date, so nothing goes in before it is public.
"""

from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat

from core import search
from core.models import SearchEntry

from .models import NewsItem

NEWS = search.Kind("news", "News", "News and updates", order=70)
PREFIX = "news.update:"


def source(item_id: int) -> str:
    return f"{PREFIX}{item_id}"


def entry(item: NewsItem) -> search.Entry:
    board = item.board
    about = f"{board.name} news" + (f", about {item.strategy.title}" if item.strategy_id else "")
    return search.Entry(
        source=source(item.pk),
        kind=NEWS.key,
        title=item.title,
        url=item.get_absolute_url(),
        text=f"{item.summary} {search.from_markdown(item.body)}",
        context=about,
        board_id=board.pk,
        board_slug=board.slug,
        board_name=board.name,
        published_at=item.publish_at,
    )


def news_sync(item: NewsItem) -> None:
    """The update in the index if it is public now, out of it if not (a draft, scheduled, deleted)."""
    if item.is_public:
        search.index(entry(item))
    else:
        search.unindex(source(item.pk))


def news_index_due() -> int:
    """
    Index every public update not in the index yet (a scheduled one whose time has come); how many.
    One anti-join in the database on the index's unique source: each minute's run reads only the
    updates it has to add, however many the boards have published.
    """
    in_index = SearchEntry.objects.filter(
        source=Concat(Value(PREFIX), Cast(OuterRef("pk"), output_field=CharField()))
    )
    due = (
        NewsItem.objects.public().filter(~Exists(in_index)).select_related("board", "strategy").order_by("pk")
    )
    found = [entry(item) for item in due]
    if found:
        search.index(*found)
    return len(found)


def _groups():
    for item in NewsItem.objects.public().select_related("board", "strategy").order_by("pk"):
        yield source(item.pk), [entry(item)]


def register() -> None:
    search.register(search.Provider(key="news", kinds=(NEWS,), groups=_groups))
