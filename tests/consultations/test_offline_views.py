"""The officers' pages for offline responses and engagement events (consultations/views/offline.py)."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import Channel, Comment, Event, Question, Response, Status, StatusChange
from core.formtokens import new_token
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def survey(consultation, officer):
    services.question_create(
        consultation=consultation,
        by=officer,
        text="Which matters most?",
        kind=Question.Kind.SINGLE,
        options=["Housing", "Jobs"],
        required=True,
    )
    services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
    return services.consultation_transition(consultation=consultation, to_status=Status.OPEN, by=officer)


def entry_url(consultation) -> str:
    return reverse("consultations:response_enter", args=[consultation.pk])


def entry_data(consultation, **overrides) -> dict:
    today = TODAY()
    data = {
        "form_token": new_token(),
        "channel": "paper",
        "received_on_day": str(today.day),
        "received_on_month": str(today.month),
        "received_on_year": str(today.year),
        "respondent_type": "resident",
    }
    for priority in consultation.priorities():
        data[f"agreement_{priority['id']}"] = ""
        data[f"comment_{priority['id']}"] = ""
    return data | overrides


class TestResponseEnter:
    def test_shows_every_priority_and_question_with_today_as_the_date(self, officer_client, survey):
        page = officer_client.get(entry_url(survey))

        assert page.status_code == 200
        html = page.content.decode()
        for priority in survey.priorities():
            assert f'name="agreement_{priority["id"]}"' in html
            assert f'name="comment_{priority["id"]}"' in html
        assert "Which matters most?" in html
        assert f'value="{TODAY().year}"' in html
        assert page.context["form"]["channel"].field.widget.attrs.get("autofocus")

    def test_saves_and_goes_to_a_blank_form_keeping_the_channel_and_date(
        self, officer_client, survey, officer
    ):
        first = survey.priorities()[0]["id"]
        yesterday = TODAY() - datetime.timedelta(days=1)
        type(survey).objects.filter(pk=survey.pk).update(opens_at=timezone.now() - datetime.timedelta(days=3))
        # Test setup: it opened three days ago (status changes are otherwise never changed).
        StatusChange._base_manager.filter(consultation=survey).update(
            at=timezone.now() - datetime.timedelta(days=3)
        )
        data = entry_data(
            survey,
            channel="email",
            received_on_day=str(yesterday.day),
            received_on_month=str(yesterday.month),
            received_on_year=str(yesterday.year),
            **{f"agreement_{first}": "5", f"comment_{first}": "More walking groups."},
        )

        saved = officer_client.post(entry_url(survey), data)

        response = Response.objects.get()
        assert (response.channel, response.received_on, response.entered_by) == ("email", yesterday, officer)
        assert response.comments.get().text == "More walking groups."
        assert saved.status_code == 302
        query = parse_qs(urlsplit(saved["Location"]).query)
        assert query == {
            "channel": ["email"],
            "received": [yesterday.isoformat()],
            "entered": [response.reference],
        }
        blank = officer_client.get(saved["Location"])
        form = blank.context["form"]
        assert (form["channel"].value(), form["received_on"].value()) == ("email", yesterday)
        assert form[f"agreement_{first}"].value() is None
        assert f"Saved response {response.reference}" in blank.content.decode()
        assert form[f"agreement_{first}"].field.widget.attrs.get("autofocus")

    def test_the_same_form_sent_twice_saves_once_and_says_so(self, officer_client, survey):
        data = entry_data(survey)

        officer_client.post(entry_url(survey), data)
        again = officer_client.post(entry_url(survey), data, follow=True)

        assert Response.objects.count() == 1
        assert "was already saved" in again.content.decode()

    def test_an_error_keeps_everything_typed(self, officer_client, survey):
        first, second = (priority["id"] for priority in survey.priorities())
        question = survey.questions.get()
        tomorrow = TODAY() + datetime.timedelta(days=1)
        data = entry_data(
            survey,
            received_on_day=str(tomorrow.day),
            received_on_month=str(tomorrow.month),
            received_on_year=str(tomorrow.year),
            **{
                f"agreement_{first}": "2",
                f"comment_{first}": "Buses.",
                f"comment_{second}": "x" * 5001,
                f"question_{question.pk}": "Jobs",
            },
        )

        page = officer_client.post(entry_url(survey), data)

        assert page.status_code == 200
        assert not Response.objects.exists()
        form = page.context["form"]
        assert form.errors.keys() == {"received_on", f"comment_{second}"}
        assert form[f"agreement_{first}"].value() == "2"
        assert form[f"comment_{first}"].value() == "Buses."
        assert form[f"question_{question.pk}"].value() == "Jobs"
        html = page.content.decode()
        assert "There is a problem" in html
        assert "The date received must be today or in the past" in html
        assert "autofocus" not in html

    def test_a_forged_priority_or_a_foreign_event_is_refused_with_a_message(
        self, officer_client, survey, board, officer
    ):
        elsewhere = ConsultationFactory(strategy__board=board, created_by=officer)
        event = Event.objects.create(consultation=elsewhere, title="Elsewhere", held_on=TODAY())

        page = officer_client.post(
            entry_url(survey), entry_data(survey, channel="event", event=str(event.pk))
        )

        assert page.status_code == 200
        assert "Select an event of this consultation" in page.content.decode()
        assert not Response.objects.exists()

    def test_says_responses_wait_for_the_opening(self, officer_client, consultation):
        page = officer_client.get(entry_url(consultation))

        assert page.status_code == 200
        assert page.context["form"] is None
        assert "once the consultation opens" in page.content.decode()

    @pytest.mark.parametrize("who", ["board_member_client", "other_officer_client", "client"])
    def test_is_for_the_boards_officers_only(self, request, who, survey):
        page = request.getfixturevalue(who).get(entry_url(survey))

        assert page.status_code == (302 if who == "client" else 404)


@pytest.fixture
def entered(survey, officer):
    first = survey.priorities()[0]["id"]
    return services.response_enter(
        consultation=survey,
        by=officer,
        form_key=new_token(),
        channel=Channel.PHONE,
        received_on=TODAY(),
        answers={first: (4, "Sooner.")},
        questions={survey.questions.get().pk: "Jobs"},
    )


class TestResponseList:
    def test_lists_the_entered_responses_with_counts_by_channel(self, officer_client, entered):
        page = officer_client.get(reverse("consultations:responses", args=[entered.consultation.pk]))

        html = page.content.decode()
        assert entered.reference in html
        assert reverse("consultations:response_edit", args=[entered.pk]) in html
        assert dict(page.context["channels"])["Phone"] == 1

    def test_its_queries_do_not_grow_with_the_responses(
        self, officer_client, entered, officer, django_assert_max_num_queries
    ):
        url = reverse("consultations:responses", args=[entered.consultation.pk])
        with django_assert_max_num_queries(12) as few:
            officer_client.get(url)
        for _ in range(10):
            services.response_enter(
                consultation=entered.consultation,
                by=officer,
                form_key=new_token(),
                channel="paper",
                received_on=TODAY(),
            )

        with django_assert_max_num_queries(len(few.captured_queries)):
            officer_client.get(url)


class TestResponseEdit:
    def test_starts_from_what_was_entered_and_saves_a_correction_with_a_reason(self, officer_client, entered):
        url = reverse("consultations:response_edit", args=[entered.pk])
        first = entered.consultation.priorities()[0]["id"]
        form = officer_client.get(url).context["form"]
        assert form[f"agreement_{first}"].value() == "4"
        assert form[f"comment_{first}"].value() == "Sooner."
        assert form["channel"].value() == "phone"
        data = entry_data(entered.consultation, channel="phone", **{f"agreement_{first}": "2"})
        del data["form_token"]

        refused = officer_client.post(url, data)
        saved = officer_client.post(url, data | {"reason": "Misread the box."})

        assert "Enter why the response is being changed" in refused.content.decode()
        assert saved.status_code == 302
        entered.refresh_from_db()
        assert entered.priority_answers.get().agreement == 2

    def test_an_online_response_has_no_correction_page(self, officer_client, survey):
        online = Response.objects.create(consultation=survey, submitted_at=timezone.now())

        assert officer_client.get(reverse("consultations:response_edit", args=[online.pk])).status_code == 404


class TestResponseDelete:
    def test_asks_why_then_deletes(self, officer_client, entered):
        url = reverse("consultations:response_delete", args=[entered.pk])

        refused = officer_client.post(url, {"reason": ""})
        deleted = officer_client.post(url, {"reason": "Entered twice."})

        assert "Enter why the response is being deleted" in refused.content.decode()
        assert deleted.status_code == 302
        assert not Response.objects.exists()


@pytest.fixture
def event(survey, officer):
    return services.event_create(consultation=survey, by=officer, title="Library drop-in", held_on=TODAY())


class TestEvents:
    def test_records_an_event_once_from_a_form_sent_twice(self, officer_client, survey):
        today = TODAY()
        data = {
            "form_token": new_token(),
            "kind": "workshop",
            "title": "Local Area Co-ordinators' workshop",
            "held_on_day": str(today.day),
            "held_on_month": str(today.month),
            "held_on_year": str(today.year),
            "place": "Melton Library",
            "people_reached": "18",
        }
        url = reverse("consultations:event_create", args=[survey.pk])

        first = officer_client.post(url, data)
        again = officer_client.post(url, data)

        event = Event.objects.get()
        assert (event.title, event.people_reached) == ("Local Area Co-ordinators' workshop", 18)
        assert first["Location"] == again["Location"] == reverse("consultations:event", args=[event.pk])

    def test_refuses_a_bad_number_with_a_message(self, officer_client, survey):
        url = reverse("consultations:event_create", args=[survey.pk])

        page = officer_client.post(
            url, {"form_token": new_token(), "kind": "workshop", "title": "W", "people_reached": "lots"}
        )

        html = page.content.decode()
        assert "Enter the date of the event" in html
        assert "Enter the number of people reached as a whole number" in html

    def test_lists_events_with_their_counts(self, officer_client, event, officer):
        services.event_comment_add(event=event, by=officer, text="More benches.")

        page = officer_client.get(reverse("consultations:events", args=[event.consultation.pk]))

        assert page.context["events"][0].comment_count == 1
        assert "Library drop-in" in page.content.decode()

    def test_edits_and_deletes_an_event(self, officer_client, event):
        today = TODAY()
        data = {
            "kind": "drop_in",
            "title": "Renamed",
            "held_on_day": str(today.day),
            "held_on_month": str(today.month),
            "held_on_year": str(today.year),
        }

        officer_client.post(reverse("consultations:event_edit", args=[event.pk]), data)
        event.refresh_from_db()
        assert event.title == "Renamed"
        officer_client.post(reverse("consultations:event_delete", args=[event.pk]))

        assert not Event.objects.exists()


class TestEventComments:
    def test_adds_a_comment_without_javascript(self, officer_client, event):
        first = event.consultation.priorities()[0]["id"]
        url = reverse("consultations:event_comment_add", args=[event.pk])

        added = officer_client.post(
            url, {"text": "Walking groups help.", "priorities": [str(first)]}, follow=True
        )

        comment = Comment.objects.get()
        assert comment.priorities == [first]
        html = added.content.decode()
        assert "Walking groups help." in html
        assert "Added the comment." in html

    def test_adds_a_comment_with_htmx_and_answers_the_list_with_a_blank_form(self, officer_client, event):
        url = reverse("consultations:event_comment_add", args=[event.pk])

        added = officer_client.post(url, {"text": "Walking groups help."}, headers={"HX-Request": "true"})

        html = added.content.decode()
        assert added.status_code == 200
        assert html.lstrip().startswith('<div id="event-comments">')
        assert "Walking groups help." in html
        assert re.search(r"<textarea[^>]*>\s*</textarea>", html)
        assert "Added the comment." in html  # The notification, out of band.

    def test_an_error_keeps_the_text_and_names_the_field(self, officer_client, event):
        url = reverse("consultations:event_comment_add", args=[event.pk])

        page = officer_client.post(
            url, {"text": "Kept.", "priorities": ["999999"]}, headers={"HX-Request": "true"}
        )

        html = page.content.decode()
        assert "Select from the priorities consulted on" in html
        assert "Kept." in html
        assert not Comment.objects.exists()

    def test_deletes_a_comment(self, officer_client, event, officer):
        comment = services.event_comment_add(event=event, by=officer, text="More benches.")
        url = reverse("consultations:event_comment_delete", args=[comment.pk])

        assert "More benches." in officer_client.get(url).content.decode()
        officer_client.post(url)

        assert not Comment.objects.exists()
