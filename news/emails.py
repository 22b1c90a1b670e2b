"""
Emailing a board's news to the subscribers who chose it (news.models.NewsSubscription), the way
consultations.emails sends a subscriber's notifications (docs/decisions/0016, 0017): a NewsEmail row
per update and subscriber, unique, recorded in the transaction that makes the update public and sent
by a Celery task after it commits; the task sends it unless it was sent already, holding the row's lock
while it talks to the SMTP server. Each email has the subscriber's one-click unsubscribe link and
List-Unsubscribe headers (RFC 8058), from consultations.subscribers.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from consultations import subscribers
from consultations.models import Subscriber
from core import outbox

from .models import NewsEmail, NewsItem
from .pages import forget_strategy_pages

logger = logging.getLogger(__name__)


def opted_in(board) -> list[Subscriber]:
    """The board's confirmed subscribers who chose its news: one per address (the earliest)."""
    found = (
        Subscriber.objects.filter(
            news_subscription__board=board, confirmed_at__isnull=False, unsubscribed_at__isnull=True
        )
        .filter(Q(consultation__board=board) | Q(strategy__board=board))
        .order_by("created_at", "pk")
    )
    seen, chosen = set(), []
    for subscriber in found:
        address = subscriber.email.lower()
        if address not in seen:
            seen.add(address)
            chosen.append(subscriber)
    return chosen


def news_announce(*, item: NewsItem) -> int:
    """
    Queue `item` for the board's opted-in subscribers, once: an update announced already (even one
    unpublished and published again) is not sent again. Call it inside a transaction, with the update
    public; the emails go after it commits. Returns how many were queued.
    """
    item = NewsItem.objects.select_for_update(of=("self",)).select_related("board").get(pk=item.pk)
    if item.announced_at is not None or not item.is_public:
        return 0
    queued = 0
    for subscriber in opted_in(item.board):
        email, created = NewsEmail.objects.get_or_create(item=item, subscriber=subscriber)
        if created:
            transaction.on_commit(partial(_enqueue, email.pk), robust=True)
            queued += 1
    item.announced_at = timezone.now()
    item.save(update_fields=["announced_at"])
    return queued


def news_announce_due() -> int:
    """Announce every update whose time has come and that was not announced yet (the beat task)."""
    queued = 0
    for pk in NewsItem.objects.public().filter(announced_at__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            item = NewsItem.objects.select_related("strategy__board").get(pk=pk)
            queued += news_announce(item=item)
            if item.strategy is not None:  # Its strategy's page lists it from now on.
                forget_strategy_pages(item.strategy)
    return queued


def _enqueue(email_id: int) -> None:
    """Hand the email to the broker; one that does not answer marks it failed, not the request."""
    from .tasks import send_news_email

    try:
        send_news_email.delay(email_id)
    except Exception:  # The broker's client raises many kinds (kombu, redis, OSError).
        logger.exception("Could not queue news email %s", email_id)
        news_email_failed(email_id, outbox.QUEUE_DOWN)


def news_email_send(email_id: int) -> str | None:
    """Send one update to one subscriber unless sent (or settled) already; its state afterwards."""
    with transaction.atomic():
        email = (
            NewsEmail.objects.select_for_update(of=("self",))
            .select_related("item__board", "subscriber")
            .filter(pk=email_id)
            .first()
        )
        if email is None:
            return None
        if email.state != NewsEmail.State.PENDING:
            return email.state  # Redelivered, or a retry after a send that did go through.
        subscriber = email.subscriber
        if not subscriber.is_active or not subscriber.email or not email.item.is_public:
            # Unsubscribed since, or the update taken back before it went: nothing leaves.
            email.state = NewsEmail.State.NOT_SENT
            email.save(update_fields=["state"])
            return email.state
        message(email).send()
        email.state, email.sent_at = NewsEmail.State.SENT, timezone.now()
        email.save(update_fields=["state", "sent_at"])
        return email.state


def news_email_failed(email_id: int, failure: str) -> None:
    NewsEmail.objects.filter(pk=email_id, state=NewsEmail.State.PENDING).update(
        state=NewsEmail.State.FAILED, failure=failure[:200]
    )


def message(email: NewsEmail) -> EmailMultiAlternatives:
    """The email as it is sent: plain text, and the same in simple HTML."""
    item, subscriber = email.item, email.subscriber
    context = subscribers.email_context(subscriber, kind="news") | {
        "item": item,
        "board": item.board,
        "item_url": settings.PUBLIC_URL + item.get_absolute_url(),
        "choice_url": settings.PUBLIC_URL
        + reverse("news:subscription", kwargs={"token": subscribers.signed_token(subscriber)}),
    }
    subject = " ".join(render_to_string("news/email/news_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("news/email/news.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "Auto-Submitted": "auto-generated",  # RFC 3834: no out-of-office replies, please.
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("news/email/news.html", context), "text/html")
    return message
