"""Rate limits on the resident's survey: starting, sending, and asking for a link (core.ratelimit)."""

from types import SimpleNamespace

import pytest

import core.ratelimit
from consultations.models import Email, RespondentType, Response
from core.formtokens import new_token
from tests.consultations.test_respond_views import domain_url, priority_ids, start, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings, monkeypatch):
    # A fixed clock, 10 minutes into an hour's window: a window that rolled over mid-test, or one
    # that ended within the minute ("Try again in 1 minute"), would make these tests depend on the hour.
    monkeypatch.setattr(core.ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_000 + 600))
    settings.RATE_LIMITS = {
        "respond_start": (2, 3600),
        "respond_submit": (1, 3600),
        "resume_email": (1, 3600),
    }


class TestStarting:
    def test_past_the_limit_a_429_page_says_when_to_try_again(self, client, opened, limits):
        for _ in range(2):
            start(client, opened)

        page = client.post(url(opened, "start"), {"form_token": new_token(), "website": ""})

        assert page.status_code == 429
        assert page["Retry-After"] == "3000"
        content = page.content.decode()
        assert "Try again in 50 minutes" in content
        assert "Continue your response" in content  # The one this browser started is still there.
        assert Response.objects.count() == 2

    def test_other_addresses_are_not_held_up(self, client, opened, limits):
        for _ in range(2):
            start(client, opened)

        page = client.post(
            url(opened, "start"), {"form_token": new_token(), "website": ""}, REMOTE_ADDR="192.0.2.9"
        )

        assert page.status_code == 302


class TestSending:
    def test_past_the_limit_the_answers_are_kept_and_can_be_sent_later(
        self, client, opened, limits, settings
    ):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "respond_start": (10, 3600)}
        start(client, opened)
        client.post(url(opened, "about"), {"respondent_type": RespondentType.RESIDENT})
        client.post(url(opened, "check"))  # The one allowed this hour.
        response = start(client, opened)
        first, _ = priority_ids(opened)
        client.post(domain_url(opened), {f"comment_{first}": "Keep this"})
        client.post(url(opened, "about"), {"respondent_type": RespondentType.RESIDENT})

        page = client.post(url(opened, "check"))

        assert page.status_code == 429
        content = page.content.decode()
        assert "Your answers are saved, but your response has not been sent" in content
        assert url(opened, "check") in content
        response.refresh_from_db()
        assert not response.is_submitted
        assert client.get(url(opened, "check")).status_code == 200  # Back: the answers are all there.
        assert "Keep this" in client.get(url(opened, "check")).content.decode()
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "respond_submit": (10, 3600)}
        client.post(url(opened, "check"))
        response.refresh_from_db()
        assert response.is_submitted


class TestAskingForALink:
    def test_past_the_limit_no_email_and_the_address_typed_is_shown(self, client, opened, limits):
        start(client, opened)
        client.post(url(opened, "save"), {"form_token": new_token(), "email": "a@example.com"})

        page = client.post(url(opened, "save"), {"form_token": new_token(), "email": "b@example.com"})

        assert page.status_code == 429
        assert "b@example.com" in page.content.decode()
        assert Email.objects.count() == 1
