"""What news adds to a board's page (boards.sections: its latest updates, and its Atom feed's link in the
<head>) and to the officers' navigation. A strategy's page lists the strategy's updates through the
reverse relation (strategies/strategy_detail.html includes news/_strategy_section.html)."""

from collections import defaultdict

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from boards import sections
from core import navigation

from . import permissions
from .models import NewsItem

LATEST = 3  # How many updates a board's page and a strategy's page show.


def latest_by_board(boards, user) -> dict[int, list[NewsItem]]:
    """Each board's latest public updates (LATEST of them), one query for all boards."""
    grouped = defaultdict(list)
    ranked = (
        NewsItem.objects.public()
        .filter(board__in=boards)
        .select_related("board")
        .annotate(
            rank=Window(
                RowNumber(), partition_by=F("board_id"), order_by=[F("publish_at").desc(), F("pk").desc()]
            )
        )
        .filter(rank__lte=LATEST)
        .order_by("board_id", "rank")
    )
    for item in ranked:
        grouped[item.board_id].append(item)
    return grouped


def register() -> None:
    sections.register(
        sections.Section(
            key="news",
            board_template="news/_board_section.html",
            home_template=None,
            head_template="news/_feed_link.html",
            load=latest_by_board,
            order=15,
        )
    )
    navigation.add(
        navigation.Entry(
            label="News",
            url_name="news:manage_list",
            sections=("manage/news",),
            may_see=permissions.can_create_any,
            order=35,
        )
    )
