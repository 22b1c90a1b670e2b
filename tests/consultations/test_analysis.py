import datetime

import pytest
from django.utils import timezone

from consultations import analysis
from consultations.analysis import NOT_GIVEN, Filters
from consultations.models import Consultation, PriorityAnswer, Response
from tests.consultations.helpers import make_response
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def tallies(rows) -> dict[str, int]:
    return {row.value: row.count for row in rows}


@pytest.fixture
def priorities(opened) -> list[int]:
    return [priority["id"] for priority in opened.priorities()]


class TestCounts:
    def test_counts_submitted_responses_by_channel_and_respondent_type(self, opened):
        make_response(opened, channel="online", respondent_type="resident")
        make_response(opened, channel="online", respondent_type="councillor")
        make_response(opened, channel="paper", respondent_type="resident")
        make_response(opened, channel="paper", respondent_type="")
        make_response(opened, channel="online", submitted=False)  # Started, never sent: not counted.

        figures = analysis.overview(opened)

        assert figures.total == 4
        assert tallies(figures.by_channel) == {"online": 2, "paper": 2, "email": 0, "phone": 0, "event": 0}
        assert tallies(figures.by_respondent_type) == {
            "resident": 2,
            "councillor": 1,
            "health_professional": 0,
            "care_professional": 0,
            "organisation": 0,
            "other": 0,
            NOT_GIVEN: 1,
        }
        assert [row.percent for row in figures.by_channel] == [50, 50, 0, 0, 0]

    def test_leaves_out_the_not_given_row_when_every_response_has_a_type(self, opened):
        make_response(opened, respondent_type="resident")

        figures = analysis.overview(opened)

        assert NOT_GIVEN not in tallies(figures.by_respondent_type)

    def test_does_not_count_another_consultations_responses(self, opened, officer):
        other = ConsultationFactory(created_by=officer)
        make_response(other)

        assert analysis.overview(opened).total == 0

    @pytest.mark.parametrize(
        ("filters", "total"),
        [
            (Filters(channel="paper"), 2),
            (Filters(respondent_type="councillor"), 2),
            (Filters(channel="paper", respondent_type="councillor"), 1),
            (Filters(respondent_type=NOT_GIVEN), 1),
        ],
    )
    def test_every_figure_follows_the_filters(self, opened, priorities, filters, total):
        make_response(opened, channel="paper", respondent_type="councillor", agreements={priorities[0]: 5})
        make_response(opened, channel="paper", respondent_type="resident", agreements={priorities[0]: 5})
        make_response(opened, channel="online", respondent_type="councillor", agreements={priorities[0]: 5})
        make_response(opened, channel="online", respondent_type="", agreements={priorities[0]: 5})

        figures = analysis.overview(opened, filters)

        assert figures.total == total
        assert sum(row.count for row in figures.by_channel) == total
        assert sum(row.count for row in figures.by_respondent_type) == total
        assert sum(row.count for row in figures.by_day) == total
        assert figures.priorities[0].levels[0].count == total  # Strongly agree.


class TestByDay:
    def test_a_response_counts_on_its_day_in_the_uk(self, opened):
        # 23:30 UTC on 31 May is 00:30 on 1 June in British Summer Time.
        make_response(opened, submitted_at=datetime.datetime(2030, 5, 31, 23, 30, tzinfo=UTC))
        make_response(opened, submitted_at=datetime.datetime(2030, 12, 31, 23, 30, tzinfo=UTC))  # GMT.
        Consultation.objects.filter(pk=opened.pk).update(status="closed")
        opened.refresh_from_db()

        days = {row.value: row.count for row in analysis.overview(opened).by_day if row.count}

        assert days == {"2030-06-01": 1, "2030-12-31": 1}

    def test_an_entered_response_counts_on_the_day_it_was_received(self, opened):
        """Post typed in a week later belongs to the day it arrived."""
        response = make_response(
            opened, channel="paper", submitted_at=datetime.datetime(2030, 6, 8, 10, 0, tzinfo=UTC)
        )
        Response.objects.filter(pk=response.pk).update(received_on=datetime.date(2030, 6, 1))
        Consultation.objects.filter(pk=opened.pk).update(status="closed")
        opened.refresh_from_db()

        days = {row.value: row.count for row in analysis.overview(opened).by_day if row.count}

        assert days == {"2030-06-01": 1}

    def test_every_day_is_shown_from_the_opening_to_today_while_open(self, opened):
        today = timezone.localdate()
        opened.opens_at = timezone.now() - datetime.timedelta(days=3)
        make_response(opened, submitted_at=timezone.now() - datetime.timedelta(days=2))

        by_day = analysis.overview(opened).by_day

        assert [row.value for row in by_day] == [
            (today - datetime.timedelta(days=back)).isoformat() for back in (3, 2, 1, 0)
        ]
        assert [row.count for row in by_day] == [0, 1, 0, 0]

    def test_one_opened_early_by_hand_starts_today_not_on_its_planned_day(self, opened):
        # The factory's consultation was to open tomorrow; the fixture opened it now.
        by_day = analysis.overview(opened).by_day

        assert [row.value for row in by_day] == [timezone.localdate().isoformat()]

    def test_is_empty_before_it_opens(self, consultation):
        assert analysis.overview(consultation).by_day == []


class TestPriorityAgreement:
    def test_counts_each_level_and_the_responses_without_an_answer(self, opened, priorities):
        first, second = priorities
        make_response(opened, agreements={first: 5, second: 1})
        make_response(opened, agreements={first: 4, second: None})  # Saw the question, left it.
        make_response(opened, agreements={first: 2})  # No row for the second.
        make_response(opened, agreements={first: 4, 999999: 5})  # An id the text does not have.

        first_figures, second_figures = analysis.overview(opened).priorities

        assert first_figures.title == "Fewer people smoke"
        assert first_figures.domain == "Staying healthy"
        assert tallies(first_figures.levels) == {"5": 1, "4": 2, "3": 0, "2": 1, "1": 0}
        assert first_figures.no_answer == 0
        assert (first_figures.agreeing, first_figures.agreeing_percent) == (3, 75)
        assert tallies(second_figures.levels) == {"5": 0, "4": 0, "3": 0, "2": 0, "1": 1}
        assert second_figures.no_answer == 3
        assert (second_figures.answered, second_figures.agreeing_percent) == (1, 0)

    def test_agreement_is_unknown_when_nobody_answered(self, opened):
        make_response(opened)

        assert analysis.overview(opened).priorities[0].agreeing_percent is None

    def test_counts_only_submitted_responses(self, opened, priorities):
        make_response(opened, submitted=False, agreements={priorities[0]: 5})

        assert analysis.overview(opened).priorities[0].levels[0].count == 0
        assert PriorityAnswer.objects.count() == 1


class TestQueries:
    def test_three_queries_whatever_the_number_of_responses(
        self, opened, priorities, django_assert_num_queries
    ):
        for _ in range(5):
            make_response(opened, agreements={priorities[0]: 3})
        consultation = Consultation.objects.select_related("revision").get(pk=opened.pk)

        with django_assert_num_queries(3):
            analysis.overview(consultation, Filters(channel="online", respondent_type="resident"))
