"""The strategy PDF: built from the text frozen when the strategy was published."""

from django.template.loader import render_to_string
from django.utils.text import slugify

from core.documents import Source, register

from .models import PUBLIC_STATUSES, Revision, Status


def publication_record(strategy) -> dict:
    """Who approved and published the strategy, and when (from its lifecycle moves)."""
    changes = {
        change.to_status: change
        for change in strategy.status_changes.select_related("decision__agenda_item__meeting", "by")
    }
    return {"approved": changes.get(Status.APPROVED), "published": changes.get(Status.PUBLISHED)}


@register("strategy_pdf")
def build_strategy_pdf(strategy_id: int) -> Source | None:
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
    filename = f"{slugify(strategy.board.name)}-{strategy.slug}.pdf"
    return Source(html=html, filename=filename, title=strategy.title)
