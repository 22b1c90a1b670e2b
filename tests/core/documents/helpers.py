"""
Helpers for the document tests (import as tests.core.documents.helpers): poppler's view of a PDF, pikepdf's
view of its structure tree and outline, and small PDFs to upload.
"""

import io
import subprocess
from pathlib import Path

import pikepdf
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.documents import rendering


def note_html(title: str, body: str = "", *, lang: str = "en-GB") -> str:
    """A whole HTML page: an <h1> with `title` (WeasyPrint makes it a bookmark), then `body`."""
    head = f'<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head>'
    return f"{head}<body><h1>{title}</h1>{body}</body></html>"


def pdfinfo(path, *options: str) -> str:
    return subprocess.run(["pdfinfo", *options, str(path)], capture_output=True, text=True, check=True).stdout


def pdfinfo_fields(path) -> dict[str, str]:
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in pdfinfo(path).splitlines())
    }


def pdftext(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def words(path) -> str:
    return " ".join(pdftext(path).split())


def structure(path) -> list[tuple[int, str, str]]:
    """The structure tree as (depth, type, title) for each element, walked with pikepdf."""
    elements = []

    def walk(node, depth):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid, depth)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            elements.append((depth, str(node.S)[1:], str(node.get("/T", ""))))
            walk(node.get("/K"), depth + 1)

    with pikepdf.open(path) as pdf:
        walk(pdf.Root.StructTreeRoot.get("/K"), 0)
    return elements


def outline(path) -> list[tuple[str, int | None, list]]:
    """The bookmarks as (title, page number from 1, children), nested."""
    with pikepdf.open(path) as pdf:
        numbers = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}

        def item(entry):
            destination = entry.destination
            page = None
            if isinstance(destination, pikepdf.Array) and len(destination):
                page = numbers.get(destination[0].objgen)
            return (entry.title, page, [item(child) for child in entry.children])

        with pdf.open_outline() as tree:
            return [item(entry) for entry in tree.root]


def upload(name: str, data: bytes) -> str:
    """Store `data` as an upload on the default storage; returns its storage name."""
    return default_storage.save(f"uploads/{name}", ContentFile(data))


def untagged_pdf(title: str, body: str = "<p>Scanned pages.</p>") -> bytes:
    """A PDF with text but no tags, as a scanner or an old word processor makes."""
    from weasyprint import HTML

    return HTML(string=note_html(title, body)).write_pdf()


def tagged_pdf(
    title: str, body: str = "<p>A report.</p>", *, lang: str = "en-GB", element_id: str = ""
) -> bytes:
    """
    A tagged PDF from elsewhere (an office suite's export, say). With `element_id`, its first
    heading has that id in the structure tree's /IDTree, as office suites give table cells.
    """
    data = rendering.html_to_pdf(note_html(title, body, lang=lang))
    if not element_id:
        return data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        heading = next(e for e in pdf.Root.StructTreeRoot.K[0].K if e.get("/S") == "/H1")
        heading.ID = pikepdf.String(element_id)
        ids = pikepdf.NameTree.new(pdf)
        ids[element_id] = heading
        pdf.Root.StructTreeRoot.IDTree = ids.obj
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def password_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    path = Path(default_storage.path("")) / "locked.pdf"
    pdf.save(path, encryption=pikepdf.Encryption(owner="owner", user="secret"))
    data = path.read_bytes()
    path.unlink()
    return data
