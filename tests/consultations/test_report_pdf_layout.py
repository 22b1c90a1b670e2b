"""
The consultation report's PDF laid out by WeasyPrint for real, read back page by page with poppler: the
demo's Thurrock report (25 pages, a chart and a table for each of its priorities), whose "Answers on ..."
captions sat alone at the foot of a page with their tables on the next (issue 6's walk, pdf-p8-9).
"""

import re
from html import unescape

import pytest

from consultations.documents import build_report_pdf
from consultations.models import Consultation
from core.documents import rendering
from tests.core.documents.helpers import pdftext

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_CAPTION = re.compile(r'<caption class="([^"]*)">(.*?)</caption>', re.S)
_HEADER_ROW = re.compile(r"<thead\b.*?</thead>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def captioned_tables(html: str) -> list[tuple[str, str]]:
    """(caption, header row) of each table with a caption that is shown."""
    tables = []
    for table in _TABLE.findall(html):
        caption = _CAPTION.search(table)
        if caption and "govuk-visually-hidden" not in caption.group(1):
            tables.append((_text(caption.group(2)), _text(_HEADER_ROW.search(table).group(0))))
    return tables


@pytest.fixture(scope="module")
def rendered(demo, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        source = build_report_pdf(Consultation.objects.get(board__slug="thurrock").pk)
    html = source.parts[0].html
    path = tmp_path_factory.mktemp("report") / source.filename
    path.write_bytes(rendering.html_to_pdf(html))
    pages = [" ".join(page.split()) for page in pdftext(path).split("\f")]
    return captioned_tables(html), pages


def test_each_table_caption_is_on_the_page_of_its_table(rendered):
    tables, pages = rendered
    assert len(tables) > 10, "the demo report has a table for each priority"
    apart = []
    for caption, header in tables:
        found = [number for number, page in enumerate(pages, start=1) if caption in page]
        assert found, f"caption {caption!r} is not in the PDF"
        if not any(f"{caption} {header}" in pages[number - 1] for number in found):
            apart.append(f"{caption!r} on page {found[0]}, its table ({header}) further on")
    assert not apart, "Captions parted from their tables:\n  " + "\n  ".join(apart)
