"""Respondents' personal data: the purge at the end of the retention period, subject access, erasure."""

import csv
import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError

from consultations import privacy, services
from consultations.models import Comment, PriorityAnswer, Respondent, Response, Status
from core.models import AuditEntry
from tests.consultations.helpers import make_response

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Pat Smith", "email": "pat@example.com", "contact": "01234 567890"}


def closed_on(consultation, closes_at: datetime.datetime):
    """The consultation, closed at `closes_at` (made directly: the schedule is tested elsewhere)."""
    type(consultation).objects.filter(pk=consultation.pk).update(
        status=Status.CLOSED, opens_at=closes_at - datetime.timedelta(weeks=8), closes_at=closes_at
    )
    consultation.refresh_from_db()
    return consultation


def audit_of(consultation):
    return AuditEntry.objects.for_scope(consultation.strategy).filter(action=AuditEntry.Action.DELETED)


class TestAddMonths:
    @pytest.mark.parametrize(
        ("start", "months", "expected"),
        [
            ((2022, 1, 23), 12, (2023, 1, 23)),
            ((2022, 1, 31), 1, (2022, 2, 28)),
            ((2023, 11, 30), 3, (2024, 2, 29)),
            ((2022, 12, 1), 1, (2023, 1, 1)),
        ],
    )
    def test_adds_calendar_months(self, start, months, expected):
        moment = datetime.datetime(*start, 12, tzinfo=datetime.UTC)

        assert privacy.add_months(moment, months).date() == datetime.date(*expected)


class TestPurge:
    def test_deletes_respondents_once_the_retention_period_has_passed_and_keeps_the_answers(self, opened):
        priority_id = opened.priorities()[0]["id"]
        response = make_response(
            opened, agreements={priority_id: 4}, comments={priority_id: "Yes"}, respondent=ADDRESS
        )
        consultation = closed_on(opened, datetime.datetime(2022, 1, 23, 23, 59, tzinfo=datetime.UTC))

        result = services.personal_data_purge_due(now=datetime.datetime(2023, 1, 24, tzinfo=datetime.UTC))

        assert result == {"respondents": 1, "started": 0, "failed": 0}
        assert not Respondent.objects.exists()
        assert Response.objects.get() == response
        assert PriorityAnswer.objects.get().agreement == 4
        assert Comment.objects.get().text == "Yes"
        [entry] = audit_of(consultation)
        assert entry.target_id == consultation.pk
        assert entry.changes["respondents' personal data"] == [1, 0]
        assert "pat" not in json.dumps(entry.changes).lower()

    def test_keeps_them_until_then(self, opened):
        make_response(opened, respondent=ADDRESS)
        closed_on(opened, datetime.datetime(2022, 1, 23, 23, 59, tzinfo=datetime.UTC))

        result = services.personal_data_purge_due(
            now=datetime.datetime(2023, 1, 23, 23, 0, tzinfo=datetime.UTC)
        )

        assert result["respondents"] == 0
        assert Respondent.objects.count() == 1
        assert not audit_of(opened).exists()

    def test_honours_each_consultations_own_period(self, opened):
        make_response(opened, respondent=ADDRESS)
        closed_on(opened, datetime.datetime(2022, 1, 23, tzinfo=datetime.UTC))
        type(opened).objects.filter(pk=opened.pk).update(retention_months=24)

        services.personal_data_purge_due(now=datetime.datetime(2023, 6, 1, tzinfo=datetime.UTC))

        assert Respondent.objects.count() == 1

    def test_deletes_started_responses_never_sent_once_closed(self, opened):
        sent = make_response(opened)
        make_response(opened, submitted=False, respondent={"email": "later@example.com"})
        consultation = closed_on(opened, datetime.datetime(2022, 1, 23, tzinfo=datetime.UTC))

        result = services.personal_data_purge_due(now=datetime.datetime(2022, 1, 24, tzinfo=datetime.UTC))

        assert result == {"respondents": 0, "started": 1, "failed": 0}
        assert list(Response.objects.all()) == [sent]
        assert not Respondent.objects.exists()
        [entry] = audit_of(consultation)
        assert entry.changes["started responses never sent"] == [1, 0]

    def test_leaves_open_consultations_alone(self, opened):
        make_response(opened, submitted=False, respondent=ADDRESS)

        result = services.personal_data_purge_due(now=opened.closes_at + datetime.timedelta(days=5000))

        assert result == {"respondents": 0, "started": 0, "failed": 0}
        assert Response.objects.count() == 1

    def test_runs_again_without_writing_again(self, opened):
        make_response(opened, respondent=ADDRESS)
        closed_on(opened, datetime.datetime(2022, 1, 23, tzinfo=datetime.UTC))
        later = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
        services.personal_data_purge_due(now=later)

        result = services.personal_data_purge_due(now=later)

        assert result == {"respondents": 0, "started": 0, "failed": 0}
        assert audit_of(opened).count() == 1

    def test_the_beat_job_runs_it_daily(self, settings):
        entry = settings.CELERY_BEAT_SCHEDULE["personal-data-purge-due"]

        assert entry["task"] == "consultations.tasks.personal_data_purge_due"
        assert entry["schedule"] <= 24 * 3600


