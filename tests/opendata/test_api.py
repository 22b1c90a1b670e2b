"""
The open data API (opendata/): its answers, paging, ETags, licence, errors and query budgets. What it
must never show is in test_nothing_private.py; the OpenAPI document in test_openapi.py.
"""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import NewsItemFactory, StrategyFactory, UserFactory
from tests.opendata.world import a_board

pytestmark = pytest.mark.django_db

LISTS = [
    "board_list",
    "strategy_list",
    "meeting_list",
    "decision_list",
    "consultation_list",
    "indicator_list",
    "news_list",
]
OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def url(name: str, **kwargs) -> str:
    return reverse(f"api-v1:{name}", kwargs=kwargs or None)


def body(response) -> dict:
    assert response["Content-Type"] == "application/json; charset=utf-8", response["Content-Type"]
    return json.loads(response.content)


@pytest.fixture
def world(db):
    by = UserFactory()
    return [a_board(n, by=by) for n in range(1, 4)]


class TestAnswers:
    def test_every_list_answers_json_with_the_licence_and_its_paging(self, client, world):
        for name in LISTS:
            data = body(client.get(url(name)))

            assert data["licence"] == {"name": "Open Government Licence v3.0", "url": OGL}, name
            assert data["count"] == len(data["results"]) > 0, name
            assert (data["page"], data["pages"], data["next"], data["previous"]) == (1, 1, None, None), name

    def test_each_board_is_credited_on_what_it_published(self, client, world):
        data = body(client.get(url("strategy_list")))

        board = data["results"][0]["board"]
        assert board["attribution"] == (
            f"Contains public sector information published by {board['name']}, licensed under the "
            "Open Government Licence v3.0."
        )

    def test_a_strategy_is_its_text_as_published_not_as_its_rows_are_now(self, client, world):
        strategy = world[0]["strategy"]
        domain = strategy.domains.get()
        domain.title = "Renamed after publishing"
        domain.save()

        data = body(client.get(url("strategy_detail", board_slug=strategy.board.slug, slug=strategy.slug)))

        assert data["licence"]["url"] == OGL
        assert data["status"] == "published"
        assert [d["title"] for d in data["domains"]] != ["Renamed after publishing"]
        assert len(data["domains"][0]["priorities"]) == 2
        assert data["published_at"] is not None

    def test_a_meeting_lists_its_public_items_papers_and_decisions_and_withholds_the_exempt(
        self, client, world
    ):
        meeting = world[0]["meeting"]

        data = body(client.get(url("meeting_detail", board_slug=meeting.board.slug, pk=meeting.pk)))

        public, exempt = data["items"]
        assert [d["letter"] for d in public["decisions"]] == ["a", "b"]
        assert public["papers"][0]["download_url"].startswith("http://testserver/boards/")
        assert public["minutes"] == "The Board agreed."
        assert exempt["exempt"] is True and exempt["exemption"].startswith("Exempt under paragraph 3")
        assert (exempt["papers"], exempt["decisions"], exempt["minutes"]) == ([], [], "")
        assert client.get(public["papers"][0]["download_url"]).status_code == 200

    def test_decisions_are_every_public_resolution(self, client, world):
        data = body(client.get(url("decision_list")))

        assert data["count"] == 6  # Two public resolutions a board; never the exempt item's.
        assert {d["item"]["number"] for d in data["results"]} == {1}

    def test_a_published_reports_results_are_figures_only(self, client, world):
        consultation = world[0]["consultation"]

        data = body(
            client.get(url("consultation_detail", board_slug=consultation.board.slug, slug=consultation.slug))
        )

        assert data["report"]["web_url"].endswith(consultation.get_report_url())
        assert data["results"]["responses"] == 0
        assert [p["title"] for p in data["results"]["priorities"]] == [
            p.title for p in consultation.strategy.domains.get().priorities.all()
        ]

    def test_results_wait_for_the_report(self, client, world):
        consultation = world[0]["consultation"]
        consultation.report_published_at = None
        consultation.save(update_fields=["report_published_at"])

        data = body(
            client.get(url("consultation_detail", board_slug=consultation.board.slug, slug=consultation.slug))
        )

        assert (data["report"], data["results"]) == (None, None)

    def test_indicators_come_with_their_data_and_filter_by_strategy(self, client, world):
        strategy = world[1]["strategy"]

        data = body(
            client.get(url("indicator_list"), {"board": strategy.board.slug, "strategy": strategy.slug})
        )

        (indicator,) = data["results"]
        assert indicator["strategy"]["slug"] == strategy.slug
        assert len(indicator["data"]) == 30
        assert len(indicator["priorities"]) == 2

    def test_news_is_the_published_updates_newest_first_never_a_draft_or_a_scheduled_one(self, client, world):
        board = world[0]["board"]
        NewsItemFactory(board=board, status="draft", publish_at=None, title="A draft")
        NewsItemFactory(
            board=board, title="Scheduled", publish_at=timezone.now() + datetime.timedelta(days=1)
        )

        data = body(client.get(url("news_list")))

        assert data["count"] == 6  # Two published updates a board.
        assert "A draft" not in json.dumps(data) and "Scheduled" not in json.dumps(data)
        times = [item["published_at"] for item in data["results"]]
        assert times == sorted(times, reverse=True)

    def test_an_update_is_its_text_in_markdown_and_as_the_portal_shows_it(self, client, world):
        news = world[0]["news"]

        data = body(client.get(url("news_detail", board_slug=news.board.slug, pk=news.pk)))

        assert data["licence"]["url"] == OGL
        assert (data["title"], data["summary"]) == (news.title, news.summary)
        assert data["body"] == "We **agreed** it."
        assert data["body_html"] == str(news.body_html)
        assert "<strong>agreed</strong>" in data["body_html"]
        assert data["published_at"] is not None
        assert data["board"]["slug"] == news.board.slug
        assert data["strategy"]["url"].endswith(f"/strategies/{news.strategy.slug}")
        assert data["web_url"] == f"http://testserver{news.get_absolute_url()}"
        assert data["body_html"] in client.get(data["web_url"]).content.decode()
        assert body(client.get(data["url"])) == data

    def test_an_update_names_its_strategy_only_once_that_is_published(self, client, world):
        board = world[0]["board"]
        draft = StrategyFactory(board=board, title="A draft strategy's title")
        news = NewsItemFactory(board=board, strategy=draft)

        data = body(client.get(url("news_detail", board_slug=board.slug, pk=news.pk)))

        assert data["strategy"] is None
        assert "A draft strategy" not in json.dumps(data)

    @pytest.mark.parametrize("state", [{"status": "draft", "publish_at": None}, {"publish_at": "future"}])
    def test_a_draft_or_scheduled_update_is_a_404_at_its_address(self, client, world, state):
        if state.get("publish_at") == "future":
            state = {"publish_at": timezone.now() + datetime.timedelta(minutes=5)}
        news = NewsItemFactory(board=world[0]["board"], title="Not yet", **state)

        response = client.get(url("news_detail", board_slug=news.board.slug, pk=news.pk))

        assert response.status_code == 404
        assert "Not yet" not in response.content.decode()

    def test_an_update_is_only_at_its_own_boards_address(self, client, world):
        news = world[0]["news"]

        response = client.get(url("news_detail", board_slug=world[1]["board"].slug, pk=news.pk))

        assert response.status_code == 404

    def test_news_filters_by_strategy(self, client, world):
        news = world[1]["news"]

        data = body(client.get(url("news_list"), {"board": news.board.slug, "strategy": news.strategy.slug}))

        assert [item["id"] for item in data["results"]] == [news.pk]

    def test_a_board_filter_gives_that_boards_records(self, client, world):
        board = world[2]["board"]

        for name in LISTS[1:]:
            data = body(client.get(url(name), {"board": board.slug}))

            assert data["count"] > 0, name
            assert {r["board"]["slug"] for r in data["results"]} == {board.slug}, name

    def test_an_officer_gets_what_a_resident_gets(self, client, officer_client, world):
        for name in LISTS:
            assert officer_client.get(url(name)).content == client.get(url(name)).content, name


