"""Small images to upload as logos, good and bad (import as tests.images)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 120 40">'
)


def png_bytes(size=(120, 40), colour="white", kind="PNG", mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, kind)
    return buffer.getvalue()


def svg_bytes(body: str = '<rect width="120" height="40" fill="#ffffff"/>', *, head: str = "") -> bytes:
    return f"{head}{SVG_OPEN}{body}</svg>".encode()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_upload(name="logo.png", **kwargs) -> SimpleUploadedFile:
    return upload(name, png_bytes(**kwargs), "image/png")


def svg_upload(name="logo.svg", **kwargs) -> SimpleUploadedFile:
    return upload(name, svg_bytes(**kwargs), "image/svg+xml")


def truncated_png() -> bytes:
    data = png_bytes(size=(400, 400), colour="red")
    return data[: len(data) // 2]


def bomb_png(side: int = 5000) -> bytes:
    """A one-bit PNG of side x side pixels: a few kilobytes that decode to side² pixels."""
    return png_bytes(size=(side, side), colour=0, mode="1")


# SVGs that must be refused, each with words of the reason the message gives.
UNSAFE_SVGS = {
    "script": (svg_bytes("<script>alert(1)</script>"), "has a script"),
    "onload": (
        svg_bytes().replace(b"<svg ", b'<svg onload="alert(1)" ', 1),
        "event handler attribute (onload)",
    ),
    "external href": (
        svg_bytes('<image href="https://tracker.example/pixel.png" width="1" height="1"/>'),
        "refers to something outside itself",
    ),
    "external xlink:href": (
        svg_bytes('<use xlink:href="https://cdn.example/icons.svg#logo"/>'),
        "outside itself",
    ),
    "javascript: link": (
        svg_bytes('<a href="javascript:alert(1)"><rect width="1" height="1"/></a>'),
        "javascript:",
    ),
    "javascript: with a tab": (
        svg_bytes('<a href="java&#9;script:alert(1)"><rect width="1" height="1"/></a>'),
        "javascript:",
    ),
    "foreignObject": (svg_bytes("<foreignObject><p>hi</p></foreignObject>"), "foreignObject"),
    "DOCTYPE with entities": (
        svg_bytes("<text>&a;</text>", head='<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'),
        "DOCTYPE or entities",
    ),
    "external entity": (
        svg_bytes("<text>&x;</text>", head='<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
        "DOCTYPE or entities",
    ),
    "stylesheet instruction": (
        svg_bytes(head='<?xml-stylesheet href="https://evil.example/a.css"?>'),
        "processing instruction",
    ),
    "@import": (svg_bytes("<style>@import url(https://evil.example/a.css);</style>"), "@import"),
    "url() in a style": (
        svg_bytes('<rect style="fill: url(https://evil.example/p.svg#x)" width="1" height="1"/>'),
        "outside itself",
    ),
    "animated href": (
        svg_bytes('<a><animate attributeName="href" to="https://evil.example/"/><rect/></a>'),
        "animation",
    ),
    "HTML element": (
        svg_bytes('<iframe xmlns="http://www.w3.org/1999/xhtml" src="https://x.example/"/>'),
        "outside SVG",
    ),
}
