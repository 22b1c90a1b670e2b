"""
Documents: the PDFs the portal makes, rendered in the background and kept as versions.

An app registers a DocumentKind (kinds.py) whose `build(object_id)` returns a Source: a title, a
filename and a list of parts, HtmlPart (rendered by WeasyPrint as tagged PDF/UA-1) or PdfPart (a
stored upload, included as it is). document_request() queues core.tasks.render_document, which
runs document_render() (jobs.py): it renders each part, merges them keeping their tags and
bookmarks (rendering.py), and stores the file as a new DocumentVersion, unless the content hash
says nothing changed. One download view in core (core/document_views.py) serves every kind,
asking the kind's rules who may download. See docs/decisions/0006-documents.md.

Tests that stub WeasyPrint replace core.documents.rendering.html_to_pdf.
"""

from .jobs import (
    HEARTBEAT_SECONDS,
    MAX_ATTEMPTS,
    BoardDocument,
    DocumentBusy,
    DocumentError,
    _enqueue,
    board_documents,
    document_failed,
    document_progress,
    document_refresh,
    document_render,
    document_rendered,
    document_request,
    find,
    find_many,
)
from .kinds import DocumentKind, get_kind, kinds, register, unregister
from .rendering import PDF_VARIANT, STATIC_SCHEME, StaticOnlyFetcher, inspect_pdf, merge_pdfs
from .sources import HtmlPart, PdfPart, Source

__all__ = [
    "HEARTBEAT_SECONDS",
    "MAX_ATTEMPTS",
    "PDF_VARIANT",
    "BoardDocument",
    "STATIC_SCHEME",
    "DocumentBusy",
    "DocumentError",
    "DocumentKind",
    "HtmlPart",
    "PdfPart",
    "Source",
    "StaticOnlyFetcher",
    "_enqueue",
    "board_documents",
    "document_failed",
    "document_progress",
    "document_refresh",
    "document_render",
    "document_rendered",
    "document_request",
    "find",
    "find_many",
    "get_kind",
    "inspect_pdf",
    "kinds",
    "merge_pdfs",
    "register",
    "unregister",
]
