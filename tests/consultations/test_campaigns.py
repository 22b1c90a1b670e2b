"""Campaigns (consultations/campaigns.py): found by fingerprint, stored idempotently, reviewed, reported."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from consultations import campaigns, report, services
from consultations.campaigns import CAMPAIGN_MIN_RESPONSES, body, find_groups, fingerprint
from consultations.models import Campaign, CampaignStatus, Channel, Comment
from core.models import AuditEntry
from tests.consultations.helpers import make_response

pytestmark = pytest.mark.django_db

TEXT = "Please keep the walk-in centre at Orsett Hospital open, it is vital for older people."


def respond(consultation, text: str, *, n: int = 1, **kwargs) -> list:
    first = consultation.priorities()[0]["id"]
    return [make_response(consultation, comments={first: text}, **kwargs) for _ in range(n)]


class TestFingerprint:
    @pytest.mark.parametrize(
        "variant",
        [
            TEXT,
            TEXT.upper(),
            "Please keep the walk in centre at Orsett Hospital open; it is vital for older people",
            f"  Dear Sir or Madam,\n{TEXT}\n\nYours faithfully,\nJane Smith\n12 High Street",
            f"Hi, {TEXT} Thanks, Bob",
            f"Hello\n{TEXT}\nKind regards\nAl",
            f"{TEXT}\nYours,\nPerson 50",
        ],
    )
    def test_near_identical_texts_share_a_fingerprint(self, variant):
        assert fingerprint(variant) == fingerprint(TEXT) != ""

    def test_different_words_differ(self):
        assert fingerprint(TEXT.replace("older", "younger")) != fingerprint(TEXT)

    @pytest.mark.parametrize("short", ["No comment", "I agree with this", "Regards", "N/A"])
    def test_a_short_text_is_never_a_campaign(self, short):
        assert fingerprint(short) == ""

    def test_the_body_keeps_the_words_as_written_without_the_name(self):
        assert body(f"Dear Councillor,\n{TEXT}\nYours sincerely,\nJane Smith") == TEXT

    def test_a_text_that_is_only_a_greeting_or_a_sign_off_is_kept(self):
        assert (body("Dear all,"), body("Thank you")) == ("Dear all,", "Thank you")


class TestDetection:
    def test_groups_the_same_text_from_three_responses(self, opened):
        made = respond(opened, TEXT, n=CAMPAIGN_MIN_RESPONSES)
        respond(opened, "Something else entirely that nobody else wrote at all")

        (group,) = find_groups(opened)

        assert group.response_count == 3
        assert group.text == TEXT
        assert group.comments == set(Comment.objects.filter(response__in=made).values_list("pk", flat=True))

    def test_groups_near_identical_texts(self, opened):
        respond(opened, TEXT)
        respond(opened, f"Dear Sir,\n{TEXT.upper()}\nYours faithfully,\nA. Resident")
        respond(opened, f"Hi, {TEXT.replace(',', ';')} Thanks, Bob")

        (group,) = find_groups(opened)

        assert group.response_count == 3

    def test_groups_the_template_with_a_sentence_added_or_a_word_changed(self, opened):
        template = (
            "We the undersigned ask the Board to keep the walk-in centre at Orsett Hospital open seven days "
            "a week, because older people and families without a car cannot reach Basildon in an emergency."
        )
        respond(opened, template, n=2)
        respond(opened, template + " My mother waited four hours there last winter.")
        respond(opened, template.replace("seven days", "every day"))
        respond(opened, "The walk-in centre should close and the money go to GP surgeries instead, please.")

        (group,) = find_groups(opened)

        assert group.response_count == 4
        assert group.text == template  # The template, the text most of them sent, not a variant.
        assert group.fingerprint == fingerprint(template)

    def test_the_campaign_keeps_its_key_as_edited_copies_arrive(self, opened, officer):
        template = (
            "Please keep the walk-in centre at Orsett Hospital open, it is vital for older people and for "
            "families who have no car to reach Basildon Hospital."
        )
        respond(opened, template, n=3)
        services.campaigns_detect(consultation=opened, by=officer)
        (campaign,) = Campaign.objects.all()
        services.campaign_review(campaign=campaign, by=officer, status=CampaignStatus.CONFIRMED)

        respond(opened, template + " I use it every month.")
        services.campaigns_detect(consultation=opened, by=officer)

        (again,) = Campaign.objects.all()
        assert (again.pk, again.status, again.response_count) == (campaign.pk, CampaignStatus.CONFIRMED, 4)

    def test_two_responses_are_not_a_campaign(self, opened):
        respond(opened, TEXT, n=CAMPAIGN_MIN_RESPONSES - 1)

        assert find_groups(opened) == []

    def test_one_response_pasting_the_text_in_every_box_counts_once(self, opened):
        ids = [priority["id"] for priority in opened.priorities()]
        make_response(opened, comments=dict.fromkeys(ids, TEXT))
        respond(opened, TEXT)

        assert find_groups(opened) == []

    def test_event_comments_duplicates_and_unsent_responses_are_left_out(self, opened, officer):
        respond(opened, TEXT, n=2)
        event = services.event_create(
            consultation=opened, by=officer, title="Drop-in", held_on=opened.opens_at
        )
        services.event_comment_add(event=event, by=officer, text=TEXT)
        respond(opened, TEXT, submitted=False)
        (marked,) = respond(opened, TEXT, channel=Channel.PAPER)
        services.response_mark_duplicate(response=marked, by=officer, reason="Sent twice.")

        assert find_groups(opened) == []


class TestSync:
    def test_finding_again_writes_nothing_when_nothing_changed(self, opened):
        respond(opened, TEXT, n=3)
        campaigns.campaigns_sync(opened)
        before = list(Campaign.objects.values_list("pk", "detected_at", "response_count"))

        counts = campaigns.campaigns_sync(opened)

        assert counts == {"found": 1, "added": 0, "updated": 0, "removed": 0}
        assert list(Campaign.objects.values_list("pk", "detected_at", "response_count")) == before

    def test_a_campaign_that_grew_keeps_its_review(self, opened, officer):
        respond(opened, TEXT, n=3)
        campaigns.campaigns_sync(opened)
        campaign = Campaign.objects.get()
        services.campaign_review(campaign=campaign, by=officer, status=CampaignStatus.DISMISSED)
        respond(opened, TEXT)

        counts = campaigns.campaigns_sync(opened)

        campaign.refresh_from_db()
        assert counts["updated"] == 1
        assert (campaign.status, campaign.response_count, campaign.comments.count()) == ("dismissed", 4, 4)

    def test_a_campaign_no_longer_found_is_removed(self, opened, officer):
        made = respond(opened, TEXT, n=3)
        campaigns.campaigns_sync(opened)
        services.response_mark_duplicate(response=made[0], by=officer, reason="Sent twice.")

        counts = campaigns.campaigns_sync(opened)

        assert counts["removed"] == 1
        assert not Campaign.objects.exists()

    def test_new_campaigns_are_numbered_on(self, opened):
        respond(opened, TEXT, n=3)
        campaigns.campaigns_sync(opened)
        respond(opened, "Buses to the hospital should run every half an hour please", n=4)

        campaigns.campaigns_sync(opened)

        assert sorted(Campaign.objects.values_list("label", flat=True)) == ["Campaign 1", "Campaign 2"]


class TestServices:
    def test_detect_is_audited_by_counts_never_the_text(self, opened, officer):
        respond(opened, TEXT, n=3)

        services.campaigns_detect(consultation=opened, by=officer)

        entry = AuditEntry.objects.filter(target_type__model="consultation", target_id=opened.pk).latest("pk")
        assert entry.changes["campaigns"][1]["added"] == 1
        assert "walk-in" not in str(entry.changes)

    def test_detect_is_refused_before_opening(self, consultation, officer):
        with pytest.raises(ValidationError, match="once the consultation has opened"):
            services.campaigns_detect(consultation=consultation, by=officer)

    def test_review_confirms_and_audits_without_the_text(self, opened, officer):
        respond(opened, TEXT, n=3)
        campaigns.campaigns_sync(opened)
        campaign = Campaign.objects.get()

        services.campaign_review(campaign=campaign, by=officer, status=CampaignStatus.CONFIRMED)

        campaign.refresh_from_db()
        assert (campaign.status, campaign.reviewed_by) == ("confirmed", officer)
        entry = AuditEntry.objects.filter(target_type__model="campaign", target_id=campaign.pk).latest("pk")
        assert entry.changes == {"status": ["not reviewed", "confirmed"]}
        assert entry.target_repr == "Campaign 1"

    def test_review_refuses_a_status_not_offered(self, opened, officer):
        respond(opened, TEXT, n=3)
        campaigns.campaigns_sync(opened)

        with pytest.raises(ValidationError):
            services.campaign_review(campaign=Campaign.objects.get(), by=officer, status="deleted")

    @pytest.mark.parametrize("who", ["board_member", "other_officer"])
    def test_refused_for_a_board_member_and_another_boards_officer(self, request, opened, who):
        respond(opened, TEXT, n=3)
        user = request.getfixturevalue(who)

        with pytest.raises(PermissionDenied):
            services.campaigns_detect(consultation=opened, by=user)

        assert not Campaign.objects.exists()


class TestReport:
    def test_names_only_confirmed_campaigns_and_counts_each_response_once(self, opened, officer):
        made = respond(opened, TEXT, n=3)
        respond(opened, "Buses to the hospital should run every half an hour please", n=3)
        ids = [priority["id"] for priority in opened.priorities()]
        Comment.objects.create(
            consultation=opened,
            response=made[0],
            priority_id=ids[1],
            text="Buses to the hospital should run every half an hour please",
        )
        campaigns.campaigns_sync(opened)
        first, second = Campaign.objects.order_by("pk")
        for campaign in (first, second):
            services.campaign_review(campaign=campaign, by=officer, status=CampaignStatus.CONFIRMED)

        figures = report.build(opened).campaigns

        assert figures.count == 2
        assert figures.responses == 6  # made[0] is in both, and counted once.
        assert sorted(c.responses for c in figures.campaigns) == [3, 4]

    def test_a_detected_campaign_is_not_in_the_report(self, opened):
        respond(opened, TEXT, n=3)
        campaigns.campaigns_sync(opened)

        assert report.build(opened).campaigns.count == 0

    def test_the_report_page_says_how_responses_were_counted(self, opened, officer, officer_client):
        made = respond(opened, TEXT, n=4)
        services.response_mark_duplicate(response=made[0], by=officer, reason="Sent twice.")
        campaigns.campaigns_sync(opened)
        services.campaign_review(campaign=Campaign.objects.get(), by=officer, status=CampaignStatus.CONFIRMED)

        page = officer_client.get(reverse("consultations:report", args=[opened.board.slug, opened.slug]))

        text = page.content.decode()
        assert "1 response was marked as a duplicate and is not counted" in text
        assert "3 responses were part of 1 campaign (identical or near-identical text)" in text
        assert TEXT in text
