"""
Turning parts into one PDF: WeasyPrint renders the portal's HTML as tagged PDF (PDF/UA-1), and
pikepdf merges the parts, keeping every part's structure tree (the tags screen readers use), its
bookmarks under one bookmark per part, and its internal links.

A plain page merge drops the tags: the structure tree hangs off the document catalog, not the
pages. So merge_pdfs() copies each tagged part's tree under a /Part element of a new /Document
root, and renumbers the keys that tie page content to it (/StructParents, /StructParent and the
/ParentTree). An untagged upload (a scan) keeps its pages but adds nothing to the tree; the
version records it, and the page that offers the download says so.
"""

import mimetypes
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders

PDF_VARIANT = "pdf/ua-1"
STATIC_SCHEME = "hwb-static:"


class StaticOnlyFetcher:
    """
    Lets WeasyPrint load our own static files (fonts, images) and nothing else, so a document can
    never make the server fetch an address somebody typed into a strategy.
    """

    def __new__(cls):
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        class _Fetcher(URLFetcher):
            def fetch(self, url, headers=None):
                if url.startswith("data:"):
                    return super().fetch(url, headers)
                if url.startswith(STATIC_SCHEME):
                    path = finders.find(url.removeprefix(STATIC_SCHEME).lstrip("/"))
                    if path:
                        with open(path, "rb") as handle:
                            body = handle.read()
                        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                        return URLFetcherResponse(url, body, {"Content-Type": content_type})
                raise ValueError(
                    f"Refused to fetch {url!r}: documents may load only the portal's static files."
                )

        return _Fetcher()


def html_to_pdf(html: str, *, on_laid_out: Callable[[int], bool | None] | None = None) -> bytes | None:
    """
    Render HTML to a tagged PDF (PDF/UA-1). Slow: never call it inside a transaction.
    `on_laid_out(pages)` is called between layout and writing, the two long stages (about half the
    time each); when it returns False, the pages are not written and None is returned: a pass that
    only measures the length.
    """
    from weasyprint import HTML

    laid_out = HTML(string=html, base_url=STATIC_SCHEME + "/", url_fetcher=StaticOnlyFetcher()).render(
        pdf_variant=PDF_VARIANT
    )
    if on_laid_out and on_laid_out(len(laid_out.pages)) is False:
        return None
    return laid_out.write_pdf(pdf_variant=PDF_VARIANT)


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    tagged: bool
    lang: str


def is_tagged(pdf) -> bool:
    from pikepdf import Array, Dictionary

    mark_info = pdf.Root.get("/MarkInfo")
    tree = pdf.Root.get("/StructTreeRoot")
    return (
        isinstance(mark_info, Dictionary)
        and bool(mark_info.get("/Marked", False))
        and isinstance(tree, Dictionary)
        and tree.get("/K") is not None
        and not (isinstance(tree.K, Array) and len(tree.K) == 0)
    )


def inspect_pdf(path: Path) -> PdfFacts:
    """Pages, tags and language of a PDF. Raises pikepdf.PasswordError or pikepdf.PdfError."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        return PdfFacts(pages=len(pdf.pages), tagged=is_tagged(pdf), lang=str(pdf.Root.get("/Lang", "")))


def _copy(target, obj):
    """Copy a value of another PDF into `target`; copy_foreign takes indirect objects only."""
    from pikepdf import Array, Dictionary, Object

    if isinstance(obj, Object) and obj.is_indirect:
        return target.copy_foreign(obj)
    if isinstance(obj, Array):
        return Array([_copy(target, item) for item in obj])
    if isinstance(obj, Dictionary):
        return Dictionary({key: _copy(target, value) for key, value in obj.items()})
    return obj


def _as_list(value) -> list:
    from pikepdf import Array

    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


class _StructureMerger:
    """Collects each tagged part's structure tree under one /Document element of the target."""

    def __init__(self, target):
        from pikepdf import Array, Dictionary, Name

        self.target = target
        self.root = target.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = target.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
        self.document.P = self.root
        self.root.K = Array([self.document])
        self.parent_tree: list[tuple[int, object]] = []
        self.next_key = 0
        self.role_map = Dictionary()
        self.class_map = Dictionary()
        self.ids: dict[str, object] = {}

    def add(self, source, title: str, first_page: int) -> None:
        """Adopt the tree of `source`, whose pages were appended to the target from `first_page`."""
        from pikepdf import Array, Dictionary, Name, NameTree, NumberTree, String

        tree = source.Root.StructTreeRoot
        offset = self.next_key
        highest = -1
        if isinstance(tree.get("/ParentTree"), Dictionary):
            for key, value in NumberTree(tree.ParentTree).items():
                self.parent_tree.append((key + offset, _copy(self.target, value)))
                highest = max(highest, key)
        self.next_key = offset + max(highest + 1, int(tree.get("/ParentTreeNextKey", 0)))
        for mapping, merged in (
            (tree.get("/RoleMap"), self.role_map),
            (tree.get("/ClassMap"), self.class_map),
        ):
            if isinstance(mapping, Dictionary):
                for key, value in mapping.items():
                    if key not in merged:
                        merged[key] = _copy(self.target, value)

        if isinstance(tree.get("/IDTree"), Dictionary):
            # Element ids (table headers point at their cells by id); the first part keeps a clash.
            for key, element in NameTree(tree.IDTree).items():
                self.ids.setdefault(key, _copy(self.target, element))

        kids = [_copy(self.target, kid) for kid in _as_list(tree.get("/K"))]
        if len(kids) == 1 and isinstance(kids[0], Dictionary) and kids[0].get("/S") == Name.Document:
            part = kids[0]  # WeasyPrint's root /Document becomes this part's /Part.
            part.S = Name.Part
        else:
            part = self.target.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part, K=Array(kids)))
            for kid in kids:
                if isinstance(kid, Dictionary):
                    kid.P = part
        part.P = self.document
        part.T = String(title)
        if "/Lang" in source.Root and "/Lang" not in part:
            part.Lang = source.Root.Lang  # A part in another language (a Welsh report) says so.
        part.Pg = self.target.pages[first_page].obj
        self.document.K.append(part)

        for page in self.target.pages[first_page:]:
            self._shift(page.obj, "/StructParents", offset)
            for annotation in _as_list(page.obj.get("/Annots")):
                if isinstance(annotation, Dictionary):
                    self._shift(annotation, "/StructParent", offset)

    @staticmethod
    def _shift(holder, key: str, offset: int) -> None:
        if key in holder:
            holder[key] = int(holder[key]) + offset

    def finish(self) -> None:
        from pikepdf import Array, Dictionary, NameTree

        ordered = sorted(self.parent_tree, key=lambda item: item[0])
        self.root.ParentTree = self.target.make_indirect(
            Dictionary(Nums=Array([entry for pair in ordered for entry in pair]))
        )
        self.root.ParentTreeNextKey = self.next_key
        if len(self.role_map):
            self.root.RoleMap = self.role_map
        if len(self.class_map):
            self.root.ClassMap = self.class_map
        if self.ids:
            ids = NameTree.new(self.target)
            for key in sorted(self.ids):
                ids[key] = self.ids[key]
            self.root.IDTree = ids.obj
        self.target.Root.StructTreeRoot = self.root


