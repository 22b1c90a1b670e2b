"""
Documents whose pages are numbered across their parts (board packs): a part that prints where the others
start (core.documents.PagedHtmlPart), and the page number stamped on every page, uploads included, with
the PDF's page labels to match (Source.stamp, stamps.stamp_pages). Rendered by WeasyPrint for real
and read back with poppler and pikepdf.
"""

import io

import pikepdf
import pytest

from core.documents import HtmlPart, PdfPart, Source, rendering
from core.documents.jobs import render_source
from core.documents.sources import PagedHtmlPart, Pages
from tests.core.documents.helpers import note_html, pdftext, structure, untagged_pdf, upload

pytestmark = pytest.mark.django_db

TITLES = ["Cover", "Agenda", "Item 1: the report", "Item 2: the strategy", "Draft minutes"]


def page_texts(path) -> list[str]:
    return [" ".join(page.split()) for page in pdftext(path).split("\f")[:-1]]


def long_html(title: str, pages: int) -> str:
    return note_html(title, "".join('<p style="break-before: page">More.</p>' for _ in range(pages - 1)))


def agenda(rows_per_item: int = 1):
    """An agenda that prints the first page of parts 3 to 5; with many rows it runs to several pages."""

    def html_for(pages: Pages | None) -> str:
        rows = "".join(
            f"<p>{TITLES[index]}: page {pages.first[index] if pages else '?'}</p>" * rows_per_item
            for index in (2, 3, 4)
        )
        return note_html("Agenda", rows)

    return PagedHtmlPart("Agenda", html_for)


def five_parts():
    """A cover, an agenda of two pages or more (so a first guess of one is wrong), and three parts."""
    return [
        HtmlPart("Cover", note_html("Cover")),
        agenda(rows_per_item=30),
        HtmlPart("Item 1: the report", note_html("Item 1: the report")),
        HtmlPart("Item 2: the strategy", note_html("Item 2: the strategy")),
        HtmlPart("Draft minutes", note_html("Draft minutes")),
    ]


def render(tmp_path, parts, *, stamp="Page {page} of {pages}"):
    source = Source(title="Board pack", filename="pack.pdf", parts=parts, stamp=stamp)
    return render_source(source, tmp_path, lambda progress, stage: None)


class TestPagedParts:
    def test_the_agenda_prints_where_each_part_starts_in_the_finished_pdf(self, tmp_path):
        scan = upload("scan.pdf", untagged_pdf("Item 1: the report", '<p style="break-before: page">2</p>'))
        parts = [
            HtmlPart("Cover", note_html("Cover")),
            agenda(),
            PdfPart("Item 1: the report", scan),
            HtmlPart("Item 2: the strategy", long_html("Item 2: the strategy", 3)),
            HtmlPart("Draft minutes", note_html("Draft minutes")),
        ]

        rendered = render(tmp_path, parts)

        texts = page_texts(rendered.path)
        assert rendered.pages == len(texts) == 8
        assert [part["first_page"] for part in rendered.parts] == [1, 2, 3, 5, 8]
        printed = texts[1]
        for title, first in zip(TITLES[2:], [3, 5, 8], strict=True):
            assert f"{title}: page {first}" in printed
            assert title in texts[first - 1]  # The part really starts there.

    def test_an_agenda_that_grows_longer_is_laid_out_again(self, tmp_path):
        parts = [
            HtmlPart("Cover", note_html("Cover")),
            agenda(rows_per_item=30),  # Two pages or more: the first guess (one) was wrong.
            HtmlPart("Item 1: the report", note_html("Item 1: the report")),
            HtmlPart("Item 2: the strategy", note_html("Item 2: the strategy")),
            HtmlPart("Draft minutes", note_html("Draft minutes")),
        ]

        rendered = render(tmp_path, parts)

        agenda_pages = rendered.parts[1]["pages"]
        assert agenda_pages >= 2
        first = 2 + agenda_pages
        texts = page_texts(rendered.path)
        assert f"Item 1: the report: page {first}" in " ".join(texts[1 : 1 + agenda_pages])
        assert "Item 1: the report" in texts[first - 1]

    def test_a_layout_whose_guess_was_wrong_is_measured_but_never_written(self, tmp_path, monkeypatch):
        written = []
        original = rendering.html_to_pdf

        def counting(html, *, on_laid_out=None):
            pdf = original(html, on_laid_out=on_laid_out)
            written.append(pdf is not None)
            return pdf

        monkeypatch.setattr(rendering, "html_to_pdf", counting)

        render(tmp_path, five_parts())

        # Four parts, then the agenda guessed at one page (laid out only), then laid out and written.
        assert written == [True] * 4 + [False, True]

    def test_the_version_before_gives_the_agenda_its_length_so_it_is_laid_out_once(
        self, tmp_path, monkeypatch
    ):
        parts = five_parts()
        (tmp_path / "first").mkdir()
        first = render(tmp_path / "first", parts)
        calls = []
        original = rendering.html_to_pdf
        monkeypatch.setattr(
            rendering, "html_to_pdf", lambda html, **kw: calls.append(1) or original(html, **kw)
        )
        source = Source(title="Board pack", filename="pack.pdf", parts=parts, stamp="Page {page} of {pages}")

        again = render_source(source, tmp_path, lambda progress, stage: None, previous=first.parts)

        assert len(calls) == 5  # Each part once, the agenda included.
        assert [part["first_page"] for part in again.parts] == [part["first_page"] for part in first.parts]
        assert first.parts[1]["pages"] >= 2

    def test_the_content_hash_reads_the_agenda_without_page_numbers(self):
        def build(title):
            return Source(
                title="Pack", filename="pack.pdf", parts=[agenda(), HtmlPart(title, note_html(title))]
            )

        assert build("Item 1").content_hash() == build("Item 1").content_hash()
        assert build("Item 1").content_hash() != build("Item 2").content_hash()


