"""
Documents of several parts: HTML the portal renders and PDFs somebody uploaded, merged into one
file that keeps the portal's tags (screen readers), every part's bookmarks and internal links,
and says which uploaded parts have no tags.
"""

import pikepdf
import pytest

from core.documents import DocumentError, HtmlPart, PdfPart, Source
from core.documents.rendering import inspect_pdf
from core.models import Document
from tests.core.documents.helpers import (
    note_html,
    outline,
    password_pdf,
    pdfinfo,
    pdfinfo_fields,
    structure,
    tagged_pdf,
    untagged_pdf,
    upload,
    words,
)
from tests.core.documents.kinds import NOTES

pytestmark = pytest.mark.django_db

AGENDA = note_html(
    "Cover and agenda",
    '<p><a href="#item-2">Go to item 2</a></p><h2>Item 1: Apologies</h2><p>None received.</p>'
    '<h2 id="item-2" style="break-before: page">Item 2: The strategy</h2><p>For approval.</p>',
)
MINUTES = note_html(
    "Draft minutes",
    # The same anchor name as in the agenda: the merge must keep both links going to their own page.
    '<p><a href="#item-2">Go to minute 2</a></p><h2>Minute 1</h2><p>Present: the chair.</p>'
    '<h2 id="item-2" style="break-before: page">Minute 2</h2><p>Resolved.</p>',
)


@pytest.fixture
def pack(request_now, board_admin):
    """A board pack: the agenda (HTML), a scanned report (an untagged upload), the minutes (HTML)."""

    def _pack(report: bytes | None = None, *, report_title="Report of the Director of Public Health"):
        name = upload("report.pdf", report or untagged_pdf("Scanned report"))
        NOTES[1] = Source(
            title="Board pack: 9 June 2022",
            filename="board-pack-2022-06-09.pdf",
            parts=[
                HtmlPart("Cover and agenda", AGENDA),
                PdfPart(report_title, name),
                HtmlPart("Draft minutes", MINUTES),
            ],
        )
        return name

    return _pack


def rendered(request_now, by=None) -> Document:
    document = request_now("test_note", 1, by=by)
    assert document.status == Document.Status.READY, document.error
    return document


