"""The emails the portal sends respondents and subscribers, and the subscribers themselves."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone

from strategies.models import Strategy

from .consultation import Consultation
from .responses import Response

EMAIL_KINDS = ["confirmation", "resume_link", "subscription", "report_published", "strategy_published"]


class Email(models.Model):
    """
    One email to a respondent (their confirmation, a link to come back to their response), recorded
    before it is sent and marked once it is, so that the task sending it, retried or delivered twice,
    sends it once. It holds no address and no text: the address is read from the Respondent when
    sending (an erased respondent is never written to), the text rendered from templates.
    """

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", "Confirmation of a response"
        RESUME_LINK = "resume_link", "Link to come back to a response"
        # To subscribers (Subscriber): the double opt-in, then the news they asked for.
        SUBSCRIPTION = "subscription", "Link to confirm a subscription"
        REPORT_PUBLISHED = "report_published", "The consultation report is published"
        STRATEGY_PUBLISHED = "strategy_published", "The final strategy is published"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        NOT_SENT = "not_sent", "Not sent: no address to send it to"
        FAILED = "failed", "Failed"

    # What makes it this email and no other: a confirmation's response, a resume form's one-time key.
    key = models.CharField(max_length=100, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind, editable=False)
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.CASCADE, related_name="emails", editable=False
    )
    subscriber = models.ForeignKey(
        "Subscriber", null=True, blank=True, on_delete=models.CASCADE, related_name="emails", editable=False
    )
    state = models.CharField(max_length=10, choices=State, default=State.PENDING, editable=False)
    # Why it failed, as the error's type: an SMTP server's message may quote the address.
    failure = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "email to a respondent"
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EMAIL_KINDS), name="email_kind_valid"),
            models.CheckConstraint(
                condition=Q(response__isnull=False, subscriber__isnull=True)
                | Q(response__isnull=True, subscriber__isnull=False),
                name="email_to_respondent_or_subscriber",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sent", "not_sent", "failed"]), name="email_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state="sent", sent_at__isnull=False) | ~Q(state="sent"), name="email_sent_at_set"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.key})"


class Subscriber(models.Model):
    """
    Someone who asked to hear when a consultation's report, or a strategy's final version, is
    published. Double opt-in: nothing but the confirmation link is sent until they confirm. Their
    address is their own consent's, apart from any response; unsubscribing keeps the row (so that a
    notification queued meanwhile is not sent) and blanks the address.
    """

    consultation = models.ForeignKey(
        Consultation, null=True, blank=True, on_delete=models.CASCADE, related_name="subscribers"
    )
    strategy = models.ForeignKey(
        Strategy, null=True, blank=True, on_delete=models.CASCADE, related_name="subscribers"
    )
    email = models.EmailField("email address", blank=True)
    # The secret in their links (signed as well: consultations.subscribers.signed_token).
    token = models.CharField(max_length=43, unique=True, default=secrets.token_urlsafe, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consultation__isnull=False, strategy__isnull=True)
                | Q(consultation__isnull=True, strategy__isnull=False),
                name="subscriber_one_scope",
            ),
            models.CheckConstraint(
                condition=Q(unsubscribed_at__isnull=False) | ~Q(email=""),
                name="subscriber_email_until_unsubscribed",
            ),
            models.UniqueConstraint(
                fields=["consultation", "email"],
                condition=Q(unsubscribed_at__isnull=True, consultation__isnull=False),
                name="subscriber_once_per_consultation",
            ),
            models.UniqueConstraint(
                fields=["strategy", "email"],
                condition=Q(unsubscribed_at__isnull=True, strategy__isnull=False),
                name="subscriber_once_per_strategy",
            ),
        ]

    def __str__(self):
        return f"Subscriber {self.pk} to {self.consultation or self.strategy}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None
