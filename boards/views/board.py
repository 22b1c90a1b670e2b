from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from core.http import HtmxHttpRequest

from .. import sections
from ..models import Board, contrast_ratio


def home(request: HtmxHttpRequest) -> HttpResponse:
    """Every board, with what each app shows of it (its published strategies, for one)."""
    boards = list(Board.objects.all())
    filled = sections.for_home(boards, request.user)
    for board in boards:
        board.home_sections = filled[board.pk]
    return render(request, "boards/home.html", {"boards": boards})


def board_detail(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    board = get_object_or_404(Board, slug=board_slug)
    members = board.memberships.current().by_seniority().select_related("organisation")
    return render(
        request,
        "boards/board_detail.html",
        {
            "board": board,
            "sections": sections.for_board(board, request.user),
            "organisations": board.organisations.all(),
            "members": members,
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
