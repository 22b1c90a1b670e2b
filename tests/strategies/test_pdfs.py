"""
The strategy's PDFs as a reader gets them: rendered by WeasyPrint for real and read back with poppler
(pdftotext) and pikepdf, for what only the laid-out file shows (pages, bookmarks, links).
"""

import subprocess

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.documents import rendering
from strategies import services
from strategies.documents import build_easy_read_pdf, build_strategy_pdf, build_summary_pdf
from tests.core.documents.helpers import outline
from tests.strategies.helpers import pdf_bytes

pytestmark = pytest.mark.django_db

# The `publish` fixture replaces html_to_pdf with a stub; these tests render with the real one.
html_to_pdf = rendering.html_to_pdf


def render(source, tmp_path):
    path = tmp_path / source.filename
    path.write_bytes(html_to_pdf(source.parts[0].html))
    return path


def pages(path) -> list[str]:
    """Each page's words, spaces normalised (pdftotext ends each page with a form feed)."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def word_heights(path, page: int) -> dict[str, float]:
    """The height in points of each word's box on `page` (from 1): about 1.2 times its type size."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    heights = {}
    for line in xhtml.splitlines():
        if line.strip().startswith("<word "):
            attributes = dict(part.split("=", 1) for part in line.split(">")[0].split()[1:])
            word = line.split(">", 1)[1].rsplit("<", 1)[0]
            heights[word] = float(attributes["yMax"].strip('"')) - float(attributes["yMin"].strip('"'))
    return heights


@pytest.fixture
def easy_read_strategy(strategy, officer):
    """Eight areas, each with a three-sentence introduction and three priorities in easy read: enough
    text to run over several pages, so that page breaks fall in many places."""
    services.strategy_update(
        strategy=strategy,
        by=officer,
        easy_read="This is our plan for health.\n\nIt is for the years 2022 to 2026.",
    )
    for d in range(1, 9):
        domain = services.domain_create(
            strategy=strategy,
            by=officer,
            title=f"Area number {d}",
            description="Full text.",
            easy_read="\n\n".join(f"Area {d} sentence {s} is here." for s in range(1, 4)),
        )
        for p in range(1, 4):
            services.priority_create(
                domain=domain,
                by=officer,
                title=f"Priority {d}.{p}",
                easy_read=f"Area {d} will do thing {p}.\n\nIt helps area {d} in way {p}.",
            )
    strategy.refresh_from_db()
    return strategy


class TestEasyReadPdf:
    def test_the_cover_shows_the_easy_read_introduction_in_large_type(
        self, easy_read_strategy, publish, tmp_path
    ):
        publish(easy_read_strategy)

        path = render(build_easy_read_pdf(easy_read_strategy.pk), tmp_path)

        cover = pages(path)[0]
        assert "This is our plan for health. It is for the years 2022 to 2026." in cover
        assert "How Thurrock's partners will improve health." not in cover
        assert word_heights(path, 1)["plan"] >= 16
        # Said once: the introduction is not repeated after the cover.
        assert "This is our plan for health." not in " ".join(pages(path)[1:])

    def test_a_heading_is_never_parted_from_its_text(self, easy_read_strategy, publish, tmp_path):
        publish(easy_read_strategy)

        text = pages(render(build_easy_read_pdf(easy_read_strategy.pk), tmp_path))

        assert len(text) >= 4

        def page_of(words: str, after: int = 0) -> int:
            return next(number for number, page in enumerate(text) if number >= after and words in page)

        for d in range(1, 9):
            heading = page_of(f"Area number {d}")
            # The area's heading and its short introduction, all on one page.
            assert {page_of(f"Area {d} sentence {s} is here.") for s in range(1, 4)} == {heading}
            # "What we will do" on the page of the first thing done; each thing done on one page.
            first = page_of(f"Area {d} will do thing 1.")
            assert f"What we will do Area {d} will do thing 1." in text[first]
            for p in range(1, 4):
                assert page_of(f"Area {d} will do thing {p}.") == page_of(f"It helps area {d} in way {p}.")


def titles(entries) -> list[str]:
    return [title for entry in entries for title in [entry[0], *titles(entry[2])]]


class TestBookmarks:
    @pytest.mark.parametrize("build", [build_strategy_pdf, build_summary_pdf, build_easy_read_pdf])
    def test_a_domains_bookmark_reads_as_its_label_number_and_title(
        self, build, strategy, officer, publish, tmp_path
    ):
        domain = strategy.domains.order_by("position").first()
        services.domain_update(
            domain=domain, by=officer, title="Staying healthier for longer", easy_read="Be well."
        )
        publish(strategy)

        source = build(strategy.pk)
        bookmarks = titles(outline(render(source, tmp_path)))

        expected = (
            "Staying healthier for longer"
            if build is build_easy_read_pdf
            else "Domain 1: Staying healthier for longer"
        )
        assert expected in bookmarks
        assert not any("1Staying" in title for title in bookmarks)
        # The cover's bookmark is the document's title ("...: summary"), not "... 2026Summary".
        assert bookmarks[0] == source.title


def upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("case-for-change.pdf", pdf_bytes(2), content_type="application/pdf")


def link_targets(path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [
            str(annotation.A.URI)
            for page in pdf.pages
            for annotation in page.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link" and "/A" in annotation and "/URI" in annotation.A
        ]


class TestSupportingDocuments:
    def test_each_document_has_its_web_address_as_a_link(
        self, strategy, officer, publish, settings, tmp_path
    ):
        settings.PUBLIC_URL = "https://hwb.example.org"
        services.supporting_document_add(
            strategy=strategy, by=officer, title="Joint Forward Plan", url="https://nhs.example/jfp.pdf"
        )
        uploaded = services.supporting_document_add(
            strategy=strategy, by=officer, title="The Case for Further Change", file=upload()
        )
        publish(strategy)

        path = render(build_strategy_pdf(strategy.pk), tmp_path)

        file_url = "https://hwb.example.org" + reverse(
            "strategies:supporting_document_file",
            kwargs={"board_slug": strategy.board.slug, "slug": strategy.slug, "pk": uploaded.pk},
        )
        text = " ".join(pages(path))
        unbroken = "".join(text.split())  # An address may wrap at any character.
        assert file_url in unbroken and unbroken.count("https://nhs.example/jfp.pdf") == 1
        assert {file_url, "https://nhs.example/jfp.pdf"} <= set(link_targets(path))
        assert "published with it" not in text
