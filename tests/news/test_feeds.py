"""The Atom feeds (news/feeds.py): valid RFC 4287, absolute addresses, and nothing that is not public."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import services as consultation_services
from consultations.models import Status as ConsultationStatus
from news.models import NewsStatus
from tests.factories import AgendaPublicationFactory, ConsultationFactory, MeetingFactory, NewsItemFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _date(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def check_atom(response, public_url: str) -> ET.Element:
    """The checks of RFC 4287 section 4 that a feed reader relies on; returns the feed element."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, f"the feed needs exactly one <{name}>"
    _date(feed.findtext(f"{ATOM}updated"))
    assert feed.find(f"{ATOM}author/{ATOM}name").text  # So no entry needs its own.
    links = {link.get("rel", "alternate"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert set(links) >= {"self", "alternate"}
    ids = [feed.findtext(f"{ATOM}id")]
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, f"an entry needs exactly one <{name}>"
        _date(entry.findtext(f"{ATOM}updated"))
        alternate = [
            link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"
        ]
        assert len(alternate) == 1
        links[entry.findtext(f"{ATOM}id")] = alternate[0].get("href")
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids)), "ids must be unique"
    assert all(i.startswith("tag:testserver.example,") for i in ids), ids
    assert all(href.startswith(public_url + "/") for href in links.values()), links
    return feed


@pytest.fixture
def public_url(settings):
    settings.PUBLIC_URL = "https://testserver.example"
    return settings.PUBLIC_URL


def _titles(feed) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]


class TestBoardFeed:
    def test_is_valid_and_has_only_public_news(self, client, board, public_url):
        NewsItemFactory(board=board, title="Published news")
        NewsItemFactory(board=board, title="Scheduled news", publish_at=timezone.now() + timedelta(hours=1))
        NewsItemFactory(board=board, title="Draft news", status=NewsStatus.DRAFT, publish_at=None)

        feed = check_atom(client.get(reverse("news:feed", args=[board.slug])), public_url)

        assert _titles(feed) == ["Published news"]

    def test_an_empty_feed_is_valid(self, client, board, public_url):
        check_atom(client.get(reverse("news:feed", args=[board.slug])), public_url)

    def test_has_new_meetings_opened_consultations_and_reports(self, client, board, officer, public_url):
        meeting = MeetingFactory(board=board, starts_at=timezone.now() + timedelta(days=10))
        MeetingFactory(board=board)  # No agenda published: not news yet.
        AgendaPublicationFactory(meeting=meeting, published_by=officer, published_at=timezone.now())
        ConsultationFactory(strategy__board=board, title="Still being set up")
        consultation = ConsultationFactory(strategy__board=board, title="Buses", created_by=officer)
        for status in (ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
            consultation = consultation_services.consultation_transition(
                consultation=consultation, to_status=status, by=officer
            )
        consultation_services.report_publish(consultation=consultation, by=officer)

        feed = check_atom(client.get(reverse("news:feed", args=[board.slug])), public_url)

        titles = _titles(feed)
        assert "Consultation open: Buses" in titles and "Consultation report published: Buses" in titles
        assert any(title.endswith("agenda published") for title in titles)
        assert not any("Still being set up" in title for title in titles) and len(titles) == 3

    def test_ids_stay_the_same_when_an_update_is_edited(self, client, board, public_url):
        item = NewsItemFactory(board=board, title="Before")
        first = check_atom(client.get(reverse("news:feed", args=[board.slug])), public_url)
        item.title = "After"
        item.save()

        second = check_atom(client.get(reverse("news:feed", args=[board.slug])), public_url)

        assert first.find(f"{ATOM}entry/{ATOM}id").text == second.find(f"{ATOM}entry/{ATOM}id").text

    @pytest.mark.parametrize("count", [2, 25])
    def test_costs_the_same_queries_however_much_there_is(
        self, client, board, officer, count, django_assert_max_num_queries
    ):
        NewsItemFactory.create_batch(count, board=board)
        for _ in range(count):
            meeting = MeetingFactory(board=board)
            AgendaPublicationFactory(meeting=meeting, published_by=officer)

        with django_assert_max_num_queries(5):
            assert client.get(reverse("news:feed", args=[board.slug])).status_code == 200

    def test_an_unknown_board_is_a_404(self, client):
        assert client.get(reverse("news:feed", args=["nowhere"])).status_code == 404


class TestStrategyFeed:
    def test_is_valid_and_has_only_the_strategys_public_news(self, client, board, board_admin, public_url):
        from strategies.models import Status
        from tests.factories import StrategyFactory
        from tests.strategies.helpers import move_to

        strategy = move_to(StrategyFactory(board=board), Status.PUBLISHED, by=board_admin)
        NewsItemFactory(board=board, strategy=strategy, title="About it")
        NewsItemFactory(board=board, title="About the board")
        NewsItemFactory(
            board=board, strategy=strategy, title="Draft", status=NewsStatus.DRAFT, publish_at=None
        )

        feed = check_atom(
            client.get(reverse("news:strategy_feed", args=[board.slug, strategy.slug])), public_url
        )

        assert _titles(feed) == ["About it"]

    def test_a_draft_strategy_has_no_feed(self, client, board):
        from tests.factories import StrategyFactory

        strategy = StrategyFactory(board=board)

        assert client.get(reverse("news:strategy_feed", args=[board.slug, strategy.slug])).status_code == 404