class TestStamp:
    def test_every_page_uploads_included_carries_its_number_and_the_labels_match(self, tmp_path):
        scan = upload("scan.pdf", untagged_pdf("A scanned report"))
        parts = [
            HtmlPart("Agenda", long_html("Agenda", 2)),
            PdfPart("A scanned report", scan),
            HtmlPart("Minutes", note_html("Minutes")),
        ]

        rendered = render(tmp_path, parts)

        texts = page_texts(rendered.path)
        assert [f"Page {n} of 4" in text for n, text in enumerate(texts, start=1)] == [True] * 4
        with pikepdf.open(rendered.path) as pdf:
            assert [page.label for page in pdf.pages] == ["1", "2", "3", "4"]

    def test_a_rotated_upload_is_stamped_upright_at_its_foot(self, tmp_path):
        data = io.BytesIO()
        with pikepdf.open(io.BytesIO(untagged_pdf("Landscape table"))) as pdf:
            pdf.pages[0].rotate(90, relative=True)
            pdf.save(data)
        parts = [
            HtmlPart("Agenda", note_html("Agenda")),
            PdfPart("Landscape", upload("wide.pdf", data.getvalue())),
        ]

        rendered = render(tmp_path, parts)

        # poppler reads the stamp left to right as one line: it is upright on the page as shown.
        assert "Page 2 of 2" in page_texts(rendered.path)[1]

    def test_the_stamps_are_artifacts_and_leave_the_tags_alone(self, tmp_path):
        parts = [HtmlPart("Agenda", note_html("Agenda")), HtmlPart("Minutes", note_html("Minutes"))]
        plain = tmp_path / "plain"
        plain.mkdir()
        unstamped = render(plain, parts, stamp="")

        stamped = render(tmp_path, parts)

        assert structure(stamped.path) == structure(unstamped.path)
        with pikepdf.open(stamped.path) as pdf:
            content = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(pdf.pages[0]))
        assert b"/Artifact" in content and b"/Pagination" in content

    def test_the_stamp_font_is_embedded_and_its_text_reads_back(self, tmp_path):
        rendered = render(
            tmp_path, [HtmlPart("Agenda", note_html("Agenda")), HtmlPart("Minutes", note_html("Minutes"))]
        )

        with pikepdf.open(rendered.path) as pdf:
            forms = [
                xobject
                for name, xobject in pdf.pages[1].Resources.XObject.items()
                if name.startswith("/HwbStamp")
            ]
            font = forms[0].Resources.Font.HwbF
            assert font.Subtype == "/TrueType" and font.Encoding == "/WinAnsiEncoding"
            assert "/FontFile2" in font.FontDescriptor
        assert "Page 2 of 2" in page_texts(rendered.path)[1]
