"""
Page numbers stamped on every page of a merged document, uploads included (Source.stamp): drawn
directly in an embedded subset of Liberation Sans, each a form XObject marked as a pagination
artifact, with the PDF's page labels to match (docs/decisions/0022).
"""

import functools
import io
from collections.abc import Sequence
from pathlib import Path

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
