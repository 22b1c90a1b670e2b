from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from core.http import HtmxHttpRequest

from .. import permissions, sections
from ..models import TERM_WARNING_DAYS, Board, contrast_ratio
from .board_admin import terms_ending


def home(request: HtmxHttpRequest) -> HttpResponse:
    """Every board, with what each app shows of it (its published strategies, for one)."""
    boards = list(Board.objects.all())
    filled = sections.for_home(boards, request.user)
    for board in boards:
        board.home_sections = filled[board.pk]
    return render(request, "boards/home.html", {"boards": boards})


def board_detail(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    board = get_object_or_404(Board, slug=board_slug)
    members = list(board.memberships.current().by_seniority().select_related("organisation"))
    # The warning is for the board's own people, who can act on it: to residents a term ending is not
    # news, and the plain list below is the same for everyone.
    readers = permissions.can_read_private(request.user, board)
    return render(
        request,
        "boards/board_detail.html",
        {
            "board": board,
            "sections": sections.for_board(board, request.user),
            "organisations": board.organisations.all(),
            "members": members,
            "ending": terms_ending(members) if readers else [],
            "warning_days": TERM_WARNING_DAYS,
        },
    )


def _brand_etag(request: HtmxHttpRequest, board_slug: str) -> str | None:
    board = Board.objects.filter(slug=board_slug).values("colour").first()
    return board and f'"{board["colour"]}"'


@cache_control(public=True, max_age=3600)
@condition(etag_func=_brand_etag)
def brand_css(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    """The board's own header colour, as a stylesheet (inline styles are forbidden by our CSP)."""
    board = get_object_or_404(Board, slug=board_slug)
    css = render_to_string(
        "boards/brand.css",
        {
            "colour": board.colour,
            "text": "#ffffff" if contrast_ratio(board.colour, "#ffffff") >= 4.5 else "#0b0c0c",
        },
    )
    return HttpResponse(css, content_type="text/css")