def _drop_structure_keys(target, first_page: int) -> None:
    """An untagged part's pages and links must not point into the merged tree."""
    from pikepdf import Dictionary

    for page in target.pages[first_page:]:
        if "/StructParents" in page.obj:
            del page.obj["/StructParents"]
        for annotation in _as_list(page.obj.get("/Annots")):
            if isinstance(annotation, Dictionary) and "/StructParent" in annotation:
                del annotation["/StructParent"]


def _nest_outline(target, ranges: Sequence[tuple[str, int, int]]) -> None:
    """One top-level bookmark per part, at its first page, with the part's own bookmarks under it."""
    from pikepdf import Array, Dictionary, OutlineItem

    page_numbers = {page.obj.objgen: number for number, page in enumerate(target.pages)}

    def page_of(item) -> int | None:
        destination = item.destination
        if isinstance(destination, Array) and len(destination) and isinstance(destination[0], Dictionary):
            return page_numbers.get(destination[0].objgen)
        return next(filter(lambda page: page is not None, map(page_of, item.children)), None)

    with target.open_outline() as outline:
        carried = list(outline.root)
        grouped = []
        for title, first, end in ranges:
            part = OutlineItem(title, first)
            part.children.extend(
                item for item in carried if (page := page_of(item)) is not None and first <= page < end
            )
            grouped.append(part)
        outline.root[:] = grouped


def merge_pdfs(parts: Sequence[tuple[str, Path]], out: Path, *, title: str, lang: str) -> None:
    """
    Merge the PDFs of `parts` ((title, path), in order) into `out`, keeping every tagged part's
    tags, bookmarks and internal links. The result is marked as tagged, and as PDF/UA-1 only when
    every part is tagged.
    """
    import pikepdf
    from pikepdf import Dictionary, Name, String

    sources = []
    target = pikepdf.new()
    try:
        structure = _StructureMerger(target)
        ranges, versions, all_tagged, found_lang = [], ["1.7"], True, ""
        for part_title, path in parts:
            source = pikepdf.open(path)
            sources.append(source)  # Copied objects are read from their source when the target is saved.
            first = len(target.pages)
            # Named destinations (internal links), with the names renamed where two parts clash;
            # form fields stripped: a pack is for reading.
            target.add_pages_from(source, forms="strip", outlines="preserve")
            ranges.append((part_title, first, len(target.pages)))
            versions.append(source.pdf_version)
            if is_tagged(source):
                structure.add(source, part_title, first)
                found_lang = found_lang or str(source.Root.get("/Lang", ""))
            else:
                all_tagged = False
                _drop_structure_keys(target, first)
        structure.finish()
        _nest_outline(target, ranges)

        target.Root.MarkInfo = Dictionary(Marked=True)
        target.Root.Lang = String(found_lang or lang)
        target.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        target.Root.PageMode = Name.UseOutlines
        target.docinfo.Title = title
        target.docinfo.Producer = "HWB Portal (WeasyPrint, pikepdf)"
        with target.open_metadata(set_pikepdf_as_editor=False) as metadata:
            metadata["dc:title"] = title
            if all_tagged:
                metadata["pdfuaid:part"] = "1"
        target.save(out, min_version=max(versions, key=lambda v: tuple(map(int, v.split(".")))))
    finally:
        target.close()
        for source in sources:
            source.close()
