"""Subscribers: double opt-in, the news they asked for, one-click unsubscribe (subscribers.py)."""

import email
import email.policy

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from consultations import privacy, responding, subscribers
from consultations.models import Email, RespondentType, Subscriber
from consultations.subscribers import notify_subscribers
from core.formtokens import new_token
from strategies.models import Status
from tests.consultations.test_emails import _free_port, _Inbox
from tests.strategies.helpers import move_to

pytestmark = pytest.mark.django_db

ADDRESS = "pat@example.com"


def submitted_with_consent(consultation, *, wants_updates: bool = True):
    response = responding.response_start(consultation=consultation, form_key=new_token())
    domain = consultation.domains()[0]
    first = domain["priorities"][0]["id"]
    responding.response_save_domain(response=response, domain_id=domain["id"], answers={first: (4, "")})
    responding.response_save_about(
        response=response, respondent_type=RespondentType.RESIDENT, email=ADDRESS, wants_updates=wants_updates
    )
    return responding.response_submit(response=response)


def confirmed(consultation, address: str = ADDRESS) -> Subscriber:
    subscriber = subscribers.subscriber_add(email=address, consultation=consultation)
    return subscribers.subscriber_confirm(subscriber=subscriber)


def link_of(message, name: str) -> str:
    for line in message.body.splitlines():
        if f"/{name}/" in line:
            return line.strip().removeprefix("http://localhost:8000")
    raise AssertionError(f"no {name} link in {message.body}")


