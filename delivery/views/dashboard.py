"""The performance dashboard: the officers' (every strategy of their board) and the public's (cached)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from core.http import HtmxHttpRequest
from core.pagecache import public_page, share
from strategies.models import Strategy

from .. import permissions
from ..caching import public_cache_key
from ..dashboard import dashboard
from ..freshness import stale_items
from .plan import readable_strategy

TEMPLATE = "delivery/dashboard.html"


def _page(request: HtmxHttpRequest, strategy: Strategy, *, manage: bool) -> HttpResponse:
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "dashboard": dashboard(strategy),
        "manage": manage,
        "can_edit": manage and permissions.can_edit(request.user, strategy),
        "stale": stale_items(strategy) if manage else [],
    }
    return render(request, TEMPLATE, context)


@login_required
def dashboard_manage(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _page(request, readable_strategy(request.user, pk), manage=True)


@public_page(public_cache_key)
def dashboard_public(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """A published (or replaced) strategy's dashboard, the same for every anonymous visitor."""
    strategy = get_object_or_404(Strategy.objects.select_related("board"), board__slug=board_slug, slug=slug)
    if not strategy.is_public:
        raise Http404("Only a published strategy's dashboard is public.")
    return share(_page(request, strategy, manage=False))
