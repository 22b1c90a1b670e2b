"""
The strategy's PDFs, built from the text frozen when the strategy was published: the full text, its
summary and its easy read version (seed 000: "the strategy in different versions").
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.text import slugify

from core.documents import DocumentKind, HtmlPart, Source, register

from . import permissions
from .models import PUBLIC_STATUSES, Revision, Status, Strategy, has_easy_read
from .services import EASY_READ_PDF_KIND, PDF_KIND, SUMMARY_PDF_KIND


def publication_record(strategy) -> dict:
    """Who sent the strategy out to consultation, approved and published it, and when (its moves)."""
    changes = {
        change.to_status: change
        for change in strategy.status_changes.select_related("decision__agenda_item__meeting", "by")
    }
    return {
        "consulted": changes.get(Status.IN_CONSULTATION),
        "approved": changes.get(Status.APPROVED),
        "published": changes.get(Status.PUBLISHED),
    }


def _published_revision(strategy_id: int) -> Revision | None:
    return (
        Revision.objects.filter(
            strategy_id=strategy_id,
            strategy__status__in=PUBLIC_STATUSES,
            status__in=PUBLIC_STATUSES,
        )
        .select_related("strategy__board", "strategy__predecessor")
        .order_by("number")
        .first()
    )


def _source(strategy_id: int, *, template: str, suffix: str, version_name: str = "") -> Source | None:
    """One HTML part: the revision frozen at publishing, with who approved and published it."""
    revision = _published_revision(strategy_id)
    if revision is None:
        return None
    strategy = revision.strategy
    if version_name == "Easy read" and not has_easy_read(revision.snapshot):
        return None
    title = f"{strategy.title}: {version_name.lower()}" if version_name else strategy.title
    html = render_to_string(
        template,
        {
            "strategy": strategy,
            "board": strategy.board,
            "text": revision.snapshot,
            "revision": revision,
            "record": publication_record(strategy),
            # Rendered without a request: web addresses printed in the PDF start with this.
            "public_url": settings.PUBLIC_URL,
        },
    )
    return Source(
        title=title,
        filename=f"{slugify(strategy.board.name)}-{strategy.slug}{suffix}.pdf",
        parts=[HtmlPart(title=title, html=html)],
    )


def build_strategy_pdf(strategy_id: int) -> Source | None:
    return _source(strategy_id, template="strategies/pdf/strategy.html", suffix="")


def build_summary_pdf(strategy_id: int) -> Source | None:
    return _source(
        strategy_id, template="strategies/pdf/summary.html", suffix="-summary", version_name="Summary"
    )


def build_easy_read_pdf(strategy_id: int) -> Source | None:
    return _source(
        strategy_id, template="strategies/pdf/easy_read.html", suffix="-easy-read", version_name="Easy read"
    )


def _load(strategy_id: int) -> Strategy | None:
    return Strategy.objects.select_related("board").filter(pk=strategy_id).first()


def board_strategies(board_id: int) -> dict[int, str]:
    """The board's strategies by id (their PDFs can be an agenda item's report: boards' papers)."""
    return dict(Strategy.objects.filter(board_id=board_id).values_list("pk", "title"))


def _register(
    name: str, build, *, label: str, noun: str, soft_time_limit: int, time_limit: int
) -> DocumentKind:
    """A PDF of a published strategy's text: anyone downloads it, the board's officers ask for it again
    and see its earlier versions (strategies.permissions)."""
    return register(
        DocumentKind(
            name=name,
            build=build,
            load=_load,
            can_download=permissions.can_download_pdf,
            can_see_versions=permissions.can_see_pdf_versions,
            can_request=permissions.can_request_pdf,
            page_url=lambda strategy: strategy.get_manage_url(),
            board_objects=board_strategies,
            label=label,
            noun=noun,
            soft_time_limit=soft_time_limit,
            time_limit=time_limit,
        )
    )


# The demo strategy renders in about a second; a strategy ten times its size in about ten.
STRATEGY_PDF = _register(
    PDF_KIND,
    build_strategy_pdf,
    label="PDF for residents",
    noun="the PDF",
    soft_time_limit=120,
    time_limit=180,
)
SUMMARY_PDF = _register(
    SUMMARY_PDF_KIND,
    build_summary_pdf,
    label="Summary PDF",
    noun="the summary PDF",
    soft_time_limit=60,
    time_limit=90,
)
EASY_READ_PDF = _register(
    EASY_READ_PDF_KIND,
    build_easy_read_pdf,
    label="Easy read PDF",
    noun="the easy read PDF",
    soft_time_limit=60,
    time_limit=90,
)
