"""
Owners keep actions and indicators current (delivery/freshness.py): the next update falls due a number of
calendar months after the last; stale items are listed with their owners and since when; the daily check
emails each owner once per item and due date, however often it runs.
"""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from delivery import freshness, services
from delivery.models import ActionStatus, ActionUpdate, Indicator, Reminder, ReminderState, UpdateEvery
from strategies.models import Status
from tests.factories import ActionFactory, BoardRoleFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=200)


@pytest.fixture
def action(board, officer):
    return ActionFactory(
        priority__domain__strategy__board=board,
        priority__domain__strategy__status=Status.PUBLISHED,
        owner=officer,
        update_every=UpdateEvery.QUARTER,
        created_at=LONG_AGO,
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 11, 15), 3, datetime.date(2027, 2, 15)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
    ],
)
def test_months_are_calendar_months(day, months, expected):
    assert freshness.add_months(day, months) == expected


class TestStale:
    def test_an_action_is_stale_a_quarter_after_its_last_update(self, action, officer):
        due = freshness.add_months(timezone.localdate(LONG_AGO), 3)

        assert [
            (item.item, item.freshness.due_on)
            for item in freshness.stale_items(action.priority.domain.strategy)
        ] == [(action, due)]
        services.action_progress(
            action=action, by=officer, status=ActionStatus.ON_TRACK, narrative="Started."
        )
        assert freshness.stale_items(action.priority.domain.strategy) == []

    def test_a_complete_action_needs_no_updates(self, action):
        action.status = ActionStatus.COMPLETE
        action.save()

        assert freshness.stale_items(action.priority.domain.strategy) == []

    def test_an_indicator_is_brought_up_to_date_by_an_import_that_changes_something(self, action, officer):
        strategy = action.priority.domain.strategy
        indicator = Indicator.objects.create(
            strategy=strategy,
            title="Smoking",
            fingertips_id=92443,
            created_by=officer,
            created_at=LONG_AGO,
            update_every=UpdateEvery.QUARTER,
        )
        assert any(item.item == indicator for item in freshness.stale_items(strategy))
        from tests.delivery.test_fingertips import THURROCK, csv_file, line

        strategy.board.area_code = THURROCK
        strategy.board.save()
        services.indicators_import(strategy=strategy, by=officer, handle=csv_file(line()))

        indicator.refresh_from_db()
        assert indicator.checked_at is not None
        assert not any(item.item == indicator for item in freshness.stale_items(strategy))


class TestReminders:
    def test_one_email_per_item_and_due_date_however_often_the_check_runs(self, action, officer):
        officer.email = "officer@thurrock.gov.uk"
        officer.save()

        assert freshness.reminders_due() == 1
        assert freshness.reminders_due() == 0

        reminder = Reminder.objects.get()
        assert (reminder.action, reminder.owner, reminder.state) == (action, officer, ReminderState.SENT)
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["officer@thurrock.gov.uk"]
        assert mail.outbox[0].subject == f"Update due: {action.title}"
        assert f"/manage/actions/{action.pk}/#progress" in mail.outbox[0].body
        assert freshness.reminder_send(reminder.pk) == ReminderState.SENT and len(mail.outbox) == 1

    def test_an_owner_without_an_email_is_not_sent_one(self, action, officer):
        officer.email = ""
        officer.save()

        freshness.reminders_due()

        assert Reminder.objects.get().state == ReminderState.NOT_SENT and not mail.outbox

    def test_no_reminders_for_a_replaced_strategy_or_an_item_without_an_owner(self, action, officer):
        ActionFactory(priority=action.priority, owner=None, created_at=LONG_AGO)
        strategy = action.priority.domain.strategy
        strategy.status = Status.SUPERSEDED
        strategy.save()

        assert freshness.reminders_due() == 0

    def test_the_next_due_date_gets_its_own_reminder(self, action, officer):
        freshness.reminders_due()
        ActionUpdate.objects.create(
            action=action,
            from_status="not_started",
            to_status="on_track",
            by=officer,
            at=LONG_AGO + datetime.timedelta(days=95),
        )

        assert freshness.reminders_due() == 1
        assert Reminder.objects.count() == 2


class TestOwners:
    def test_the_owner_is_one_of_the_boards_officers(self, action, officer):
        stranger = BoardRoleFactory().user

        with pytest.raises(ValidationError) as refused:
            services.action_update(action=action, by=officer, owner=stranger)

        assert refused.value.message_dict == {
            "owner": [f"Choose one of the {action.priority.domain.strategy.board.name}'s officers"]
        }

    def test_whoever_adds_an_action_owns_it_unless_they_say(self, action, officer):
        council = OrganisationFactory()
        action.priority.domain.strategy.board.organisations.add(council)

        added = services.action_create(
            priority=action.priority,
            by=officer,
            title="Falls classes",
            lead_organisation=council,
            lead_officer="Jo Broadbent",
            due_on=timezone.localdate(),
        )

        assert (added.owner, added.update_every) == (officer, UpdateEvery.QUARTER)