class TestFind:
    def test_by_email_address_whatever_its_case(self, opened):
        response = make_response(opened, respondent=ADDRESS)
        make_response(opened, respondent={"email": "someone@example.com"})

        assert privacy.respondent_find(consultation=opened, query=" PAT@example.com ") == [response]

    def test_by_reference_with_or_without_its_hyphen(self, opened):
        response = make_response(opened)
        code = response.reference.replace("-", "").lower()

        assert privacy.respondent_find(consultation=opened, query=code) == [response]
        assert privacy.respondent_find(consultation=opened, query=response.reference) == [response]

    def test_only_within_the_consultation(self, opened, board, officer):
        from tests.factories import ConsultationFactory

        other = ConsultationFactory(strategy__board=board, created_by=officer)
        make_response(other, respondent=ADDRESS)

        assert privacy.respondent_find(consultation=opened, query=ADDRESS["email"]) == []


class TestExport:
    def test_json_holds_what_is_held_and_is_audited_without_it(self, opened, officer):
        priority_id = opened.priorities()[0]["id"]
        response = make_response(opened, comments={priority_id: "My street floods"}, respondent=ADDRESS)

        content, content_type = services.respondent_export(response=response, by=officer, as_format="json")

        data = json.loads(content)
        assert content_type == "application/json"
        assert data["reference"] == response.reference
        assert data["personal data"]["email address"] == "pat@example.com"
        assert data["comments"] == ["My street floods"]
        entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORTED)
        assert entry.actor == officer and entry.target_id == response.pk
        assert "pat" not in json.dumps(entry.changes).lower()

    def test_csv_opens_in_excel(self, opened, officer):
        response = make_response(opened, respondent=ADDRESS)

        content, content_type = services.respondent_export(response=response, by=officer, as_format="csv")

        assert content.startswith("\ufeff") and "charset=utf-8" in content_type
        rows = dict(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
        assert rows["email address"] == "pat@example.com"
        assert rows["reference"] == response.reference


class TestErase:
    def test_deletes_the_respondent_and_keeps_the_answers(self, opened, officer):
        priority_id = opened.priorities()[0]["id"]
        response = make_response(
            opened, agreements={priority_id: 2}, comments={priority_id: "Call me"}, respondent=ADDRESS
        )

        services.respondent_erase(response=response, by=officer)

        assert not Respondent.objects.exists()
        assert PriorityAnswer.objects.get().agreement == 2
        assert Comment.objects.get().text == "Call me"
        [entry] = audit_of(opened)
        assert entry.actor == officer and entry.target_id == response.pk
        assert "pat" not in json.dumps(entry.changes).lower()

    def test_blanks_the_comments_with_a_reason(self, opened, officer):
        priority_id = opened.priorities()[0]["id"]
        response = make_response(
            opened, comments={priority_id: "I am Pat, of 3 High Street"}, respondent=ADDRESS
        )

        blanked = services.respondent_erase(
            response=response, by=officer, blank_comments=True, reason="It names them"
        )

        assert blanked == 1
        assert Comment.objects.get().text == "[Removed at the respondent’s request: It names them]"
        [entry] = audit_of(opened)
        assert "High Street" not in json.dumps(entry.changes)

    def test_blanking_needs_a_reason(self, opened, officer):
        priority_id = opened.priorities()[0]["id"]
        response = make_response(opened, comments={priority_id: "Mine"}, respondent=ADDRESS)

        with pytest.raises(ValidationError) as caught:
            services.respondent_erase(response=response, by=officer, blank_comments=True, reason="  ")

        assert "reason" in caught.value.message_dict
        assert Respondent.objects.exists() and Comment.objects.get().text == "Mine"

    def test_erasing_again_records_nothing_more(self, opened, officer):
        response = make_response(opened, respondent=ADDRESS)
        services.respondent_erase(response=response, by=officer)

        services.respondent_erase(response=response, by=officer)

        assert audit_of(opened).count() == 1
