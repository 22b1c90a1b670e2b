"""The news pages: residents read only what is public; officers write with htmx or without it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import subscribers
from consultations.models import Subscriber
from core.formtokens import new_token
from news.models import NewsItem, NewsStatus, NewsSubscription
from strategies.models import Status
from tests.factories import ConsultationFactory, NewsItemFactory, StrategyFactory
from tests.strategies.helpers import move_to

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def three(board):
    """A published update, a scheduled one and a draft."""
    return (
        NewsItemFactory(board=board, title="Published news"),
        NewsItemFactory(board=board, title="Scheduled news", publish_at=timezone.now() + timedelta(days=2)),
        NewsItemFactory(board=board, title="Draft news", status=NewsStatus.DRAFT, publish_at=None),
    )


class TestPublicPages:
    def test_the_list_shows_only_what_is_published(self, client, board, three):
        response = client.get(reverse("news:list", args=[board.slug]))

        assert response.status_code == 200
        assert b"Published news" in response.content
        assert b"Scheduled news" not in response.content and b"Draft news" not in response.content

    @pytest.mark.parametrize("who", ["resident_client", "board_member_client", "other_officer_client"])
    def test_a_draft_or_scheduled_update_is_a_404_to_all_but_the_boards_officers(
        self, request, board, three, who
    ):
        client = request.getfixturevalue(who)

        for item in three[1:]:
            assert client.get(item.get_absolute_url()).status_code == 404
        assert client.get(three[0].get_absolute_url()).status_code == 200

    def test_the_boards_officers_preview_a_draft(self, officer_client, three):
        response = officer_client.get(three[2].get_absolute_url())

        assert response.status_code == 200 and b"Draft: this update is not published" in response.content

    def test_the_board_page_lists_the_latest_and_links_its_feed(self, client, board, three):
        response = client.get(board.get_absolute_url())

        html = response.content.decode()
        head = html.split("</head>")[0]
        feed = reverse("news:feed", args=[board.slug])
        assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in head
        assert "Follow the Thurrock Health and Wellbeing Board (Atom feed)" in html
        assert "Published news" in html and "Scheduled news" not in html and "Draft news" not in html

    def test_a_scheduled_update_appears_when_its_time_comes(self, client, board, three):
        NewsItem.objects.filter(pk=three[1].pk).update(publish_at=timezone.now() - timedelta(seconds=1))

        assert b"Scheduled news" in client.get(reverse("news:list", args=[board.slug])).content

    def test_the_strategy_page_lists_its_public_updates(self, client, board, board_admin):
        strategy = move_to(StrategyFactory(board=board), Status.PUBLISHED, by=board_admin)
        NewsItemFactory(board=board, strategy=strategy, title="About the strategy")
        NewsItemFactory(
            board=board, strategy=strategy, title="Draft about it", status="draft", publish_at=None
        )

        response = client.get(strategy.get_absolute_url())

        assert b"About the strategy" in response.content and b"Draft about it" not in response.content
        feed = reverse("news:strategy_feed", args=[board.slug, strategy.slug])
        head = response.content.decode().split("</head>")[0]
        assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in head

    def test_the_strategy_pages_news_costs_one_query_however_many(
        self, officer_client, board, board_admin, django_assert_max_num_queries
    ):
        strategy = move_to(StrategyFactory(board=board), Status.PUBLISHED, by=board_admin)
        NewsItemFactory(board=board, strategy=strategy)
        officer_client.get(strategy.get_absolute_url())
        with django_assert_max_num_queries(100) as one:
            officer_client.get(strategy.get_absolute_url())
        NewsItemFactory.create_batch(4, board=board, strategy=strategy)

        with django_assert_max_num_queries(len(one.captured_queries)):
            response = officer_client.get(strategy.get_absolute_url())

        assert response.content.count(b'class="app-news-item"') == 3

    def test_the_list_pages_and_a_bad_page_number_is_the_first(self, client, board):
        NewsItemFactory.create_batch(12, board=board)

        first = client.get(reverse("news:list", args=[board.slug]), {"page": "x"})
        second = client.get(reverse("news:list", args=[board.slug]), {"page": "2"})

        assert first.context["page"].number == 1 and len(first.context["page"].object_list) == 10
        assert len(second.context["page"].object_list) == 2

    @pytest.mark.parametrize("count", [3, 30])
    def test_the_list_costs_the_same_queries_however_many_updates(
        self, client, board, board_admin, count, django_assert_max_num_queries
    ):
        strategy = StrategyFactory(board=board)
        NewsItemFactory.create_batch(count, board=board, strategy=strategy)

        with django_assert_max_num_queries(4):
            assert client.get(reverse("news:list", args=[board.slug])).status_code == 200


def _form(**extra) -> dict:
    return {
        "title": "Board meets in March",
        "summary": "The Board meets on 4 March.",
        "body": "Come along.",
        "status": "published",
        "form_token": new_token(),
    } | extra


class TestWriting:
    def test_htmx_errors_come_back_beside_the_fields_with_what_was_typed(self, officer_client):
        response = officer_client.post(
            reverse("news:add"),
            _form(title="", publish_on_day="31", publish_on_month="2", publish_on_year="2027"),
            **HX,
        )

        html = response.content.decode()
        assert response.status_code == 200 and html.lstrip().startswith('<div id="news-form">')
        assert html.count("Enter a title") == 2 and html.count("The publish date must be a real date") == 2
        assert "The Board meets on 4 March." in html
        assert not NewsItem.objects.exists()

    def test_htmx_success_goes_to_the_update(self, officer_client):
        response = officer_client.post(reverse("news:add"), _form(), **HX)

        item = NewsItem.objects.get()
        assert response["HX-Redirect"] == item.get_absolute_url() and item.is_public

    def test_without_javascript_a_scheduled_update_is_saved_and_the_form_redirects(self, officer_client):
        day = timezone.localdate() + timedelta(days=5)
        fields = {"publish_on_day": day.day, "publish_on_month": day.month, "publish_on_year": day.year}
        fields["publish_time"] = "9am"

        response = officer_client.post(reverse("news:add"), _form(**fields))

        item = NewsItem.objects.get()
        assert response.status_code == 302 and item.state == "Scheduled"
        assert timezone.localtime(item.publish_at).hour == 9

    def test_the_same_form_sent_twice_saves_once(self, officer_client):
        data = _form()

        officer_client.post(reverse("news:add"), data)
        officer_client.post(reverse("news:add"), data)

        assert NewsItem.objects.count() == 1

    def test_an_edit_over_a_newer_save_shows_the_conflict(self, officer_client, board):
        item = NewsItemFactory(board=board, version=3)

        response = officer_client.post(
            reverse("news:edit", args=[item.pk]), _form(version="2", title="Mine") | {"form_token": ""}
        )

        assert response.status_code == 200 and b"Someone else saved this update" in response.content
        assert NewsItem.objects.get(pk=item.pk).title == item.title

    def test_an_edit_of_the_text_keeps_the_publish_time_to_the_second(self, officer_client, board):
        item = NewsItemFactory(board=board, publish_at=timezone.now().replace(second=37) - timedelta(days=1))
        local = timezone.localtime(item.publish_at)
        when = {"publish_on_day": local.day, "publish_on_month": local.month, "publish_on_year": local.year}

        officer_client.post(
            reverse("news:edit", args=[item.pk]),
            _form(version="1", title="Renamed", publish_time=f"{local:%H:%M}", **when) | {"form_token": ""},
        )

        saved = NewsItem.objects.get(pk=item.pk)
        assert saved.title == "Renamed" and saved.publish_at == item.publish_at

    def test_another_boards_officer_gets_a_404(self, other_officer_client, board):
        item = NewsItemFactory(board=board)

        for name in ("news:edit", "news:delete", "news:unpublish"):
            assert other_officer_client.post(reverse(name, args=[item.pk]), _form()).status_code == 404
        assert NewsItem.objects.public().get() == item

    def test_unpublish_takes_it_off_the_public_pages(self, officer_client, client, board):
        item = NewsItemFactory(board=board)

        officer_client.post(reverse("news:unpublish", args=[item.pk]))

        assert client.get(item.get_absolute_url()).status_code == 404


class TestSubscription:
    def test_a_confirmed_subscriber_chooses_the_boards_news(self, client, board):
        consultation = ConsultationFactory(strategy__board=board)
        subscriber = Subscriber.objects.create(
            consultation=consultation, email="a@example.org", confirmed_at=timezone.now()
        )
        url = reverse("news:subscription", args=[subscribers.signed_token(subscriber)])

        assert client.get(url).status_code == 200
        client.post(url, {"news": "yes"})
        assert NewsSubscription.objects.get().board == board
        client.post(url, {"news": "no"})
        assert not NewsSubscription.objects.exists()

    def test_a_changed_link_is_refused(self, client):
        assert client.get(reverse("news:subscription", args=["not-a-link"])).status_code == 404
