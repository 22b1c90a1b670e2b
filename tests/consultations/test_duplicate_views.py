"""The officers' pages for duplicates and campaigns (consultations/views/duplicates.py), JavaScript off."""

import pytest
from django.urls import reverse

from consultations import campaigns, services
from consultations.models import Campaign, CampaignStatus, Channel
from tests.consultations.helpers import make_response

pytestmark = pytest.mark.django_db

TEXT = "Please keep the walk-in centre at Orsett Hospital open, it is vital for older people."


def duplicate_url(response) -> str:
    return reverse("consultations:response_duplicate", args=[response.pk])


class TestResponseDuplicate:
    def test_an_online_response_can_be_marked_and_the_list_shows_it(self, opened, officer_client):
        online, again = make_response(opened), make_response(opened)

        sent = officer_client.post(
            duplicate_url(again), {"duplicate_of": online.reference, "reason": "Sent from two tabs."}
        )

        assert sent.status_code == 302
        listed = officer_client.get(sent["Location"])
        html = listed.content.decode()
        assert "Responses marked as duplicates" in html
        assert again.reference in html and f"of {online.reference}" in html
        assert f" response {again.reference}</span>" in html
        assert f" response {online.reference}</span>" not in html  # Counted: not in this list.
        assert "1 response, not counted" in html

    def test_an_error_shows_next_to_the_field_and_keeps_what_was_typed(self, opened, officer_client):
        response = make_response(opened)

        page = officer_client.post(
            duplicate_url(response), {"duplicate_of": "ZZZZ-ZZZZ", "reason": "Typed this."}
        )

        assert page.status_code == 422
        html = page.content.decode()
        assert "There is a problem" in html
        assert "There is no response with the reference ZZZZ-ZZZZ" in html
        assert "Typed this." in html and 'value="ZZZZ-ZZZZ"' in html
        response.refresh_from_db()
        assert not response.is_duplicate

    def test_the_mark_comes_off(self, opened, officer, officer_client):
        response = make_response(opened, channel=Channel.PAPER)
        services.response_mark_duplicate(response=response, by=officer, reason="Sent twice.")

        page = officer_client.get(duplicate_url(response))
        sent = officer_client.post(duplicate_url(response), {"action": "unmark"})

        assert "Take the duplicate mark off" in page.content.decode()
        assert sent.status_code == 302
        response.refresh_from_db()
        assert not response.is_duplicate

    def test_the_list_finds_a_response_by_its_reference(self, opened, officer_client):
        wanted, other = make_response(opened), make_response(opened)

        page = officer_client.get(
            reverse("consultations:responses", args=[opened.pk]),
            {"show": "all", "reference": wanted.reference.lower().replace("-", "")},
        )

        html = page.content.decode()
        assert wanted.reference in html and other.reference not in html

    def test_a_show_value_not_offered_falls_back_to_the_entered_ones(self, opened, officer_client):
        online = make_response(opened)

        page = officer_client.get(reverse("consultations:responses", args=[opened.pk]), {"show": "<script>"})

        assert page.status_code == 200
        assert online.reference not in page.content.decode()


class TestCampaignsPage:
    def test_looks_for_campaigns_and_lists_them_with_their_references(self, opened, officer_client):
        first = opened.priorities()[0]["id"]
        made = [make_response(opened, comments={first: TEXT}) for _ in range(3)]
        url = reverse("consultations:campaigns", args=[opened.pk])

        sent = officer_client.post(url)
        page = officer_client.get(sent["Location"])

        assert sent.status_code == 302
        html = page.content.decode()
        assert "1 campaign found" in html
        assert "Campaign 1: 3 responses" in html
        assert TEXT in html
        assert all(response.reference in html for response in made)
        # The page says what counts as the same text: near-identical copies too, not only word for word.
        assert "or near-identical" in html and "at least 70% of their three-word phrases" in html

    def test_confirming_a_campaign(self, opened, officer_client):
        first = opened.priorities()[0]["id"]
        for _ in range(3):
            make_response(opened, comments={first: TEXT})
        campaigns.campaigns_sync(opened)
        campaign = Campaign.objects.get()

        sent = officer_client.post(
            reverse("consultations:campaign_review", args=[campaign.pk]), {"status": "confirmed"}
        )

        assert sent.status_code == 302 and sent["Location"].endswith(f"#campaign-{campaign.pk}")
        campaign.refresh_from_db()
        assert campaign.status == CampaignStatus.CONFIRMED

    def test_a_forged_status_is_refused_with_a_message(self, opened, officer_client):
        first = opened.priorities()[0]["id"]
        for _ in range(3):
            make_response(opened, comments={first: TEXT})
        campaigns.campaigns_sync(opened)
        campaign = Campaign.objects.get()

        sent = officer_client.post(
            reverse("consultations:campaign_review", args=[campaign.pk]), {"status": "gone"}, follow=True
        )

        assert "Choose whether to confirm or dismiss the campaign" in sent.content.decode()
        campaign.refresh_from_db()
        assert campaign.status == CampaignStatus.DETECTED

    def test_before_opening_there_is_nothing_to_look_for(self, consultation, officer_client):
        page = officer_client.get(reverse("consultations:campaigns", args=[consultation.pk]))

        assert "Campaigns are looked for once the consultation has opened" in page.content.decode()
