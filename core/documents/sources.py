"""
What a document is made of: an ordered list of parts, each HTML to render or a stored PDF to
include, and the content hash that tells whether anything changed since the last render.
"""

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO

from django.core.files.storage import Storage, default_storage
from django.db.models.fields.files import FieldFile

# Bump when the rendering pipeline changes in a way that must re-render every stored document.
PIPELINE_VERSION = "2"


@dataclass(frozen=True)
class Pages:
    """Where each part of a document starts (1-based, in part order) and how many pages it has in all."""

    first: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class HtmlPart:
    """A part the portal writes: a whole HTML page, rendered by WeasyPrint as tagged PDF (PDF/UA-1)."""

    title: str
    html: str

    source = "html"

    def feed(self, digest) -> None:
        digest.update(f"html\n{self.title}\n{len(self.html)}\n".encode())
        digest.update(self.html.encode())


@dataclass(frozen=True)
class PdfPart:
    """
    A PDF somebody uploaded (a report for a board pack), included as it is: a storage name on the
    default storage, or a FieldFile. Whether it is tagged for screen readers is found when rendering.
    """

    title: str
    file: str | FieldFile
    # Printed before the page number on each of its pages, where the document is stamped (Source.stamp):
    # "Not for publication: Schedule 12A, paragraph 3" on an exempt paper. Printable ASCII.
    mark: str = ""

    source = "upload"

    @property
    def name(self) -> str:
        return self.file if isinstance(self.file, str) else self.file.name

    @property
    def storage(self) -> Storage:
        return default_storage if isinstance(self.file, str) else self.file.storage

    def open(self) -> IO[bytes]:
        return self.storage.open(self.name, "rb")

    def sha256(self) -> str:
        """The SHA-256 of the stored bytes: a file replaced under the same name is a change."""
        digest = hashlib.sha256()
        with self.open() as handle:
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
        return digest.hexdigest()

    def feed(self, digest) -> None:
        digest.update(f"pdf\n{self.title}\n{self.sha256()}\n".encode())
        if self.mark:
            digest.update(f"mark\n{self.mark}\n".encode())


@dataclass(frozen=True)
class PagedHtmlPart:
    """
    A part the portal writes that prints where the other parts start (a board pack's agenda: "item 5,
    page 47"). `html_for(pages)` is called once the other parts' lengths are known, and again if this
    part's own length moves them; `html_for(None)`, with no page numbers, is what the content hash reads
    (the numbers follow from everything else the hash covers).
    """

    title: str
    html_for: Callable[[Pages | None], str]

    source = "html"

    def feed(self, digest) -> None:
        HtmlPart(self.title, self.html_for(None)).feed(digest)


Part = HtmlPart | PagedHtmlPart | PdfPart


class DocumentError(Exception):
    """A failure the officer can act on, shown in these words on the page; never retried."""


@dataclass(frozen=True)
class Source:
    """
    Everything a document is made from. `title` goes in the PDF's metadata (what a screen reader
    announces), `filename` is offered on download, `lang` is the document's language when no part
    says otherwise.
    """

    title: str
    filename: str
    parts: Sequence[Part] = field(default_factory=tuple)
    lang: str = "en-GB"
    # Stamped at the foot of every page, uploads included, when set: "Page {page} of {pages}". The
    # PDF's page labels then number the pages from 1 too, so the page a viewer shows is the one printed.
    stamp: str = ""

    def __post_init__(self):
        object.__setattr__(self, "parts", tuple(self.parts))
        if not self.parts:
            raise ValueError("A document needs at least one part.")

    def content_hash(self) -> str:
        """
        SHA-256 of everything the file is made from: the pipeline version, the title, filename and
        language, and each part in order (its HTML, or the SHA-256 of the uploaded bytes). Reads
        every upload once.
        """
        digest = hashlib.sha256()
        digest.update(f"pipeline {PIPELINE_VERSION}\n{self.title}\n{self.filename}\n{self.lang}\n".encode())
        if self.stamp:
            digest.update(f"stamp {self.stamp}\n".encode())
        for number, part in enumerate(self.parts, start=1):
            try:
                part.feed(digest)
            except FileNotFoundError:
                raise DocumentError(f"Part {number}, {part.title}, is missing: upload it again.") from None
        return digest.hexdigest()
