"""
A strategy's other forms: the summary and easy read versions residents read, and the supporting
documents officers list on it.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.http import HtmxHttpRequest
from core.pagecache import public_page, share

from .. import permissions, services
from ..documents import publication_record
from ..forms import SupportingDocumentForm
from ..models import PUBLIC_STATUSES, Strategy, SupportingDocument
from .lookups import editable_strategy, pdf_document
from .workspace import TEMPLATE, manage_context


def _public_text(request: HtmxHttpRequest, board_slug: str, slug: str) -> tuple[Strategy, dict]:
    """A public strategy and its published text (versions of the text exist only for what is public)."""
    strategy = get_object_or_404(
        Strategy.objects.public().select_related("board"), board__slug=board_slug, slug=slug
    )
    revision = strategy.revisions.filter(status__in=PUBLIC_STATUSES).order_by("number").first()
    if revision is None:
        raise Http404("No published text.")
    return strategy, revision.snapshot


@public_page(partial(services.public_cache_key, version="summary"))
def strategy_summary(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """The summary version: the vision, and each domain with its priorities, on a few pages."""
    strategy, text = _public_text(request, board_slug, slug)
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "text": text,
        "record": publication_record(strategy),
        "versions": versions_for(strategy, text, current="summary"),
    }
    return share(render(request, "strategies/strategy_summary.html", context))


@public_page(partial(services.public_cache_key, version="easy_read"))
def strategy_easy_read(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """The easy read version: the officers' easy read text, in large type with generous spacing."""
    strategy, text = _public_text(request, board_slug, slug)
    if not has_easy_read(text):
        raise Http404("This strategy has no easy read version.")
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "text": text,
        "versions": versions_for(strategy, text, current="easy_read"),
    }
    return share(render(request, "strategies/strategy_easy_read.html", context))


def versions_for(strategy: Strategy, text: dict, *, current: str, full_pdf=None) -> list[dict]:
    """
    The forms of a public strategy's text, for the "Versions of this strategy" list on each of them.
    `full_pdf` is the full text's Document when the caller has it already (it is looked up otherwise).
    """
    kwargs = {"board_slug": strategy.board.slug, "slug": strategy.slug}
    full_pdf = full_pdf or pdf_document(strategy)
    versions = [
        {
            "key": "full",
            "label": "Full strategy",
            "url": strategy.get_absolute_url(),
            "pdf_url": reverse("strategies:pdf", kwargs=kwargs)
            if full_pdf and full_pdf.status == "ready"
            else "",
            "pdf_size": full_pdf.size if full_pdf else 0,
        },
        {"key": "summary", "label": "Summary", "url": reverse("strategies:summary", kwargs=kwargs)},
    ]
    if has_easy_read(text):
        versions.append(
            {"key": "easy_read", "label": "Easy read", "url": reverse("strategies:easy_read", kwargs=kwargs)}
        )
    for version in versions:
        version["current"] = version["key"] == current
    return versions


def has_easy_read(text: dict) -> bool:
    """Whether a revision's text has an easy read version (an introduction, or any domain's or priority's)."""
    if text.get("easy_read"):
        return True
    return any(
        domain.get("easy_read") or any(priority.get("easy_read") for priority in domain.get("priorities", []))
        for domain in text.get("domains", [])
    )


def supporting_document_file(request: HtmxHttpRequest, board_slug: str, slug: str, pk: int) -> FileResponse:
    """
    An uploaded supporting document. Residents get it when the published text lists it; the board's members
    and officers also get those of drafts and earlier revisions.
    """
    strategy = get_object_or_404(
        Strategy.objects.visible_to(request.user).select_related("board"), board__slug=board_slug, slug=slug
    )
    document = get_object_or_404(strategy.supporting_documents.exclude(file=""), pk=pk)
    if not (_listed_publicly(strategy, document) or permissions.can_read_private(request.user, strategy)):
        raise Http404
    return FileResponse(
        document.file.open("rb"),
        as_attachment=False,
        filename=document.filename,
        content_type="application/pdf",
    )


def _listed_publicly(strategy: Strategy, document: SupportingDocument) -> bool:
    if not strategy.is_public:
        return False
    revision = strategy.revisions.filter(status__in=PUBLIC_STATUSES).order_by("number").first()
    listed = revision.snapshot.get("supporting_documents", []) if revision else []
    return any(item["id"] == document.pk for item in listed)


# Officers ------------------------------------------------------------------------------------------


@login_required
def supporting_document_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    strategy = editable_strategy(request.user, pk)
    form = SupportingDocumentForm(request.POST or None, request.FILES or None, prefix="supporting")
    if request.method == "POST" and form.is_valid():
        try:
            document = services.supporting_document_add(
                strategy=strategy, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Added “{document.title}” to the supporting documents.")
            return redirect(strategy.get_manage_url() + "#supporting-documents")
    if request.method == "POST":
        # Refused: the workspace page again, with the form's errors where it stands.
        context = manage_context(strategy, supporting_form=form)
        context["problems"] = [
            {
                "text": message,
                "href": f"#{form[name].auto_id}" if name in form.fields else "#supporting-documents",
            }
            for name, errors in form.errors.items()
            for message in errors
        ]
        return render(request, TEMPLATE, context)
    return redirect(strategy.get_manage_url() + "#supporting-documents")


@login_required
def supporting_document_remove(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        SupportingDocument.objects.current()
        .filter(strategy__in=Strategy.objects.editable_by(request.user))
        .select_related("strategy__board"),
        pk=pk,
    )
    strategy = document.strategy
    if request.method == "POST":
        try:
            services.supporting_document_remove(document=document, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Removed “{document.title}” from the supporting documents.")
        return redirect(strategy.get_manage_url() + "#supporting-documents")
    return render(
        request,
        "strategies/supporting_document_remove.html",
        {"strategy": strategy, "board": strategy.board, "document": document},
    )
