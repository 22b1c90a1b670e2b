"""What strategies add to the home page, the board pages and the site navigation."""

from collections import defaultdict

from django.db.models import Case, Value, When

from boards import sections
from core import navigation

from . import permissions
from .models import Status, Strategy

# The current strategy first, then the draft the public is consulted on, then those replaced.
LISTING_ORDER = Case(
    When(status=Status.PUBLISHED, then=Value(0)),
    When(status=Status.IN_CONSULTATION, then=Value(1)),
    default=Value(2),
)


def public_strategies_by_board(boards, user) -> dict[int, list[Strategy]]:
    """
    Each board's strategies anyone may read (published, in consultation, superseded), newest first
    within each: one query for all boards.
    """
    grouped = defaultdict(list)
    strategies = (
        Strategy.objects.readable_by_anyone().filter(board__in=boards).order_by(LISTING_ORDER, "-start_year")
    )
    for strategy in strategies:
        grouped[strategy.board_id].append(strategy)
    return grouped


def register() -> None:
    sections.register(
        sections.Section(
            key="strategies",
            board_template="strategies/_board_section.html",
            home_template="strategies/_home_section.html",
            load=public_strategies_by_board,
            order=10,
        )
    )
    navigation.add(
        navigation.Entry(
            label="Strategies",
            url_name="strategies:manage_list",
            sections=("manage/strategies", "manage/domains", "manage/priorities", "manage/actions"),
            may_see=permissions.can_manage_any,
            order=10,
        )
    )
