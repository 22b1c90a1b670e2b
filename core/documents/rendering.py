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

import functools
import io
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


# The stamp sits in the bottom right-hand corner, on a white ground so that it stays readable over an
# upload whose own footer is there, in Liberation Sans (the portal's PDF font, from fonts-liberation).
STAMP_FONT_FAMILY = "Liberation Sans"
_STAMP_SIZE = 8.5  # pt
_STAMP_RIGHT, _STAMP_BOTTOM = 10 * 72 / 25.4, 4 * 72 / 25.4  # 10 mm and 4 mm, in pt
_STAMP_PAD_X, _STAMP_PAD_Y = 1.5 * 72 / 25.4, 0.6 * 72 / 25.4
_STAMP_INK = b"0.043 0.047 0.047"  # #0b0c0c, the portal's text colour


@functools.cache
def stamp_font_file() -> Path:
    """The regular Liberation Sans file, as fontconfig finds it (the file WeasyPrint uses too)."""
    import shutil
    import subprocess

    known = Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "--format=%{file}", f"{STAMP_FONT_FAMILY}:style=Regular"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if found and "liberationsans-regular" in Path(found).name.lower():
            return Path(found)
    if known.exists():
        return known
    raise RuntimeError(f"The font {STAMP_FONT_FAMILY} is not installed: install fonts-liberation.")


class _StampFont:
    """
    The characters of the stamps as a subset of Liberation Sans, embedded as a simple TrueType font
    with the standard WinAnsi encoding (so the text extracts as it reads), with the widths and metrics
    the PDF needs to place it. Drawing the stamps with it takes a few milliseconds a page; laying each
    out with WeasyPrint took ten times that (decision 0022).
    """

    def __init__(self, pdf, text: str):
        import hashlib

        from fontTools import subset
        from fontTools.ttLib import TTFont
        from pikepdf import Array, Dictionary, Name

        characters = sorted(set(text) | {" "})
        if any(ord(character) < 32 or ord(character) > 126 for character in characters):
            raise ValueError(f"A page stamp may hold only printable ASCII: {text!r}")
        font = TTFont(stamp_font_file())
        cmap = font.getBestCmap()
        missing = [character for character in characters if ord(character) not in cmap]
        if missing:
            raise ValueError(f"{STAMP_FONT_FAMILY} has no glyph for {''.join(missing)!r}")
        scale = 1000 / font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        self.widths = {c: metrics[cmap[ord(c)]][0] * scale for c in characters}  # In 1/1000 em.
        self.ascent = font["hhea"].ascent * scale
        self.descent = font["hhea"].descent * scale  # Negative.
        head, os2 = font["head"], font["OS/2"]
        bbox = [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]

        options = subset.Options()
        options.hinting = False
        options.notdef_outline = True
        options.name_IDs = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(character) for character in characters])
        subsetter.subset(font)
        data = io.BytesIO()
        font.save(data)
        tag = "".join(chr(65 + b % 26) for b in hashlib.sha256("".join(characters).encode()).digest()[:6])
        name = Name(f"/{tag}+LiberationSans")
        first, last = 32, 126
        self.dictionary = pdf.make_indirect(
            Dictionary(
                Type=Name.Font,
                Subtype=Name.TrueType,
                BaseFont=name,
                Encoding=Name.WinAnsiEncoding,
                FirstChar=first,
                LastChar=last,
                Widths=Array([round(self.widths.get(chr(code), 0)) for code in range(first, last + 1)]),
                FontDescriptor=pdf.make_indirect(
                    Dictionary(
                        Type=Name.FontDescriptor,
                        FontName=name,
                        Flags=32,  # Non-symbolic: the WinAnsi encoding applies.
                        FontBBox=Array(bbox),
                        ItalicAngle=0,
                        Ascent=round(self.ascent),
                        Descent=round(self.descent),
                        CapHeight=round(getattr(os2, "sCapHeight", 0) * scale) or round(self.ascent),
                        StemV=80,
                        FontFile2=pdf.make_stream(data.getvalue()),
                    )
                ),
            )
        )

    def width(self, text: str) -> float:
        return sum(self.widths[character] for character in text) * _STAMP_SIZE / 1000


def _stamp_stream(font: _StampFont, text: str, width: float) -> bytes:
    """White ground and text, right-aligned at the foot of a page `width` pt wide, drawn from (0, 0)."""
    text_width = font.width(text)
    line = (font.ascent - font.descent) * _STAMP_SIZE / 1000
    right = width - _STAMP_RIGHT
    left = right - text_width - 2 * _STAMP_PAD_X
    baseline = _STAMP_BOTTOM + _STAMP_PAD_Y - font.descent * _STAMP_SIZE / 1000
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return (
        f"1 1 1 rg {left:.2f} {_STAMP_BOTTOM:.2f} {right - left:.2f} {line + 2 * _STAMP_PAD_Y:.2f} re f\n"
        f"BT /HwbF {_STAMP_SIZE} Tf {_STAMP_INK.decode()} rg {left + _STAMP_PAD_X:.2f} {baseline:.2f} Td"
        f" ({escaped}) Tj ET"
    ).encode("ascii")


def stamp_pages(source: Path, out: Path, text: str, *, marks: Sequence[str] | None = None) -> None:
    """
    Stamp `text` ("Page {page} of {pages}") at the foot of every page of `source`, whatever made the
    page (an upload included), and number the PDF's page labels from 1, so that the page number a
    viewer shows is the one printed. `marks`, one per page, go before the number where not empty
    ("Not for publication: ... Page 4 of 9"). Each stamp is a form XObject the size of its page as displayed
    (a rotated page's sides swapped), placed upright on it and marked as a pagination artifact:
    screen readers skip it, and the tags of the page are untouched. The font is embedded (PDF/UA).
    """
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    with pikepdf.open(source) as pdf:
        total = len(pdf.pages)
        texts = [
            text.replace("{page}", str(number)).replace("{pages}", str(total))
            for number in range(1, total + 1)
        ]
        if marks is not None:
            if len(marks) != total:
                raise ValueError(f"{len(marks)} marks for {total} pages.")
            texts = [f"{mark}. {stamp}" if mark else stamp for mark, stamp in zip(marks, texts, strict=True)]
        font = _StampFont(pdf, "".join(texts))
        for page, stamp in zip(pdf.pages, texts, strict=True):
            box = (
                page.cropbox
                if isinstance(page.cropbox, pikepdf.Rectangle)
                else pikepdf.Rectangle(page.cropbox)
            )
            width, height = box.width, box.height
            if int(page.obj.get("/Rotate", 0)) % 180 == 90:
                width, height = height, width
            form = pdf.make_stream(
                _stamp_stream(font, stamp, width),
                Type=Name.XObject,
                Subtype=Name.Form,
                BBox=Array([0, 0, width, height]),
                Resources=Dictionary(Font=Dictionary(HwbF=font.dictionary)),
            )
            name = page.add_resource(form, Name.XObject, prefix="HwbStamp")
            placement = page.calc_form_xobject_placement(
                form, name, box, invert_transformations=True, allow_shrink=True, allow_expand=True
            )
            # The page's drawing goes in q/Q, so that a state it leaves set cannot move the stamp.
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(
                b"\nQ\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n" + placement + b"\nEMC\n"
            )
        pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D, St=1)]))
        pdf.save(out)
