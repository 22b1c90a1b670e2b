"""A board's logo on its PDFs: rendered by WeasyPrint for real, read back with poppler and pikepdf."""

import subprocess

import pikepdf
import pytest

from boards.services import board_setup
from core.documents import rendering
from strategies.documents import build_strategy_pdf
from tests.core.documents.helpers import structure, words
from tests.images import png_upload, svg_upload

pytestmark = pytest.mark.django_db

# The `publish` fixture replaces html_to_pdf with a stub; these tests render with the real one.
html_to_pdf = rendering.html_to_pdf


def render(source, tmp_path):
    path = tmp_path / source.filename
    path.write_bytes(html_to_pdf(source.parts[0].html))
    return path


def images(path) -> list[list[str]]:
    """pdfimages' list of the images drawn: page, number, type, width, height..."""
    listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True)
    return [line.split() for line in listed.stdout.splitlines()[2:]]


class TestTheLogoOnAStrategyPdf:
    def test_the_cover_shows_the_logo_beside_the_boards_name(self, strategy, publish, board_admin, tmp_path):
        board_setup.board_logo_set(board=strategy.board, by=board_admin, file=png_upload(size=(300, 100)))
        publish(strategy)

        path = render(build_strategy_pdf(strategy.pk), tmp_path)

        drawn = images(path)
        assert [(row[0], row[3], row[4]) for row in drawn] == [("1", "300", "100")]
        assert words(path).startswith(strategy.board.name)

    def test_the_logo_is_an_artifact_and_the_pdf_stays_tagged(self, strategy, publish, board_admin, tmp_path):
        """Decoration beside the board's name, which is the text read out: no figure without alt text."""
        board_setup.board_logo_set(board=strategy.board, by=board_admin, file=png_upload())
        publish(strategy)

        path = render(build_strategy_pdf(strategy.pk), tmp_path)

        assert "Figure" not in [kind for _depth, kind, _title in structure(path)]
        with pikepdf.open(path) as pdf:
            assert pdf.Root.MarkInfo.Marked
            cover = pdf.pages[0]
            content = b"".join(
                pikepdf.unparse_content_stream(pikepdf.parse_content_stream(cover)).splitlines(keepends=True)
            )
        # The image is drawn inside an /Artifact marked-content sequence.
        before_image = content.split(b" Do")[0]
        assert before_image.rfind(b"/Artifact") > before_image.rfind(b"EMC")

    def test_an_svg_logo_is_drawn_as_vectors(self, strategy, publish, board_admin, tmp_path):
        board_setup.board_logo_set(
            board=strategy.board,
            by=board_admin,
            file=svg_upload(
                body='<rect width="120" height="40" fill="#ffffff"/><circle cx="20" cy="20" r="9"/>'
            ),
        )
        publish(strategy)

        path = render(build_strategy_pdf(strategy.pk), tmp_path)

        assert images(path) == []  # No raster: WeasyPrint drew the SVG's shapes.
        assert words(path).startswith(strategy.board.name)

    def test_without_a_logo_the_cover_has_no_image(self, strategy, publish, tmp_path):
        publish(strategy)

        path = render(build_strategy_pdf(strategy.pk), tmp_path)

        assert images(path) == []

    def test_a_new_logo_changes_the_source_so_the_pdf_is_made_again(self, strategy, publish, board_admin):
        publish(strategy)
        before = build_strategy_pdf(strategy.pk).parts[0].html

        board_setup.board_logo_set(board=strategy.board, by=board_admin, file=png_upload())
        after = build_strategy_pdf(strategy.pk).parts[0].html

        assert before != after
        assert "data:image/png;base64," in after
