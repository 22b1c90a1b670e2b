"""The resident's survey pages (consultations/views/respond.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import COMMENT_MAX, Comment, PriorityAnswer, Question, RespondentType, Response
from core.formtokens import new_token

pytestmark = pytest.mark.django_db


def url(consultation, name: str, **kwargs) -> str:
    kwargs |= {"board_slug": consultation.board.slug, "slug": consultation.slug}
    return reverse(f"consultations:respond_{name}", kwargs=kwargs)


def start(client, consultation) -> Response:
    page = client.post(url(consultation, "start"), {"form_token": new_token(), "website": ""})
    assert page.status_code == 302
    return Response.objects.latest("pk")


def domain_url(consultation) -> str:
    return url(consultation, "domain", domain_id=consultation.domains()[0]["id"])


def priority_ids(consultation) -> list[int]:
    return [priority["id"] for priority in consultation.domains()[0]["priorities"]]


def close(consultation) -> None:
    now = timezone.now()
    type(consultation).objects.filter(pk=consultation.pk).update(
        opens_at=now - datetime.timedelta(days=1), closes_at=now
    )


class TestStart:
    def test_the_public_page_has_a_start_button_while_open(self, client, opened):
        page = client.get(opened.get_absolute_url())

        assert url(opened, "start").encode() in page.content
        assert b"Start now" in page.content

    def test_starting_goes_to_the_first_domain_and_remembers_the_response(self, client, opened):
        page = client.post(url(opened, "start"), {"form_token": new_token(), "website": ""})

        response = Response.objects.get()
        assert page["Location"] == domain_url(opened)
        assert client.session[f"consultations.response.{opened.pk}"] == response.resume_key

    def test_the_same_form_sent_twice_starts_one_response(self, client, opened):
        token = new_token()

        client.post(url(opened, "start"), {"form_token": token, "website": ""})
        client.post(url(opened, "start"), {"form_token": token, "website": ""})

        assert Response.objects.count() == 1

    def test_a_filled_honeypot_is_refused_quietly(self, client, opened):
        page = client.post(
            url(opened, "start"), {"form_token": new_token(), "website": "http://spam.example"}
        )

        assert page.status_code == 302
        assert page["Location"] == opened.get_absolute_url()
        assert not Response.objects.exists()

    def test_a_consultation_being_set_up_cannot_be_answered(self, officer_client, consultation):
        assert officer_client.get(url(consultation, "start")).status_code == 404

    def test_the_pages_need_a_started_response(self, client, opened):
        page = client.get(domain_url(opened))

        assert page.status_code == 302
        assert page["Location"] == url(opened, "start")


class TestDomainPage:
    def test_shows_each_priority_with_its_questions(self, client, opened):
        start(client, opened)

        page = client.get(domain_url(opened))

        assert page.status_code == 200
        for priority in opened.domains()[0]["priorities"]:
            assert priority["title"] in page.content.decode()
        assert b'data-module="govuk-character-count"' in page.content
        assert b"novalidate" in page.content

    def test_saves_and_goes_on(self, client, opened):
        start(client, opened)
        first, second = priority_ids(opened)

        page = client.post(domain_url(opened), {f"agreement_{first}": "4", f"comment_{first}": "Good"})

        assert page["Location"] == url(opened, "about")
        assert list(PriorityAnswer.objects.values_list("priority_id", "agreement")) == [(first, 4)]
        assert Comment.objects.get().text == "Good"

    def test_an_error_keeps_every_answer_and_saves_nothing(self, client, opened):
        start(client, opened)
        first, second = priority_ids(opened)
        long = "x" * (COMMENT_MAX + 1)

        page = client.post(
            domain_url(opened),
            {f"agreement_{first}": "5", f"comment_{first}": "Keep this", f"comment_{second}": long},
        )

        content = page.content.decode()
        assert page.status_code == 200
        assert "There is a problem" in content
        assert f'href="#id_comment_{second}"' in content
        assert "must be 5,000 characters or fewer" in content
        assert "Keep this" in content and long in content
        assert f'value="5" class="govuk-radios__input" id="id_agreement_{first}_0" checked' in content
        assert not PriorityAnswer.objects.exists()

    def test_a_saved_page_shows_its_answers_again(self, client, opened):
        start(client, opened)
        first, _ = priority_ids(opened)
        client.post(domain_url(opened), {f"agreement_{first}": "2", f"comment_{first}": "Too vague"})

        page = client.get(domain_url(opened))

        assert "Too vague" in page.content.decode()

    def test_after_closing_shows_what_they_typed(self, client, opened):
        start(client, opened)
        first, _ = priority_ids(opened)
        close(opened)

        page = client.post(domain_url(opened), {f"agreement_{first}": "2", f"comment_{first}": "My words"})

        content = page.content.decode()
        assert "This consultation has closed" in content
        assert "My words" in content and "Disagree" in content
        assert not Comment.objects.exists()

    def test_an_unknown_domain_is_not_found(self, client, opened):
        start(client, opened)

        assert client.get(url(opened, "domain", domain_id=999999)).status_code == 404


class TestQuestionsPage:
    def test_not_found_when_there_are_none(self, client, opened):
        start(client, opened)

        assert client.get(url(opened, "questions")).status_code == 404

    def test_a_choice_not_offered_is_an_error_on_its_question(self, client, consultation, officer):
        question = services.question_create(
            consultation=consultation,
            by=officer,
            text="Which matters most?",
            kind=Question.Kind.SINGLE,
            options=["Housing", "Jobs"],
        )
        services.consultation_transition(consultation=consultation, to_status="scheduled", by=officer)
        opened = services.consultation_transition(consultation=consultation, to_status="open", by=officer)
        start(client, opened)

        page = client.post(url(opened, "questions"), {f"question_{question.pk}": "Swimming"})

        assert page.status_code == 200
        assert f'href="#id_question_{question.pk}_0">Select from the answers given' in page.content.decode()


class TestAboutAndEquality:
    def test_a_ticked_box_shows_as_yes_after_closing(self, client, opened):
        start(client, opened)
        close(opened)

        page = client.post(
            url(opened, "about"),
            {"respondent_type": RespondentType.RESIDENT, "email": "a@example.com", "wants_updates": "on"},
        )

        content = page.content.decode()
        assert "This consultation has closed" in content
        assert '<p class="govuk-body">Yes</p>' in content
        assert "True" not in content

    def test_an_organisation_needs_its_name(self, client, opened):
        start(client, opened)

        page = client.post(url(opened, "about"), {"respondent_type": RespondentType.ORGANISATION})

        content = page.content.decode()
        assert "Enter the name of the organisation" in content
        # Needed with that answer: never labelled optional, whatever the form's field says.
        assert "Name of the organisation</label>" in content
        assert "Name of the organisation (optional)" not in content
        assert "How would you describe who you are responding as?</label>" in content
        assert "Your name (optional)</label>" in content

    def test_equality_answers_are_kept(self, client, opened):
        response = start(client, opened)

        page = client.post(url(opened, "equality"), {"age": "25 to 34", "sex": "Prefer not to say"})

        assert page["Location"] == url(opened, "check")
        response.refresh_from_db()
        assert response.equality == {"age": "25 to 34", "sex": "Prefer not to say"}


class TestCheckAndSubmit:
    def test_check_your_answers_links_to_each_page(self, client, opened):
        start(client, opened)
        first, _ = priority_ids(opened)
        client.post(domain_url(opened), {f"agreement_{first}": "5", f"comment_{first}": "Yes"})

        page = client.get(url(opened, "check"))

        content = page.content.decode()
        for name in ("about", "equality"):
            assert f'href="{url(opened, name)}?change=1"' in content
        assert f'href="{domain_url(opened)}?change=1"' in content
        assert "Strongly agree" in content

    def test_a_change_goes_back_to_check_your_answers(self, client, opened):
        start(client, opened)

        page = client.post(domain_url(opened) + "?change=1", {})

        assert page["Location"] == url(opened, "check")

    def test_sending_without_saying_who_they_are_is_refused(self, client, opened):
        start(client, opened)

        page = client.post(url(opened, "check"))

        assert "Say who you are responding as" in page.content.decode()
        assert not Response.objects.submitted().exists()

    def test_sends_and_shows_the_reference(self, client, opened):
        response = start(client, opened)
        client.post(url(opened, "about"), {"respondent_type": RespondentType.RESIDENT})

        page = client.post(url(opened, "check"), follow=True)

        response.refresh_from_db()
        assert response.is_submitted
        assert response.reference in page.content.decode()
        assert "govuk-panel--confirmation" in page.content.decode()
        assert "We have sent you a confirmation email" not in page.content.decode()  # No address given.

    def test_the_confirmation_says_an_email_was_sent_when_an_address_was_given(self, client, opened):
        start(client, opened)
        client.post(
            url(opened, "about"), {"respondent_type": RespondentType.RESIDENT, "email": "sam@example.org"}
        )

        page = client.post(url(opened, "check"), follow=True)

        assert "We have sent you a confirmation email with your reference number." in page.content.decode()

    def test_a_sent_response_goes_to_its_confirmation(self, client, opened):
        start(client, opened)
        client.post(url(opened, "about"), {"respondent_type": RespondentType.RESIDENT})
        client.post(url(opened, "check"))

        page = client.get(domain_url(opened))

        assert page["Location"] == url(opened, "confirmation")

    def test_sending_after_closing_shows_the_answers_to_copy(self, client, opened):
        start(client, opened)
        first, _ = priority_ids(opened)
        client.post(domain_url(opened), {f"agreement_{first}": "5", f"comment_{first}": "Please keep this"})
        client.post(url(opened, "about"), {"respondent_type": RespondentType.RESIDENT})
        close(opened)

        page = client.post(url(opened, "check"))

        content = page.content.decode()
        assert "This consultation has closed" in content
        assert "Please keep this" in content
        assert not Response.objects.submitted().exists()
