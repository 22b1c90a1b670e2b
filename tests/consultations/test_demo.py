"""
The consultations' demo data (consultations/demo): Thurrock's consultation of October to December 2021,
closed, coded, its one campaign confirmed, with "you said, we did" and a published report linked from
the published strategy; and Leicestershire's, open now, about a third of its comments coded, a sample
of them twice. What a browser walk of the demo found wrong is tested here: campaigns the report denied,
a change not shown beside the priority it added, uniformly random equality answers, an empty agreement
page.
"""

import random
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from consultations import campaigns, compare
from consultations.agreement import coder_agreement
from consultations.coding import coding_progress
from consultations.demo import equality, thurrock_said
from consultations.equality import PREFER_NOT_TO_SAY
from consultations.models import (
    CampaignStatus,
    Channel,
    Coding,
    Comment,
    Consultation,
    RespondentType,
    Status,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def thurrock() -> Consultation:
    return Consultation.objects.get(board__slug="thurrock")


def leicestershire() -> Consultation:
    return Consultation.objects.get(board__slug="leicestershire")


class TestThurrock:
    def test_the_strategy_went_out_to_consultation_by_opening_it_answered_on_every_channel(self):

        consultation = thurrock()
        strategy = consultation.strategy
        opened = consultation.status_changes.get(to_status=Status.OPEN)
        closed = consultation.status_changes.get(to_status=Status.CLOSED)
        moves = {change.to_status: change for change in strategy.status_changes.all()}
        responses = consultation.responses.submitted()
        assert consultation.status == Status.CLOSED
        assert opened.on_schedule and closed.on_schedule
        assert (opened.at.year, opened.at.month, closed.at.month) == (2021, 10, 12)
        assert moves["in_consultation"].at == opened.at
        assert consultation.revision == moves["in_consultation"].revision
        assert closed.at < moves["final_draft"].at < consultation.report_published_at
        assert consultation.report_published_at < moves["approved"].at < moves["published"].at
        assert strategy.status == "published"
        # A few hundred responses, on every channel, from every kind of respondent, and four events.
        assert 250 <= responses.count() <= 400
        assert {Channel.ONLINE, Channel.PAPER, Channel.EMAIL, Channel.PHONE} <= set(
            responses.values_list("channel", flat=True)
        )
        assert set(RespondentType.values) <= set(responses.values_list("respondent_type", flat=True))
        assert all(opened.at <= at <= closed.at for at in responses.values_list("submitted_at", flat=True))
        assert consultation.events.count() == 4
        assert all(event.comments.exists() for event in consultation.events.all())

    def test_every_comment_is_coded_and_you_said_we_did_is_backed_by_the_comments_of_its_theme(self):

        consultation = thurrock()
        progress = coding_progress(consultation)
        themes = consultation.themes.all()
        codings = Coding.objects.filter(comment__consultation=consultation)
        assert progress.overall.total > 200 and progress.overall.coded == progress.overall.total
        assert all(share.total and share.coded == share.total for share in progress.priorities)
        priorities = {priority["id"] for priority in consultation.priorities()}
        assert {theme.priority_id for theme in themes if theme.priority_id} == priorities
        assert themes.filter(priority_id__isnull=True).count() >= 3
        assert set(codings.values_list("coder__username", flat=True)) == {"thurrock.officer"}
        assert codings.count() > progress.overall.total  # A comment making two points has both themes.
        changes = list(consultation.changes.all())
        assert len(changes) == len(thurrock_said.CHANGES)
        priorities = {
            p["id"]: p for p in [*consultation.priorities(), *compare.added_priorities(consultation)]
        }
        for change, (priority_title, theme, _said, _did) in zip(changes, thurrock_said.CHANGES, strict=True):
            behind = codings.filter(theme__name=theme).values_list("comment_id", flat=True)
            assert change.priority_title(priorities) == (priority_title or "The whole strategy")
            assert set(change.comments.values_list("pk", flat=True)) == set(behind)
            assert change.comments.count() >= 5

    def test_residents_reach_the_published_report_from_the_public_strategy_page(self, client):
        consultation = thurrock()
        strategy = consultation.strategy

        page = client.get(strategy.get_absolute_url()).content.decode()
        report = client.get(consultation.get_report_url())

        assert "How residents had their say" in page
        assert f'href="{consultation.get_report_url()}"' in page
        assert report.status_code == 200
        text = report.content.decode()
        assert "We added a priority, Support for unpaid carers" in text
        assert escape(consultation.title) in text


class TestLeicestershire:
    def test_about_a_third_of_its_comments_are_coded_and_the_coding_page_filters_them(self, client):
        consultation = leicestershire()
        client.force_login(get_user_model().objects.get(username="leics.officer"))
        url = reverse("consultations:coding", kwargs={"pk": consultation.pk})
        theme = consultation.themes.get(name="Waiting times for CAMHS")

        page = client.get(url).content.decode()
        filtered = client.get(url, {"theme": theme.pk}).content.decode()

        progress = coding_progress(consultation)
        codings = Coding.objects.filter(comment__consultation=consultation)
        assert consultation.status == Status.OPEN
        assert 0.3 <= progress.overall.coded / progress.overall.total <= 0.4
        assert all(0 < share.coded < share.total for share in progress.priorities)
        themed = {theme.priority_id for theme in consultation.themes.all() if theme.priority_id}
        assert themed == {priority["id"] for priority in consultation.priorities()}
        assert set(codings.values_list("coder__username", flat=True)) == {"leics.officer", "leics.admin"}
        assert f"{progress.overall.percent}% coded" in page
        assert "My son waited over a year to be seen by CAMHS." in filtered
        assert "Carers need proper breaks, not a phone number." not in filtered


def test_the_summary_tells_of_both_consultations_their_coding_and_the_report(demo):
    output = demo

    assert "closed 12 December 2021" in output
    assert "“you said, we did” changes; report published 6 June 2022" in output
    assert "comments coded (100%)" in output
    assert "open, closes" in output


class TestCampaigns:
    """Comments are in respondents' own words: only the campaign meant to be one is found."""

    def test_thurrock_has_its_one_campaign_confirmed_and_its_report_names_it(self, client):
        consultation = thurrock()
        intended = thurrock_said.ORSETT

        groups = campaigns.find_groups(consultation)
        report = client.get(consultation.get_report_url()).content.decode()

        assert len(groups) == 1
        assert groups[0].response_count == intended.responses
        members = consultation.comments.filter(pk__in=groups[0].comments)
        assert all(intended.recognised_by in text for text in members.values_list("text", flat=True))
        # Some sent the template as it was, some with a greeting, a sign-off or a sentence of their own.
        assert len(set(members.values_list("text", flat=True))) > intended.responses / 2
        stored = consultation.campaigns.get()
        assert stored.status == CampaignStatus.CONFIRMED
        assert stored.reviewed_by.username == "thurrock.officer"
        assert stored.reviewed_at < consultation.report_published_at
        assert f"{intended.responses} responses were part of 1 campaign" in report
        assert escape(intended.recognised_by) in report

    def test_leicestershire_has_none(self):
        assert campaigns.find_groups(leicestershire()) == []

    def test_no_other_comment_text_is_repeated(self):
        texts = Counter(
            Comment.objects.filter(response__isnull=False)
            .exclude(text__contains=thurrock_said.ORSETT.recognised_by)
            .values_list("text", flat=True)
        )

        assert texts.most_common(1)[0][1] <= 2


def test_thurrock_compare_page_explains_every_changed_priority(client):
    consultation = thurrock()
    client.force_login(get_user_model().objects.get(username="thurrock.officer"))

    comparison = compare.build(consultation)
    page = client.get(reverse("consultations:changes_compare", kwargs={"pk": consultation.pk}))

    assert comparison.unexplained == []
    added = next(p for p in comparison.priorities if p.section.title == "Support for unpaid carers")
    assert [change.we_did.startswith("We added a priority") for change in added.changes] == [True]
    assert "Every priority that changed has a recorded reason." in page.content.decode()
    assert "app-unexplained" not in page.content.decode()


class TestEquality:
    """Equality answers weighted like the area (Census 2021), not uniformly random."""

    @staticmethod
    def shares(consultation: Consultation, key: str) -> tuple[Counter, int]:
        answers = Counter(
            response.equality.get(key) for response in consultation.responses.submitted() if response.equality
        )
        return answers, sum(count for answer, count in answers.items() if answer)

    def test_thurrock_is_mostly_white_british_and_straight_with_some_preferring_not_to_say(self):
        ethnic, answered = self.shares(thurrock(), "ethnic_group")
        orientation, told = self.shares(thurrock(), "sexual_orientation")

        assert 0.65 <= ethnic[equality.WHITE_BRITISH] / answered <= 0.85
        assert orientation["Straight or heterosexual"] / told >= 0.8
        assert orientation["Gay or lesbian"] / told <= 0.05
        assert orientation[PREFER_NOT_TO_SAY] and ethnic[PREFER_NOT_TO_SAY]

    def test_leicestershire_is_whiter_than_thurrock(self):
        ethnic, answered = self.shares(leicestershire(), "ethnic_group")

        assert 0.75 <= ethnic[equality.WHITE_BRITISH] / answered <= 0.92

    def test_answers_are_seeded_and_consistent(self):
        first = [equality.answers(random.Random(7), equality.THURROCK) for _ in range(3)]
        again = [equality.answers(random.Random(7), equality.THURROCK) for _ in range(3)]
        many = [equality.answers(random.Random(seed), equality.THURROCK) for seed in range(500)]

        assert first == again
        assert not any(
            a.get("disability") == "No" and a.get("disability_impact", "").startswith("Yes") for a in many
        )
        assert sum(not answers for answers in many) > 100  # Many skip the optional page.


def test_leicestershire_agreement_page_compares_two_officers_who_mostly_agree(client):
    consultation = leicestershire()
    client.force_login(get_user_model().objects.get(username="leics.officer"))

    pairs = coder_agreement(consultation)
    page = client.get(
        reverse("consultations:coding_agreement", kwargs={"pk": consultation.pk})
    ).content.decode()

    assert [(pair.first.username, pair.second.username, pair.comments) for pair in pairs] == [
        ("leics.officer", "leics.admin", 30)
    ]
    pair = pairs[0]
    assert 0.6 < pair.overall.kappa < 1  # Substantial agreement, not a copy.
    assert sum(tally.kappa is not None for tally in pair.themes) >= 5
    assert "Priya Saddington and Owen Marchant" in page
    assert "30 comments coded by both" in page
    assert f"kappa <strong>{pair.overall.kappa:.2f}</strong>" in page