class TestMergedPack:
    def test_is_tagged_and_keeps_the_structure_of_every_html_part(self, pack, request_now):
        pack()

        path = rendered(request_now).current.file.path

        assert pdfinfo_fields(path)["Tagged"] == "yes"
        tree = structure(path)
        assert tree[0] == (0, "Document", "")
        parts = [(kind, title) for depth, kind, title in tree if depth == 1]
        assert parts == [("Part", "Cover and agenda"), ("Part", "Draft minutes")]
        # Each part's own elements, under its part: headings, paragraphs and the link.
        text = pdfinfo(path, "-struct-text")
        agenda, minutes = text.split('Part "Draft minutes"')
        assert 'Part "Cover and agenda"' in agenda
        for expected in ('"Cover and agenda"', '"Item 1: Apologies"', '"None received."', "Link"):
            assert expected in agenda
        for expected in ('"Draft minutes"', '"Minute 1"', '"Present: the chair."', "Link"):
            assert expected in minutes
        assert "Scanned pages" not in text  # The untagged upload adds nothing to the tree...
        assert "Scanned pages" in words(path)  # ...but its pages are there.

    def test_pages_and_text_come_in_the_order_of_the_parts(self, pack, request_now):
        pack()

        version = rendered(request_now).current

        text = words(version.file.path)
        assert text.index("Item 2: The strategy") < text.index("Scanned pages") < text.index("Minute 2")
        assert int(pdfinfo_fields(version.file.path)["Pages"]) == version.pages == 5

    def test_one_bookmark_per_part_with_its_own_bookmarks_under_it(self, pack, request_now):
        pack()

        path = rendered(request_now).current.file.path

        assert outline(path) == [
            (
                "Cover and agenda",
                1,
                [("Cover and agenda", 1, [("Item 1: Apologies", 1, []), ("Item 2: The strategy", 2, [])])],
            ),
            ("Report of the Director of Public Health", 3, [("Scanned report", 3, [])]),
            ("Draft minutes", 4, [("Draft minutes", 4, [("Minute 1", 4, []), ("Minute 2", 5, [])])]),
        ]

    def test_internal_links_still_go_to_their_own_parts_page(self, pack, request_now):
        pack()

        path = rendered(request_now).current.file.path

        with pikepdf.open(path) as pdf:
            numbers = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
            names = pikepdf.NameTree(pdf.Root.Names.Dests)
            targets = []
            for number in (1, 4):  # The first page of the agenda, and of the minutes.
                [link] = [a for a in pdf.pages[number - 1].obj.Annots if a.Subtype == "/Link"]
                destination = names[str(link.Dest)]
                destination = destination.D if isinstance(destination, pikepdf.Dictionary) else destination
                targets.append(numbers[destination[0].objgen])
        assert targets == [2, 5]

    def test_records_each_part_and_flags_the_untagged_upload(self, pack, request_now):
        name = pack()

        version = rendered(request_now).current

        assert version.parts == [
            {
                "title": "Cover and agenda",
                "source": "html",
                "upload": None,
                "tagged": True,
                "first_page": 1,
                "pages": 2,
            },
            {
                "title": "Report of the Director of Public Health",
                "source": "upload",
                "upload": name,
                "tagged": False,
                "first_page": 3,
                "pages": 1,
            },
            {
                "title": "Draft minutes",
                "source": "html",
                "upload": None,
                "tagged": True,
                "first_page": 4,
                "pages": 2,
            },
        ]
        assert version.untagged_parts == [(2, "Report of the Director of Public Health")]
        # Not claimed as PDF/UA: one part is not accessible.
        with pikepdf.open(version.file.path) as pdf, pdf.open_metadata() as metadata:
            assert metadata.get("pdfuaid:part") is None
            assert metadata["dc:title"] == "Board pack: 9 June 2022"
            assert str(pdf.Root.Lang) == "en-GB"

    def test_a_tagged_upload_keeps_its_tags_and_makes_the_whole_pdf_ua(self, pack, request_now):
        pack(tagged_pdf("Annual report", "<p>Life expectancy rose.</p>"), report_title="Annual report")

        version = rendered(request_now).current

        assert [part["tagged"] for part in version.parts] == [True, True, True]
        assert version.untagged_parts == []
        parts = [title for depth, kind, title in structure(version.file.path) if depth == 1]
        assert parts == ["Cover and agenda", "Annual report", "Draft minutes"]
        assert '"Life expectancy rose."' in pdfinfo(version.file.path, "-struct-text")
        with pikepdf.open(version.file.path) as pdf, pdf.open_metadata() as metadata:
            assert metadata["pdfuaid:part"] == "1"

    def test_a_part_keeps_its_language_and_its_element_ids(self, pack, request_now):
        report = tagged_pdf(
            "Adroddiad blynyddol", "<p>Cododd disgwyliad oes.</p>", lang="cy", element_id="h-1"
        )
        pack(report, report_title="Adroddiad blynyddol")

        path = rendered(request_now).current.file.path

        with pikepdf.open(path) as pdf:
            parts = {str(part.T): part for part in pdf.Root.StructTreeRoot.K[0].K}
            assert str(pdf.Root.Lang) == "en-GB"
            assert str(parts["Adroddiad blynyddol"].Lang) == "cy"
            assert str(parts["Cover and agenda"].Lang) == "en-GB"
            element = pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree)["h-1"]
            assert (str(element.S), str(element.ID)) == ("/H1", "h-1")
            assert element.P.objgen == parts["Adroddiad blynyddol"].objgen

    def test_the_structure_keys_of_each_page_point_at_its_own_part(self, pack, request_now):
        """After the merge each page's /StructParents finds, in the parent tree, elements of its part."""
        pack(tagged_pdf("Annual report", "<p>Life expectancy rose.</p>"), report_title="Annual report")

        path = rendered(request_now).current.file.path

        with pikepdf.open(path) as pdf:
            parent_tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
            keys = [int(page.obj.StructParents) for page in pdf.pages]
            assert len(set(keys)) == len(keys)
            for number, key in enumerate(keys, start=1):
                elements = [e for e in parent_tree[key] if isinstance(e, pikepdf.Dictionary)]
                assert elements, f"page {number} has no marked content in the tree"
                for element in elements:
                    assert element.Pg.objgen == pdf.pages[number - 1].obj.objgen


