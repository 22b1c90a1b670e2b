"""
Keeping the plan and the indicators current (issue 8: plan-tracking vendors report that most owners never
update). Every action and indicator has an owner (one of the board's officers) and an update frequency;
its next update falls due that many calendar months after its last one: an action's last progress update
(or its creation), an indicator's last import or data entry that changed something, or the owner's
"checked: no new data" (or its creation). Once that date has passed it is stale, "since" that date.

Once a day (the beat schedule) reminders_due makes one Reminder per stale item and due date, for items
with an owner in a strategy still delivered (not replaced; a complete action needs no updates), and
sends each through a task that sends it once however often it runs (reminder_send).
"""

import calendar
import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from strategies.models import Status, Strategy

from .models import Action, ActionStatus, Indicator, Reminder, ReminderState, today

logger = logging.getLogger(__name__)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later (the month's last day where it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Freshness:
    last: datetime.date
    due_on: datetime.date
    on: datetime.date

    @property
    def stale(self) -> bool:
        return self.due_on < self.on

    @property
    def days_stale(self) -> int:
        return max((self.on - self.due_on).days, 0)


def freshness(last: datetime.datetime | datetime.date, every: int, *, on: datetime.date | None = None):
    if isinstance(last, datetime.datetime):
        last = timezone.localdate(last)
    return Freshness(last, add_months(last, every), on or today())


def action_freshness(action: Action, last_update_at, *, on: datetime.date | None = None) -> Freshness | None:
    """None for a complete action: it needs no more updates."""
    if action.status == ActionStatus.COMPLETE:
        return None
    return freshness(last_update_at or action.created_at, action.update_every, on=on)


def indicator_freshness(indicator: Indicator, *, on: datetime.date | None = None) -> Freshness:
    return freshness(indicator.checked_at or indicator.created_at, indicator.update_every, on=on)


def board_officers(board):
    """Who may own an action or indicator of the board: its officers and administrators, by name."""
    return (
        get_user_model()
        .objects.filter(board_roles__board=board, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def check_owner(strategy: Strategy, owner) -> dict:
    """An owner keeps the item current in the portal, so is one of the board's officers."""
    if owner is not None and not board_officers(strategy.board).filter(pk=owner.pk).exists():
        return {"owner": f"Choose one of the {strategy.board.name}'s officers"}
    return {}


# Reminders --------------------------------------------------------------------------------------------


def _delivered(queryset, prefix: str):
    return queryset.exclude(**{f"{prefix}status": Status.SUPERSEDED}).exclude(owner=None)


def reminders_due(*, on: datetime.date | None = None) -> int:
    """Make and send a reminder for every stale item that has none for its due date. How many were made."""
    on = on or today()
    made = []
    actions = (
        _delivered(Action.objects.all(), "priority__domain__strategy__")
        .exclude(status=ActionStatus.COMPLETE)
        .annotate(last=Coalesce(Max("updates__at"), "created_at"))
        .only("pk", "owner_id", "update_every", "status", "created_at")
    )
    for action in actions.iterator(chunk_size=1000):
        due = freshness(action.last, action.update_every, on=on)
        if due.stale:
            made.append(_make(owner_id=action.owner_id, due_on=due.due_on, action_id=action.pk))
    indicators = _delivered(Indicator.objects.all(), "strategy__").only(
        "pk", "owner_id", "update_every", "checked_at", "created_at"
    )
    for indicator in indicators.iterator(chunk_size=1000):
        due = indicator_freshness(indicator, on=on)
        if due.stale:
            made.append(_make(owner_id=indicator.owner_id, due_on=due.due_on, indicator_id=indicator.pk))
    made = [pk for pk in made if pk is not None]
    for pk in made:
        _enqueue(pk)
    return len(made)


def _make(**fields) -> int | None:
    """A new reminder's id; None when there is one already for that item and date."""
    try:
        with transaction.atomic():
            return Reminder.objects.create(**fields).pk
    except IntegrityError:
        return None


def _enqueue(reminder_id: int) -> None:
    from .tasks import send_reminder

    try:
        send_reminder.delay(reminder_id)
    except Exception:  # The broker's client raises many kinds; tomorrow's run sends the pending ones.
        logger.exception("Could not queue reminder %s", reminder_id)


def reminders_pending() -> int:
    """Queue again reminders left pending (a broker that was down when they were made)."""
    stuck = list(
        Reminder.objects.filter(
            state=ReminderState.PENDING, created_at__lt=timezone.now() - datetime.timedelta(hours=1)
        ).values_list("pk", flat=True)
    )
    for pk in stuck:
        _enqueue(pk)
    return len(stuck)


def reminder_send(reminder_id: int) -> str | None:
    """Send one reminder unless it was sent (or settled) already; its state afterwards."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related(
                "owner", "action__priority__domain__strategy__board", "indicator__strategy__board"
            )
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None:
            return None
        if reminder.state != ReminderState.PENDING:
            return reminder.state
        owner = reminder.owner
        if not owner.is_active or not owner.email:
            reminder.state = ReminderState.NOT_SENT
            reminder.save(update_fields=["state"])
            return reminder.state
        message(reminder).send()  # Inside the lock: a second delivery waits, then finds it sent.
        reminder.state, reminder.sent_at = ReminderState.SENT, timezone.now()
        reminder.save(update_fields=["state", "sent_at"])
        return reminder.state


def reminder_failed(reminder_id: int, failure: str) -> None:
    Reminder.objects.filter(pk=reminder_id, state=ReminderState.PENDING).update(
        state=ReminderState.FAILED, failure=failure[:200]
    )


def message(reminder: Reminder) -> EmailMultiAlternatives:
    if reminder.action_id:
        item, strategy = reminder.action, reminder.action.priority.domain.strategy
        url = reverse("delivery:action_manage", kwargs={"pk": item.pk}) + "#progress"
    else:
        item, strategy = reminder.indicator, reminder.indicator.strategy
        url = reverse("delivery:indicator_manage", kwargs={"pk": item.pk})
    context = {
        "reminder": reminder,
        "owner": reminder.owner,
        "item": item,
        "is_action": bool(reminder.action_id),
        "strategy": strategy,
        "board": strategy.board,
        "url": settings.PUBLIC_URL + url,
    }
    subject = " ".join(render_to_string("delivery/email/reminder_subject.txt", context).split())
    return EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("delivery/email/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[reminder.owner.email],
    )


@dataclass(frozen=True)
class StaleItem:
    item: Action | Indicator
    freshness: Freshness

    @property
    def is_action(self) -> bool:
        return isinstance(self.item, Action)


def stale_items(strategy, *, on: datetime.date | None = None) -> list[StaleItem]:
    """The strategy's stale actions and indicators, the longest stale first: two queries."""
    on = on or today()
    actions = (
        Action.objects.of_strategy(strategy)
        .exclude(status=ActionStatus.COMPLETE)
        .annotate(last=Max("updates__at"))
        .select_related("owner")
    )
    found = [
        StaleItem(action, fresh)
        for action in actions
        if (fresh := action_freshness(action, action.last, on=on)) and fresh.stale
    ]
    found += [
        StaleItem(indicator, fresh)
        for indicator in strategy.indicators.select_related("owner")
        if (fresh := indicator_freshness(indicator, on=on)).stale
    ]
    return sorted(found, key=lambda stale: (stale.freshness.due_on, stale.item.title))
