"""
Checking uploaded images before they are stored: a board's logo now, any picture the portal accepts later.

A raster image (PNG, JPEG, WebP) is opened with Pillow, its size read from its header and refused if it
has too many pixels (an "image bomb": a small file that decodes to gigabytes), then decoded whole, so a
renamed text file or a truncated download is refused with a message the user can act on.

An SVG is a document, not a picture: opened directly it can run scripts, and it can make the browser
or the PDF renderer fetch other addresses. defusedxml parses it (no DOCTYPE, so no entities: the
"billion laughs" and external entities are refused), and it is refused, with the reason, if it holds a
script, an event handler (on...), a javascript: address, a reference to anything outside itself
(an href, a url(...) or an @import that is not #id, or a data: image), a foreignObject, or an element
outside SVG's own namespaces. It is refused rather than cleaned: a cleaned logo may not look as its
designer meant, and the person uploading is told what to change. Served logos get a restrictive
Content-Security-Policy as well (boards.views.board), in case this check misses something.
"""

import io
import re
import threading
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from .uploads import _size

# Pillow's format name -> (content type, file extension).
RASTER_FORMATS = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "WEBP": ("image/webp", "webp"),
}
SVG = ("image/svg+xml", "svg")
CONTENT_TYPES = {extension: content_type for content_type, extension in [*RASTER_FORMATS.values(), SVG]}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Namespaces drawing programs write into an SVG's metadata (Inkscape, Sodipodi, Illustrator, RDF and
# Dublin Core, Creative Commons): harmless, and refusing them would refuse most exported logos.
METADATA_NAMESPACES = {
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
    "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
    "http://ns.adobe.com/Variables/1.0/",
    "http://ns.adobe.com/ImageReplacement/1.0/",
}
# Images an SVG may carry inside itself; not SVG (which could hold its own scripts).
EMBEDDED_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,", re.IGNORECASE)
URL_FUNCTION = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
# Whitespace and control characters, which browsers ignore inside "java\tscript:".
IGNORED_IN_SCHEMES = re.compile(r"[\x00-\x20]+")


@dataclass(frozen=True)
class ImageFacts:
    content_type: str
    extension: str
    width: int | None  # None for an SVG: it scales.
    height: int | None


def check_image(
    upload: UploadedFile,
    *,
    max_bytes: int,
    max_pixels: int = 25_000_000,
    label: str = "The selected file",
) -> ImageFacts:
    """Refuse anything but a whole PNG, JPEG, WebP or safe SVG of at most `max_bytes`; say what it is."""
    if upload.size == 0:
        raise ValidationError(f"{label} is empty", code="empty")
    if upload.size > max_bytes:
        raise ValidationError(f"{label} must be smaller than {_size(max_bytes)}", code="too_big")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if _looks_like_svg(data):
        check_svg(data, label=label)
        return ImageFacts(*SVG, width=None, height=None)
    return _check_raster(data, max_pixels=max_pixels, label=label)


def _not_an_image(label: str) -> ValidationError:
    return ValidationError(f"{label} must be a PNG, JPEG, WebP or SVG image", code="not_image")


_strict = threading.Lock()


def _load_strictly(image) -> None:
    """
    image.load(), refusing a truncated file whatever the process's setting: importing WeasyPrint turns on
    Pillow's LOAD_TRUNCATED_IMAGES for the whole process (weasyprint/images.py), which would let a cut
    off logo through in any process that has rendered a PDF. The lock keeps two checks from undoing each
    other's setting.
    """
    from PIL import ImageFile

    with _strict:
        before, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _check_raster(data: bytes, *, max_pixels: int, label: str) -> ImageFacts:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data), formats=list(RASTER_FORMATS)) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    f"{label} is {width:,} by {height:,} pixels: it must have at most "
                    f"{max_pixels:,} pixels in all. Make it smaller",
                    code="too_many_pixels",
                )
            kind = image.format
            _load_strictly(image)  # Decodes every pixel: a truncated or damaged file fails here.
    except Image.DecompressionBombError:
        # So many pixels that Pillow refuses to open it at all (more than twice its own limit).
        raise ValidationError(
            f"{label} has far too many pixels: it must have at most {max_pixels:,} in all. Make it smaller",
            code="too_many_pixels",
        ) from None
    except UnidentifiedImageError:
        raise _not_an_image(label) from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(
            f"{label} is damaged or incomplete: it could not be read. Save it again and upload the copy",
            code="unreadable",
        ) from error
    content_type, extension = RASTER_FORMATS[kind]
    return ImageFacts(content_type, extension, width, height)


