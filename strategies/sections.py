"""What strategies add to the home page, the board pages and the site navigation."""

from collections import defaultdict

from boards import sections
from core import navigation

from . import permissions
from .models import Strategy


def public_strategies_by_board(boards, user) -> dict[int, list[Strategy]]:
    """Each board's published and superseded strategies, newest first: one query for all boards."""
    grouped = defaultdict(list)
    strategies = Strategy.objects.public().filter(board__in=boards).order_by("status", "-start_year")
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
            sections=("manage/strategies", "manage/domains", "manage/priorities"),
            may_see=permissions.can_manage_any,
            order=10,
        )
    )
