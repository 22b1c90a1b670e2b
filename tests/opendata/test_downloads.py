"""The bulk CSV downloads: streamed, public records only, every formula defused."""

import csv
import io

import pytest
from django.urls import reverse

from delivery.fingertips import COLUMNS
from delivery.models import Indicator
from tests.factories import DecisionFactory, StrategyFactory, UserFactory
from tests.opendata.world import a_board

pytestmark = pytest.mark.django_db


def rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # So that Excel reads UTF-8.
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def world(db):
    by = UserFactory()
    return [a_board(n, by=by) for n in (1, 2)]


class TestIndicators:
    def test_every_published_dashboards_data_after_the_board_and_strategy(self, client, world):
        header, *data = rows(client.get(reverse("api-v1:indicators_csv")))

        assert header == ["Board", "Strategy", *COLUMNS]
        assert len(data) == 60  # Two boards' indicator, ten years in three areas each.
        assert {(row[0], row[1]) for row in data} == {(w["board"].name, w["strategy"].title) for w in world}

    def test_never_a_drafts(self, client, world):
        board = world[0]["board"]
        draft = StrategyFactory(board=board, title="A draft")
        Indicator.objects.create(
            strategy=draft, title="Draft indicator", fingertips_id=1, created_by=UserFactory()
        )

        _header, *data = rows(client.get(reverse("api-v1:indicators_csv")))

        assert "A draft" not in {row[1] for row in data}

    def test_a_formula_is_written_as_text(self, client, world):
        Indicator.objects.filter(strategy=world[0]["strategy"]).update(title='=HYPERLINK("http://x")')

        _header, *data = rows(client.get(reverse("api-v1:indicators_csv")))

        titles = {row[3] for row in data}
        assert '\'=HYPERLINK("http://x")' in titles
        assert not any(title.startswith("=") for title in titles)


class TestDecisions:
    def test_every_public_decision_with_its_link(self, client, world):
        header, *data = rows(client.get(reverse("api-v1:decisions_csv")))

        assert header[:3] == ["Board", "Meeting date", "Meeting"]
        assert len(data) == 4  # Two public resolutions a board; never the exempt item's.
        assert {row[3] for row in data} == {"1"}
        link = data[0][-1]
        assert link.startswith("http://testserver/boards/")
        assert client.get(link).status_code == 200

    def test_a_formula_is_written_as_text(self, client, world):
        item = world[0]["meeting"].items.get(number=1)
        DecisionFactory(agenda_item=item, letter="c", text="@SUM(A1:A9)")

        _header, *data = rows(client.get(reverse("api-v1:decisions_csv")))

        assert "'@SUM(A1:A9)" in {row[7] for row in data}

    def test_the_query_count_does_not_grow_with_the_decisions(
        self, client, world, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(3) as few:
            rows(client.get(reverse("api-v1:decisions_csv")))
        by = UserFactory()
        for n in range(3, 8):
            a_board(n, by=by)

        with django_assert_max_num_queries(len(few.captured_queries)):
            assert len(rows(client.get(reverse("api-v1:decisions_csv")))) == 1 + 2 * 7