class TestParts:
    def test_progress_is_reported_part_by_part(self, pack, request_now, monkeypatch):
        from core.documents import jobs

        pack()
        stages, real = [], jobs.document_progress
        monkeypatch.setattr(
            jobs,
            "document_progress",
            lambda i, **kw: (stages.append((kw["progress"], kw["stage"])), real(i, **kw)),
        )

        rendered(request_now)

        names = [stage for _, stage in stages]
        assert names == [
            "Rendering part 1 of 3",
            "Rendering part 1 of 3: writing 2 pages",
            "Adding part 2 of 3",
            "Rendering part 3 of 3",
            "Rendering part 3 of 3: writing 2 pages",
            "Merging 3 parts",
            "Saving",
        ]
        percentages = [progress for progress, _ in stages]
        assert percentages == sorted(percentages) and 0 < percentages[0] and percentages[-1] < 100

    def test_a_replaced_upload_renders_again(self, pack, request_now, spy):
        name = pack()
        first = rendered(request_now).current
        path = first.file.storage.path(name)
        with open(path, "wb") as handle:  # The same name, new bytes: a corrected report.
            handle.write(untagged_pdf("Corrected report"))

        second = rendered(request_now).current

        assert (first.number, second.number) == (1, 2)
        assert second.source_hash != first.source_hash
        assert "Corrected report" in words(second.file.path)
        assert spy.call_count == 4  # Both HTML parts, twice.

    def test_nothing_changed_renders_nothing(self, pack, request_now, spy):
        pack()
        first = rendered(request_now).current

        document = rendered(request_now)

        assert spy.call_count == 2
        assert document.current == first
        assert document.versions.count() == 1

    def test_a_password_protected_upload_fails_with_a_reason(self, pack, request_now, like_a_worker):
        pack(password_pdf())

        document = request_now("test_note", 1)

        assert document.status == Document.Status.FAILED
        assert document.error == (
            "Part 2, Report of the Director of Public Health, is protected by a password: "
            "upload a copy without one."
        )

    def test_an_upload_that_is_not_a_pdf_fails_with_a_reason(self, pack, request_now, like_a_worker):
        pack(b"<html>Not a PDF</html>")

        document = request_now("test_note", 1)

        assert document.status == Document.Status.FAILED
        assert document.error == (
            "Part 2, Report of the Director of Public Health, is not a PDF that can be read: upload it again."
        )

    def test_a_missing_upload_fails_with_a_reason_and_no_retries(self, pack, request_now, like_a_worker):
        name = pack()
        from django.core.files.storage import default_storage

        default_storage.delete(name)

        document = request_now("test_note", 1)

        assert document.status == Document.Status.FAILED
        assert (
            document.error == "Part 2, Report of the Director of Public Health, is missing: upload it again."
        )
        assert document.attempts == 1

    def test_a_single_uploaded_part_is_kept_as_it_is(self, request_now):
        data = tagged_pdf("Annual report")
        NOTES[1] = Source(
            title="Annual report",
            filename="report.pdf",
            parts=[PdfPart("Annual report", upload("r.pdf", data))],
        )

        version = rendered(request_now).current

        with version.file.open("rb") as handle:
            assert handle.read() == data


class TestInspect:
    def test_tells_tagged_from_untagged(self, tmp_path):
        tagged, untagged = tmp_path / "tagged.pdf", tmp_path / "untagged.pdf"
        tagged.write_bytes(tagged_pdf("A"))
        untagged.write_bytes(untagged_pdf("B"))

        assert (inspect_pdf(tagged).tagged, inspect_pdf(untagged).tagged) == (True, False)
        assert inspect_pdf(tagged).pages == 1


class TestSource:
    def test_needs_a_part(self):
        with pytest.raises(ValueError, match="at least one part"):
            Source(title="Nothing", filename="nothing.pdf", parts=[])

    def test_the_hash_covers_every_part_in_order(self):
        one, two = HtmlPart("One", "<p>1</p>"), HtmlPart("Two", "<p>2</p>")

        def hashed(*parts, **overrides):
            return Source(**{"title": "T", "filename": "t.pdf", "parts": parts, **overrides}).content_hash()

        assert hashed(one, two) == hashed(one, two)
        assert (
            len({hashed(one, two), hashed(two, one), hashed(one), hashed(one, HtmlPart("Two", "<p>3</p>"))})
            == 4
        )
        assert hashed(one) != hashed(HtmlPart("Renamed", "<p>1</p>"))
        assert hashed(one) != hashed(one, title="Another title")
        assert hashed(one) != hashed(one, filename="other.pdf")

    def test_the_hash_covers_the_bytes_of_an_upload_not_its_name(self):
        first, same, other = (
            upload("a.pdf", b"%PDF-1 one"),
            upload("b.pdf", b"%PDF-1 one"),
            upload("c.pdf", b"%PDF-1 two"),
        )

        def hashed(name):
            return Source(title="T", filename="t.pdf", parts=[PdfPart("Report", name)]).content_hash()

        assert hashed(first) == hashed(same)
        assert hashed(first) != hashed(other)

    def test_the_hash_covers_the_pipeline_version(self, monkeypatch):
        from core.documents import sources

        source = Source(title="T", filename="t.pdf", parts=[HtmlPart("One", "<p>1</p>")])
        before = source.content_hash()
        monkeypatch.setattr(sources, "PIPELINE_VERSION", "next")

        assert source.content_hash() != before

    def test_a_missing_upload_is_named(self):
        source = Source(
            title="T", filename="t.pdf", parts=[HtmlPart("Cover", "x"), PdfPart("Report", "uploads/gone.pdf")]
        )

        with pytest.raises(DocumentError, match="Part 2, Report, is missing"):
            source.content_hash()
