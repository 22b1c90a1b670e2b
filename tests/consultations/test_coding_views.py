"""The coding page and saving a comment's themes (consultations/views/coding.py)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import Channel, Coding, Status, Theme
from tests.consultations.helpers import make_response, make_responses
from tests.factories import ConsultationFactory, DomainFactory, PriorityFactory, StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comments(opened):
    first = opened.priorities()[0]["id"]
    return [
        make_response(opened, channel=channel, comments={first: text}).comments.get()
        for channel, text in ((Channel.PAPER, "More buses."), (Channel.ONLINE, "Cheaper gyms."))
    ]


def url(consultation, **query):
    address = reverse("consultations:coding", args=[consultation.pk])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


class TestCodingPage:
    def test_lists_the_comments_with_a_form_each_and_the_progress(self, officer_client, opened, comments):
        page = officer_client.get(url(opened)).content.decode()

        assert "More buses." in page and "Cheaper gyms." in page
        assert "0% coded" in page
        assert page.count('name="new_theme"') == 2

    def test_filters_from_the_address(self, officer_client, opened, comments):
        page = officer_client.get(url(opened, channel="paper")).content.decode()

        assert "More buses." in page and "Cheaper gyms." not in page

    def test_an_htmx_filter_gets_the_list_alone(self, officer_client, opened, comments):
        response = officer_client.get(
            url(opened, uncoded="on"), headers={"HX-Request": "true", "HX-Trigger": "coding-filters"}
        )

        page = response.content.decode()
        assert page.lstrip().startswith('<div id="comments">')
        assert "2 comments shown." in page

    def test_a_value_not_offered_is_refused_with_a_message(self, officer_client, opened, comments):
        page = officer_client.get(url(opened, theme="99999", priority="²")).content.decode()

        assert "Choose one of the options listed" in page
        assert "More buses." in page

    def test_says_there_is_nothing_to_code_before_opening(self, officer_client, consultation):
        page = officer_client.get(url(consultation)).content.decode()

        assert "once the consultation has opened" in page

    def test_is_not_for_board_members(self, board_member_client, opened):
        assert board_member_client.get(url(opened)).status_code == 404


class TestCommentCode:
    def test_without_htmx_saves_and_goes_back_focused_on_the_next_uncoded(
        self, officer_client, opened, comments
    ):
        first, second = comments

        response = officer_client.post(
            reverse("consultations:comment_code", args=[first.pk]),
            {"new_theme": "Buses", "back": url(opened, channel="")},
        )

        assert response.status_code == 302
        assert f"focus={second.pk}" in response["Location"]
        assert list(first.codings.values_list("theme__name", flat=True)) == ["Buses"]
        page = officer_client.get(response["Location"]).content.decode()
        assert re.search(rf'<input[^>]*autofocus[^>]*id="c{second.pk}-new_theme"', page)

    def test_with_htmx_swaps_the_comment_and_updates_the_progress(self, officer_client, opened, comments):
        first = comments[0]
        theme = services.theme_create(consultation=opened, by=first.consultation.created_by, name="Cost")

        response = officer_client.post(
            reverse("consultations:comment_code", args=[first.pk]),
            {"themes": [theme.pk], "new_theme": ["Buses", "Parking"]},
            headers={"HX-Request": "true"},
        )

        page = response.content.decode()
        assert page.lstrip().startswith(f'<li id="comment-{first.pk}"')
        assert "data-coding-saved" in page
        assert "Themes: <strong>Buses, Cost, Parking</strong>" in page
        assert 'id="coding-progress"' in page and "50% coded" in page
        assert "Coded the comment with Buses, Cost, Parking." in page

    def test_a_theme_offered_to_another_priority_is_refused(self, officer_client, opened, comments, officer):
        other_priority = opened.priorities()[1]["id"]
        theme = services.theme_create(
            consultation=opened, by=officer, name="Damp homes", priority_id=other_priority
        )

        response = officer_client.post(
            reverse("consultations:comment_code", args=[comments[0].pk]),
            {"themes": [theme.pk]},
            headers={"HX-Request": "true"},
        )

        assert "Choose themes from the list" in response.content.decode()
        assert not Coding.objects.exists()

    def test_an_over_long_name_is_refused_next_to_the_field(self, officer_client, comments):
        response = officer_client.post(
            reverse("consultations:comment_code", args=[comments[0].pk]), {"new_theme": "x" * 101}
        )

        assert response.status_code == 422
        assert "100 characters or fewer" in response.content.decode()
        assert not Theme.objects.exists()


# Query budgets -------------------------------------------------------------------------------------

SIZES = {"small": 1, "large": 10}


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def world(request, board, officer):
    n = SIZES[request.param]
    strategy = StrategyFactory(board=board)
    for d in range(n):
        domain = DomainFactory(strategy=strategy, title=f"Domain {d}")
        for p in range(2):
            PriorityFactory(domain=domain, title=f"Priority {d}.{p}")
    consultation = ConsultationFactory(strategy=strategy, created_by=officer, priorities=False)
    services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
    consultation = services.consultation_transition(
        consultation=consultation, to_status=Status.OPEN, by=officer
    )
    make_responses(consultation, 10 * n)
    event = services.event_create(
        consultation=consultation, by=officer, title="Drop-in", held_on=timezone.localdate()
    )
    ids = [priority["id"] for priority in consultation.priorities()]
    for i in range(3 * n):
        services.event_comment_add(
            event=event, by=officer, text=f"Said at the event {i}", priorities=ids[: i % 3]
        )
    for i, comment in enumerate(consultation.comments.all()[: 5 * n]):
        services.comment_code(comment=comment, by=officer, themes=[], new_names=[f"Theme {i % (2 * n)}"])
    return consultation


# The session and user, the user's roles (2), the consultation, then the themes, the event comments'
# sets of priorities (for the filter), the count and page of comments, their codes, and the progress (3).
BUDGET = 14


class TestCodingBudgets:
    def test_the_page_keeps_to_its_budget(self, officer_client, world, django_assert_max_num_queries):
        priority = world.priorities()[0]["id"]
        theme = world.themes.first().pk

        for query in ("", f"?priority={priority}&theme={theme}&uncoded=on&channel=paper"):
            with django_assert_max_num_queries(BUDGET):
                response = officer_client.get(url(world) + query)
            assert response.status_code == 200


class TestCodingBudgetsWithSuggestions:
    def test_suggestions_keep_the_page_to_its_budget(
        self,
        officer_client,
        world,
        officer,
        django_capture_on_commit_callbacks,
        django_assert_max_num_queries,
    ):
        from consultations import suggestions

        with django_capture_on_commit_callbacks(execute=True):
            suggestions.suggestions_request(consultation=world, by=officer)

        with django_assert_max_num_queries(BUDGET):
            response = officer_client.get(url(world, uncoded="on"))
        assert response.status_code == 200
        assert "Suggested</strong>" in response.content.decode()  # There are suggestions to show.