class TestDoubleOptIn:
    def test_consent_makes_an_unconfirmed_subscriber_and_sends_the_link(
        self, opened, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            submitted_with_consent(opened)

        subscriber = Subscriber.objects.get()
        assert subscriber.email == ADDRESS and subscriber.consultation == opened
        assert subscriber.confirmed_at is None
        confirmation = next(m for m in mailoutbox if "Confirm you want updates" in m.subject)
        assert confirmation.to == [ADDRESS]
        assert reverse("consultations:subscription_confirm", args=[subscribers.signed_token(subscriber)]) in (
            confirmation.body
        )

    def test_no_consent_no_subscriber(self, opened, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            submitted_with_consent(opened, wants_updates=False)

        assert not Subscriber.objects.exists()

    def test_the_link_shows_a_button_and_the_post_confirms(
        self, client, opened, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            subscribers.subscriber_add(email=ADDRESS, consultation=opened)
        url = link_of(mailoutbox[0], "confirm")

        page = client.get(url)
        assert page.status_code == 200 and "Yes, send me updates" in page.text
        assert Subscriber.objects.get().confirmed_at is None

        page = client.post(url)
        assert "You will get updates" in page.text
        assert Subscriber.objects.get().confirmed_at is not None

    def test_a_changed_link_is_a_404_page(self, client, opened):
        subscriber = subscribers.subscriber_add(email=ADDRESS, consultation=opened)
        token = subscribers.signed_token(subscriber)

        page = client.get(reverse("consultations:subscription_confirm", args=[token[:-2] + "xx"]))

        assert page.status_code == 404 and "This link does not work" in page.text

    def test_nothing_but_the_link_until_confirmed(
        self, opened, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            subscribers.subscriber_add(email=ADDRESS, consultation=opened)
        with django_capture_on_commit_callbacks(execute=True):
            queued = notify_subscribers(opened, Email.Kind.REPORT_PUBLISHED)

        assert queued == 0
        assert len(mailoutbox) == 1


class TestNotify:
    def test_report_published_reaches_confirmed_subscribers_once(
        self, opened, mailoutbox, django_capture_on_commit_callbacks
    ):
        confirmed(opened)
        mailoutbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            notify_subscribers(opened, Email.Kind.REPORT_PUBLISHED)
            notify_subscribers(opened, Email.Kind.REPORT_PUBLISHED)

        [message] = mailoutbox
        assert message.to == [ADDRESS]
        assert "report" in message.subject.lower()
        assert "http://localhost:8000" + opened.get_absolute_url() in message.body

    def test_every_subscriber_email_has_one_click_unsubscribe(
        self, opened, mailoutbox, django_capture_on_commit_callbacks
    ):
        subscriber = confirmed(opened)
        mailoutbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            notify_subscribers(opened, Email.Kind.REPORT_PUBLISHED)

        [message] = mailoutbox
        url = "http://localhost:8000" + reverse(
            "consultations:unsubscribe", args=[subscribers.signed_token(subscriber)]
        )
        assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert url in message.body
        assert url in message.alternatives[0][0]

    def test_publishing_the_strategy_tells_the_subscribers(
        self, opened, board_admin, officer, mailoutbox, django_capture_on_commit_callbacks
    ):
        from consultations import services
        from consultations.models import Status as ConsultationStatus

        confirmed(opened)
        services.consultation_transition(consultation=opened, to_status=ConsultationStatus.CLOSED, by=officer)
        mailoutbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            move_to(opened.strategy, Status.PUBLISHED, by=board_admin)

        [message] = [m for m in mailoutbox if m.to == [ADDRESS]]
        assert opened.strategy.title in message.subject
        assert Email.objects.filter(kind=Email.Kind.STRATEGY_PUBLISHED).count() == 1


class TestUnsubscribe:
    def test_get_shows_a_button_and_post_unsubscribes(self, client, opened):
        subscriber = confirmed(opened)
        url = reverse("consultations:unsubscribe", args=[subscribers.signed_token(subscriber)])

        page = client.get(url)
        assert "Unsubscribe" in page.text
        assert Subscriber.objects.get().unsubscribed_at is None

        page = client.post(url)
        subscriber.refresh_from_db()
        assert page.status_code == 200 and "You have unsubscribed" in page.text
        assert subscriber.unsubscribed_at is not None and subscriber.email == ""

    def test_one_click_post_needs_no_csrf_token(self, opened):
        from django.test import Client

        subscriber = confirmed(opened)
        url = reverse("consultations:unsubscribe", args=[subscribers.signed_token(subscriber)])

        page = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})

        assert page.status_code == 200
        assert Subscriber.objects.get().unsubscribed_at is not None

    def test_confirming_still_needs_csrf(self, opened):
        from django.test import Client

        subscriber = subscribers.subscriber_add(email=ADDRESS, consultation=opened)
        url = reverse("consultations:subscription_confirm", args=[subscribers.signed_token(subscriber)])

        assert Client(enforce_csrf_checks=True).post(url).status_code == 403

    def test_a_queued_email_is_not_sent_after_unsubscribing(
        self, opened, mailoutbox, django_capture_on_commit_callbacks
    ):
        subscriber = confirmed(opened)
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=False):
            notify_subscribers(opened, Email.Kind.REPORT_PUBLISHED)
        subscribers.subscriber_unsubscribe(subscriber=subscriber)

        from consultations import emails

        assert (
            emails.email_send(Email.objects.get(kind=Email.Kind.REPORT_PUBLISHED).pk) == Email.State.NOT_SENT
        )
        assert mailoutbox == []

    def test_erasing_the_respondent_ends_the_subscription_made_from_their_consent(
        self, opened, officer, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = submitted_with_consent(opened)

        privacy.respondent_erase(response=response, by=officer)

        assert Subscriber.objects.get().unsubscribed_at is not None
        assert Subscriber.objects.get().email == ""


class TestThroughARealSmtpServer:
    def test_the_unsubscribe_headers_arrive(self, opened, settings, django_capture_on_commit_callbacks):
        subscriber = confirmed(opened)
        inbox = _Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
        controller.start()
        try:
            settings.MAILERS = {
                "default": {
                    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                    "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
                }
            }
            with django_capture_on_commit_callbacks(execute=True):
                notify_subscribers(opened, Email.Kind.REPORT_PUBLISHED)
        finally:
            controller.stop()

        [envelope] = inbox.envelopes
        received = email.message_from_bytes(envelope.content, policy=email.policy.default)
        unsubscribe = reverse("consultations:unsubscribe", args=[subscribers.signed_token(subscriber)])
        assert received["List-Unsubscribe"] == f"<http://localhost:8000{unsubscribe}>"
        assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
