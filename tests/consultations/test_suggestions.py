"""Theme suggestions (consultations/suggestions.py): nearest neighbours, the job, rejections."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from consultations import services, suggestions
from consultations.models import Channel, Suggestion, SuggestionRejection, SuggestionRun
from consultations.tasks import SuggestionTask
from core.models import AuditEntry
from tests.consultations.helpers import make_response

pytestmark = pytest.mark.django_db


def anything(theme: int) -> bool:
    return True


class TestNearestThemes:
    CODED = [
        ("The buses stop running at six in the evening.", frozenset({1})),
        ("Bus fares are too high for families.", frozenset({1, 3})),
        ("The gym at the leisure centre costs too much.", frozenset({2})),
        ("Swimming pool opening hours are too short.", frozenset({2})),
    ]

    def test_a_comment_about_buses_gets_the_transport_theme(self):
        [found] = suggestions.nearest_themes(coded=self.CODED, uncoded=[("More buses, please!", anything)])

        assert [item.theme_id for item in found][0] == 1
        assert 2 not in [item.theme_id for item in found]
        assert 0 < found[0].similarity <= 1 and 0 < found[0].score <= 1

    def test_themes_not_allowed_for_the_comment_are_never_suggested(self):
        [found] = suggestions.nearest_themes(
            coded=self.CODED, uncoded=[("More buses, please!", lambda theme: theme != 1)]
        )

        assert [item.theme_id for item in found] == [3]

    def test_a_comment_sharing_no_telling_word_gets_nothing(self):
        [found] = suggestions.nearest_themes(
            coded=self.CODED, uncoded=[("Libraries should open on Sundays.", anything)]
        )

        assert found == []

    def test_nothing_coded_nothing_suggested(self):
        assert suggestions.nearest_themes(coded=[], uncoded=[("More buses", anything)]) == [[]]

    def test_only_stop_words_everywhere_suggests_nothing(self):
        assert suggestions.nearest_themes(
            coded=[("and the of", frozenset({1}))], uncoded=[("it is", anything)]
        ) == [[]]

    def test_ten_thousand_comments_in_chunks(self):
        words = ["gym", "pool", "park", "clinic", "school", "housing", "damp", "bench", "library", "nurse"]
        coded = [(f"{words[i % 10]} note{i}", frozenset({i % 10})) for i in range(3000)]
        uncoded = [(f"{words[i % 10]} remark", anything) for i in range(12000)]
        uncoded.append(("More buses, please", anything))
        coded.append(("The buses are late", frozenset({99})))

        found = suggestions.nearest_themes(coded=coded, uncoded=uncoded)

        assert len(found) == 12001
        assert all([item.theme_id for item in found[i]] == [i % 10] for i in range(0, 12000, 997))
        assert [item.theme_id for item in found[-1]] == [99]


@pytest.fixture
def priorities(opened):
    return [priority["id"] for priority in opened.priorities()]


def comment(consultation, priority, text):
    return make_response(consultation, channel=Channel.PAPER, comments={priority: text}).comments.get()


@pytest.fixture
def frame(opened, officer, priorities):
    """Two coded comments (Transport, Leisure) and one not coded, all about the first priority."""
    first = priorities[0]
    buses = comment(opened, first, "The buses stop running at six.")
    gyms = comment(opened, first, "The gym costs too much.")
    services.comment_code(comment=buses, by=officer, themes=[], new_names=["Transport"])
    services.comment_code(comment=gyms, by=officer, themes=[], new_names=["Leisure"])
    uncoded = comment(opened, first, "More buses in the evening, please.")
    return opened.themes.get(name="Transport"), uncoded


def run(consultation, officer, django_capture_on_commit_callbacks) -> SuggestionRun:
    with django_capture_on_commit_callbacks(execute=True):  # Celery is eager in the tests.
        job = suggestions.suggestions_request(consultation=consultation, by=officer)
    job.refresh_from_db()
    return job


class TestSuggestionsJob:
    def test_suggests_transport_for_a_comment_about_buses(
        self, opened, officer, frame, django_capture_on_commit_callbacks
    ):
        transport, uncoded = frame

        job = run(opened, officer, django_capture_on_commit_callbacks)

        assert job.status == SuggestionRun.Status.READY
        assert (job.suggested, job.coded) == (1, 2)
        assert list(uncoded.suggestions.values_list("theme", flat=True)) == [transport.pk]
        assert not uncoded.codings.exists()  # Suggested, never coded.

    def test_running_again_with_nothing_changed_computes_nothing(
        self, opened, officer, frame, django_capture_on_commit_callbacks
    ):
        run(opened, officer, django_capture_on_commit_callbacks)
        before = list(Suggestion.objects.values_list("pk", "computed_at"))

        with mock.patch.object(suggestions, "compute", wraps=suggestions.compute) as computing:
            job = run(opened, officer, django_capture_on_commit_callbacks)
            suggestions.suggestions_compute(job.pk)  # A redelivered message.

        assert computing.call_count == 0
        assert list(Suggestion.objects.values_list("pk", "computed_at")) == before
        assert job.status == SuggestionRun.Status.READY

    def test_new_codes_compute_again(
        self, opened, officer, frame, priorities, django_capture_on_commit_callbacks
    ):
        transport, uncoded = frame
        run(opened, officer, django_capture_on_commit_callbacks)
        later = comment(opened, priorities[0], "Later buses would help shift workers.")

        services.comment_code(comment=uncoded, by=officer, themes=[transport])
        run(opened, officer, django_capture_on_commit_callbacks)

        assert not uncoded.suggestions.exists()
        assert list(later.suggestions.values_list("theme", flat=True)) == [transport.pk]

    def test_says_so_when_nothing_is_coded(
        self, opened, officer, priorities, django_capture_on_commit_callbacks
    ):
        comment(opened, priorities[0], "More buses.")

        job = run(opened, officer, django_capture_on_commit_callbacks)

        assert (job.status, job.suggested, job.coded) == (SuggestionRun.Status.READY, 0, 0)
        assert not Suggestion.objects.exists()

    def test_suggests_only_themes_offered_for_the_comments_priority(
        self, opened, officer, priorities, django_capture_on_commit_callbacks
    ):
        first, second = priorities
        coded = comment(opened, second, "The buses to the hospital are late.")
        services.comment_code(comment=coded, by=officer, themes=[], new_names=["Hospital transport"])
        across = services.theme_create(
            consultation=opened, by=officer, name="Buses"
        )  # The whole consultation.
        services.comment_code(comment=coded, by=officer, themes=[across])
        uncoded = comment(opened, first, "The buses are late.")

        run(opened, officer, django_capture_on_commit_callbacks)

        assert list(uncoded.suggestions.values_list("theme__name", flat=True)) == ["Buses"]

    def test_a_rejected_theme_is_not_suggested_again(
        self, opened, officer, frame, django_capture_on_commit_callbacks
    ):
        transport, uncoded = frame
        run(opened, officer, django_capture_on_commit_callbacks)

        suggestions.suggestion_reject(comment=uncoded, theme=transport, by=officer)
        assert not uncoded.suggestions.exists()
        run(opened, officer, django_capture_on_commit_callbacks)

        assert not uncoded.suggestions.exists()
        assert SuggestionRejection.objects.filter(comment=uncoded, theme=transport, by=officer).exists()

    def test_a_rejection_is_audited_without_the_comments_words(self, opened, officer, frame):
        transport, uncoded = frame

        suggestions.suggestion_reject(comment=uncoded, theme=transport, by=officer)
        suggestions.suggestion_reject(comment=uncoded, theme=transport, by=officer)  # Twice: once.

        entries = AuditEntry.objects.filter(changes__has_key="not_suggested_for_comment")
        assert entries.count() == 1
        assert "buses" not in str(list(entries.values_list("target_repr", "changes")))

    def test_is_refused_while_a_job_is_under_way_unless_it_went_stale(self, opened, officer, frame):
        suggestions.suggestions_request(consultation=opened, by=officer)

        with pytest.raises(suggestions.SuggestionsBusy):
            suggestions.suggestions_request(consultation=opened, by=officer)
        SuggestionRun.objects.update(updated_at=timezone.now() - timedelta(minutes=5))

        assert suggestions.suggestions_request(consultation=opened, by=officer).status == "pending"

    def test_is_for_the_boards_officers_only(self, opened, board_member):
        with pytest.raises(PermissionDenied):
            suggestions.suggestions_request(consultation=opened, by=board_member)

    def test_a_broker_that_does_not_answer_shows_as_failed(
        self, opened, officer, frame, django_capture_on_commit_callbacks
    ):
        with mock.patch("consultations.tasks.suggest_themes.delay", side_effect=ConnectionError("down")):
            job = run(opened, officer, django_capture_on_commit_callbacks)

        assert job.status == SuggestionRun.Status.FAILED
        assert "not answering" in job.error

    def test_a_final_failure_shows_as_failed(self, opened, officer, frame):
        job = suggestions.suggestions_request(consultation=opened, by=officer)

        SuggestionTask().on_failure(RuntimeError("boom"), "id", (job.pk,), {}, None)

        job.refresh_from_db()
        assert job.status == SuggestionRun.Status.FAILED and "Try again" in job.error
