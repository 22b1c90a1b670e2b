"""
The officers' pages of a meeting's record (boards/views/proceedings.py): attendance, declarations,
minutes and decisions, without JavaScript (post, redirect; errors beside the fields, data kept) and
with htmx (the page's partial, the outcome announced); who may open them; query budgets.
"""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Attendance, Decision, Meeting, Membership
from boards.services import attendance, proceedings
from core.formtokens import new_token
from strategies import services as strategy_services
from strategies.models import Status
from tests.factories import (
    AgendaItemFactory,
    DecisionFactory,
    DeclarationFactory,
    MeetingFactory,
    MembershipFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def text(response) -> str:
    return html.unescape(response.content.decode())


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def meeting(board):
    return MeetingFactory(board=board, starts_at=days_ago(14))


@pytest.fixture
def item(meeting):
    return AgendaItemFactory(meeting=meeting, number=4, title="Better Care Fund plan")


@pytest.fixture
def members(board):
    return [
        MembershipFactory(board=board, user=None, name="Cllr Ann Chair", role=Membership.Role.CHAIR),
        MembershipFactory(board=board, user=None, name="Dr Bo Voting"),
    ]


def approved_at_a_later_meeting(meeting, by) -> Decision:
    later = AgendaItemFactory(meeting=MeetingFactory(board=meeting.board, starts_at=days_ago(1)), number=2)
    return proceedings.decision_add(
        item=later,
        by=by,
        text="That the minutes be approved as a correct record.",
        outcome="approved",
        effect="minutes",
        minutes_of=meeting,
    )


def attendance_url(meeting) -> str:
    return reverse("boards:attendance", args=[meeting.pk])


class TestWhoMayOpenThem:
    @pytest.mark.parametrize(
        "page", ["proceedings", "attendance", "declarations", "item_minutes", "item_decisions"]
    )
    def test_only_the_boards_officers(
        self, meeting, item, page, client, board_member_client, other_officer_client, officer_client
    ):
        args = [meeting.pk] if page in ("proceedings", "attendance") else [meeting.pk, item.pk]
        url = reverse(f"boards:{page}", args=args)

        assert client.get(url).status_code == 302  # To sign in.
        assert board_member_client.get(url).status_code == 404
        assert other_officer_client.get(url).status_code == 404
        assert officer_client.get(url).status_code == 200

    def test_an_item_of_another_meeting_is_not_found(self, board, meeting, item, officer_client):
        other = MeetingFactory(board=board)

        response = officer_client.get(reverse("boards:item_minutes", args=[other.pk, item.pk]))

        assert response.status_code == 404


class TestOverview:
    def test_shows_where_the_record_stands_and_links_every_part(self, meeting, item, members, officer_client):
        page = text(officer_client.get(reverse("boards:proceedings", args=[meeting.pk])))

        assert "No attendance recorded yet: 3 voting members make a quorum" in page
        assert "The minutes are a draft until a later meeting approves them" in page
        for name in ("attendance", "item_minutes", "declarations", "item_decisions"):
            args = [meeting.pk] if name == "attendance" else [meeting.pk, item.pk]
            assert f'href="{reverse(f"boards:{name}", args=args)}"' in page

    def test_says_when_the_minutes_were_approved(self, meeting, item, officer, officer_client):
        approval = approved_at_a_later_meeting(meeting, officer)

        page = text(officer_client.get(reverse("boards:proceedings", args=[meeting.pk])))

        day = f"{timezone.localtime(approval.meeting.starts_at):%-d %B %Y}"
        assert f"Approved as a correct record at the meeting on {day}" in page


class TestAttendancePage:
    def test_a_fieldset_of_radios_for_each_member(self, meeting, members, officer_client):
        page = text(officer_client.get(attendance_url(meeting)))

        for member in members:
            assert f'<legend class="govuk-fieldset__legend">{member.name}</legend>' in page
            for status in ("present", "apologies", "absent"):
                assert f'name="member-{member.pk}" value="{status}"' in page
        assert "(optional)" not in page.split('id="members"')[1].split('id="substitutes"')[0]
        assert "No attendance recorded yet: 3 voting members make a quorum" in page

    def test_records_attendance_without_javascript(self, meeting, members, officer_client):
        chair, voting = members
        data = {f"member-{chair.pk}": "present", f"member-{voting.pk}": "apologies"}

        response = officer_client.post(attendance_url(meeting), data)

        assert response.status_code == 302
        assert response["Location"] == attendance_url(meeting) + "#attendance"
        assert dict(meeting.attendance.values_list("membership", "status")) == {
            chair.pk: "present",
            voting.pk: "apologies",
        }
        page = text(officer_client.get(response["Location"]))
        assert "Saved the attendance." in page
        assert re.search(rf'name="member-{chair.pk}" value="present"[^>]*checked', page)

    def test_records_attendance_with_htmx(self, meeting, members, officer_client):
        chair, _ = members

        response = officer_client.post(attendance_url(meeting), {f"member-{chair.pk}": "present"}, headers=HX)

        page = text(response)
        assert response.status_code == 200
        assert "<html" not in page
        assert page.lstrip().startswith('<div id="attendance">')
        assert "Not quorate: 1 of 3 needed" in page
        assert "Saved the attendance." in page  # The banner, swapped in beside the fragment.

    def test_a_refusal_is_said_beside_the_member_and_the_answers_kept(
        self, meeting, members, officer, officer_client
    ):
        chair, voting = members
        attendance.substitute_add(meeting=meeting, by=officer, substitute_for=voting, name="Dr Cy Deputy")
        data = {f"member-{chair.pk}": "absent", f"member-{voting.pk}": "present"}

        response = officer_client.post(attendance_url(meeting), data)

        page = text(response)
        assert response.status_code == 422
        message = (
            "Dr Bo Voting has a substitute at this meeting: remove the substitute first, or record apologies"
        )
        assert f'<a href="#id_member-{voting.pk}_0">{message}</a>' in page  # The summary, to the first radio.
        assert f'id="id_member-{voting.pk}_error"' in page
        assert re.search(rf'name="member-{chair.pk}" value="absent"[^>]*checked', page)
        assert not meeting.attendance.filter(membership=chair).exists()  # Nothing half-saved.

    def test_a_refusal_with_htmx_is_an_error_summary_at_the_top_of_the_partial(
        self, meeting, members, officer, officer_client
    ):
        _, voting = members
        attendance.substitute_add(meeting=meeting, by=officer, substitute_for=voting, name="Dr Cy Deputy")

        response = officer_client.post(
            attendance_url(meeting), {f"member-{voting.pk}": "present"}, headers=HX
        )

        page = text(response)
        assert response.status_code == 200
        assert page.lstrip().startswith("<div")
        summary = page[page.index("govuk-error-summary") :]
        assert "There is a problem" in summary[:400] and "Dr Bo Voting has a substitute" in summary

    def test_adds_a_substitute_once_however_often_the_form_is_sent(self, meeting, members, officer_client):
        _, voting = members
        data = {
            "substitute-form_token": new_token(),
            "substitute-substitute_for": voting.pk,
            "substitute-name": "Dr Cy Deputy",
            "substitute-organisation": "",
        }
        url = reverse("boards:substitute_add", args=[meeting.pk])

        first = officer_client.post(url, data)
        again = officer_client.post(url, data, headers=HX)

        assert first.status_code == 302
        assert "That was already added." in text(again)
        substitute = meeting.attendance.get(substitute_for=voting)
        assert (substitute.name, substitute.organisation) == ("Dr Cy Deputy", voting.organisation)
        assert "Dr Cy Deputy" in text(officer_client.get(attendance_url(meeting)))

    def test_a_substitute_without_a_name_keeps_what_was_chosen(self, meeting, members, officer_client):
        _, voting = members
        data = {
            "substitute-form_token": new_token(),
            "substitute-substitute_for": voting.pk,
            "substitute-name": "",
        }

        response = officer_client.post(reverse("boards:substitute_add", args=[meeting.pk]), data)

        page = text(response)
        assert response.status_code == 422
        assert '<a href="#id_substitute-name">Enter the substitute\'s name</a>' in page
        assert f'<option value="{voting.pk}" selected>' in page

    def test_adds_and_removes_someone_in_attendance(self, meeting, officer_client):
        data = {"other-form_token": new_token(), "other-name": "Jo Bright", "other-organisation": ""}
        officer_client.post(reverse("boards:in_attendance_add", args=[meeting.pk]), data, headers=HX)
        row = meeting.attendance.get()

        response = officer_client.post(
            reverse("boards:attendance_remove", args=[meeting.pk, row.pk]), headers=HX
        )

        assert response.status_code == 200
        assert not meeting.attendance.exists()
        assert "Removed Jo Bright from the attendance." in text(response)

    def test_a_locked_record_is_read_only(self, meeting, members, officer, officer_client):
        chair, _ = members
        attendance.attendance_record(meeting=meeting, by=officer, statuses={chair.pk: "present"})
        approved_at_a_later_meeting(meeting, officer)

        page = text(officer_client.get(attendance_url(meeting)))
        refused = officer_client.post(attendance_url(meeting), {f"member-{chair.pk}": "absent"})

        assert "Approved as a correct record at the meeting on" in page
        assert "Save attendance" not in page and "Add substitute" not in page
        assert '<dt class="govuk-summary-list__key">Cllr Ann Chair</dt>' in page
        assert refused.status_code == 422
        assert "so its attendance can no longer change" in text(refused)
        assert meeting.attendance.get().status == Attendance.Status.PRESENT


class TestDeclarationsPage:
    def url(self, item):
        return reverse("boards:declarations", args=[item.meeting_id, item.pk])

    def data(self, member, **overrides):
        return {
            "declaration-form_token": new_token(),
            "declaration-membership": member.pk,
            "declaration-interest": "registrable",
            "declaration-description": "Trustee of a local carers' charity.",
            "declaration-action": "no_part",
            **overrides,
        }

    def test_records_a_declaration_with_htmx(self, item, members, officer_client):
        response = officer_client.post(self.url(item), self.data(members[1]), headers=HX)

        page = text(response)
        assert page.lstrip().startswith('<div id="declarations"')
        assert "Trustee of a local carers' charity." in page
        assert "Took no part in the discussion or vote" in page
        assert item.declarations.get().membership == members[1]

    def test_errors_beside_the_fields_with_the_text_kept(self, item, members, officer_client):
        response = officer_client.post(self.url(item), self.data(members[1], **{"declaration-action": ""}))

        page = text(response)
        assert response.status_code == 422
        assert '<a href="#id_declaration-action_0">Choose what the member did</a>' in page
        assert "Trustee of a local carers' charity.</textarea>" in page
        assert not item.declarations.exists()

    def test_removes_one_without_javascript(self, item, officer_client):
        declaration = DeclarationFactory(item=item)

        response = officer_client.post(
            reverse("boards:declaration_remove", args=[item.meeting_id, declaration.pk])
        )

        assert response.status_code == 302
        assert not item.declarations.exists()


class TestMinutesPage:
    def url(self, item):
        return reverse("boards:item_minutes", args=[item.meeting_id, item.pk])

    def test_writes_the_minutes_and_shows_them_sanitised(self, item, officer_client):
        minutes = "The Board **welcomed** the plan.\n\n<script>alert(1)</script>"

        response = officer_client.post(self.url(item), {"minutes": minutes, "version": "1"}, follow=True)

        page = response.content.decode()
        assert "Saved the minutes of item 4." in page
        assert "<strong>welcomed</strong>" in page
        assert "<script>alert(1)</script>" not in page
        item.refresh_from_db()
        assert (item.minutes, item.version) == (minutes, 2)

    def test_a_save_over_someone_elses_shows_both(self, item, board_admin, officer_client):
        proceedings.item_minutes_update(item=item, by=board_admin, minutes="Theirs.", version=1)

        response = officer_client.post(self.url(item), {"minutes": "Mine.", "version": "1"})

        page = text(response)
        assert response.status_code == 422
        assert "Someone else saved this minute while you were editing it" in page
        assert "Theirs." in page and "Mine.</textarea>" in page

    def test_not_before_the_meeting_is_held(self, board, officer_client):
        item = AgendaItemFactory(meeting=MeetingFactory(board=board, status=Meeting.Status.SCHEDULED))

        page = text(officer_client.get(self.url(item)))
        refused = officer_client.post(self.url(item), {"minutes": "Too early.", "version": "1"})

        assert "Save minutes" not in page
        assert "minutes and decisions once the meeting is recorded as held" in page
        assert "Record the meeting as held first." in text(refused)

    def test_approved_minutes_are_shown_locked(self, item, officer, officer_client):
        proceedings.item_minutes_update(item=item, by=officer, minutes="As it happened.")
        approval = approved_at_a_later_meeting(item.meeting, officer)

        page = text(officer_client.get(self.url(item)))

        day = f"{timezone.localtime(approval.meeting.starts_at):%-d %B %Y}"
        assert f"Approved as a correct record at the meeting on {day}" in page
        assert "Save minutes" not in page
        assert "As it happened." in page


class TestDecisionsPage:
    def url(self, item):
        return reverse("boards:item_decisions", args=[item.meeting_id, item.pk])

    def data(self, **fields):
        fields = {
            "form_token": new_token(),
            "text": "That the plan be approved.",
            "outcome": "approved",
            **fields,
        }
        return {f"decision-{name}": value for name, value in fields.items()}

    def test_records_lettered_resolutions_with_htmx(self, item, officer_client):
        officer_client.post(
            self.url(item), self.data(outcome="noted", text="That the report be noted."), headers=HX
        )

        response = officer_client.post(self.url(item), self.data(), headers=HX)

        page = text(response)
        assert page.lstrip().startswith('<div id="decisions">')
        assert page.index("a)</span> That the report be noted.") < page.index(
            "b)</span> That the plan be approved."
        )
        assert "Record resolution c)" in page
        assert "Recorded resolution b)." in page

    def test_offers_only_earlier_meetings_whose_minutes_are_not_approved_yet(
        self, board, item, officer, officer_client
    ):
        approved = MeetingFactory(board=board, starts_at=days_ago(60))
        waiting = MeetingFactory(board=board, starts_at=days_ago(40))
        AgendaItemFactory(meeting=approved, number=1)
        DecisionFactory(
            agenda_item=AgendaItemFactory(
                meeting=MeetingFactory(board=board, starts_at=days_ago(50)), number=1
            ),
            effect=Decision.Effect.MINUTES,
            minutes_of=approved,
        )

        page = text(officer_client.get(self.url(item)))

        choices = page[page.index('name="decision-minutes_of"') :].split("</select>")[0]
        assert f'value="{waiting.pk}"' in choices and f'value="{approved.pk}"' not in choices

    def test_records_one_without_javascript(self, item, officer_client):
        response = officer_client.post(self.url(item), self.data())

        assert response.status_code == 302
        assert item.decisions.get().letter == "a"

    def test_offers_only_earlier_held_meetings_of_the_board_for_minutes(
        self, board, other_board, item, officer_client
    ):
        earlier = MeetingFactory(board=board, starts_at=days_ago(60))
        later = MeetingFactory(board=board, starts_at=days_ago(1))
        cancelled = MeetingFactory(
            board=board, starts_at=days_ago(40), status="cancelled", cancelled_reason="Snow."
        )
        theirs = MeetingFactory(board=other_board, starts_at=days_ago(60))

        page = text(officer_client.get(self.url(item)))

        assert f'<option value="{earlier.pk}">' in page
        for not_offered in (later, cancelled, theirs, item.meeting):
            assert f'<option value="{not_offered.pk}">' not in page

    def test_approving_minutes_needs_the_meeting_beside_its_field(self, item, officer_client):
        response = officer_client.post(self.url(item), self.data(effect="minutes", text="Typed resolution."))

        page = text(response)
        assert response.status_code == 422
        assert '<a href="#id_decision-minutes_of">Choose the meeting whose minutes it approves</a>' in page
        assert "Typed resolution.</textarea>" in page
        assert not item.decisions.exists()

    def test_minutes_approved_twice_are_refused_beside_the_field(self, board, item, officer, officer_client):
        earlier = MeetingFactory(board=board, starts_at=days_ago(60))
        proceedings.decision_add(
            item=AgendaItemFactory(meeting=MeetingFactory(board=board, starts_at=days_ago(30))),
            by=officer,
            text="Approved.",
            outcome="approved",
            effect="minutes",
            minutes_of=earlier,
        )

        response = officer_client.post(self.url(item), self.data(effect="minutes", minutes_of=earlier.pk))

        # Offered no more, so a form from before the approval is refused by the choices it now has.
        assert response.status_code == 422
        assert "whose minutes are not approved yet" in text(response)
        assert not item.decisions.exists()

    def test_edits_a_resolution_with_its_version(self, item, officer, officer_client):
        resolution = proceedings.decision_add(
            item=item, by=officer, text="That it be noted.", outcome="noted"
        )
        url = reverse("boards:decision_edit", args=[item.meeting_id, resolution.pk])
        form = text(officer_client.get(url))

        response = officer_client.post(
            url, {"text": "That it be noted, with thanks.", "outcome": "noted", "effect": "", "version": "1"}
        )

        assert 'name="version" value="1"' in form
        assert response.status_code == 302
        resolution.refresh_from_db()
        assert (resolution.text, resolution.version) == ("That it be noted, with thanks.", 2)

    def test_a_resolution_a_strategy_rests_on_cannot_be_removed(self, board, item, officer, officer_client):
        approval = DecisionFactory(agenda_item=item, consultation=True)
        strategy_services.strategy_transition(
            strategy=StrategyFactory(board=board),
            to_status=Status.IN_CONSULTATION,
            by=officer,
            reason="Go.",
            decision=approval,
        )
        url = reverse("boards:decision_remove", args=[item.meeting_id, approval.pk])

        page = text(officer_client.get(url))
        refused = officer_client.post(url)

        assert "A status change rests on this decision, so it cannot be removed." in page
        assert "Remove resolution</button>" not in page
        assert refused.status_code == 422
        assert item.decisions.get() == approval

    def test_removes_a_resolution_and_reletters_the_rest(self, item, officer, officer_client):
        a, b = (
            proceedings.decision_add(item=item, by=officer, text=f"Resolution {n}.", outcome="noted")
            for n in (1, 2)
        )

        response = officer_client.post(
            reverse("boards:decision_remove", args=[item.meeting_id, a.pk]), follow=True
        )

        assert "Removed resolution a)." in text(response)
        b.refresh_from_db()
        assert b.letter == "a"

    def test_no_form_before_the_meeting_is_held(self, board, officer_client):
        item = AgendaItemFactory(meeting=MeetingFactory(board=board, status=Meeting.Status.SCHEDULED))

        page = text(officer_client.get(self.url(item)))

        assert "Record the meeting as held first" in page
        assert "Record resolution</button>" not in page


class TestQueryBudgets:
    """The pages that list things cost the same whatever their length."""

    @pytest.mark.parametrize("n", [2, 20])
    def test_attendance_page(self, board, meeting, officer, officer_client, django_assert_max_num_queries, n):
        people = MembershipFactory.create_batch(n, board=board, user=None)
        attendance.attendance_record(
            meeting=meeting, by=officer, statuses={m.pk: "apologies" for m in people[: n // 2]}
        )
        for m in people[n // 2 :]:
            attendance.substitute_add(meeting=meeting, by=officer, substitute_for=m, name=f"Deputy {m.pk}")
            attendance.in_attendance_add(meeting=meeting, by=officer, name=f"Officer {m.pk}")
        officer_client.get(attendance_url(meeting))

        with django_assert_max_num_queries(16):
            response = officer_client.get(attendance_url(meeting))

        assert text(response).count("<fieldset") >= n

    @pytest.mark.parametrize("n", [2, 20])
    def test_decisions_page(self, board, item, officer, officer_client, django_assert_max_num_queries, n):
        for i in range(n):
            earlier = MeetingFactory(board=board, starts_at=days_ago(30 + i))
            proceedings.decision_add(
                item=item,
                by=officer,
                text=f"Approved {i}.",
                outcome="approved",
                effect="minutes",
                minutes_of=earlier,
            )
        url = reverse("boards:item_decisions", args=[item.meeting_id, item.pk])
        officer_client.get(url)

        with django_assert_max_num_queries(12):
            response = officer_client.get(url)

        assert text(response).count("Approves the minutes of the meeting on") == n

    @pytest.mark.parametrize("n", [2, 20])
    def test_overview_and_declarations(
        self, board, meeting, officer_client, django_assert_max_num_queries, n
    ):
        items = [AgendaItemFactory(meeting=meeting, number=i + 1) for i in range(n)]
        DeclarationFactory.create_batch(n, item=items[0], membership__board=board, membership__user=None)
        overview = reverse("boards:proceedings", args=[meeting.pk])
        declarations = reverse("boards:declarations", args=[meeting.pk, items[0].pk])
        officer_client.get(overview)

        with django_assert_max_num_queries(10):
            officer_client.get(overview)
        with django_assert_max_num_queries(12):
            response = officer_client.get(declarations)

        assert text(response).count('<tr class="govuk-table__row" role="row" id="declaration-') == n
