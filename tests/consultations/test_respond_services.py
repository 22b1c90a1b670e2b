"""The resident's online response, page by page (consultations/responding.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultations import responding, services
from consultations.models import (
    COMMENT_MAX,
    Choice,
    Comment,
    PriorityAnswer,
    Question,
    Respondent,
    RespondentType,
    Response,
    Status,
)
from core.formtokens import new_token
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(consultation, officer):
    """The consultation with a general question of each kind, then opened."""
    services.question_create(consultation=consultation, by=officer, text="Anything else?")
    services.question_create(
        consultation=consultation,
        by=officer,
        text="Which matters most?",
        kind=Question.Kind.SINGLE,
        options=["Housing", "Jobs"],
        required=True,
    )
    services.question_create(
        consultation=consultation,
        by=officer,
        text="Which services do you use?",
        kind=Question.Kind.MULTIPLE,
        options=["GP", "Pharmacy", "Dentist"],
    )
    services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
    return services.consultation_transition(consultation=consultation, to_status=Status.OPEN, by=officer)


@pytest.fixture
def started(opened):
    return responding.response_start(consultation=opened, form_key=new_token())


def domain_of(consultation) -> tuple[int, list[int]]:
    domain = consultation.domains()[0]
    return domain["id"], [priority["id"] for priority in domain["priorities"]]


def questions_of(consultation) -> dict[str, Question]:
    return {question.kind: question for question in consultation.questions.all()}


def close(consultation) -> None:
    """Its closing time has come (the schedule has not yet run)."""
    now = timezone.now()
    type(consultation).objects.filter(pk=consultation.pk).update(
        opens_at=now - datetime.timedelta(days=1), closes_at=now
    )


class TestResponseStart:
    def test_starts_an_online_response(self, opened):
        response = responding.response_start(consultation=opened, form_key=new_token())

        assert response.consultation == opened
        assert response.channel == "online"
        assert not response.is_submitted

    def test_the_same_form_sent_twice_returns_the_first_response(self, opened):
        key = new_token()

        first = responding.response_start(consultation=opened, form_key=key)
        second = responding.response_start(consultation=opened, form_key=key)

        assert first == second
        assert Response.objects.count() == 1

    def test_two_forms_start_two_responses(self, opened):
        responding.response_start(consultation=opened, form_key=new_token())
        responding.response_start(consultation=opened, form_key=new_token())

        assert Response.objects.count() == 2

    def test_refused_before_the_consultation_opens(self, consultation):
        with pytest.raises(responding.ConsultationClosed, match="not open"):
            responding.response_start(consultation=consultation, form_key=new_token())

        assert not Response.objects.exists()

    def test_refused_once_the_closing_time_has_come(self, opened):
        close(opened)
        opened.refresh_from_db()

        with pytest.raises(responding.ConsultationClosed, match="closed at"):
            responding.response_start(consultation=opened, form_key=new_token())

    def test_a_form_key_used_on_another_consultation_is_refused(self, opened, officer):
        other = ConsultationFactory(strategy__board=opened.board, created_by=officer)
        services.consultation_transition(consultation=other, to_status=Status.SCHEDULED, by=officer)
        other = services.consultation_transition(consultation=other, to_status=Status.OPEN, by=officer)
        key = new_token()
        responding.response_start(consultation=opened, form_key=key)

        with pytest.raises(ValidationError, match="already been used"):
            responding.response_start(consultation=other, form_key=key)


class TestResponseSaveDomain:
    def test_saves_agreement_and_comments(self, started):
        domain_id, (first, second) = domain_of(started.consultation)

        responding.response_save_domain(
            response=started, domain_id=domain_id, answers={first: (5, "  Yes please "), second: (None, "")}
        )

        assert list(PriorityAnswer.objects.values_list("priority_id", "agreement")) == [(first, 5)]
        assert list(Comment.objects.values_list("priority_id", "text")) == [(first, "Yes please")]

    def test_saving_again_replaces_the_page(self, started):
        domain_id, (first, second) = domain_of(started.consultation)
        responding.response_save_domain(
            response=started, domain_id=domain_id, answers={first: (5, "Yes"), second: (1, "No")}
        )

        responding.response_save_domain(
            response=started, domain_id=domain_id, answers={first: (2, ""), second: (None, "")}
        )

        assert list(PriorityAnswer.objects.values_list("priority_id", "agreement")) == [(first, 2)]
        assert not Comment.objects.exists()

    def test_forged_priority_ids_are_refused(self, started):
        domain_id, (first, _) = domain_of(started.consultation)

        with pytest.raises(ValidationError, match="not part of it"):
            responding.response_save_domain(
                response=started, domain_id=domain_id, answers={first: (5, ""), 999999: (5, "")}
            )

        assert not PriorityAnswer.objects.exists()

    def test_a_forged_domain_is_refused(self, started):
        with pytest.raises(ValidationError, match="not part of the consultation"):
            responding.response_save_domain(response=started, domain_id=999999, answers={})

    @pytest.mark.parametrize("agreement", [0, 6, -1])
    def test_agreement_must_be_one_to_five(self, started, agreement):
        domain_id, (first, _) = domain_of(started.consultation)

        with pytest.raises(ValidationError) as caught:
            responding.response_save_domain(
                response=started, domain_id=domain_id, answers={first: (agreement, "")}
            )

        assert list(caught.value.message_dict) == [f"agreement_{first}"]

    def test_an_over_long_comment_is_refused_on_its_field_and_nothing_is_saved(self, started):
        domain_id, (first, second) = domain_of(started.consultation)

        with pytest.raises(ValidationError) as caught:
            responding.response_save_domain(
                response=started,
                domain_id=domain_id,
                answers={first: (4, "Fine"), second: (3, "x" * (COMMENT_MAX + 1))},
            )

        assert caught.value.message_dict == {
            f"comment_{second}": [
                "Your comment on “More people are active” must be 5,000 characters or fewer"
            ]
        }
        assert not PriorityAnswer.objects.exists()
        assert not Comment.objects.exists()

    def test_a_comment_of_the_largest_size_is_kept(self, started):
        domain_id, (first, _) = domain_of(started.consultation)

        responding.response_save_domain(
            response=started, domain_id=domain_id, answers={first: (None, "x" * COMMENT_MAX)}
        )

        assert len(Comment.objects.get().text) == COMMENT_MAX

    def test_refused_after_closing(self, started):
        domain_id, (first, _) = domain_of(started.consultation)
        close(started.consultation)

        with pytest.raises(responding.ConsultationClosed):
            responding.response_save_domain(response=started, domain_id=domain_id, answers={first: (5, "")})

        assert not PriorityAnswer.objects.exists()

    def test_refused_once_submitted(self, started):
        domain_id, (first, _) = domain_of(started.consultation)
        responding.response_save_about(response=started, respondent_type=RespondentType.RESIDENT)
        responding.response_submit(response=started)

        with pytest.raises(responding.AlreadySubmitted):
            responding.response_save_domain(response=started, domain_id=domain_id, answers={first: (5, "")})


class TestResponseSaveQuestions:
    def test_saves_each_kind(self, survey):
        response = responding.response_start(consultation=survey, form_key=new_token())
        kinds = questions_of(survey)

        responding.response_save_questions(
            response=response,
            data={
                kinds["text"].pk: " More buses ",
                kinds["single"].pk: "Jobs",
                kinds["multiple"].pk: ["GP", "Dentist"],
            },
        )

        assert Comment.objects.get(question=kinds["text"]).text == "More buses"
        assert sorted(Choice.objects.values_list("option", flat=True)) == ["Dentist", "GP", "Jobs"]

    def test_a_choice_not_offered_is_an_error_on_its_question(self, survey):
        response = responding.response_start(consultation=survey, form_key=new_token())
        kinds = questions_of(survey)

        with pytest.raises(ValidationError) as caught:
            responding.response_save_questions(
                response=response,
                data={kinds["single"].pk: "Jobs", kinds["multiple"].pk: ["GP", "Swimming pool"]},
            )

        assert caught.value.message_dict == {
            f"question_{kinds['multiple'].pk}": ["Select from the answers given"]
        }
        assert not Choice.objects.exists()

    def test_a_required_question_must_be_answered(self, survey):
        response = responding.response_start(consultation=survey, form_key=new_token())
        single = questions_of(survey)["single"]

        with pytest.raises(ValidationError) as caught:
            responding.response_save_questions(response=response, data={})

        assert caught.value.message_dict == {f"question_{single.pk}": ["Answer “Which matters most?”"]}

    def test_forged_question_ids_are_refused(self, survey):
        response = responding.response_start(consultation=survey, form_key=new_token())
        single = questions_of(survey)["single"]

        with pytest.raises(ValidationError, match="not part of it"):
            responding.response_save_questions(response=response, data={single.pk: "Jobs", 999999: "Hello"})

    def test_saving_again_replaces_the_answers(self, survey):
        response = responding.response_start(consultation=survey, form_key=new_token())
        kinds = questions_of(survey)
        responding.response_save_questions(
            response=response, data={kinds["single"].pk: "Jobs", kinds["text"].pk: "Buses"}
        )

        responding.response_save_questions(response=response, data={kinds["single"].pk: "Housing"})

        assert list(Choice.objects.values_list("option", flat=True)) == ["Housing"]
        assert not Comment.objects.exists()


class TestResponseSaveAbout:
    def test_on_behalf_of_an_organisation_needs_its_name(self, started):
        with pytest.raises(ValidationError) as caught:
            responding.response_save_about(response=started, respondent_type=RespondentType.ORGANISATION)

        assert list(caught.value.message_dict) == ["organisation"]

    def test_who_they_respond_as_is_required(self, started):
        with pytest.raises(ValidationError) as caught:
            responding.response_save_about(response=started, respondent_type="")

        assert caught.value.message_dict == {"respondent_type": ["Select who you are responding as"]}

    def test_personal_data_is_kept_apart_with_consent_recorded(self, started):
        responding.response_save_about(
            response=started,
            respondent_type=RespondentType.ORGANISATION,
            organisation="Age UK Leicestershire",
            name="Sam",
            email="sam@example.org",
            wants_updates=True,
        )

        started.refresh_from_db()
        assert started.responding_as() == "On behalf of Age UK Leicestershire"
        respondent = Respondent.objects.get(response=started)
        assert (respondent.email, respondent.wants_updates) == ("sam@example.org", True)
        assert respondent.consented_at is not None

    def test_updates_need_an_email_address(self, started):
        with pytest.raises(ValidationError) as caught:
            responding.response_save_about(
                response=started, respondent_type=RespondentType.RESIDENT, wants_updates=True
            )

        assert list(caught.value.message_dict) == ["email"]

    def test_an_email_address_without_consent_gets_no_updates(self, started):
        responding.response_save_about(
            response=started, respondent_type=RespondentType.RESIDENT, email="sam@example.org"
        )

        respondent = Respondent.objects.get(response=started)
        assert (respondent.wants_updates, respondent.consented_at) == (False, None)

    def test_removing_name_and_email_removes_the_respondent(self, started):
        responding.response_save_about(response=started, respondent_type=RespondentType.RESIDENT, name="Sam")

        responding.response_save_about(response=started, respondent_type=RespondentType.RESIDENT)

        assert not Respondent.objects.exists()

    def test_saved_for_later_who_they_respond_as_can_wait(self, started):
        responding.response_save_about(
            response=started, respondent_type="", email="a@example.com", complete=False
        )

        started.refresh_from_db()
        assert started.respondent_type == ""
        assert Respondent.objects.get(response=started).email == "a@example.com"

    def test_a_malformed_email_address_is_refused(self, started):
        with pytest.raises(ValidationError) as caught:
            responding.response_save_about(
                response=started, respondent_type=RespondentType.RESIDENT, email="sam at example"
            )

        assert list(caught.value.message_dict) == ["email"]


class TestResponseSaveEquality:
    def test_keeps_the_labels_given(self, started):
        responding.response_save_equality(
            response=started, data={"age": "25 to 34", "sex": "Prefer not to say"}
        )

        started.refresh_from_db()
        assert started.equality == {"age": "25 to 34", "sex": "Prefer not to say"}

    def test_an_answer_not_offered_is_refused(self, started):
        with pytest.raises(ValidationError) as caught:
            responding.response_save_equality(response=started, data={"age": "Ancient"})

        assert list(caught.value.message_dict) == ["age"]


class TestResponseSubmit:
    def test_submits_once(self, started):
        responding.response_save_about(response=started, respondent_type=RespondentType.RESIDENT)

        first = responding.response_submit(response=started)
        second = responding.response_submit(response=started)

        assert first.submitted_at == second.submitted_at is not None

    def test_needs_who_they_respond_as(self, started):
        with pytest.raises(ValidationError) as caught:
            responding.response_submit(response=started)

        assert list(caught.value.message_dict) == ["about"]

    def test_needs_the_organisation_saved_for_later_without_its_name(self, started):
        responding.response_save_about(
            response=started, respondent_type=RespondentType.ORGANISATION, complete=False
        )

        with pytest.raises(ValidationError) as caught:
            responding.response_submit(response=started)

        assert caught.value.message_dict == {
            "about": ["Enter the name of the organisation you are responding for"]
        }

    def test_refused_after_closing_and_nothing_is_lost(self, started):
        domain_id, (first, _) = domain_of(started.consultation)
        responding.response_save_domain(response=started, domain_id=domain_id, answers={first: (5, "Keep")})
        responding.response_save_about(response=started, respondent_type=RespondentType.RESIDENT)
        close(started.consultation)

        with pytest.raises(responding.ConsultationClosed):
            responding.response_submit(response=started)

        started.refresh_from_db()
        assert not started.is_submitted
        assert Comment.objects.get().text == "Keep"

    def test_refused_when_the_schedule_has_closed_it(self, started):
        responding.response_save_about(response=started, respondent_type=RespondentType.RESIDENT)
        services.consultations_on_schedule(now=started.consultation.closes_at + datetime.timedelta(minutes=1))

        with pytest.raises(responding.ConsultationClosed):
            responding.response_submit(response=started)
