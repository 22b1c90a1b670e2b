"""Offline responses and engagement events, entered by the board's officers (consultations/offline.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultations import responding, services
from consultations.models import (
    COMMENT_MAX,
    Channel,
    Choice,
    Comment,
    Event,
    PriorityAnswer,
    Question,
    RespondentType,
    Response,
    Status,
)
from core.formtokens import new_token
from core.models import AuditEntry
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def survey(consultation, officer):
    """The consultation with a required choice question and a text question, then opened."""
    services.question_create(
        consultation=consultation,
        by=officer,
        text="Which matters most?",
        kind=Question.Kind.SINGLE,
        options=["Housing", "Jobs"],
        required=True,
    )
    services.question_create(consultation=consultation, by=officer, text="Anything else?")
    services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
    return services.consultation_transition(consultation=consultation, to_status=Status.OPEN, by=officer)


def priority_ids(consultation) -> list[int]:
    return [priority["id"] for priority in consultation.priorities()]


def questions_of(consultation) -> dict[str, Question]:
    return {question.kind: question for question in consultation.questions.all()}


def enter(consultation, by, **overrides) -> Response:
    arguments = {
        "consultation": consultation,
        "by": by,
        "form_key": new_token(),
        "channel": Channel.PAPER,
        "received_on": TODAY(),
        **overrides,
    }
    return services.response_enter(**arguments)


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


class TestResponseEnter:
    def test_saves_a_submitted_response_with_every_answer(self, survey, officer):
        first, second = priority_ids(survey)
        questions = questions_of(survey)

        response = enter(
            survey,
            officer,
            channel=Channel.PHONE,
            answers={first: (5, "  Yes, sooner.  "), second: (None, "")},
            questions={questions["single"].pk: "Jobs", questions["text"].pk: "More buses."},
            respondent_type=RespondentType.ORGANISATION,
            organisation="Age UK Thurrock",
            equality={"age": "65 to 74"},
        )

        response.refresh_from_db()
        assert response.is_submitted
        assert (response.channel, response.received_on, response.entered_by) == ("phone", TODAY(), officer)
        assert response.responding_as() == "On behalf of Age UK Thurrock"
        assert response.equality == {"age": "65 to 74"}
        assert list(response.priority_answers.values_list("priority_id", "agreement")) == [(first, 5)]
        assert sorted(response.comments.values_list("text", flat=True)) == ["More buses.", "Yes, sooner."]
        assert list(response.choices.values_list("option", flat=True)) == ["Jobs"]

    def test_the_same_form_sent_twice_enters_one_response(self, survey, officer):
        key = new_token()

        first = enter(survey, officer, form_key=key)
        again = enter(survey, officer, form_key=key, channel=Channel.EMAIL)

        assert again == first
        assert Response.objects.count() == 1

    def test_records_the_entry_in_the_audit_trail_without_the_free_text(self, survey, officer):
        response = enter(survey, officer, answers={priority_ids(survey)[0]: (2, "My neighbour Jo Bloggs")})

        entry = AuditEntry.objects.get(target_type__model="response", target_id=response.pk, action="created")
        assert entry.actor == officer
        assert entry.changes["channel"] == [None, "Paper"]
        assert entry.changes["comments"] == [None, 1]
        assert "Jo Bloggs" not in str(entry.changes)

    def test_a_required_question_may_be_left_blank_as_on_the_paper(self, survey, officer):
        response = enter(survey, officer)

        assert response.is_submitted
        assert not response.respondent_type

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"channel": Channel.ONLINE}, "channel", "Select how the response came"),
            ({"channel": "pigeon"}, "channel", "Select how the response came"),
            ({"received_on": None}, "received_on", "Enter the date the response was received"),
            ({"received_on": TODAY() + datetime.timedelta(days=1)}, "received_on", "today or in the past"),
            ({"received_on": TODAY() - datetime.timedelta(days=1)}, "received_on", "on or after the day"),
            ({"channel": Channel.EVENT}, "event", "Select the event the response came from"),
            ({"respondent_type": "alien"}, "respondent_type", "Select who they responded as"),
            ({"respondent_type": "organisation"}, "organisation", "Enter the name of the organisation"),
            ({"other": "x" * 201}, "other", "200 characters or fewer"),
            ({"equality": {"age": "Ancient"}}, "equality_age", "Choose one of the options given"),
        ],
    )
    def test_refuses_bad_input_on_its_field_and_saves_nothing(
        self, survey, officer, overrides, field, message
    ):
        errors = errors_of(lambda: enter(survey, officer, **overrides))

        assert message in errors[field][0]
        assert Response.objects.count() == 0

    def test_refuses_an_over_long_comment_and_a_choice_not_offered_together(self, survey, officer):
        first = priority_ids(survey)[0]
        single = questions_of(survey)["single"]

        errors = errors_of(
            lambda: enter(
                survey,
                officer,
                answers={first: (9, "x" * (COMMENT_MAX + 1))},
                questions={single.pk: "Trains"},
            )
        )

        assert set(errors) == {f"agreement_{first}", f"comment_{first}", f"question_{single.pk}"}
        assert PriorityAnswer.objects.count() == Comment.objects.count() == Choice.objects.count() == 0

    def test_refuses_a_priority_that_was_not_consulted_on(self, survey, officer):
        with pytest.raises(ValidationError, match="not part of it"):
            enter(survey, officer, answers={999_999: (4, "")})

        assert Response.objects.count() == 0

    def test_refuses_another_consultations_event(self, survey, officer, board):
        elsewhere = ConsultationFactory(strategy__board=board, created_by=officer)
        event = Event.objects.create(consultation=elsewhere, title="Elsewhere", held_on=TODAY())

        errors = errors_of(lambda: enter(survey, officer, channel=Channel.EVENT, event=event))

        assert errors["event"] == ["Select an event of this consultation"]

    def test_an_event_response_names_its_event(self, survey, officer):
        event = services.event_create(consultation=survey, by=officer, title="Drop-in", held_on=TODAY())

        response = enter(survey, officer, channel=Channel.EVENT, event=event)

        assert response.event == event
        errors = errors_of(lambda: enter(survey, officer, channel=Channel.PAPER, event=event))
        assert "Only a response that came at an event" in errors["event"][0]

    def test_takes_late_paper_after_closing(self, survey, officer):
        services.consultation_transition(consultation=survey, to_status=Status.CLOSED, by=officer)

        response = enter(survey, officer)

        assert response.is_submitted
        assert not responding.is_taking_answers(response.consultation)  # Residents are refused meanwhile.

    def test_refuses_a_consultation_not_yet_open(self, consultation, officer):
        with pytest.raises(ValidationError, match="entered once it has opened"):
            enter(consultation, officer)


@pytest.fixture
def entered(survey, officer):
    first = priority_ids(survey)[0]
    return enter(survey, officer, answers={first: (2, "Too slow.")}, respondent_type=RespondentType.RESIDENT)


class TestResponseUpdate:
    def test_replaces_the_answers_and_audits_why(self, entered, officer):
        survey = entered.consultation
        second = priority_ids(survey)[1]

        services.response_update(
            response=entered,
            by=officer,
            reason="Misread the agreement box.",
            channel=Channel.EMAIL,
            received_on=TODAY(),
            answers={second: (5, "")},
        )

        entered.refresh_from_db()
        assert entered.channel == "email"
        assert entered.respondent_type == ""
        assert list(entered.priority_answers.values_list("priority_id", "agreement")) == [(second, 5)]
        assert not entered.comments.exists()
        entry = AuditEntry.objects.get(target_type__model="response", target_id=entered.pk, action="updated")
        assert entry.changes["reason"] == [None, "Misread the agreement box."]
        assert entry.changes["channel"] == ["Paper", "Email"]
        assert "Too slow" not in str(entry.changes)

    def test_needs_a_reason(self, entered, officer):
        errors = errors_of(
            lambda: services.response_update(
                response=entered, by=officer, reason=" ", channel=Channel.PAPER, received_on=TODAY()
            )
        )

        assert errors == {"reason": ["Enter why the response is being changed"]}
        assert entered.priority_answers.exists()

    def test_never_changes_an_online_response(self, survey, officer):
        online = responding.response_start(consultation=survey, form_key=new_token())

        with pytest.raises(ValidationError, match="sent online by the resident"):
            services.response_update(
                response=online, by=officer, reason="Why not", channel=Channel.PAPER, received_on=TODAY()
            )


class TestResponseDelete:
    def test_deletes_it_with_its_answers_and_audits_why(self, entered, officer):
        services.response_delete(response=entered, by=officer, reason="Entered twice.")

        assert not Response.objects.exists()
        assert not Comment.objects.exists()
        entry = AuditEntry.objects.get(target_type__model="response", target_id=entered.pk, action="deleted")
        assert entry.changes["reason"] == [None, "Entered twice."]

    def test_never_deletes_an_online_response(self, survey, officer):
        online = responding.response_start(consultation=survey, form_key=new_token())

        with pytest.raises(ValidationError, match="sent online by the resident"):
            services.response_delete(response=online, by=officer, reason="Spam")

        assert Response.objects.filter(pk=online.pk).exists()


@pytest.fixture
def event(survey, officer):
    return services.event_create(
        consultation=survey,
        by=officer,
        kind=Event.Kind.PRESENTATION,
        title="Health and Wellbeing Partnership",
        held_on=TODAY(),
        place="County Hall",
        people_reached=24,
    )


class TestEvents:
    def test_creates_and_updates_an_event(self, event, officer):
        services.event_update(event=event, by=officer, title="  Partnership meeting  ", people_reached=30)

        event.refresh_from_db()
        assert (event.title, event.people_reached) == ("Partnership meeting", 30)
        entry = AuditEntry.objects.get(target_type__model="event", target_id=event.pk, action="updated")
        assert entry.changes["people_reached"] == [24, 30]

    def test_refuses_an_event_without_a_title(self, survey, officer):
        errors = errors_of(
            lambda: services.event_create(consultation=survey, by=officer, title=" ", held_on=TODAY())
        )

        assert "title" in errors
        assert not Event.objects.exists()

    def test_deletes_an_event_with_its_comments(self, event, officer):
        services.event_comment_add(event=event, by=officer, text="More benches.")

        services.event_delete(event=event, by=officer)

        assert not Event.objects.exists()
        assert not Comment.objects.exists()

    def test_keeps_an_event_that_responses_name(self, event, officer):
        enter(event.consultation, officer, channel=Channel.EVENT, event=event)

        with pytest.raises(ValidationError, match="1 response entered from this event names it"):
            services.event_delete(event=event, by=officer)

        assert Event.objects.filter(pk=event.pk).exists()


class TestEventComments:
    def test_adds_a_comment_speaking_to_priorities_in_the_texts_order(self, event, officer):
        first, second = priority_ids(event.consultation)

        comment = services.event_comment_add(
            event=event, by=officer, text="  Walking groups help.  ", priorities=[second, first, second]
        )

        assert comment.text == "Walking groups help."
        assert comment.priorities == [first, second]
        assert (comment.consultation, comment.event, comment.response) == (event.consultation, event, None)

    def test_refuses_priorities_not_consulted_on_and_empty_text(self, event, officer):
        errors = errors_of(
            lambda: services.event_comment_add(event=event, by=officer, text="", priorities=[7])
        )

        assert set(errors) == {"text", "priorities"}
        assert not Comment.objects.exists()

    def test_refuses_comments_before_the_consultation_opens(self, consultation, officer):
        event = services.event_create(consultation=consultation, by=officer, title="Planned", held_on=TODAY())

        with pytest.raises(ValidationError, match="entered once it has opened"):
            services.event_comment_add(event=event, by=officer, text="Early.")

    def test_deletes_an_event_comment_but_not_a_responses(self, event, entered, officer):
        comment = services.event_comment_add(event=event, by=officer, text="More benches.")

        services.event_comment_delete(comment=comment, by=officer)

        assert not Comment.objects.filter(pk=comment.pk).exists()
        with pytest.raises(ValidationError, match="part of a response"):
            services.event_comment_delete(comment=entered.comments.get(), by=officer)
