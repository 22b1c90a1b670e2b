"""b) The PDF pipeline (core.tasks.render_document) against WeasyPrint alone on the same HTML."""

import gc
import time

from . import fail, say


def bench_pdf(strategy, *, runs: int) -> dict:
    """Best of `runs` (after a warm-up) for our render path and for WeasyPrint alone."""
    from django.db import close_old_connections
    from weasyprint import HTML

    from core import documents
    from core.documents import rendering
    from core.models import Document
    from core.tasks import render_document

    source = documents.get_kind("strategy_pdf").build(strategy.pk)
    if source is None:
        fail(f"The strategy_pdf kind built nothing for strategy {strategy.pk}.")
    html = source.parts[0].html
    document, _ = Document.objects.get_or_create(kind="strategy_pdf", object_id=strategy.pk)
    base_url = documents.STATIC_SCHEME + "/"

    # Time WeasyPrint's share of our path too, so that what the pipeline adds (building the HTML,
    # progress updates, storing the file) shows apart from the run-to-run noise of rendering.
    inside: list[float] = []
    html_to_pdf = rendering.html_to_pdf

    def timed_html_to_pdf(*args, **kwargs):
        started = time.perf_counter()
        try:
            return html_to_pdf(*args, **kwargs)
        finally:
            inside.append(time.perf_counter() - started)

    def ours() -> float:
        # Force the render: the task skips a document whose current version has the same hash.
        Document.objects.filter(pk=document.pk).update(current=None)
        started = time.perf_counter()
        render_document(document.pk)
        return time.perf_counter() - started

    def plain() -> float:
        started = time.perf_counter()
        HTML(string=html, base_url=base_url).write_pdf(pdf_variant=documents.PDF_VARIANT)
        return time.perf_counter() - started

    say("PDF: warming up (imports, fonts)")
    laid_out = HTML(string=html, base_url=base_url).render(pdf_variant=documents.PDF_VARIANT)
    pages = len(laid_out.pages)
    laid_out.write_pdf(pdf_variant=documents.PDF_VARIANT)
    del laid_out
    ours()
    ours_times, plain_times, overheads = [], [], []
    rendering.html_to_pdf = timed_html_to_pdf
    try:
        for run in range(runs):
            say(f"PDF: run {run + 1} of {runs}")
            # Interleaved, and first in turn, so that neither drift in the machine's speed nor going
            # second favours one of them.
            for which in ("ours", "plain") if run % 2 == 0 else ("plain", "ours"):
                gc.collect()  # Outside the timings: garbage from one render is not charged to the next.
                if which == "ours":
                    ours_times.append(ours())
                    overheads.append(ours_times[-1] - inside[-1])
                else:
                    plain_times.append(plain())
    finally:
        rendering.html_to_pdf = html_to_pdf
    document = Document.objects.select_related("current").get(pk=document.pk)
    if document.status != Document.Status.READY:
        fail(f"The render task did not finish: {document.status} {document.error}")
    close_old_connections()
    return {
        "pages": pages,
        "html_kb": round(len(html.encode()) / 1024, 1),
        "pdf_kb": round(document.current.size / 1024, 1),
        "ours_s": min(ours_times),
        "plain_s": min(plain_times),
        "ours_all_s": ours_times,
        "plain_all_s": plain_times,
        "outside_weasyprint_s": min(overheads),
        "ratio": min(ours_times) / min(plain_times),
    }
