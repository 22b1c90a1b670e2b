"""
Assembling a document: every part of a Source rendered (WeasyPrint) or fetched (a stored upload) into
a working folder, then merged into one PDF (render_source), for the job to store (jobs.document_render).
"""

import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import rendering, stamps
from .sources import DocumentError, HtmlPart, PagedHtmlPart, Pages, PdfPart, Source


@dataclass
class Rendered:
    path: Path
    pages: int | None
    parts: list[dict]


Report = Callable[[int, str], None]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def render_source(
    source: Source, workdir: Path, report: Report, *, previous: Sequence[dict] = ()
) -> Rendered:
    """
    Render or fetch every part into `workdir`, reporting progress per part, and merge them (one
    part is used as it is). Progress runs from 5% to 85% over the parts, then the merge and the stamp.

    A PagedHtmlPart is rendered last, once the other parts' lengths are known. It prints page numbers
    that follow from its own length, so its length is guessed (from `previous`, the parts of the
    version before, else one page), and it is laid out again (at most PAGED_PASSES times in all)
    while the guess is wrong; a pass whose guess was wrong is only laid out, never written.
    """
    count = len(source.parts)
    span = 80 / count
    paths = [workdir / f"part-{number}.pdf" for number in range(1, count + 1)]
    pages: list[int | None] = [None] * count
    records: list[dict] = [{} for _ in range(count)]
    paged = [index for index, part in enumerate(source.parts) if isinstance(part, PagedHtmlPart)]
    for index, part in enumerate(source.parts):
        if index in paged:
            continue
        number, start = index + 1, 5 + span * index
        if isinstance(part, HtmlPart):
            pages[index] = _render_html(part.html, paths[index], number, count, start, span, report)
            records[index] = {"title": part.title, "source": part.source, "upload": None, "tagged": True}
        else:
            report(int(start), f"Adding part {number} of {count}")
            _copy_upload(part, paths[index], number)
            facts = _inspect_upload(paths[index], part, number)
            pages[index] = facts.pages
            records[index] = {
                "title": part.title,
                "source": part.source,
                "upload": part.name,
                "tagged": facts.tagged,
            }
    if paged:
        for index in paged:
            pages[index] = _guess(previous, index, source.parts[index].title)
        for attempt in range(PAGED_PASSES):
            layout = _layout(pages)
            last = attempt == PAGED_PASSES - 1 or layout is None
            lengths = {}
            for index in paged:
                part = source.parts[index]
                lengths[index] = _render_html(
                    part.html_for(layout),
                    paths[index],
                    index + 1,
                    count,
                    5 + span * index,
                    span,
                    report,
                    expected=None if last else pages[index],
                )
                records[index] = {"title": part.title, "source": part.source, "upload": None, "tagged": True}
            settled = all(lengths[index] == pages[index] for index in paged)
            for index in paged:
                pages[index] = lengths[index]
            if settled or last:
                break
    layout = _layout(pages)
    for index, record in enumerate(records):
        record["first_page"] = layout.first[index] if layout else None
        record["pages"] = pages[index]
    total = layout.total if layout else None
    files = [(part.title, paths[index]) for index, part in enumerate(source.parts)]
    if count == 1:
        path = files[0][1]  # WeasyPrint's file (or the upload) as it is.
    else:
        report(86, f"Merging {count} parts")
        path = workdir / "merged.pdf"
        rendering.merge_pdfs(files, path, title=source.title, lang=source.lang)
    if source.stamp:
        report(90, f"Numbering {_plural(total or 0, 'page')}")
        stamped = workdir / "document.pdf"
        marks = None  # What an upload asks to be printed beside its pages' numbers (PdfPart.mark).
        if layout is not None and any(getattr(part, "mark", "") for part in source.parts):
            marks = [
                getattr(part, "mark", "")
                for index, part in enumerate(source.parts)
                for _ in range(pages[index])
            ]
        stamps.stamp_pages(path, stamped, source.stamp, marks=marks)
        path = stamped
    return Rendered(path, total, records)


# A part that prints page numbers is laid out again while its own length changes them: twice is
# enough unless a page number's width moves a line, hence a third.
PAGED_PASSES = 3


def _guess(previous: Sequence[dict], index: int, title: str) -> int:
    """The part's length in the version before, when that version had this part in this place; else 1."""
    if index < len(previous) and previous[index].get("title") == title:
        pages = previous[index].get("pages")
        if isinstance(pages, int) and pages > 0:
            return pages
    return 1


def _layout(pages: list[int | None]) -> Pages | None:
    """Where each part starts, from their lengths; None when one is unknown (a stub renderer in tests)."""
    if any(count is None for count in pages):
        return None
    first, page = [], 1
    for count in pages:
        first.append(page)
        page += count
    return Pages(first=tuple(first), total=page - 1)


def _render_html(
    html: str,
    path: Path,
    number: int,
    count: int,
    start: float,
    span: float,
    report,
    *,
    expected: int | None = None,
) -> int | None:
    """
    Render `html` into `path` and return its length. With `expected`, a layout of another length is
    not written: its page numbers were guessed wrong, and it will be laid out again.
    """
    pages: list[int] = []
    label = "Laying out the pages" if count == 1 else f"Rendering part {number} of {count}"
    report(int(start), label)

    def laid_out(page_count: int) -> bool:
        pages.append(page_count)
        if expected is not None and page_count != expected:
            return False
        writing = f"Writing {_plural(page_count, 'page')}"
        report(int(start + span * 0.6), writing if count == 1 else f"{label}: {writing.lower()}")
        return True

    pdf = rendering.html_to_pdf(html, on_laid_out=laid_out)
    if pdf is not None:
        path.write_bytes(pdf)
    return pages[-1] if pages else None


def _copy_upload(part: PdfPart, path: Path, number: int) -> None:
    try:
        with part.open() as stored, path.open("wb") as copy:
            shutil.copyfileobj(stored, copy, 1024 * 1024)
    except FileNotFoundError:
        raise DocumentError(f"Part {number}, {part.title}, is missing: upload it again.") from None


def _inspect_upload(path: Path, part: PdfPart, number: int) -> rendering.PdfFacts:
    import pikepdf

    try:
        return rendering.inspect_pdf(path)
    except pikepdf.PasswordError:
        raise DocumentError(
            f"Part {number}, {part.title}, is protected by a password: upload a copy without one."
        ) from None
    except pikepdf.PdfError:
        raise DocumentError(
            f"Part {number}, {part.title}, is not a PDF that can be read: upload it again."
        ) from None
