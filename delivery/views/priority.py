"""A priority's page: what residents said about it, what is being done, and whether health is improving."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from core.http import HtmxHttpRequest
from strategies.models import Priority

from .. import permissions
from ..plan import STATUS_TAGS
from ..priority_page import priority_page


def priority_detail(request: HtmxHttpRequest, board_slug: str, slug: str, pk: int) -> HttpResponse:
    """For anyone when the strategy is public; for the board's members and officers before."""
    priority = get_object_or_404(
        Priority.objects.select_related("domain__strategy__board"),
        pk=pk,
        domain__strategy__slug=slug,
        domain__strategy__board__slug=board_slug,
    )
    strategy = priority.domain.strategy
    if not permissions.can_read(request.user, strategy):
        raise Http404("Only a published strategy's priorities are public.")
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "priority": priority,
        "page": priority_page(priority),
        "status_tags": STATUS_TAGS,
        "manage": not strategy.is_public,  # A board reader before publication: the officers' links.
    }
    return render(request, "delivery/priority.html", context)
