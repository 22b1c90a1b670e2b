"""The coding services and queries (consultations/coding.py): themes, codes, filters and progress."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultations import coding, services
from consultations.models import Channel, Coding, RespondentType, Theme
from core.models import AuditEntry
from tests.consultations.helpers import make_response
from tests.factories import BoardRoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def priorities(opened):
    return [priority["id"] for priority in opened.priorities()]


@pytest.fixture
def comment(opened, priorities):
    response = make_response(opened, channel=Channel.PAPER, comments={priorities[0]: "More buses, please."})
    return response.comments.get()


@pytest.fixture
def event(opened, officer):
    return services.event_create(
        consultation=opened, by=officer, title="Drop-in", held_on=timezone.localdate()
    )


class TestThemeCreate:
    def test_names_are_unique_whatever_their_case(self, opened, officer):
        services.theme_create(consultation=opened, by=officer, name="Transport")

        with pytest.raises(ValidationError) as error:
            services.theme_create(consultation=opened, by=officer, name="  TRANSPORT ")

        assert "already has a theme" in str(error.value)

    def test_refuses_a_priority_not_consulted_on(self, opened, officer):
        with pytest.raises(ValidationError):
            services.theme_create(consultation=opened, by=officer, name="Transport", priority_id=999999)

    def test_refuses_before_the_consultation_opens(self, consultation, officer):
        with pytest.raises(ValidationError):
            services.theme_create(consultation=consultation, by=officer, name="Transport")

    def test_refuses_an_over_long_name(self, opened, officer):
        with pytest.raises(ValidationError):
            services.theme_create(consultation=opened, by=officer, name="x" * 101)


class TestCommentCode:
    def test_creates_new_themes_on_the_fly_for_the_comments_priority(self, comment, officer, priorities):
        themes = services.comment_code(comment=comment, by=officer, themes=[], new_names=["Buses", "Cost"])

        assert [theme.name for theme in themes] == ["Buses", "Cost"]
        assert {theme.priority_id for theme in themes} == {priorities[0]}
        assert set(comment.codings.values_list("theme__name", flat=True)) == {"Buses", "Cost"}

    def test_a_new_name_matching_a_theme_reuses_it(self, comment, officer, opened):
        buses = services.theme_create(consultation=opened, by=officer, name="Buses")

        services.comment_code(comment=comment, by=officer, themes=[], new_names=["buses"])

        assert list(comment.codings.values_list("theme", flat=True)) == [buses.pk]
        assert opened.themes.count() == 1

    def test_replaces_the_coders_own_codes_and_leaves_others(self, comment, officer, board, opened):
        colleague = BoardRoleFactory(board=board, user__username="colleague").user
        buses, cost = (
            services.theme_create(consultation=opened, by=officer, name=name) for name in ("Buses", "Cost")
        )
        services.comment_code(comment=comment, by=colleague, themes=[buses])
        services.comment_code(comment=comment, by=officer, themes=[buses, cost])

        services.comment_code(comment=comment, by=officer, themes=[cost])

        assert sorted(comment.codings.values_list("coder__username", "theme__name")) == [
            ("colleague", "Buses"),
            ("officer", "Cost"),
        ]

    def test_is_audited_with_theme_names_never_the_comment(self, comment, officer):
        services.comment_code(comment=comment, by=officer, themes=[], new_names=["Buses"])

        entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATED).latest("at")
        assert entry.changes == {"themes": [[], ["Buses"]]}
        assert entry.target_repr == f"Comment {comment.pk}"
        for entry in AuditEntry.objects.values():  # Every column of every entry, the target's name too.
            assert "More buses" not in str(entry)

    def test_refuses_another_consultations_theme(self, comment, officer, board):
        other = Theme.objects.create(consultation=_another_open(board, officer), name="X", created_by=officer)

        with pytest.raises(ValidationError):
            services.comment_code(comment=comment, by=officer, themes=[other])

        assert not Coding.objects.exists()

    def test_saving_the_same_codes_again_changes_nothing(self, comment, officer):
        services.comment_code(comment=comment, by=officer, themes=[], new_names=["Buses"])
        entries = AuditEntry.objects.count()

        services.comment_code(comment=comment, by=officer, themes=list(Theme.objects.all()))

        assert AuditEntry.objects.count() == entries
        assert comment.codings.count() == 1


class TestThemeRenameAndMerge:
    def test_rename(self, opened, officer):
        theme = services.theme_create(consultation=opened, by=officer, name="Busses")

        services.theme_rename(theme=theme, by=officer, name="Buses")

        assert Theme.objects.get().name == "Buses"

    def test_merge_moves_the_codes_once(self, comment, officer, opened):
        buses, bus = (
            services.theme_create(consultation=opened, by=officer, name=name) for name in ("Buses", "Bus")
        )
        services.comment_code(comment=comment, by=officer, themes=[buses, bus])

        services.theme_merge(theme=bus, into=buses, by=officer)

        assert list(comment.codings.values_list("theme__name", flat=True)) == ["Buses"]
        assert list(opened.themes.values_list("name", flat=True)) == ["Buses"]


def _another_open(board, officer):
    from consultations.models import Status
    from tests.factories import ConsultationFactory, StrategyFactory

    other = ConsultationFactory(
        strategy=StrategyFactory(board=board, slug="other"), created_by=officer, slug="other"
    )
    services.consultation_transition(consultation=other, to_status=Status.SCHEDULED, by=officer)
    return services.consultation_transition(consultation=other, to_status=Status.OPEN, by=officer)


class TestProgressAndFilters:
    def test_counts_the_share_coded_overall_and_per_priority(self, opened, officer, priorities, event):
        first, second = priorities[:2]
        for text in ("One", "Two", "Three"):
            make_response(opened, comments={first: text})
        make_response(opened, comments={second: "Four"})
        make_response(opened, comments={second: "Started"}, submitted=False)  # Not counted.
        both = services.event_comment_add(event=event, by=officer, text="Both", priorities=[first, second])
        services.comment_code(comment=opened.comments.get(text="One"), by=officer, themes=[], new_names=["A"])
        services.comment_code(comment=both, by=officer, themes=[], new_names=["B"])

        progress = coding.coding_progress(opened)

        assert (progress.overall.coded, progress.overall.total) == (2, 5)
        assert [(share.coded, share.total) for share in progress.priorities[:2]] == [(2, 4), (1, 2)]
        assert progress.overall.percent == 40

    def test_filters_by_priority_channel_respondent_type_theme_and_uncoded(
        self, opened, officer, priorities, event
    ):
        first, second = priorities[:2]
        make_response(opened, channel=Channel.PAPER, comments={first: "Paper"})
        make_response(
            opened, respondent_type=RespondentType.COUNCILLOR, comments={second: "Councillor online"}
        )
        at_event = services.event_comment_add(event=event, by=officer, text="Event", priorities=[second])
        services.comment_code(comment=at_event, by=officer, themes=[], new_names=["Parks"])
        parks = Theme.objects.get()

        def texts(**filters):
            comments = coding.comments_to_code(opened, coding.CommentFilters(**filters))
            return sorted(comment.text for comment in comments)

        assert texts(priority=second) == ["Councillor online", "Event"]
        assert texts(channel=Channel.PAPER) == ["Paper"]
        assert texts(channel=Channel.EVENT) == ["Event"]
        assert texts(respondent_type=RespondentType.COUNCILLOR) == ["Councillor online"]
        assert texts(theme=parks.pk) == ["Event"]
        assert texts(uncoded=True) == ["Councillor online", "Paper"]
