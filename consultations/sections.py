"""What consultations add to the home page, the board pages and the site navigation."""

from collections import defaultdict

from boards import sections
from core import navigation

from . import permissions
from .models import Consultation


def public_consultations_by_board(boards, user) -> dict[int, list[Consultation]]:
    """Each board's open consultations, then its closed ones, newest first: one query for all boards."""
    grouped = defaultdict(list)
    consultations = (
        Consultation.objects.public()
        .filter(board__in=boards)
        .select_related("board")
        .order_by("-status", "-closes_at")  # "open" sorts after "closed": descending puts it first.
    )
    for consultation in consultations:
        grouped[consultation.board_id].append(consultation)
    return grouped


def register() -> None:
    sections.register(
        sections.Section(
            key="consultations",
            board_template="consultations/_board_section.html",
            home_template="consultations/_home_section.html",
            load=public_consultations_by_board,
            order=5,
        )
    )
    navigation.add(
        navigation.Entry(
            label="Consultations",
            url_name="consultations:manage_list",
            sections=("manage/consultations", "manage/questions"),
            may_see=permissions.can_manage_any,
            order=20,
        )
    )
