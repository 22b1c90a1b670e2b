"""
A reminder emailed to the owner of an action or indicator whose update is due (issue 8: "most indicator
and action owners never update"). One per item and due date, made by the daily check and sent once,
however often the check runs or the message is delivered (delivery.freshness).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .actions import Action
from .indicators import Indicator


class ReminderState(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    NOT_SENT = "not_sent", "Not sent: the owner has no email address or account"
    FAILED = "failed", "Failed"


class Reminder(models.Model):
    State = ReminderState

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders", null=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="reminders", null=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(help_text="The date the update fell due.")
    state = models.CharField(max_length=20, choices=ReminderState, default=ReminderState.PENDING)
    failure = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__isnull=False, indicator__isnull=True)
                | Q(action__isnull=True, indicator__isnull=False),
                name="reminder_of_one_thing",
            ),
            models.UniqueConstraint(fields=["action", "due_on"], name="reminder_once_per_action_due"),
            models.UniqueConstraint(fields=["indicator", "due_on"], name="reminder_once_per_indicator_due"),
            models.CheckConstraint(condition=Q(state__in=ReminderState.values), name="reminder_state_valid"),
        ]

    def __str__(self):
        return f"Reminder to {self.owner} about {self.action or self.indicator}, due {self.due_on}"