def _looks_like_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")) and b"<svg" in data[:65536].lower()


def check_svg(data: bytes, *, label: str = "The selected file") -> None:
    """Refuse an SVG that could run a script or load anything from elsewhere (see the module's doc)."""
    from xml.etree.ElementTree import TreeBuilder

    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.ElementTree import DefusedXMLParser, ParseError

    def refuse(reason: str) -> ValidationError:
        return ValidationError(
            f"{label} is an SVG that {reason}. Remove it, or upload a PNG", code="unsafe_svg"
        )

    class Builder(TreeBuilder):
        """Notes processing instructions, wherever they are (TreeBuilder keeps only those in the root)."""

        def __init__(self):
            super().__init__()
            self.instructions: list[str] = []

        def pi(self, target, data=None):
            self.instructions.append(target)
            return super().pi(target, data)

    builder = Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(data)
        root = parser.close()
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        raise refuse("has a DOCTYPE or entities") from None
    except (ParseError, ValueError):
        raise ValidationError(
            f"{label} is damaged: it is not a well-formed SVG. Save it again and upload the copy",
            code="unreadable",
        ) from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ValidationError(
            f"{label} is not an SVG image: its outermost element must be <svg> in the SVG namespace",
            code="not_svg",
        )
    if builder.instructions:
        raise refuse(
            f"has a processing instruction ({builder.instructions[0][:40]}), which can load another file"
        )
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # A comment.
        namespace, _, name = element.tag[1:].partition("}") if element.tag.startswith("{") else ("", "", "")
        if namespace != SVG_NS and namespace not in METADATA_NAMESPACES:
            raise refuse(f"has an element outside SVG ({element.tag})")
        if name == "script":
            raise refuse("has a script")
        if name == "foreignObject":
            raise refuse("has a foreignObject, which can hold a web page")
        if name == "style" and element.text:
            _check_css(element.text, refuse)
        if name in ("animate", "set", "animateTransform", "animateMotion"):
            target = (element.get("attributeName") or "").strip().lower()
            if target.startswith("on") or target.endswith("href"):
                raise refuse(f"has an animation that changes its {target} attribute")
        for attribute, value in element.attrib.items():
            local = attribute.rpartition("}")[2].lower()
            if local.startswith("on"):
                raise refuse(f"has an event handler attribute ({local})")
            plain = IGNORED_IN_SCHEMES.sub("", value).lower()
            if "javascript:" in plain or "vbscript:" in plain:
                raise refuse("has a javascript: address")
            if local == "href" and not _internal(value):
                raise refuse(f"refers to something outside itself ({value[:80]})")
            if local == "style":
                _check_css(value, refuse)
            elif "url(" in value.lower():
                _check_urls(value, refuse)


def _internal(reference: str) -> bool:
    reference = reference.strip()
    return reference.startswith("#") or bool(EMBEDDED_IMAGE.match(reference))


def _check_urls(text: str, refuse) -> None:
    for _quote, target in URL_FUNCTION.findall(text):
        if not _internal(target):
            raise refuse(f"refers to something outside itself (url({target[:80]}))")


def _check_css(text: str, refuse) -> None:
    if "@import" in text.lower():
        raise refuse("has a style sheet that imports another (@import)")
    if "expression(" in text.lower():
        raise refuse("has a style sheet with a script (expression)")
    _check_urls(text, refuse)
