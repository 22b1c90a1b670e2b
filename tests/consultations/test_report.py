"""“You said, we did” (consultations/changes.py) and the consultation report (report.py, views/report.py)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations import report, services
from consultations.models import Change, Status
from core.formtokens import new_token
from core.models import AuditEntry
from core.versions import EditConflict
from tests.consultations.helpers import make_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(opened, officer):
    return services.consultation_transition(consultation=opened, to_status=Status.CLOSED, by=officer)


def report_url(consultation) -> str:
    return reverse("consultations:report", args=[consultation.board.slug, consultation.slug])


def manage_url(consultation) -> str:
    return reverse("consultations:report_manage", args=[consultation.pk])


class TestChangeServices:
    def test_refuses_a_change_until_the_consultation_has_closed(self, opened, officer):
        with pytest.raises(ValidationError, match="once the consultation has closed"):
            services.change_add(consultation=opened, by=officer, you_said="More buses", we_did="Added one")

        assert not Change.objects.exists()

    def test_links_a_change_to_its_priority_and_the_comments_behind_it(self, closed, officer):
        first = closed.priorities()[0]["id"]
        comment = make_response(closed, comments={first: "Buses are too rare"}).comments.get()

        change = services.change_add(
            consultation=closed,
            by=officer,
            priority_id=first,
            you_said="Buses are too rare.",
            we_did="Added a priority on transport.",
            comments=[comment.pk],
        )

        assert change.priority_title() == closed.priorities()[0]["title"]
        assert list(change.comments.all()) == [comment]
        # The change's own entry: other kinds of target may have the same number.
        entry = AuditEntry.objects.filter(target_type__model="change", target_id=change.pk).get()
        assert "Buses" not in str(entry.changes)  # Free text stays out of the audit trail.

    def test_refuses_a_priority_or_comment_not_of_this_consultation(self, closed, officer):
        with pytest.raises(ValidationError) as error:
            services.change_add(consultation=closed, by=officer, priority_id=999999, you_said="A", we_did="B")
        assert "priority_id" in error.value.message_dict

        with pytest.raises(ValidationError) as error:
            services.change_add(consultation=closed, by=officer, you_said="A", we_did="B", comments=[999999])
        assert "comments" in error.value.message_dict
        assert not Change.objects.exists()

    def test_reorders_and_refuses_a_stale_list(self, closed, officer):
        first = services.change_add(consultation=closed, by=officer, you_said="A", we_did="B")
        second = services.change_add(consultation=closed, by=officer, you_said="C", we_did="D")

        services.changes_reorder(consultation=closed, by=officer, order=[second.pk, first.pk])

        assert list(closed.changes.values_list("pk", flat=True)) == [second.pk, first.pk]
        with pytest.raises(ValidationError, match="has changed"):
            services.changes_reorder(
                consultation=closed, by=officer, order=[first.pk, second.pk], seen=[first.pk, second.pk]
            )

    def test_an_edit_from_a_stale_form_is_a_conflict(self, closed, officer):
        change = services.change_add(consultation=closed, by=officer, you_said="A", we_did="B")
        services.change_update(change=change, by=officer, version=1, we_did="Changed")

        with pytest.raises(EditConflict):
            services.change_update(change=change, by=officer, version=1, we_did="Mine")


class TestReportPublication:
    def test_publishing_is_refused_before_closing_and_idempotent_after(self, opened, officer):
        with pytest.raises(ValidationError):
            services.report_publish(consultation=opened, by=officer)

        closed = services.consultation_transition(consultation=opened, to_status=Status.CLOSED, by=officer)
        published = services.report_publish(consultation=closed, by=officer)
        again = services.report_publish(consultation=closed, by=officer)

        assert published.report_published_at == again.report_published_at is not None
        assert services.report_withdraw(consultation=closed, by=officer).report_published_at is None


class TestSuppression:
    def test_counts_below_five_are_shown_as_fewer_than_five(self):
        cells = report.suppress([("A", 12), ("B", 4), ("C", 0), ("D", 30)])

        # 4 in all, hidden in two: 4 and 0, 3 and 1, 2 and 2...: nothing to work out.
        assert [cell.shown for cell in cells] == ["12", "fewer than 5", "fewer than 5", "30"]

    def test_two_small_counts_whose_sum_gives_them_away_take_the_next_smallest_with_them(self):
        # The walk's unpaid carers table: shown 292 of 300, two counts hidden, each below 5: 4 and 4.
        cells = report.suppress([("None", 250), ("1 to 9 hours", 42), ("10 to 19", 4), ("50 or more", 4)])

        assert [cell.shown for cell in cells] == ["250", "withheld", "fewer than 5", "fewer than 5"]

    def test_a_single_small_count_takes_the_next_smallest_with_it(self):
        cells = report.suppress([("A", 12), ("B", 3), ("C", 9), ("D", 30)])

        # With the total known, 3 alone could be worked out as total - 12 - 9 - 30: 9 goes too, and is
        # labelled for what it is: it is not fewer than 5.
        assert [cell.shown for cell in cells] == ["12", "fewer than 5", "withheld", "30"]

    def test_hidden_counts_all_zero_take_the_next_smallest_with_them(self):
        cells = report.suppress([("A", 12), ("B", 0), ("C", 0), ("D", 30)])

        assert [cell.shown for cell in cells] == ["withheld", "fewer than 5", "fewer than 5", "30"]

    def test_a_large_count_withheld_is_never_called_fewer_than_five(self):
        cells = report.suppress([("Female", 70), ("Male", 63), ("Prefer not to say", 2)])

        assert [cell.shown for cell in cells] == ["70", "withheld", "fewer than 5"]
        assert [cell.count for cell in cells] == [70, None, None]

    def test_nothing_is_hidden_when_every_count_is_five_or_more(self):
        cells = report.suppress([("A", 5), ("B", 7)])

        assert [cell.count for cell in cells] == [5, 7]

    def test_the_report_page_never_shows_a_small_equality_count(self, closed, officer, board_member_client):
        for _ in range(7):
            make_response(closed, equality={"age": "25 to 34", "sex": "Female"})
        for _ in range(2):
            make_response(closed, equality={"age": "75 or over", "sex": "Male"})

        response = board_member_client.get(report_url(closed))

        tables = {table.key: table for table in response.context["report"].equality}
        age = {cell.label: cell.shown for cell in tables["age"].rows}
        assert age["25 to 34"] == "7"
        assert age["75 or over"] == "fewer than 5"
        sex = {cell.label: cell.shown for cell in tables["sex"].rows}
        assert sex == {
            "Female": "7",
            "Male": "fewer than 5",
            "Prefer not to say": "fewer than 5",
            "Not answered": "fewer than 5",
        }
        content = response.content.decode()
        table = content[content.index('id="equality-sex"') :]
        table = table[: table.index("</table>")]
        assert not re.search(r">\s*[1-4]\s*<", table)


class TestReportPage:
    def test_is_not_found_until_published_but_the_board_can_preview_it(
        self, client, board_member_client, closed, officer
    ):
        assert client.get(report_url(closed)).status_code == 404
        preview = board_member_client.get(report_url(closed))
        assert preview.status_code == 200
        assert "A preview" in preview.content.decode()

        services.report_publish(consultation=closed, by=officer)

        response = client.get(report_url(closed))
        assert response.status_code == 200
        assert "A preview" not in response.content.decode()

    def test_shows_the_figures_charts_events_and_changes(self, client, closed, officer):
        first = closed.priorities()[0]["id"]
        for level in (5, 4, 2):
            make_response(
                closed, channel="paper", agreements={first: level}, comments={first: "Private words"}
            )
        services.event_create(
            consultation=closed,
            by=officer,
            title="Drop-in",
            held_on=closed.opens_at.date(),
            people_reached=40,
        )
        services.change_add(
            consultation=closed, by=officer, priority_id=first, you_said="Buses.", we_did="Transport added."
        )
        services.report_publish(consultation=closed, by=officer)

        content = client.get(report_url(closed)).content.decode()

        assert 'role="img"' in content
        assert "67% of the 3 who answered agreed or strongly agreed" in content
        assert "1 event, reaching 40 people" in content
        assert "Transport added." in content
        assert "Private words" not in content

    def test_the_consultation_and_strategy_pages_link_to_a_published_report(self, client, closed, officer):
        strategy_url = closed.strategy.get_absolute_url()
        assert "How residents had their say" not in client.get(closed.get_absolute_url()).content.decode()

        services.report_publish(consultation=closed, by=officer)

        assert report_url(closed) in client.get(closed.get_absolute_url()).content.decode()
        assert report_url(closed) in client.get(strategy_url).content.decode()


class TestManagePage:
    def fields(self, consultation, **overrides):
        return {
            "new-change-form_token": new_token(),
            "new-change-priority": "whole",
            "new-change-you_said": "Too long.",
            "new-change-we_did": "Shortened it.",
            "new-change-comments": "",
            **overrides,
        }

    def test_adds_a_change_without_javascript(self, officer_client, closed):
        response = officer_client.post(manage_url(closed), self.fields(closed))

        assert response.status_code == 302
        assert closed.changes.get().we_did == "Shortened it."

    def test_adds_a_change_with_htmx_and_gets_the_list_back(self, officer_client, closed):
        response = officer_client.post(
            manage_url(closed), self.fields(closed), headers={"HX-Request": "true"}
        )

        assert response.status_code == 200
        assert response.content.decode().lstrip().startswith('<div id="changes">')
        assert "Shortened it." in response.content.decode()

    def test_a_forged_comment_number_is_an_error_next_to_the_field(self, officer_client, closed):
        response = officer_client.post(
            manage_url(closed), self.fields(closed, **{"new-change-comments": "12, x"})
        )

        assert response.status_code == 200
        assert "Enter comment numbers only" in response.content.decode()
        assert not closed.changes.exists()

    def test_publishes_and_withdraws_the_report(self, officer_client, closed):
        url = reverse("consultations:report_publication", args=[closed.pk])

        officer_client.post(url, {"action": "publish"})
        closed.refresh_from_db()
        assert closed.report_is_published

        officer_client.post(url, {"action": "withdraw"})
        closed.refresh_from_db()
        assert not closed.report_is_published


class TestSubscribersHearOfTheReport:
    def test_publishing_the_report_emails_confirmed_subscribers_once(
        self, closed, officer, mailoutbox, django_capture_on_commit_callbacks
    ):
        from consultations.models import Subscriber

        Subscriber.objects.create(
            consultation=closed, email="resident@example.com", confirmed_at=timezone.now()
        )
        Subscriber.objects.create(consultation=closed, email="unconfirmed@example.com")

        with django_capture_on_commit_callbacks(execute=True):
            services.report_publish(consultation=closed, by=officer)
        services.report_withdraw(consultation=closed, by=officer)
        with django_capture_on_commit_callbacks(execute=True):
            services.report_publish(consultation=closed, by=officer)

        assert [message.to for message in mailoutbox] == [["resident@example.com"]]
