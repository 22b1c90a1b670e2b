"""
The delivery plan's services (delivery/services.py): adding and changing actions, recording progress
as updates that are never changed, the rules they check, and the audit trail they leave.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEntry, ImmutableRecord
from core.versions import EditConflict
from delivery import services
from delivery.models import Action, ActionStatus, ActionUpdate
from strategies import services as strategy_services
from strategies.models import Status
from tests.factories import ActionFactory, OrganisationFactory, PriorityFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def priority(board):
    return PriorityFactory(domain__strategy__board=board, domain__strategy__status=Status.PUBLISHED)


@pytest.fixture
def council(board):
    organisation = OrganisationFactory(name="Thurrock Council")
    board.organisations.add(organisation)
    return organisation


def add(priority, by, **fields):
    values = {
        "title": "Falls prevention classes in every library",
        "lead_organisation": priority.domain.strategy.board.organisations.first(),
        "lead_officer": "Jo Broadbent",
        "due_on": TODAY + datetime.timedelta(days=60),
    }
    return services.action_create(priority=priority, by=by, **{**values, **fields})


class TestActionCreate:
    def test_adds_an_action_not_started_at_the_end_of_the_priority(self, priority, council, officer):
        first = add(priority, officer, title="First")

        second = add(priority, officer, title="  Second  ")

        assert (second.title, second.status, second.position > first.position) == (
            "Second",
            "not_started",
            True,
        )
        entry = AuditEntry.objects.get(target_id=second.pk, action=AuditEntry.Action.CREATED)
        assert entry.changes["lead_organisation"] == [None, "Thurrock Council"]

    def test_the_lead_must_be_one_of_the_boards_organisations(self, priority, council, officer):
        stranger = OrganisationFactory(name="Somewhere Else NHS Trust")

        with pytest.raises(ValidationError) as refused:
            add(priority, officer, lead_organisation=stranger)

        assert "member organisations" in refused.value.message_dict["lead_organisation"][0]
        assert not Action.objects.exists()

    def test_a_due_date_before_the_start_is_refused_beside_the_due_date(self, priority, council, officer):
        with pytest.raises(ValidationError) as refused:
            add(priority, officer, starts_on=TODAY, due_on=TODAY - datetime.timedelta(days=1))

        assert refused.value.message_dict["due_on"] == [
            "The due date must be the same as or after the start date"
        ]

    def test_only_the_boards_officers_may(self, priority, council, board_member, other_officer):
        for outsider in (board_member, other_officer):
            with pytest.raises(PermissionDenied):
                add(priority, outsider)

    def test_a_superseded_strategys_plan_is_closed(self, priority, council, officer):
        strategy = priority.domain.strategy
        strategy.status = Status.SUPERSEDED
        strategy.save()

        with pytest.raises(PermissionDenied):
            add(priority, officer)


class TestActionUpdate:
    def test_changes_the_details_and_records_them(self, priority, council, officer):
        action = add(priority, officer)

        services.action_update(action=action, by=officer, version=1, lead_officer="Ian Wake")

        action.refresh_from_db()
        assert (action.lead_officer, action.version) == ("Ian Wake", 2)
        entry = AuditEntry.objects.filter(target_id=action.pk, action=AuditEntry.Action.UPDATED).get()
        assert entry.changes == {"lead_officer": ["Jo Broadbent", "Ian Wake"]}

    def test_a_save_over_a_newer_one_is_refused(self, priority, council, officer, board_admin):
        action = add(priority, officer)
        services.action_update(action=action, by=board_admin, version=1, title="Theirs")

        with pytest.raises(EditConflict):
            services.action_update(action=action, by=officer, version=1, title="Mine")

        action.refresh_from_db()
        assert action.title == "Theirs"


class TestActionProgress:
    def test_a_status_change_is_an_update_row_and_moves_the_action(self, priority, council, officer):
        action = add(priority, officer)

        update = services.action_progress(action=action, by=officer, status=ActionStatus.ON_TRACK)

        action.refresh_from_db()
        assert (update.from_status, update.to_status, action.status) == (
            "not_started",
            "on_track",
            "on_track",
        )

    def test_a_narrative_alone_keeps_the_status(self, priority, council, officer):
        action = add(priority, officer)

        update = services.action_progress(
            action=action, by=officer, status=ActionStatus.NOT_STARTED, narrative="Venues booked."
        )

        assert not update.moved and update.narrative == "Venues booked."

    def test_an_update_that_says_nothing_is_refused(self, priority, council, officer):
        action = add(priority, officer)

        with pytest.raises(ValidationError) as refused:
            services.action_progress(
                action=action, by=officer, status=ActionStatus.NOT_STARTED, narrative="  "
            )

        assert "must say something" in refused.value.message_dict["narrative"][0]
        assert not ActionUpdate.objects.exists()

    def test_at_risk_must_say_why(self, priority, council, officer):
        action = add(priority, officer)

        with pytest.raises(ValidationError) as refused:
            services.action_progress(action=action, by=officer, status=ActionStatus.AT_RISK)

        assert refused.value.message_dict["narrative"] == [
            "Say why the action is at risk, and what is being done about it"
        ]
        action.refresh_from_db()
        assert action.status == ActionStatus.NOT_STARTED

    def test_updates_are_never_changed(self, priority, council, officer):
        action = add(priority, officer)
        update = services.action_progress(action=action, by=officer, status=ActionStatus.COMPLETE)

        with pytest.raises(ImmutableRecord):
            update.save()
        with pytest.raises(ImmutableRecord):
            ActionUpdate.objects.filter(pk=update.pk).update(narrative="Rewritten")

    def test_an_unknown_status_is_refused(self, priority, council, officer):
        action = add(priority, officer)

        with pytest.raises(ValidationError) as refused:
            services.action_progress(action=action, by=officer, status="finished")

        assert refused.value.message_dict["status"] == ["Choose the action's status"]


class TestActionDelete:
    def test_removes_an_action_added_by_mistake(self, priority, council, officer):
        action = add(priority, officer)

        services.action_delete(action=action, by=officer)
        services.action_delete(action=action, by=officer)  # The same form sent twice.

        assert not Action.objects.exists()

    def test_an_action_with_progress_stays(self, priority, council, officer):
        action = add(priority, officer)
        services.action_progress(action=action, by=officer, status=ActionStatus.ON_TRACK)

        with pytest.raises(ValidationError):
            services.action_delete(action=action, by=officer)

        assert Action.objects.filter(pk=action.pk).exists()


class TestOverdue:
    def test_is_derived_from_the_due_date_and_never_for_a_complete_action(self, priority, council):
        late = ActionFactory(priority=priority, due_on=TODAY - datetime.timedelta(days=1))
        done = ActionFactory(priority=priority, due_on=TODAY - datetime.timedelta(days=1))
        Action.objects.filter(pk=done.pk).update(status=ActionStatus.COMPLETE)
        ActionFactory(priority=priority, due_on=TODAY)

        assert list(Action.objects.overdue()) == [late]
        assert late.is_overdue() and not Action.objects.get(pk=done.pk).is_overdue()


class TestPriorityWithActions:
    def test_cannot_be_deleted_and_says_what_rests_on_it(self, board, council, officer):
        priority = PriorityFactory(domain__strategy__board=board, domain__strategy__status=Status.DRAFT)
        add(priority, officer, title="Falls classes")

        with pytest.raises(ValidationError) as refused:
            strategy_services.priority_delete(priority=priority, by=officer)

        assert refused.value.messages == [
            "This priority cannot be deleted while other things use it: Action “Falls classes”."
        ]
        assert type(priority).objects.filter(pk=priority.pk).exists()
