"""
What each app shows about a board on the home page and the board's own page.

Boards sit below the domain apps, so they cannot ask strategies (or later consultations and
meetings) for their content. Instead each app registers a section in its AppConfig.ready(): a
template for each page and a loader that fetches the items of many boards at once (one query for
the home page, however many boards there are).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    key: str
    # Rendered with `board`, `items` and the page's context; None leaves the page out.
    board_template: str | None
    home_template: str | None
    # (boards, user) -> {board id: items}; boards missing from the result have no items.
    load: Callable[[list, Any], dict[int, Any]]
    order: int = 100
    # Rendered in the board page's <head> with `board` and `items` (a feed's rel="alternate" link), or None.
    head_template: str | None = None


@dataclass(frozen=True)
class Filled:
    section: Section
    items: Any

    @property
    def template(self) -> str | None:
        return self.section.board_template

    @property
    def head_template(self) -> str | None:
        return self.section.head_template


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.key] = section


def _ordered() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def for_board(board, user) -> list[Filled]:
    """The sections of a board's own page, filled."""
    return [
        Filled(section, section.load([board], user).get(board.pk))
        for section in _ordered()
        if section.board_template
    ]


def for_home(boards: Iterable, user) -> dict[int, list[tuple[str, Any]]]:
    """{board id: [(home template, items), ...]} for the home page, one load per section."""
    boards = list(boards)
    filled: dict[int, list[tuple[str, Any]]] = {board.pk: [] for board in boards}
    for section in _ordered():
        if not section.home_template:
            continue
        items = section.load(boards, user)
        for board in boards:
            filled[board.pk].append((section.home_template, items.get(board.pk)))
    return filled
