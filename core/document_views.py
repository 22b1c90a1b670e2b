"""
One set of document views for every kind (core.documents): the download of the latest version, of
an older one, and the progress panel (polled by htmx) with its "Generate again" button.

Each asks the kind's own rules. An object out of the user's reach, or a document they may not
have, is a 404; nothing is ever rendered on a download.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from .documents import DocumentBusy, DocumentKind, document_request, find, get_kind
from .files import stored_file_response
from .http import HtmxHttpRequest, wants_partial
from .models import Document, DocumentVersion

PANEL_TEMPLATE = "documents/_document.html"


def _kind_and_object(kind: str, object_id: int) -> tuple[DocumentKind, Any]:
    try:
        document_kind = get_kind(kind)
    except LookupError:
        raise Http404("No such kind of document.") from None
    obj = document_kind.load(object_id)
    if obj is None:
        raise Http404("No such document.")
    return document_kind, obj


def panel_id(kind: str, object_id: int) -> str:
    """The id of the panel's root element: the htmx target, and the anchor to return to."""
    return f"document-{kind.replace('_', '-')}-{object_id}"


def panel_context(user, kind: DocumentKind, obj: Any, object_id: int) -> dict:
    """
    What the panel shows `user`: the job's state, the latest version, the older versions (for
    those the kind lets see them) and the "Generate again" button (for those who may ask).
    Two queries at most: the job with its current version, and the older versions if there are any.
    """
    can_request = kind.can_request(user, obj)
    can_see_versions = kind.can_see_versions(user, obj)
    document = find(kind.name, object_id) if (can_request or can_see_versions) else None
    older = []
    # Versions are numbered 1, 2, 3... and never deleted: only a current version past 1 has elders.
    if (
        document is not None
        and document.current is not None
        and document.current.number > 1
        and can_see_versions
    ):
        older = list(
            DocumentVersion.objects.filter(document=document)
            .exclude(pk=document.current_id)
            .select_related("requested_by")
            .order_by("-number")
        )
    return {
        "kind": kind,
        "object_id": object_id,
        "panel_id": panel_id(kind.name, object_id),
        "panel_url": reverse("core:document", args=[kind.name, object_id]),
        "page_url": kind.page_url(obj),
        "document": document,
        "latest": document.current if document is not None else None,
        "older_versions": older,
        "can_request": can_request,
        "can_see_versions": can_see_versions,
    }


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def document_panel(request: HtmxHttpRequest, kind: str, object_id: int) -> HttpResponse:
    """The progress panel (htmx polls it while the job runs), and "Generate again" (POST)."""
    document_kind, obj = _kind_and_object(kind, object_id)
    if not (
        document_kind.can_request(request.user, obj) or document_kind.can_see_versions(request.user, obj)
    ):
        raise Http404("No such document.")
    back = f"{document_kind.page_url(obj)}#{panel_id(kind, object_id)}"
    if request.method == "POST":
        if not document_kind.can_request(request.user, obj):
            raise Http404("No such document.")
        # The outcome goes to the messages, which a plain request shows on the page it returns to
        # and an htmx request as a banner beside the panel (core.middleware).
        try:
            document = document_request(kind=kind, object_id=object_id, by=request.user)
        except DocumentBusy as busy:
            messages.error(request, busy.message)
        else:
            _say_outcome(request, document, document_kind.noun)
        if not wants_partial(request):
            return redirect(back)
    if wants_partial(request):
        return render(request, PANEL_TEMPLATE, panel_context(request.user, document_kind, obj, object_id))
    return redirect(back)


def _say_outcome(request: HtmxHttpRequest, document: Document, noun: str) -> None:
    """
    What came of "Generate again", as far as it is known when the request ends: the job was queued (a
    worker renders it), or already done in this process (no worker), found nothing changed, or could not
    be queued at all (the broker is down).
    """
    document.refresh_from_db()
    if document.status == Document.Status.FAILED:
        messages.error(request, f"{capfirst(noun)} could not be generated. {document.error}")
    elif document.status == Document.Status.READY and document.stage == Document.UNCHANGED:
        messages.info(request, f"{capfirst(noun)} is up to date: nothing has changed since it was generated.")
    elif document.status == Document.Status.READY:
        messages.success(request, f"Generated {noun} again.")
    else:
        messages.success(request, f"Generating {noun} again.")


def _file_response(request: HtmxHttpRequest, version: DocumentVersion) -> HttpResponse:
    """The version's file; a 404 if the store lost it, the 503 page if the store cannot be reached."""
    # Not for shared caches: some documents are for a board's members only, and a newer version
    # can replace the latest at any time.
    return stored_file_response(
        request,
        version.file,
        cache={"private": True, "no_cache": True},
        as_attachment=True,
        filename=version.filename,
    )


@require_safe
def document_download(request: HtmxHttpRequest, kind: str, object_id: int) -> HttpResponse:
    """The latest version, for whoever the kind's rule lets download it (residents, for a public strategy)."""
    document_kind, obj = _kind_and_object(kind, object_id)
    if not document_kind.can_download(request.user, obj):
        raise Http404("No such document.")
    document = find(kind, object_id)
    if document is None or document.current is None:
        raise Http404(f"{capfirst(document_kind.noun)} is not ready yet.")
    return _file_response(request, document.current)


@require_safe
def document_version(request: HtmxHttpRequest, kind: str, object_id: int, number: int) -> HttpResponse:
    """
    One version: any of them for those the kind lets see versions (the board's officers); the
    latest also for those who may download it.
    """
    document_kind, obj = _kind_and_object(kind, object_id)
    version = (
        DocumentVersion.objects.select_related("document")
        .filter(document__kind=kind, document__object_id=object_id, number=number)
        .first()
    )
    allowed = document_kind.can_see_versions(request.user, obj) or (
        version is not None
        and document_kind.can_download(request.user, obj)
        and Document.objects.filter(pk=version.document_id, current=version).exists()
    )
    if not allowed:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404("No such document.")
    if version is None:
        raise Http404("No such version.")
    return _file_response(request, version)