class TestPages:
    def test_pages_link_to_each_other_and_keep_the_other_parameters(self, client, world):
        board = world[0]["board"].slug

        first = body(client.get(url("decision_list"), {"page_size": 1, "board": board}))

        assert (first["count"], first["pages"], first["previous"]) == (2, 2, None)
        assert first["next"] == f"http://testserver/api/v1/decisions?page_size=1&board={board}&page=2"
        second = body(client.get(first["next"]))
        assert second["next"] is None
        assert second["results"] != first["results"]

    def test_the_last_page_has_the_rest(self, client, world):
        last = body(client.get(url("decision_list"), {"page_size": 4, "page": 2}))

        assert len(last["results"]) == 2
        assert last["next"] is None
        assert last["previous"] == "http://testserver/api/v1/decisions?page_size=4&page=1"


class TestBadRequests:
    @pytest.mark.parametrize("name", LISTS)
    @pytest.mark.parametrize(
        "query, parameter",
        [
            ({"page": "0"}, "page"),
            ({"page": "-1"}, "page"),
            ({"page": "abc"}, "page"),
            ({"page": "1.5"}, "page"),
            ({"page": str(10**30)}, "page"),
            ({"page_size": "0"}, "page_size"),
            ({"page_size": str(10**9)}, "page_size"),
            ({"page_size": "many"}, "page_size"),
            ({"page_size": ""}, "page_size"),
        ],
    )
    def test_a_bad_parameter_is_a_400_naming_it(self, client, name, query, parameter):
        response = client.get(url(name), query)

        assert response.status_code == 400
        data = body(response)
        assert [e["parameter"] for e in data["errors"]] == [parameter]
        assert parameter in data["detail"]
        assert data["licence"]["url"] == OGL

    @pytest.mark.parametrize("name", LISTS[1:])
    def test_an_unknown_board_filter_is_a_400(self, client, name, world):
        response = client.get(url(name), {"board": "atlantis"})

        assert response.status_code == 400
        assert "atlantis" in body(response)["detail"]

    @pytest.mark.parametrize("name", ["indicator_list", "news_list"])
    def test_a_strategy_filter_needs_its_board_and_must_be_published(self, client, world, name):
        strategy = world[0]["strategy"]
        draft = StrategyFactory(board=strategy.board, slug="a-draft")

        alone = client.get(url(name), {"strategy": strategy.slug})
        unknown = client.get(url(name), {"board": strategy.board.slug, "strategy": "no-such-strategy"})
        private = client.get(url(name), {"board": strategy.board.slug, "strategy": draft.slug})
        elsewhere = client.get(url(name), {"board": world[1]["board"].slug, "strategy": strategy.slug})

        assert alone.status_code == 400 and "needs board too" in body(alone)["detail"]
        for response in (unknown, private, elsewhere):
            assert response.status_code == 400
            assert "names no published strategy" in body(response)["detail"]

    def test_a_page_past_the_last_is_a_404(self, client, world):
        response = client.get(url("board_list"), {"page": 2})

        assert response.status_code == 404
        assert body(response)["detail"] == "There is no page 2: there is 1 page of up to 20 results."

    @pytest.mark.parametrize(
        "address",
        [
            "/api/v1/boards/atlantis",
            "/api/v1/boards/atlantis/strategies/jhws",
            "/api/v1/boards/atlantis/meetings/1",
            "/api/v1/boards/atlantis/consultations/have-your-say",
            "/api/v1/boards/atlantis/news/1",
            "/api/v1/no-such-thing",
            "/api/v2/boards",
            "/api/v1/boards/",
        ],
    )
    def test_an_unknown_address_is_a_json_404(self, client, address, world):
        response = client.get(address)

        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert json.loads(response.content)["detail"]

    @pytest.mark.parametrize("kind", ["meetings", "news"])
    def test_a_number_too_big_for_the_database_is_a_404(self, client, world, kind):
        board = world[0]["board"]

        response = client.get(f"/api/v1/boards/{board.slug}/{kind}/{10**30}")

        assert response.status_code in (400, 404)
        assert json.loads(response.content)["detail"]


