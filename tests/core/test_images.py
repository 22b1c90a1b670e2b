"""core.images: what an uploaded logo must be, and the messages for what it is not."""

import pytest
from django.core.exceptions import ValidationError

from core.images import check_image, check_svg
from tests.images import (
    UNSAFE_SVGS,
    bomb_png,
    png_bytes,
    png_upload,
    svg_bytes,
    svg_upload,
    truncated_png,
    upload,
)

LIMIT = 1024 * 1024


def refusal(file, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        check_image(file, max_bytes=kwargs.pop("max_bytes", LIMIT), **kwargs)
    return " ".join(caught.value.messages)


class TestRasterImages:
    @pytest.mark.parametrize(
        ("kind", "content_type", "extension"),
        [("PNG", "image/png", "png"), ("JPEG", "image/jpeg", "jpg"), ("WEBP", "image/webp", "webp")],
    )
    def test_accepts_png_jpeg_and_webp_and_says_which(self, kind, content_type, extension):
        facts = check_image(upload("logo", png_bytes(kind=kind)), max_bytes=LIMIT)

        assert (facts.content_type, facts.extension, facts.width, facts.height) == (
            content_type,
            extension,
            120,
            40,
        )

    def test_the_file_name_and_declared_type_count_for_nothing(self):
        """A text file named logo.png, sent as image/png, is still a text file."""
        message = refusal(upload("logo.png", b"<html><script>alert(1)</script></html>", "image/png"))

        assert message == "The selected file must be a PNG, JPEG, WebP or SVG image"

    def test_refuses_a_gif(self):
        assert "must be a PNG, JPEG, WebP or SVG" in refusal(upload("logo.gif", png_bytes(kind="GIF")))

    def test_refuses_a_truncated_png_as_damaged(self):
        message = refusal(upload("logo.png", truncated_png(), "image/png"))

        assert message.startswith("The selected file is damaged or incomplete")

    def test_refuses_a_truncated_png_in_a_process_that_has_loaded_weasyprint(self):
        import weasyprint.images  # noqa: F401  Turns on Pillow's LOAD_TRUNCATED_IMAGES for the process.
        from PIL import ImageFile

        assert ImageFile.LOAD_TRUNCATED_IMAGES is True
        message = refusal(upload("logo.png", truncated_png(), "image/png"))

        assert message.startswith("The selected file is damaged or incomplete")
        assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # Left as WeasyPrint wants it.

    def test_refuses_an_image_bomb_before_decoding_it(self):
        message = refusal(upload("bomb.png", bomb_png(5000), "image/png"), max_pixels=16_000_000)

        assert "5,000 by 5,000 pixels" in message
        assert "at most 16,000,000 pixels" in message

    def test_refuses_an_image_bomb_too_big_for_pillow_to_open(self):
        message = refusal(upload("bomb.png", bomb_png(20000), "image/png"))

        assert "far too many pixels" in message

    def test_refuses_a_file_over_the_limit_and_an_empty_one(self):
        assert refusal(png_upload(), max_bytes=100) == "The selected file must be smaller than 1 KB"
        assert refusal(upload("logo.png", b"")) == "The selected file is empty"


class TestSvg:
    def test_accepts_a_plain_svg_with_internal_references_and_an_embedded_png(self):
        body = (
            '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
            '<rect width="120" height="40" fill="url(#g)" style="stroke: url(#g)"/>'
            '<use href="#g"/><image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>'
        )
        facts = check_image(svg_upload(body=body), max_bytes=LIMIT)

        assert (facts.content_type, facts.extension, facts.width) == ("image/svg+xml", "svg", None)

    def test_accepts_inkscape_metadata(self):
        data = svg_bytes().replace(
            b"<svg ",
            b'<svg xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:version="1.3" ',
            1,
        )

        check_svg(data)

    @pytest.mark.parametrize("case", sorted(UNSAFE_SVGS))
    def test_refuses_an_unsafe_svg_saying_why(self, case):
        data, reason = UNSAFE_SVGS[case]

        message = refusal(upload("logo.svg", data, "image/svg+xml"))

        assert message.startswith("The selected file is an SVG that ")
        assert reason in message
        assert message.endswith("Remove it, or upload a PNG")

    def test_refuses_an_svg_that_is_not_well_formed(self):
        assert "not a well-formed SVG" in refusal(
            upload("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><g>')
        )

    def test_refuses_svg_outside_the_svg_namespace(self):
        assert "outermost element must be <svg>" in refusal(upload("logo.svg", b"<svg><rect/></svg>"))
