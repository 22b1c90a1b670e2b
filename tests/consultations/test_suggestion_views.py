"""Suggested themes and the second, blind coding on the coding page (consultations/views/coding.py)."""

import re

import pytest
from django.urls import reverse

from consultations import services, suggestions
from consultations.models import Channel, Coding, SuggestionRejection, SuggestionRun
from tests.consultations.helpers import make_response
from tests.factories import BoardRoleFactory

pytestmark = pytest.mark.django_db


def coding_url(consultation, query=""):
    return reverse("consultations:coding", args=[consultation.pk]) + query


@pytest.fixture
def frame(opened, officer):
    """A comment coded "Transport", one coded "Leisure", and one about buses nobody has coded."""
    first = opened.priorities()[0]["id"]

    def comment(text):
        return make_response(opened, channel=Channel.PAPER, comments={first: text}).comments.get()

    buses, gyms = comment("The buses stop running at six."), comment("The gym costs too much.")
    services.comment_code(comment=buses, by=officer, themes=[], new_names=["Transport"])
    services.comment_code(comment=gyms, by=officer, themes=[], new_names=["Leisure"])
    return opened.themes.get(name="Transport"), comment("More buses in the evening, please.")


def suggest(client, consultation, django_capture_on_commit_callbacks, **headers):
    with django_capture_on_commit_callbacks(execute=True):  # Celery is eager in the tests.
        return client.post(
            reverse("consultations:coding_suggest", args=[consultation.pk]),
            {"back": coding_url(consultation, "?channel=paper")},
            headers=headers,
        )


class TestSuggestThemes:
    def test_without_javascript_suggests_and_shows_them_unticked_on_the_page(
        self, officer_client, opened, frame, django_capture_on_commit_callbacks
    ):
        transport, uncoded = frame

        response = suggest(officer_client, opened, django_capture_on_commit_callbacks)

        assert response.status_code == 302 and response["Location"].endswith("?channel=paper")
        page = officer_client.get(response["Location"]).content.decode()
        assert "Themes suggested for 1 comment not coded yet, from 2 coded comments" in page
        box = re.search(rf'<input[^>]*id="c{uncoded.pk}-suggested-{transport.pk}"[^>]*>', page).group(0)
        assert 'name="suggested"' in box and "checked" not in box
        assert re.search(
            r"Suggested</strong> Transport</label>\s*<div[^>]*>The most similar coded comment", page
        )
        assert not uncoded.codings.exists()

    def test_with_htmx_answers_the_state_alone_and_its_poll_announces_the_end(
        self, officer_client, opened, frame, django_capture_on_commit_callbacks
    ):
        htmx = {"HX-Request": "true", "HX-Target": "suggestions-state"}

        # The job runs as the request's transaction commits (here: as the test's callbacks run, after).
        asked = suggest(officer_client, opened, django_capture_on_commit_callbacks, **htmx).content.decode()
        polled = officer_client.get(coding_url(opened), headers=htmx).content.decode()

        assert asked.lstrip().startswith('<section id="suggestions-state"') and "every 2s" in asked
        assert polled.lstrip().startswith('<section id="suggestions-state"') and "every 2s" not in polled
        assert "Themes suggested for 1 comment." in polled  # Announced.
        assert "Show the comments with their suggestions" in polled

    def test_says_when_nothing_is_coded_yet(self, officer_client, opened, django_capture_on_commit_callbacks):
        make_response(opened, comments={opened.priorities()[0]["id"]: "More buses."})

        response = suggest(officer_client, opened, django_capture_on_commit_callbacks)

        page = officer_client.get(response["Location"]).content.decode()
        assert "No comment is coded yet, so there is nothing to suggest themes from" in page

    def test_polls_while_the_job_is_under_way(self, officer_client, opened, frame, officer):
        suggestions.suggestions_request(consultation=opened, by=officer)  # Queued, never run.

        page = officer_client.get(coding_url(opened)).content.decode()
        polled = officer_client.get(
            coding_url(opened), headers={"HX-Request": "true", "HX-Target": "suggestions-state"}
        ).content.decode()

        assert 'hx-trigger="every 2s"' in page and "Waiting to start" in page
        assert polled.lstrip().startswith('<section id="suggestions-state"') and "every 2s" in polled

    def test_asking_again_while_it_runs_says_so(self, officer_client, opened, frame, officer):
        suggestions.suggestions_request(consultation=opened, by=officer)

        response = officer_client.post(reverse("consultations:coding_suggest", args=[opened.pk]), follow=True)

        assert "Themes are already being suggested" in response.content.decode()

    def test_ticking_a_suggestion_codes_the_comment(
        self, officer_client, opened, frame, officer, django_capture_on_commit_callbacks
    ):
        transport, uncoded = frame
        suggest(officer_client, opened, django_capture_on_commit_callbacks)

        response = officer_client.post(
            reverse("consultations:comment_code", args=[uncoded.pk]), {"suggested": [transport.pk]}
        )

        assert response.status_code == 302
        assert list(Coding.objects.filter(comment=uncoded).values_list("theme", "coder")) == [
            (transport.pk, officer.pk)
        ]


