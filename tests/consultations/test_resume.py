"""Save and come back later: the page on each question page, the link sent, the link opened."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from consultations import responding, resume, services
from consultations.models import COMMENT_MAX, Comment, Email, PriorityAnswer, Question, Respondent, Response
from core.formtokens import new_token
from tests.consultations.test_respond_views import close, domain_url, priority_ids, start, url
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def later(client, page_url: str, data: dict):
    return client.post(page_url, {**data, "then": "later"})


def send_link(client, consultation, email="resident@example.com", token=None):
    return client.post(url(consultation, "save"), {"form_token": token or new_token(), "email": email})


def link_in(message) -> str:
    return re.search(r"http://localhost:8000(/\S+/resume/\S+/)", message.body)[1]


class TestSaveForLater:
    def test_every_question_page_has_the_button(self, client, opened):
        start(client, opened)

        for page in (domain_url(opened), url(opened, "about"), url(opened, "equality")):
            content = client.get(page).content.decode()
            assert 'name="then" value="later"' in content and "Save and come back later" in content

    def test_saves_the_page_and_asks_where_to_send_the_link(self, client, opened):
        start(client, opened)
        first, _ = priority_ids(opened)

        page = later(client, domain_url(opened), {f"agreement_{first}": "4", f"comment_{first}": "Good"})

        assert page["Location"] == url(opened, "save")
        assert list(PriorityAnswer.objects.values_list("priority_id", "agreement")) == [(first, 4)]
        content = client.get(page["Location"]).content.decode()
        assert "Your answers are saved." in content
        assert 'type="email"' in content

    def test_a_refused_answer_shows_the_page_again_with_every_answer_as_typed(self, client, opened):
        """As "Save and continue" does: nothing typed is dropped for a link, nothing half-saved."""
        start(client, opened)
        first, second = priority_ids(opened)
        client.post(domain_url(opened), {f"comment_{second}": "Saved before"})
        too_long = "x" * (COMMENT_MAX + 1)

        page = later(
            client,
            domain_url(opened),
            {f"agreement_{first}": "5", f"comment_{first}": "Fine", f"comment_{second}": too_long},
        )

        assert page.status_code == 200
        content = page.content.decode()
        assert "must be 5,000 characters or fewer" in content
        assert too_long in content and "Fine" in content
        assert re.search(r'value="5"[^>]* checked', content)
        assert not PriorityAnswer.objects.exists()
        assert dict(Comment.objects.values_list("priority_id", "text")) == {second: "Saved before"}

        fixed = later(
            client,
            domain_url(opened),
            {f"agreement_{first}": "5", f"comment_{first}": "Fine", f"comment_{second}": "Shorter now"},
        )

        assert fixed["Location"] == url(opened, "save")
        assert dict(Comment.objects.values_list("priority_id", "text")) == {
            first: "Fine",
            second: "Shorter now",
        }

    def test_a_required_question_can_wait(self, client, consultation, officer):
        services.question_create(
            consultation=consultation,
            by=officer,
            text="Which matters most?",
            kind=Question.Kind.SINGLE,
            options=["Housing", "Jobs"],
            required=True,
        )
        services.question_create(consultation=consultation, by=officer, text="Anything else?")
        services.consultation_transition(consultation=consultation, to_status="scheduled", by=officer)
        services.consultation_transition(consultation=consultation, to_status="open", by=officer)
        start(client, consultation)
        other = consultation.questions.get(text="Anything else?")

        page = later(client, url(consultation, "questions"), {f"question_{other.pk}": "More buses"})

        assert page["Location"] == url(consultation, "save")
        assert Comment.objects.get().text == "More buses"

    def test_who_they_respond_as_can_wait(self, client, opened):
        response = start(client, opened)

        later(client, url(opened, "about"), {"name": "Sam", "email": "sam@example.com"})

        assert Respondent.objects.get(response=response).email == "sam@example.com"
        assert client.get(url(opened, "save")).context["form"]["email"].value() == "sam@example.com"

    def test_a_page_that_cannot_be_saved_says_so(self, client, opened):
        start(client, opened)

        refused = ValidationError("The page was sent with a question that is not part of it. Reload the page")

        with mock.patch.object(responding, "response_save_domain", side_effect=refused):
            page = later(client, domain_url(opened), {f"agreement_{priority_ids(opened)[0]}": "4"})

        assert page.status_code == 200  # The page again, with the error, and nothing of it saved.
        assert "Reload the page" in page.content.decode()
        assert not PriorityAnswer.objects.exists()


class TestSendingTheLink:
    def test_keeps_the_address_apart_from_the_answers_and_sends_the_link(
        self, client, opened, mailoutbox, django_capture_on_commit_callbacks
    ):
        response = start(client, opened)

        with django_capture_on_commit_callbacks(execute=True):
            page = send_link(client, opened)

        assert page["Location"] == url(opened, "saved")
        assert Respondent.objects.get(response=response).email == "resident@example.com"
        assert "resident@example.com" not in str(Response.objects.filter(pk=response.pk).values().get())
        [message] = mailoutbox
        assert message.to == ["resident@example.com"]
        assert opened.title in message.subject
        assert link_in(message).startswith(url(opened, "resume", token="x").removesuffix("x/"))
        content = client.get(page["Location"]).content.decode()
        assert "Check your email" in content and "resident@example.com" in content

    def test_the_same_form_sent_twice_sends_one_email(
        self, client, opened, mailoutbox, django_capture_on_commit_callbacks
    ):
        start(client, opened)
        token = new_token()

        with django_capture_on_commit_callbacks(execute=True):
            send_link(client, opened, token=token)
            send_link(client, opened, token=token)

        assert len(mailoutbox) == 1
        assert Email.objects.count() == 1

    def test_an_address_in_the_wrong_format_is_an_error_on_its_field(self, client, opened, mailoutbox):
        start(client, opened)

        page = send_link(client, opened, email="not an address")

        assert page.status_code == 200
        assert 'href="#id_email"' in page.content.decode()
        assert "like name@example.com" in page.content.decode()
        assert not Email.objects.exists()
        assert not Respondent.objects.exists()

    def test_the_link_works_until_closing_if_sooner_than_30_days(self, client, opened):
        response = start(client, opened)
        soon = timezone.now() + datetime.timedelta(days=3)
        type(opened).objects.filter(pk=opened.pk).update(closes_at=soon)
        response.refresh_from_db()

        assert resume.expires_at(response) == soon

    def test_the_link_works_for_30_days_if_closing_is_later(self, opened):
        response = Response.objects.create(consultation=opened)
        now = timezone.now()

        assert resume.expires_at(response, now) == now + datetime.timedelta(days=30)


class TestOpeningTheLink:
    @pytest.fixture
    def link(self, client, opened, mailoutbox, django_capture_on_commit_callbacks):
        start(client, opened)
        first, _ = priority_ids(opened)
        later(client, domain_url(opened), {f"agreement_{first}": "4"})
        with django_capture_on_commit_callbacks(execute=True):
            send_link(client, opened)
        return link_in(mailoutbox[0])

    def test_brings_the_response_back_at_the_first_page_with_nothing_saved(self, link, opened):
        elsewhere = Client()  # Another device: nothing in its session.

        page = elsewhere.get(link)

        assert page.status_code == 302
        assert page["Location"] == url(opened, "about")
        assert elsewhere.get(domain_url(opened)).status_code == 200
        assert elsewhere.session[f"consultations.response.{opened.pk}"] == Response.objects.get().resume_key

    def test_goes_to_check_your_answers_when_every_page_has_answers(self, link, opened):
        elsewhere = Client()
        elsewhere.get(link)
        elsewhere.post(url(opened, "about"), {"respondent_type": "resident"})
        elsewhere.post(url(opened, "equality"), {"age": "Prefer not to say"})

        page = Client().get(link)

        assert page["Location"] == url(opened, "check")

    def test_a_sent_response_goes_to_its_confirmation(self, link, client, opened):
        client.post(url(opened, "about"), {"respondent_type": "resident"})
        client.post(url(opened, "check"))

        assert Client().get(link)["Location"] == url(opened, "confirmation")

    def test_a_changed_link_gets_a_page_that_says_what_to_do(self, link):
        page = Client().get(link.replace("/resume/", "/resume/x"))

        content = page.content.decode()
        assert page.status_code == 404
        assert "This link does not work" in content
        assert "start a new response" in content

    def test_an_expired_link_gets_a_page_that_says_what_to_do(self, link):
        in_31_days = time.time() + 31 * 24 * 3600

        with mock.patch("django.core.signing.time.time", return_value=in_31_days):
            page = Client().get(link)

        assert page.status_code == 410
        assert "This link has expired" in page.content.decode()

    def test_a_link_for_another_consultation_does_not_work_here(self, link, opened, officer):
        other = ConsultationFactory(strategy__board=opened.board, created_by=officer, slug="another")
        services.consultation_transition(consultation=other, to_status="scheduled", by=officer)
        services.consultation_transition(consultation=other, to_status="open", by=officer)
        token = link.rstrip("/").rsplit("/", 1)[1]

        page = Client().get(url(other, "resume", token=token))

        assert page.status_code == 404
        assert "This link does not work" in page.content.decode()

    def test_after_closing_shows_the_answers_saved(self, link, opened):
        close(opened)

        page = Client().get(link)

        assert page.status_code == 200
        assert "This consultation has closed" in page.content.decode()
        assert "Agree" in page.content.decode()

    def test_sending_after_coming_back_confirms_to_the_address_given(
        self, link, opened, mailoutbox, django_capture_on_commit_callbacks
    ):
        elsewhere = Client()
        elsewhere.get(link)
        elsewhere.post(url(opened, "about"), {"respondent_type": "resident", "email": "resident@example.com"})

        with django_capture_on_commit_callbacks(execute=True):
            elsewhere.post(url(opened, "check"))

        assert Response.objects.get().is_submitted
        assert mailoutbox[-1].to == ["resident@example.com"]
        assert Response.objects.get().reference in mailoutbox[-1].body
