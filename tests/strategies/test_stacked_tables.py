"""
Tables that stack on narrow screens (app-table--stack in app.scss) label every cell with its column's
name, since their header row is hidden there (tests/browser/test_reflow.py checks they fit).
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from strategies.models import Status
from tests.factories import MembershipFactory
from tests.strategies.helpers import move_to

pytestmark = pytest.mark.django_db


class StackedTables(HTMLParser):
    """Per stacked table: its column names, and the data-label of each cell, row by row."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._in_table = False
        self._header: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "app-table--stack" in (attrs.get("class") or ""):
            self._in_table = True
            self.tables.append({"columns": [], "rows": []})
        elif self._in_table and tag == "th":
            self._header = ""
        elif self._in_table and tag == "tr":
            self.tables[-1]["rows"].append([])
        elif self._in_table and tag == "td":
            self.tables[-1]["rows"][-1].append(attrs.get("data-label"))

    def handle_data(self, data):
        if self._header is not None:
            self._header += data

    def handle_endtag(self, tag):
        if tag == "th" and self._header is not None:
            self.tables[-1]["columns"].append(self._header.strip())
            self._header = None
        elif tag == "table":
            self._in_table = False


def stacked_tables(response) -> list[dict]:
    parser = StackedTables()
    parser.feed(response.content.decode())
    return parser.tables


@pytest.fixture
def pages(strategy, board, officer):
    MembershipFactory(board=board)
    move_to(strategy, Status.FINAL_DRAFT, by=officer)
    return [
        board.get_absolute_url(),
        reverse("strategies:manage_list"),
        reverse("strategies:history", args=[strategy.pk]),
    ]


class TestStackedTables:
    def test_every_cell_is_labelled_with_its_column(self, pages, officer_client):
        for url in pages:
            tables = stacked_tables(officer_client.get(url))

            assert tables, f"{url} has no stacked table"
            for table in tables:
                body_rows = [row for row in table["rows"] if row]
                assert body_rows, f"{url}: a stacked table with no rows"
                for row in body_rows:
                    for column, label in zip(table["columns"], row, strict=True):
                        # Only a "Details" cell with nothing in it goes without a label.
                        assert label == column or (label is None and column == "Details"), (
                            f"{url}: a cell of the column {column!r} is labelled {label!r}"
                        )
