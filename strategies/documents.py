"""The strategy's PDF: built from the text frozen when the strategy was published."""

from django.template.loader import render_to_string
from django.utils.text import slugify

from core.documents import DocumentKind, HtmlPart, Source, register

from . import permissions
from .models import PUBLIC_STATUSES, Revision, Status, Strategy
from .services import PDF_KIND


def publication_record(strategy) -> dict:
    """Who approved and published the strategy, and when (from its lifecycle moves)."""
    changes = {
        change.to_status: change
        for change in strategy.status_changes.select_related("decision__agenda_item__meeting", "by")
    }
    return {"approved": changes.get(Status.APPROVED), "published": changes.get(Status.PUBLISHED)}


def build_strategy_pdf(strategy_id: int) -> Source | None:
    """One HTML part: the revision frozen at publishing, with who approved and published it."""
    revision = (
        Revision.objects.filter(
            strategy_id=strategy_id,
            strategy__status__in=PUBLIC_STATUSES,
            status__in=PUBLIC_STATUSES,
        )
        .select_related("strategy__board", "strategy__predecessor")
        .order_by("number")
        .first()
    )
    if revision is None:
        return None
    strategy = revision.strategy
    html = render_to_string(
        "strategies/pdf/strategy.html",
        {
            "strategy": strategy,
            "board": strategy.board,
            "text": revision.snapshot,
            "revision": revision,
            "record": publication_record(strategy),
        },
    )
    return Source(
        title=strategy.title,
        filename=f"{slugify(strategy.board.name)}-{strategy.slug}.pdf",
        parts=[HtmlPart(title=strategy.title, html=html)],
    )


def _load(strategy_id: int) -> Strategy | None:
    return Strategy.objects.select_related("board").filter(pk=strategy_id).first()


STRATEGY_PDF = register(
    DocumentKind(
        name=PDF_KIND,
        build=build_strategy_pdf,
        load=_load,
        can_download=permissions.can_download_pdf,
        can_see_versions=permissions.can_see_pdf_versions,
        can_request=permissions.can_request_pdf,
        page_url=lambda strategy: strategy.get_manage_url(),
        label="PDF for residents",
        noun="the PDF",
        # The demo strategy renders in about a second; a strategy ten times its size in about ten.
        soft_time_limit=120,
        time_limit=180,
    )
)
