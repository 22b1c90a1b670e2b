import pytest
from django.urls import reverse

from consultations.models import Consultation, Question, Status
from core.formtokens import new_token
from tests.factories import DecisionFactory, StrategyFactory

pytestmark = pytest.mark.django_db


def setup_data(strategy, **overrides) -> dict:
    return {
        "strategy": strategy.pk,
        "title": "Have your say on our draft strategy",
        "slug": "have-your-say",
        "opens_on_day": "29",
        "opens_on_month": "11",
        "opens_on_year": "2030",
        "opens_time": "9am",
        "closes_on_day": "23",
        "closes_on_month": "1",
        "closes_on_year": "2031",
        "closes_time": "11:59pm",
        "privacy_notice": "We keep your personal data for 12 months.",
        "retention_months": "12",
        "ask_equality": "on",
        "form_token": new_token(),
        **overrides,
    }


class TestSettingUp:
    def test_an_officer_sets_up_a_consultation_with_uk_times(self, officer_client, board):
        strategy = StrategyFactory(board=board)

        response = officer_client.post(reverse("consultations:create"), setup_data(strategy))

        consultation = Consultation.objects.get()
        assert response.status_code == 302
        assert response["Location"] == consultation.get_manage_url()
        assert consultation.opens_at.isoformat() == "2030-11-29T09:00:00+00:00"
        assert consultation.closes_at.isoformat() == "2031-01-23T23:59:00+00:00"

    def test_summer_time_is_taken_into_account(self, officer_client, board):
        strategy = StrategyFactory(board=board)

        officer_client.post(
            reverse("consultations:create"),
            setup_data(strategy, opens_on_month="6", closes_on_month="8", closes_on_year="2030"),
        )

        assert Consultation.objects.get().opens_at.isoformat() == "2030-06-29T08:00:00+00:00"

    def test_errors_are_shown_against_the_fields_and_the_typed_data_kept(self, officer_client, board):
        strategy = StrategyFactory(board=board)

        response = officer_client.post(
            reverse("consultations:create"),
            setup_data(
                strategy, closes_on_year="2029", opens_time="25:00", title="Kept title", privacy_notice=""
            ),
        )

        assert response.status_code == 200
        form = response.context["form"]
        assert form.errors["opens_time"] == ["Enter the opening time as a real time, for example 17:30"]
        assert "privacy_notice" in form.errors
        assert 'value="Kept title"' in response.content.decode()
        assert not Consultation.objects.exists()

    def test_a_closing_date_before_the_opening_is_shown_on_the_closing_date(self, officer_client, board):
        strategy = StrategyFactory(board=board)

        response = officer_client.post(
            reverse("consultations:create"), setup_data(strategy, closes_on_year="2029")
        )

        assert response.context["form"].errors["closes_on"] == [
            "The closing date must be after the opening date"
        ]

    def test_the_same_form_sent_twice_sets_up_once(self, officer_client, board):
        data = setup_data(StrategyFactory(board=board))

        officer_client.post(reverse("consultations:create"), data)
        again = officer_client.post(reverse("consultations:create"), data)

        assert Consultation.objects.count() == 1
        assert again.status_code == 302

    def test_a_strategy_of_another_board_is_refused(self, officer_client, other_board):
        strategy = StrategyFactory(board=other_board)

        response = officer_client.post(reverse("consultations:create"), setup_data(strategy))

        assert response.context["form"].errors["strategy"] == [
            "Choose a draft strategy of one of your boards"
        ]


class TestTheDecisionToConsult:
    def test_the_set_up_offers_only_the_boards_approvals_of_a_draft_for_consultation(
        self, officer_client, board, other_board
    ):
        StrategyFactory(board=board)  # A draft to consult on: the form offers its board's decisions.
        approves = DecisionFactory(consultation=True, agenda_item__meeting__board=board)
        final = DecisionFactory(strategy=True, agenda_item__meeting__board=board)
        deferred = DecisionFactory(consultation=True, outcome="deferred", agenda_item__meeting__board=board)
        theirs = DecisionFactory(consultation=True, agenda_item__meeting__board=other_board)

        page = officer_client.get(reverse("consultations:create")).content.decode()

        assert f'value="{approves.pk}"' in page
        for not_offered in (final, deferred, theirs):
            assert f'value="{not_offered.pk}"' not in page
        assert "Board decision to consult</label>" in page  # Needed to open it: not "(optional)".
        assert "cannot be scheduled or opened without it" in page

    def test_an_officer_sets_up_a_consultation_on_the_boards_decision(self, officer_client, board):
        strategy = StrategyFactory(board=board)
        approves = DecisionFactory(consultation=True, agenda_item__meeting__board=board)

        officer_client.post(reverse("consultations:create"), setup_data(strategy, decision=approves.pk))

        assert Consultation.objects.get().decision == approves

    def test_a_forged_decision_is_refused_beside_the_field(self, officer_client, board):
        strategy = StrategyFactory(board=board)
        final = DecisionFactory(strategy=True, agenda_item__meeting__board=board)

        response = officer_client.post(
            reverse("consultations:create"), setup_data(strategy, decision=final.pk)
        )

        assert response.context["form"].errors["decision"] == ["Choose an approving decision of this board"]
        assert not Consultation.objects.exists()


