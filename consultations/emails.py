"""
Emails to respondents, sent by Celery (docs/decisions/0016-resident-emails.md).

`email_enqueue` records an Email row (unique by its key) and queues its sending once the
transaction commits; `email_send`, run by the task, sends it unless it was sent already, holding
the row's lock while it talks to the SMTP server, so that a task retried or delivered twice sends
it once. An email never carries the respondent's answers: a mailbox is not where they belong.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core import outbox

from . import resume
from .models import Email, Respondent, Response, Subscriber

logger = logging.getLogger(__name__)


def email_enqueue(
    *, kind: str, key: str, response: Response | None = None, subscriber: Subscriber | None = None
) -> Email:
    """
    Record the email `key` (to a respondent or a subscriber) and send it after the surrounding
    transaction commits. Asking again for the same key (a form sent twice) returns the first, sent once.
    """
    email, created = Email.objects.get_or_create(
        key=key, defaults={"kind": kind, "response": response, "subscriber": subscriber}
    )
    if created:
        transaction.on_commit(partial(_enqueue, email.pk), robust=True)
    return email


def _enqueue(email_id: int) -> None:
    """
    Hand the email to the broker. The request has committed (a response is sent), so a broker that
    does not answer must not turn it into an error page: the email is marked failed, and logged.
    """
    from .tasks import send_email

    try:
        send_email.delay(email_id)
    except Exception:  # The broker's client raises many kinds (kombu, redis, OSError).
        logger.exception("Could not queue email %s", email_id)
        email_failed(email_id, outbox.QUEUE_DOWN)


def email_send(email_id: int) -> str | None:
    """
    Send one email, unless it was sent (or settled) already; its state afterwards. Errors of the
    SMTP connection propagate, leaving it waiting, for the task to retry.
    """
    with transaction.atomic():
        email = (
            Email.objects.select_for_update(of=("self",))
            .select_related("response__consultation__board", "subscriber")
            .filter(pk=email_id)
            .first()
        )
        if email is None:
            return None
        if email.state != Email.State.PENDING:
            return email.state  # Redelivered, or a retry after a send that did go through.
        address = _address(email)
        if not address:  # Erased or unsubscribed since, or the address removed.
            email.state = Email.State.NOT_SENT
            email.save(update_fields=["state"])
            return email.state
        # Slow (the SMTP server) inside the row lock: a second delivery waits here, then finds it sent.
        message(email, to=address).send()
        email.state, email.sent_at = Email.State.SENT, timezone.now()
        email.save(update_fields=["state", "sent_at"])
        return email.state


def _address(email: Email) -> str:
    """Where the email goes, read now: nowhere if the respondent was erased or the subscriber left."""
    if email.subscriber_id is not None:
        subscriber = Subscriber.objects.get(pk=email.subscriber_id)
        if subscriber.unsubscribed_at is not None:
            return ""
        if email.kind != Email.Kind.SUBSCRIPTION and subscriber.confirmed_at is None:
            return ""  # Double opt-in: only the confirmation link until they confirm.
        return subscriber.email
    respondent = Respondent.objects.filter(response=email.response).first()
    return respondent.email if respondent else ""


def email_failed(email_id: int, failure: str) -> None:
    """A final failure: retries used up, or an error not worth retrying."""
    Email.objects.filter(pk=email_id, state=Email.State.PENDING).update(
        state=Email.State.FAILED, failure=failure[:200]
    )


def message(email: Email, *, to: str) -> EmailMultiAlternatives:
    """The email as it is sent: plain text, and the same in simple HTML."""
    headers = {"Auto-Submitted": "auto-generated"}  # RFC 3834: no out-of-office replies, please.
    if email.subscriber_id is not None:
        from . import subscribers  # It queues emails through here.

        context = subscribers.email_context(email.subscriber, kind=email.kind)
        # RFC 8058: a mail client's own "Unsubscribe" button POSTs here, with no form and no cookie.
        headers |= {
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    else:
        response = email.response
        consultation = response.consultation
        context = {
            "response": response,
            "consultation": consultation,
            "board": consultation.board,
            "consultation_url": settings.PUBLIC_URL + consultation.get_absolute_url(),
        }
        if email.kind == Email.Kind.RESUME_LINK:
            context |= {"link": resume.resume_url(response), "expires_at": resume.expires_at(response)}
    template = f"consultations/email/{email.kind}"
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message