class TestNotThisTheme:
    def test_without_javascript_records_it_and_goes_back_to_the_comment(
        self, officer_client, opened, frame, officer, django_capture_on_commit_callbacks
    ):
        transport, uncoded = frame
        suggest(officer_client, opened, django_capture_on_commit_callbacks)

        response = officer_client.post(
            reverse("consultations:suggestion_reject", args=[uncoded.pk]),
            {"theme": transport.pk, "back": coding_url(opened, "?channel=paper")},
        )

        assert response.status_code == 302
        assert f"focus={uncoded.pk}" in response["Location"] and "channel=paper" in response["Location"]
        assert SuggestionRejection.objects.filter(comment=uncoded, theme=transport, by=officer).exists()
        page = officer_client.get(response["Location"]).content.decode()
        assert "“Transport” will not be suggested for comment" in page
        assert f"c{uncoded.pk}-suggested-{transport.pk}" not in page

    def test_with_htmx_swaps_the_suggestion_for_a_note(
        self, officer_client, opened, frame, django_capture_on_commit_callbacks
    ):
        transport, uncoded = frame
        suggest(officer_client, opened, django_capture_on_commit_callbacks)

        response = officer_client.post(
            reverse("consultations:suggestion_reject", args=[uncoded.pk]),
            {"theme": transport.pk},
            headers={"HX-Request": "true"},
        )

        page = response.content.decode()
        assert (
            page.lstrip().startswith("<p class=") and f'id="c{uncoded.pk}-suggestion-{transport.pk}"' in page
        )
        assert "data-suggestion-rejected" in page and "will not be suggested" in page

    def test_a_theme_of_another_consultation_is_not_found(self, officer_client, frame, other_officer):
        _, uncoded = frame

        response = officer_client.post(
            reverse("consultations:suggestion_reject", args=[uncoded.pk]), {"theme": "999999"}
        )

        assert response.status_code == 302
        assert not SuggestionRejection.objects.exists()

    def test_is_not_for_another_boards_officer(self, other_officer_client, frame):
        transport, uncoded = frame

        response = other_officer_client.post(
            reverse("consultations:suggestion_reject", args=[uncoded.pk]), {"theme": transport.pk}
        )

        assert response.status_code == 404
        assert not SuggestionRejection.objects.exists()


class TestSecondCoding:
    @pytest.fixture
    def second(self, board):
        return BoardRoleFactory(board=board, user__username="second").user

    def test_lists_what_another_officer_coded_and_hides_their_themes(self, client, frame, second):
        transport, uncoded = frame
        client.force_login(second)

        page = client.get(coding_url(transport.consultation, "?second=on")).content.decode()

        assert "The buses stop running at six." in page and "The gym costs too much." in page
        assert "More buses in the evening" not in page  # Nobody coded it.
        assert "Themes: <strong>" not in page and "Another officer’s themes are hidden" in page
        assert 'name="blind" value="True"' in page
        assert not re.search(r"<input[^>]*checked[^>]*name=\"themes\"", page)

    def test_saving_keeps_both_officers_codes_and_stays_blind(self, client, frame, second, officer):
        transport, _ = frame
        buses = Coding.objects.get(theme=transport).comment
        client.force_login(second)

        response = client.post(
            reverse("consultations:comment_code", args=[buses.pk]),
            {"new_theme": "Evening buses", "blind": "True"},
            headers={"HX-Request": "true"},
        )

        page = response.content.decode()
        assert "Your themes: <strong>Evening buses</strong>" in page and "Transport</strong>" not in page
        assert set(buses.codings.values_list("coder", "theme__name")) == {
            (officer.pk, "Transport"),
            (second.pk, "Evening buses"),
        }

    def test_filtering_by_a_theme_is_refused_then(self, officer_client, frame):
        transport, _ = frame

        page = officer_client.get(
            coding_url(transport.consultation, f"?second=on&theme={transport.pk}")
        ).content.decode()

        assert "Choose “Any theme” when coding a second time" in page

    def test_the_job_state_is_not_shown_before_opening(self, officer_client, consultation):
        page = officer_client.get(coding_url(consultation)).content.decode()

        assert "suggestions-state" not in page
        assert not SuggestionRun.objects.exists()