class TestTheSurvey:
    def test_adds_a_choice_question_and_answers_the_partial_to_htmx(self, officer_client, consultation):
        url = reverse("consultations:question_add", args=[consultation.pk])
        data = {
            "new-question-text": "Where did you hear about this consultation?",
            "new-question-kind": "single",
            "new-question-options": "Social media\nA leaflet\n\nA friend",
            "new-question-form_token": new_token(),
        }

        response = officer_client.post(url, data, headers={"HX-Request": "true"})

        question = Question.objects.get()
        assert question.options == ["Social media", "A leaflet", "A friend"]
        assert response.status_code == 200
        assert response.content.decode().lstrip().startswith('<div id="questions">')

    def test_a_choice_question_without_choices_is_refused_next_to_the_field(
        self, officer_client, consultation
    ):
        url = reverse("consultations:question_add", args=[consultation.pk])
        data = {
            "new-question-text": "Pick one",
            "new-question-kind": "single",
            "new-question-form_token": new_token(),
        }

        response = officer_client.post(url, data)

        assert response.status_code == 200
        assert "Give at least 2 choices, one on each line" in response.content.decode()
        assert not Question.objects.exists()

    def test_moves_a_question_without_javascript(self, officer_client, consultation):
        first = Question.objects.create(consultation=consultation, text="First?", position=1)
        second = Question.objects.create(consultation=consultation, text="Second?", position=2)
        url = reverse("consultations:questions_reorder", args=[consultation.pk])

        response = officer_client.post(url, {"seen": f"{first.pk},{second.pk}", "move": f"{second.pk}:up"})

        assert response.status_code == 302
        assert list(consultation.questions.values_list("text", flat=True)) == ["Second?", "First?"]

    def test_edits_and_deletes_a_question(self, officer_client, consultation):
        question = Question.objects.create(consultation=consultation, text="First?", position=1)
        edit = reverse("consultations:question_edit", args=[question.pk])

        officer_client.post(edit, {"text": "Renamed?", "kind": "text", "version": question.version})
        officer_client.post(reverse("consultations:question_delete", args=[question.pk]))

        assert not Question.objects.exists()

    def test_the_manage_page_shows_the_priorities_asked_about(self, officer_client, consultation):
        response = officer_client.get(consultation.get_manage_url())

        assert "Fewer people smoke" in response.content.decode()


class TestMoves:
    def test_schedules_then_opens_now(self, officer_client, consultation):
        url = reverse("consultations:transition", args=[consultation.pk])

        officer_client.post(url, {"to_status": Status.SCHEDULED})
        response = officer_client.post(url, {"to_status": Status.OPEN}, follow=True)

        consultation.refresh_from_db()
        assert consultation.status == Status.OPEN
        assert "The consultation is now open." in response.content.decode()

    def test_a_refused_move_says_why(self, officer_client, consultation):
        url = reverse("consultations:transition", args=[consultation.pk])

        response = officer_client.post(url, {"to_status": Status.CLOSED}, follow=True)

        assert "cannot become closed" in response.content.decode()


class TestPublicPage:
    def test_residents_read_an_open_consultation_with_the_text_consulted_on(self, client, opened):
        response = client.get(opened.get_absolute_url())

        assert response.status_code == 200
        assert "Fewer people smoke" in response.content.decode()
        assert "This consultation is open until" in response.content.decode()

    def test_residents_do_not_see_one_being_set_up(self, client, consultation):
        assert client.get(consultation.get_absolute_url()).status_code == 404

    def test_the_board_and_home_pages_list_the_open_consultation(self, client, opened):
        board_page = client.get(opened.board.get_absolute_url()).content.decode()
        home = client.get(reverse("home")).content.decode()

        assert opened.title in board_page
        assert opened.title in home
