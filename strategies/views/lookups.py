"""Scoped lookups shared by the strategy views: an object out of the user's reach is a 404."""

from django.shortcuts import get_object_or_404

from core import documents
from core.models import Document

from .. import services
from ..models import Domain, Priority, Strategy


def editable_strategy(user, pk: int) -> Strategy:
    return get_object_or_404(Strategy.objects.editable_by(user).select_related("board"), pk=pk)


def private_strategy(user, pk: int) -> Strategy:
    """A strategy whose drafts, history and revisions the user may read."""
    return get_object_or_404(Strategy.objects.private_to(user).select_related("board"), pk=pk)


def editable_domain(user, pk: int) -> Domain:
    return get_object_or_404(
        Domain.objects.filter(strategy__in=Strategy.objects.editable_by(user)).select_related(
            "strategy__board"
        ),
        pk=pk,
    )


def editable_priority(user, pk: int) -> Priority:
    return get_object_or_404(
        Priority.objects.filter(domain__strategy__in=Strategy.objects.editable_by(user)).select_related(
            "domain__strategy__board"
        ),
        pk=pk,
    )


def pdf_document(strategy: Strategy) -> Document | None:
    """The PDF's job with its current version (what the public page links to), if it was ever asked for."""
    return documents.find(services.PDF_KIND, strategy.pk)


def version_documents(strategy: Strategy) -> dict[str, Document]:
    """The jobs of the public text's PDFs (full, summary, easy read) by kind, in one query."""
    kinds = [services.PDF_KIND, services.SUMMARY_PDF_KIND, services.EASY_READ_PDF_KIND]
    return {document.kind: document for document in documents.find_many(kinds, strategy.pk)}
