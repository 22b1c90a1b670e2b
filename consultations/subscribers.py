"""
Subscribers: people who asked to hear when a consultation's report, or a strategy's final version,
is published (docs/decisions/0017-personal-data.md). Double opt-in: a new subscriber gets only a
link to confirm; confirmed, they get the news, each email with a one-click unsubscribe (a link, and
the List-Unsubscribe and List-Unsubscribe-Post headers of RFC 8058). Their links carry their token,
signed, so that a changed link is refused before the database is asked.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from strategies.models import Strategy
from strategies.signals import strategy_published

from . import emails
from .models import Consultation, Email, Subscriber

SALT = "consultations.subscriber"
NOTIFICATIONS = (Email.Kind.REPORT_PUBLISHED, Email.Kind.STRATEGY_PUBLISHED)


def signed_token(subscriber: Subscriber) -> str:
    return signing.Signer(salt=SALT).sign(subscriber.token)


def subscriber_from_token(token: str) -> Subscriber | None:
    """The subscriber a link is for, or None for a changed or unknown link."""
    try:
        raw = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return (
        Subscriber.objects.select_related("consultation__board", "strategy__board").filter(token=raw).first()
    )


def _absolute(name: str, subscriber: Subscriber) -> str:
    return settings.PUBLIC_URL + reverse(name, kwargs={"token": signed_token(subscriber)})


def email_context(subscriber: Subscriber, *, kind: str) -> dict:
    """What a subscriber's emails are rendered with."""
    consultation = subscriber.consultation
    strategy = subscriber.strategy or consultation.strategy
    return {
        "subscriber": subscriber,
        "kind": kind,
        "consultation": consultation,
        "strategy": strategy,
        "board": strategy.board,
        "page_url": settings.PUBLIC_URL
        + (consultation.get_absolute_url() if consultation else strategy.get_absolute_url()),
        "strategy_url": settings.PUBLIC_URL + strategy.get_absolute_url(),
        "confirm_url": _absolute("consultations:subscription_confirm", subscriber),
        "unsubscribe_url": _absolute("consultations:unsubscribe", subscriber),
    }


@transaction.atomic
def subscriber_add(*, email: str, consultation: Consultation | None = None, strategy: Strategy | None = None):
    """
    Subscribe `email` (unconfirmed) and send the link to confirm. An address already subscribed and
    not unsubscribed is that subscription again (the link is not sent twice).
    """
    email = email.strip()
    subscriber, created = Subscriber.objects.get_or_create(
        consultation=consultation,
        strategy=strategy,
        email__iexact=email,
        unsubscribed_at=None,
        defaults={"email": email},
    )
    if created:
        emails.email_enqueue(
            kind=Email.Kind.SUBSCRIPTION, key=f"subscription:{subscriber.pk}", subscriber=subscriber
        )
    return subscriber


@transaction.atomic
def subscriber_confirm(*, subscriber: Subscriber) -> Subscriber:
    """The double opt-in's second step; confirming twice, or after unsubscribing, changes nothing."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.confirmed_at is None and subscriber.unsubscribed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    """Stop all emails to them, and forget the address (kept no longer than the consent). Idempotent."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at, subscriber.email = timezone.now(), ""
        subscriber.save(update_fields=["unsubscribed_at", "email"])
    return subscriber


def notify_subscribers(consultation: Consultation, kind: str) -> int:
    """
    Email the confirmed subscribers of `consultation`, and of its strategy, that its report
    (REPORT_PUBLISHED) or the final strategy (STRATEGY_PUBLISHED) is published: once each, however
    often this is called. Call it inside the transaction that publishes; the emails go after it
    commits. Returns how many were queued.
    """
    if kind not in NOTIFICATIONS:
        raise ValueError(f"Not a notification: {kind}")
    queued = 0
    active = Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
    for subscriber in active.filter(Q(consultation=consultation) | Q(strategy=consultation.strategy_id)):
        # Once per report, and once per strategy (a strategy consulted on twice is published once).
        about = consultation.strategy_id if kind == Email.Kind.STRATEGY_PUBLISHED else consultation.pk
        email = emails.email_enqueue(kind=kind, key=f"{kind}:{about}:{subscriber.pk}", subscriber=subscriber)
        queued += email.state == Email.State.PENDING
    return queued


@receiver(strategy_published, dispatch_uid="consultations.subscribers.strategy_published")
def _on_strategy_published(sender, strategy: Strategy, **kwargs) -> None:
    """A strategy is published: tell the subscribers of the consultations on its drafts."""
    for consultation in Consultation.objects.filter(strategy=strategy):
        notify_subscribers(consultation, Email.Kind.STRATEGY_PUBLISHED)
