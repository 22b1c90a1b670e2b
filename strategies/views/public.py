"""What residents read: a published strategy (its PDF is served by core.document_views)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from core.http import HtmxHttpRequest
from core.pagecache import public_page, share

from .. import services
from ..documents import publication_record
from ..models import PUBLIC_STATUSES, Strategy
from .lookups import pdf_document


@public_page(services.public_cache_key)
def strategy_detail(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """
    A strategy as residents read it: the text frozen when it was published.

    Board members and officers of its board can also read it while it is a draft. Anonymous
    visitors share one cached page once the PDF link is on it (docs/decisions/0003).
    """
    strategy = get_object_or_404(
        Strategy.objects.visible_to(request.user).select_related(
            "board", "predecessor__board", "successor__board"
        ),
        board__slug=board_slug,
        slug=slug,
    )
    if strategy.is_public:
        revision = strategy.revisions.filter(status__in=PUBLIC_STATUSES).order_by("number").first()
        if revision is None:
            raise Http404("No published text.")
        text = revision.snapshot
    else:
        revision = None
        text = strategy.snapshot()
    document = pdf_document(strategy) if strategy.is_public else None
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "text": text,
        "revision": revision,
        "record": publication_record(strategy),
        "document": document,
    }
    response = render(request, "strategies/strategy_detail.html", context)
    if strategy.is_public and document is not None and document.current_id:
        share(response)  # Shared only once the PDF link is on the page; until then every visit looks again.
    return response
