"""Emails to respondents (consultations/emails.py, consultations/tasks.py)."""

import email
import email.policy
import smtplib
import socket
from unittest import mock

import pytest
from aiosmtpd.controller import Controller

from consultations import emails, responding
from consultations.models import Email, Respondent, RespondentType
from consultations.tasks import send_email
from core.formtokens import new_token

pytestmark = pytest.mark.django_db


def answered(consultation, *, email_address: str = "resident@example.com", comment: str = "Too vague"):
    """A response with an answer, a comment and who they are (with an address unless it is empty)."""
    response = responding.response_start(consultation=consultation, form_key=new_token())
    domain = consultation.domains()[0]
    first = domain["priorities"][0]["id"]
    responding.response_save_domain(response=response, domain_id=domain["id"], answers={first: (2, comment)})
    responding.response_save_about(
        response=response, respondent_type=RespondentType.RESIDENT, email=email_address
    )
    return response


class TestConfirmation:
    def test_sent_on_submit_with_the_reference_and_what_happens_next(
        self, opened, mailoutbox, django_capture_on_commit_callbacks, settings
    ):
        response = answered(opened, comment="My private words")

        with django_capture_on_commit_callbacks(execute=True):
            responding.response_submit(response=response)

        [message] = mailoutbox
        assert message.to == ["resident@example.com"]
        assert message.from_email == settings.DEFAULT_FROM_EMAIL
        assert response.reference in message.subject and opened.title in message.subject
        assert response.reference in message.body
        assert opened.closes_at.strftime("%-d %B %Y") in message.body
        assert "http://localhost:8000" + opened.get_absolute_url() in message.body
        [(html, mimetype)] = message.alternatives
        assert mimetype == "text/html" and response.reference in html
        # No copy of their answers: a mailbox is not where they belong.
        assert "My private words" not in message.body + html
        assert "Disagree" not in message.body + html
        assert Email.objects.get().state == Email.State.SENT

    def test_says_when_the_report_is_expected(self, opened, mailoutbox, django_capture_on_commit_callbacks):
        type(opened).objects.filter(pk=opened.pk).update(report_expected="2022-06-30")
        response = answered(opened)

        with django_capture_on_commit_callbacks(execute=True):
            responding.response_submit(response=response)

        assert "by June 2022" in mailoutbox[0].body

    def test_none_without_an_address(self, opened, mailoutbox, django_capture_on_commit_callbacks):
        response = answered(opened, email_address="")

        with django_capture_on_commit_callbacks(execute=True):
            responding.response_submit(response=response)

        assert mailoutbox == []
        assert not Email.objects.exists()

    def test_sending_the_response_twice_sends_one_email(
        self, opened, mailoutbox, django_capture_on_commit_callbacks
    ):
        response = answered(opened)

        with django_capture_on_commit_callbacks(execute=True):
            responding.response_submit(response=response)
            responding.response_submit(response=response)

        assert len(mailoutbox) == 1

    def test_queued_only_when_the_transaction_commits(self, opened, django_capture_on_commit_callbacks):
        response = answered(opened)

        with mock.patch.object(send_email, "delay") as delay:
            with django_capture_on_commit_callbacks(execute=False) as callbacks:
                responding.response_submit(response=response)
            delay.assert_not_called()
            for callback in callbacks:
                callback()

        delay.assert_called_once_with(Email.objects.get().pk)


class TestSendTask:
    @pytest.fixture
    def pending(self, opened, django_capture_on_commit_callbacks):
        response = answered(opened)
        with django_capture_on_commit_callbacks(execute=False):  # Recorded, not yet sent.
            responding.response_submit(response=response)
        return Email.objects.get()

    def test_run_twice_sends_once(self, pending, mailoutbox):
        send_email(pending.pk)
        send_email(pending.pk)

        assert len(mailoutbox) == 1
        pending.refresh_from_db()
        assert pending.state == Email.State.SENT and pending.sent_at is not None

    def test_retried_after_a_dropped_connection_and_sent_once(self, pending, mailoutbox):
        real_send = emails.EmailMultiAlternatives.send
        calls = []

        def flaky(message, *args, **kwargs):
            calls.append(message)
            if len(calls) == 1:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            return real_send(message, *args, **kwargs)

        with mock.patch.object(emails.EmailMultiAlternatives, "send", flaky):
            send_email.apply(args=[pending.pk], throw=False)  # As a worker would: no raise.

        assert len(calls) == 2
        assert len(mailoutbox) == 1
        pending.refresh_from_db()
        assert pending.state == Email.State.SENT

    def test_an_address_refused_fails_visibly_without_retrying(self, pending, mailoutbox):
        refused = smtplib.SMTPRecipientsRefused({"resident@example.com": (550, b"No such user")})

        with mock.patch.object(emails.EmailMultiAlternatives, "send", side_effect=refused) as send:
            send_email.apply(args=[pending.pk], throw=False)  # As a worker would: no raise.

        assert send.call_count == 1
        pending.refresh_from_db()
        assert pending.state == Email.State.FAILED
        assert pending.failure == "SMTPRecipientsRefused"  # Not the server's words, which quote the address.

    def test_not_sent_when_the_respondent_was_erased_meanwhile(self, pending, mailoutbox):
        Respondent.objects.all().delete()

        send_email(pending.pk)

        assert mailoutbox == []
        pending.refresh_from_db()
        assert pending.state == Email.State.NOT_SENT

    def test_a_broker_that_does_not_answer_marks_it_failed_not_the_page(
        self, opened, django_capture_on_commit_callbacks
    ):
        response = answered(opened)

        with mock.patch.object(send_email, "delay", side_effect=ConnectionError("broker down")):
            with django_capture_on_commit_callbacks(execute=True):
                responding.response_submit(response=response)

        response.refresh_from_db()
        assert response.is_submitted
        assert Email.objects.get().state == Email.State.FAILED


class _Inbox:
    """An aiosmtpd handler that keeps what it is sent."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TestThroughARealSmtpServer:
    def test_the_confirmation_arrives(self, opened, settings, django_capture_on_commit_callbacks):
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
            response = answered(opened)

            with django_capture_on_commit_callbacks(execute=True):
                responding.response_submit(response=response)
        finally:
            controller.stop()

        [envelope] = inbox.envelopes
        assert envelope.rcpt_tos == ["resident@example.com"]
        received = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert received["To"] == "resident@example.com"
        assert received["Subject"] == f"Your response to {opened.title}: reference {response.reference}"
        assert received["Auto-Submitted"] == "auto-generated"
        assert response.reference in received.get_body(preferencelist=("plain",)).get_content()
        assert Email.objects.get().state == Email.State.SENT
