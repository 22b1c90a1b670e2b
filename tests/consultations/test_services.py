from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from boards.models import BoardRole
from consultations import services
from consultations.models import Consultation, Question, Response, Status, StatusChange
from core.models import AuditEntry
from strategies.models import Status as StrategyStatus
from tests.factories import DecisionFactory, DomainFactory, PriorityFactory, StrategyFactory

pytestmark = pytest.mark.django_db


def fields(**overrides) -> dict:
    now = timezone.now()
    return {
        "title": "Have your say on our draft strategy",
        "slug": "have-your-say",
        "opens_at": now + timedelta(days=1),
        "closes_at": now + timedelta(days=57),
        "privacy_notice": "We keep your personal data for 12 months.",
        **overrides,
    }


class TestConsultationCreate:
    def test_sets_up_a_consultation_on_a_draft_and_audits_it(self, board, officer):
        strategy = StrategyFactory(board=board)

        consultation = services.consultation_create(strategy=strategy, by=officer, **fields())

        assert consultation.status == Status.SETUP
        assert consultation.board == board
        assert consultation.revision is None
        assert AuditEntry.objects.filter(
            target_type__model="consultation", target_id=consultation.pk, action=AuditEntry.Action.CREATED
        ).exists()

    def test_refuses_a_strategy_that_is_not_a_draft(self, board, officer):
        strategy = StrategyFactory(board=board, status=StrategyStatus.PUBLISHED)

        with pytest.raises(ValidationError, match="a consultation is set up on a draft"):
            services.consultation_create(strategy=strategy, by=officer, **fields())

    def test_refuses_a_closing_date_before_the_opening(self, board, officer):
        strategy = StrategyFactory(board=board)
        now = timezone.now()

        with pytest.raises(ValidationError) as error:
            services.consultation_create(strategy=strategy, by=officer, **fields(closes_at=now, opens_at=now))

        assert error.value.message_dict["closes_at"] == ["The closing date must be after the opening date"]

    def test_refuses_a_second_consultation_while_one_has_not_closed(self, consultation, officer):
        with pytest.raises(ValidationError) as error:
            services.consultation_create(strategy=consultation.strategy, by=officer, **fields(slug="again"))

        assert "has not closed" in error.value.message_dict["strategy"][0]


class TestScheduleAndOpen:
    def test_scheduling_records_who_and_locks_the_survey(self, consultation, officer):
        services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)

        consultation.refresh_from_db()
        assert consultation.status == Status.SCHEDULED
        assert consultation.scheduled_by == officer
        with pytest.raises(ValidationError, match="can no longer be changed"):
            services.question_create(consultation=consultation, by=officer, text="Anything else?")

    def test_scheduling_is_refused_without_priorities(self, board, officer):
        strategy = StrategyFactory(board=board)
        consultation = services.consultation_create(strategy=strategy, by=officer, **fields())

        with pytest.raises(ValidationError, match="no priorities to ask about"):
            services.consultation_transition(
                consultation=consultation, to_status=Status.SCHEDULED, by=officer
            )

    def test_opening_moves_the_strategy_and_fixes_the_revision_consulted_on(self, opened, officer):
        opened.refresh_from_db()
        strategy = opened.strategy

        assert opened.status == Status.OPEN
        assert strategy.status == StrategyStatus.IN_CONSULTATION
        assert opened.revision.status == StrategyStatus.IN_CONSULTATION
        assert [p["title"] for p in opened.priorities()] == ["Fewer people smoke", "More people are active"]
        change = strategy.status_changes.get()
        assert "opened" in change.reason

    def test_opening_records_the_board_decision(self, consultation, officer, board):
        decision = DecisionFactory(consultation=True, agenda_item__meeting__board=board)
        services.consultation_update(consultation=consultation, by=officer, decision=decision)
        services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)

        services.consultation_transition(consultation=consultation, to_status=Status.OPEN, by=officer)

        assert consultation.strategy.status_changes.get().decision == decision

    def test_the_text_consulted_on_stays_as_it_was_opened(self, opened, officer):
        priority = opened.strategy.domains.get().priorities.first()

        priority.title = "Changed afterwards"
        priority.save()

        opened.refresh_from_db()
        assert opened.priorities()[0]["title"] == "Fewer people smoke"

    def test_an_illegal_move_is_refused_with_a_reason(self, consultation, officer):
        with pytest.raises(ValidationError, match="cannot become closed"):
            services.consultation_transition(consultation=consultation, to_status=Status.CLOSED, by=officer)

    def test_every_move_is_recorded(self, opened, officer):
        services.consultation_transition(consultation=opened, to_status=Status.CLOSED, by=officer)

        moves = list(StatusChange.objects.filter(consultation=opened).values_list("from_status", "to_status"))
        assert moves == [("setup", "scheduled"), ("scheduled", "open"), ("open", "closed")]