class TestMethods:
    @pytest.mark.parametrize("name", [*LISTS, "index", "openapi-json", "indicators_csv", "decisions_csv"])
    def test_head_answers_as_get_does_without_the_body(self, client, name, world):
        got, head = client.get(url(name)), client.head(url(name))

        assert (head.status_code, head["Content-Type"]) == (200, got["Content-Type"])
        assert head.get("ETag") == got.get("ETag")
        assert b"".join(head.streaming_content if head.streaming else [head.content]) == b""

    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_any_other_method_is_a_json_405_naming_get_and_head(self, client, method, world):
        response = getattr(client, method)(url("board_list"))

        assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
        answer = body(response)
        assert answer["detail"] == f"The API only reads: ask with GET or HEAD, not {method.upper()}."
        assert answer["licence"]["name"] == "Open Government Licence v3.0"


class TestRevalidation:
    @pytest.mark.parametrize("name", [*LISTS, "index", "openapi-json"])
    def test_an_etag_and_a_304_for_a_client_that_has_it(self, client, name, world):
        first = client.get(url(name))

        again = client.get(url(name), HTTP_IF_NONE_MATCH=first["ETag"])

        assert first["ETag"].startswith('"') and len(first["ETag"]) == 34
        assert first["Cache-Control"] == "public, max-age=300"
        assert (again.status_code, again.content) == (304, b"")
        assert again["ETag"] == first["ETag"]

    def test_a_change_makes_a_new_etag(self, client, world):
        first = client.get(url("board_list"))
        board = world[0]["board"]
        board.area = "Somewhere else"
        board.save()

        again = client.get(url("board_list"), HTTP_IF_NONE_MATCH=first["ETag"])

        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]

    def test_errors_are_not_kept(self, client, world):
        response = client.get(url("board_list"), {"page": 9})

        assert response.status_code == 404
        assert not response.has_header("ETag")


class TestQueryBudgets:
    """Each list costs the same number of queries with ten times the data (page_size 100 holds it all)."""

    @pytest.mark.parametrize("name", LISTS)
    def test_a_list_costs_no_more_with_ten_times_the_data(self, client, name, django_assert_max_num_queries):
        by = UserFactory()
        a_board(1, by=by)
        with django_assert_max_num_queries(12) as small:
            few = body(client.get(url(name), {"page_size": 100}))
        for n in range(2, 11):
            a_board(n, by=by)

        with django_assert_max_num_queries(len(small.captured_queries)):
            many = body(client.get(url(name), {"page_size": 100}))

        assert many["count"] >= 10 * few["count"] > 0
        assert len(many["results"]) == many["count"]
