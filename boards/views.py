from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from strategies.models import PUBLIC_STATUSES, Strategy

from .models import Board, contrast_ratio


def home(request: HttpRequest) -> HttpResponse:
    public = Strategy.objects.filter(status__in=PUBLIC_STATUSES).order_by("status", "-start_year")
    boards = Board.objects.prefetch_related(
        Prefetch("strategies", queryset=public, to_attr="public_strategies")
    )
    return render(request, "boards/home.html", {"boards": boards})


def board_detail(request: HttpRequest, board_slug: str) -> HttpResponse:
    board = get_object_or_404(Board, slug=board_slug)
    strategies = board.strategies.filter(status__in=PUBLIC_STATUSES).order_by("status", "-start_year")
    organisations = board.organisations.all()
    members = board.memberships.current().by_seniority().select_related("organisation")
    return render(
        request,
        "boards/board_detail.html",
        {"board": board, "strategies": strategies, "organisations": organisations, "members": members},
    )


def _brand_etag(request: HttpRequest, board_slug: str) -> str | None:
    board = Board.objects.filter(slug=board_slug).values("colour").first()
    return board and f'"{board["colour"]}"'


@cache_control(public=True, max_age=3600)
@condition(etag_func=_brand_etag)
def brand_css(request: HttpRequest, board_slug: str) -> HttpResponse:
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