class TestTheDecisionToConsult:
    """A consultation opens the strategy to consultation, which only an approving Board decision can do."""

    def test_scheduling_is_refused_without_a_decision_and_says_where_to_give_it(self, board, officer):
        consultation = services.consultation_create(strategy=_with_priorities(board), by=officer, **fields())

        with pytest.raises(ValidationError) as refused:
            services.consultation_transition(
                consultation=consultation, to_status=Status.SCHEDULED, by=officer
            )

        assert refused.value.message_dict == {
            "to_status": [
                "Choose the Board decision that approved the draft for consultation, in the set-up: a "
                "consultation opens only on an approving decision of the board."
            ]
        }
        consultation.refresh_from_db()
        assert consultation.status == Status.SETUP

    def test_opening_now_on_a_decision_no_longer_approving_is_refused_and_nothing_moves(
        self, consultation, officer
    ):
        services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
        type(consultation.decision).objects.filter(pk=consultation.decision_id).update(outcome="deferred")

        with pytest.raises(ValidationError, match="The Board decision chosen in the set-up cannot open it"):
            services.consultation_transition(consultation=consultation, to_status=Status.OPEN, by=officer)

        consultation.refresh_from_db()
        assert consultation.status == Status.SCHEDULED
        assert not consultation.strategy.status_changes.exists()

    @pytest.mark.parametrize(
        "decision",
        [
            {"strategy": True},  # Approves a final strategy, not a draft for consultation.
            {"consultation": True, "outcome": "deferred"},
            {"consultation": True, "agenda_item__meeting__status": "scheduled"},
        ],
        ids=["another-effect", "deferred", "meeting-not-held"],
    )
    def test_a_decision_that_does_not_approve_consultation_is_refused(self, board, officer, decision):
        chosen = DecisionFactory(agenda_item__meeting__board=board, **decision)

        with pytest.raises(ValidationError) as refused:
            services.consultation_create(
                strategy=_with_priorities(board), by=officer, **fields(decision=chosen)
            )

        assert refused.value.message_dict == {
            "decision": ["Choose a decision of this board that approved the draft for consultation"]
        }
        assert not Consultation.objects.exists()

    def test_a_decision_of_another_board_is_refused(self, consultation, officer, other_board):
        theirs = DecisionFactory(consultation=True, agenda_item__meeting__board=other_board)

        with pytest.raises(ValidationError, match="Choose a decision of this board"):
            services.consultation_update(consultation=consultation, by=officer, decision=theirs)

        consultation.refresh_from_db()
        assert consultation.decision.agenda_item.meeting.board_id == consultation.board_id

    def test_one_whose_decision_became_unfit_does_not_open_on_schedule_and_says_why(
        self, consultation, officer
    ):
        services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
        type(consultation.decision).objects.filter(pk=consultation.decision_id).update(outcome="deferred")

        result = services.consultations_on_schedule(now=consultation.opens_at + timedelta(minutes=1))

        assert result == {"opened": 0, "closed": 0, "failed": 1}
        consultation.refresh_from_db()
        assert consultation.status == Status.SCHEDULED
        assert "not approved" in consultation.schedule_problem


def _decision_to_consult(board):
    return DecisionFactory(consultation=True, agenda_item__meeting__board=board)


class TestOnSchedule:
    def test_opens_what_is_due_and_leaves_what_is_not(self, board, officer):
        due = services.consultation_create(
            strategy=_with_priorities(board),
            by=officer,
            **fields(opens_at=timezone.now() - timedelta(minutes=1), decision=_decision_to_consult(board)),
        )
        later = services.consultation_create(
            strategy=_with_priorities(board),
            by=officer,
            **fields(slug="later", decision=_decision_to_consult(board)),
        )
        for consultation in (due, later):
            services.consultation_transition(
                consultation=consultation, to_status=Status.SCHEDULED, by=officer
            )

        result = services.consultations_on_schedule()

        assert result == {"opened": 1, "closed": 0, "failed": 0}
        assert Consultation.objects.get(pk=due.pk).status == Status.OPEN
        assert Consultation.objects.get(pk=later.pk).status == Status.SCHEDULED
        assert StatusChange.objects.get(consultation=due, to_status=Status.OPEN).on_schedule

    def test_closes_what_has_passed_its_closing_time(self, opened):
        result = services.consultations_on_schedule(now=opened.closes_at + timedelta(seconds=1))

        assert result["closed"] == 1
        assert Consultation.objects.get(pk=opened.pk).status == Status.CLOSED

    def test_one_whose_officer_lost_their_role_stays_scheduled_and_says_why(self, consultation, officer):
        services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
        BoardRole.objects.filter(user=officer).delete()

        result = services.consultations_on_schedule(now=consultation.opens_at)

        consultation.refresh_from_db()
        assert result["failed"] == 1
        assert consultation.status == Status.SCHEDULED
        assert "schedule it again" in consultation.schedule_problem


class TestQuestions:
    def test_a_choice_question_needs_two_different_choices(self, consultation, officer):
        with pytest.raises(ValidationError) as error:
            services.question_create(
                consultation=consultation,
                by=officer,
                text="Pick",
                kind=Question.Kind.SINGLE,
                options=["A", "a"],
            )

        assert error.value.message_dict["options"] == ["Each choice must be different"]

    def test_reorders_and_refuses_a_stale_order(self, consultation, officer):
        first = services.question_create(consultation=consultation, by=officer, text="First?")
        second = services.question_create(consultation=consultation, by=officer, text="Second?")

        services.questions_reorder(consultation=consultation, by=officer, order=[second.pk, first.pk])

        assert list(consultation.questions.values_list("text", flat=True)) == ["Second?", "First?"]
        with pytest.raises(services.StaleOrder):
            services.questions_reorder(
                consultation=consultation, by=officer, order=[first.pk, second.pk], seen=[first.pk, second.pk]
            )

    def test_the_survey_cannot_change_once_a_response_exists(self, consultation, officer):
        question = services.question_create(consultation=consultation, by=officer, text="First?")
        Response.objects.create(consultation=consultation)

        with pytest.raises(ValidationError, match="once a response exists"):
            services.question_update(question=question, by=officer, text="Changed?")

    def test_a_board_member_may_not_add_questions(self, consultation, board_member):
        with pytest.raises(PermissionDenied):
            services.question_create(consultation=consultation, by=board_member, text="Mine?")


def _with_priorities(board):
    strategy = StrategyFactory(board=board)
    PriorityFactory(domain=DomainFactory(strategy=strategy))
    return strategy
