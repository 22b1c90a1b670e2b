"""What residents read: a published strategy (its PDF is served by core.document_views), or a draft for
consultation."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from core.http import HtmxHttpRequest
from core.models import Document
from core.pagecache import public_page, share

from .. import services
from ..documents import publication_record
from ..models import PUBLIC_STATUSES, Revision, Status, Strategy
from .documents import versions_for
from .lookups import version_documents


@public_page(services.public_cache_key)
def strategy_detail(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """
    A strategy as residents read it: the text frozen when it was published, or, while the public is
    consulted on it, the draft as it was sent out for consultation.

    Board members and officers of its board can also read it while it is a draft. Anonymous
    visitors share one cached page once it is the same for all of them (docs/decisions/0003, 0009).
    """
    strategy = get_object_or_404(
        Strategy.objects.visible_to(request.user).select_related(
            "board", "predecessor__board", "successor__board"
        ),
        board__slug=board_slug,
        slug=slug,
    )
    if strategy.readable_by_anyone:
        revision = frozen_text(strategy)
        if revision is None:
            raise Http404("No text was frozen for the public.")
        text = revision.snapshot
    else:
        revision = None
        text = strategy.snapshot()
    found = version_documents(strategy) if strategy.is_public else {}
    document = found.get(services.PDF_KIND)
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "text": text,
        "revision": revision,
        "record": publication_record(strategy),
        "document": document,
        "versions": versions_for(strategy, text, current="full", found=found) if strategy.is_public else [],
    }
    response = render(request, "strategies/strategy_detail.html", context)
    if _same_for_every_visitor(strategy, document):
        share(response)
    return response


def frozen_text(strategy: Strategy) -> Revision | None:
    """
    The revision anyone reads: the one frozen at publishing (a superseded strategy keeps it), or the
    one frozen when the strategy went out to consultation. Never the live rows, so no later edit
    can reach the public page.
    """
    if strategy.status == Status.IN_CONSULTATION:
        return strategy.revisions.filter(status=Status.IN_CONSULTATION).order_by("-number").first()
    return strategy.revisions.filter(status__in=PUBLIC_STATUSES).order_by("number").first()


def _same_for_every_visitor(strategy: Strategy, document: Document | None) -> bool:
    """
    A draft for consultation has no PDF, so its page is final as rendered. A published one is
    shared only once the PDF link is on it: until then every visit looks again.
    """
    if strategy.status == Status.IN_CONSULTATION:
        return True
    return strategy.is_public and document is not None and document.current_id is not None


def published_revisions(strategies, *, with_text: bool = True) -> dict[int, Revision]:
    """
    frozen_text for many public strategies at once (the open data API's lists), in one query: each
    published or superseded strategy's revision frozen at publishing, by the strategy's id. Without
    the text, only when and which.
    """
    revisions = Revision.objects.filter(
        strategy__in=strategies, strategy__status__in=PUBLIC_STATUSES, status__in=PUBLIC_STATUSES
    ).order_by("strategy_id", "number")
    found: dict[int, Revision] = {}
    for revision in revisions if with_text else revisions.defer("snapshot"):
        found.setdefault(revision.strategy_id, revision)
    return found
