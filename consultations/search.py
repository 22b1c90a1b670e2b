"""
Published consultation reports in site search (core.search, docs/decisions/0035): a report once an
officer has published it, and not after it is withdrawn. Only what officers wrote for the public is
indexed: the consultation's introduction and each "you said, we did" change. Never a response, a
comment (not even the redacted quotations the report shows) or anything about a respondent.

Kept current by consultations.changes: publishing and withdrawing the report, and adding, changing
or removing a change while it is published.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core import search

from .models import Consultation

REPORT = search.Kind("consultation_report", "Consultation report", "Consultation reports", order=30)


def _day(moment) -> str:
    return date_format(timezone.localdate(moment), "j F Y")


def group(consultation_id: int) -> str:
    return f"consultations.report:{consultation_id}"


def entries(consultation: Consultation) -> list[search.Entry]:
    board = consultation.board
    changes = " ".join(
        f"You said: {change.you_said} We did: {change.we_did}" for change in consultation.changes.all()
    )
    return [
        search.Entry(
            source=group(consultation.pk),
            kind=REPORT.key,
            title=f"Consultation report: {consultation.title}",
            url=reverse("consultations:report", kwargs={"board_slug": board.slug, "slug": consultation.slug}),
            context=f"Consultation on {consultation.strategy.title}, "
            f"{_day(consultation.opens_at)} to {_day(consultation.closes_at)}",
            text=f"{search.from_markdown(consultation.introduction)} {changes}",
            board_id=board.pk,
            board_slug=board.slug,
            board_name=board.name,
            published_at=consultation.report_published_at,
        )
    ]


def report_sync(consultation: Consultation) -> None:
    """The report in the index while it is published; out of it otherwise."""
    search.sync(group(consultation.pk), entries(consultation) if consultation.report_is_published else [])


def _groups():
    published = (
        Consultation.objects.filter(report_published_at__isnull=False)
        .select_related("board", "strategy")
        .prefetch_related("changes")
        .order_by("pk")
    )
    for consultation in published:
        yield group(consultation.pk), entries(consultation)


def register() -> None:
    search.register(search.Provider(key="consultations", kinds=(REPORT,), groups=_groups))
