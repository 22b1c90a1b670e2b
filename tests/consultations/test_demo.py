"""
The consultations' demo data (consultations/demo): Thurrock's consultation of October to December 2021,
closed, coded, with "you said, we did" and a published report linked from the published strategy; and
Leicestershire's, open now, about a third of its comments coded.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from consultations.coding import coding_progress
from consultations.demo import thurrock_said
from consultations.models import Channel, Coding, Consultation, RespondentType, Status

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
        for change, (priority_title, theme, _said, _did) in zip(changes, thurrock_said.CHANGES, strict=True):
            behind = codings.filter(theme__name=theme).values_list("comment_id", flat=True)
            assert change.priority_title() == (priority_title or "The whole strategy")
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
        assert set(codings.values_list("coder__username", flat=True)) == {"leics.officer"}
        assert f"{progress.overall.percent}% coded" in page
        assert "My son waited over a year to be seen by CAMHS." in filtered
        assert "Carers need proper breaks, not a phone number." not in filtered


def test_the_summary_tells_of_both_consultations_their_coding_and_the_report(demo):
    output = demo

    assert "closed 12 December 2021" in output
    assert "“you said, we did” changes; report published 6 June 2022" in output
    assert "comments coded (100%)" in output
    assert "open, closes" in output
