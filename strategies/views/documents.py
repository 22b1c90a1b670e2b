"""
A strategy's other forms: the summary and easy read versions residents read, and the supporting
documents officers list on it.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core import formtokens
from core.files import stored_file_response
from core.forms import add_errors
from core.http import HtmxHttpRequest
from core.pagecache import public_page, share

from .. import permissions, services
from ..documents import publication_record
from ..forms import SupportingDocumentForm
from ..models import PUBLIC_STATUSES, READABLE_BY_ANYONE, Strategy, SupportingDocument, has_easy_read
from .lookups import editable_strategy, version_documents
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


@require_safe
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


@require_safe
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


def versions_for(strategy: Strategy, text: dict, *, current: str, found: dict | None = None) -> list[dict]:
    """
    The forms of a public strategy's text, for the "Versions of this strategy" list on each of them:
    each web page, and its PDF once one is ready. `found` is lookups.version_documents(strategy) when
    the caller has it already.
    """
    kwargs = {"board_slug": strategy.board.slug, "slug": strategy.slug}
    versions = [
        {
            "key": "full",
            "label": "Full strategy",
            "url": strategy.get_absolute_url(),
            "kind": services.PDF_KIND,
        },
        {
            "key": "summary",
            "label": "Summary",
            "url": reverse("strategies:summary", kwargs=kwargs),
            "kind": services.SUMMARY_PDF_KIND,
        },
    ]
    if has_easy_read(text):
        versions.append(
            {
                "key": "easy_read",
                "label": "Easy read",
                "url": reverse("strategies:easy_read", kwargs=kwargs),
                "kind": services.EASY_READ_PDF_KIND,
            }
        )
    if found is None:
        found = version_documents(strategy)
    for version in versions:
        version["current"] = version["key"] == current
        document = found.get(version["kind"])
        ready = document is not None and document.current_id is not None
        version["pdf_url"] = (
            reverse("core:document_download", args=[version["kind"], strategy.pk]) if ready else ""
        )
        version["pdf_size"] = document.current.size if ready else 0
    return versions


@require_safe
def supporting_document_file(request: HtmxHttpRequest, board_slug: str, slug: str, pk: int) -> HttpResponse:
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
    return stored_file_response(
        request,
        document.file,
        as_attachment=False,
        filename=document.filename,
        content_type="application/pdf",
    )


def _listed_publicly(strategy: Strategy, document: SupportingDocument) -> bool:
    """Listed in a text residents may read: the published one, or the one consulted on."""
    if not strategy.readable_by_anyone:
        return False
    snapshots = strategy.revisions.filter(status__in=READABLE_BY_ANYONE).values_list("snapshot", flat=True)
    listed = (item["id"] for snapshot in snapshots for item in snapshot.get("supporting_documents", []))
    return document.pk in listed


# Officers ------------------------------------------------------------------------------------------


ADD_SUPPORTING_DOCUMENT = "strategies.add_supporting_document"  # The form's one-time tokens.


@login_required
def supporting_document_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    strategy = editable_strategy(request.user, pk)
    if request.method != "POST":
        return redirect(strategy.get_manage_url() + "#supporting-documents")
    form = SupportingDocumentForm(request.POST, request.FILES, prefix="supporting")
    first = formtokens.claimed(form, user=request.user, purpose=ADD_SUPPORTING_DOCUMENT)
    if first is not None:
        return _added(request, strategy, first.result(), repeated=True)
    if form.is_valid():
        try:
            document, repeated = formtokens.once(
                form.cleaned_data["form_token"],
                user=request.user,
                purpose=ADD_SUPPORTING_DOCUMENT,
                work=lambda: services.supporting_document_add(
                    strategy=strategy, by=request.user, **form.service_fields()
                ),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _added(request, strategy, document, repeated=repeated)
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


def _added(request: HtmxHttpRequest, strategy: Strategy, document, *, repeated: bool) -> HttpResponse:
    if document is not None:
        if repeated:
            messages.info(request, f"“{document.title}” was already added.")
        else:
            messages.success(request, f"Added “{document.title}” to the supporting documents.")
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
