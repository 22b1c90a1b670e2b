"""The officers' meeting pages: boards/views/agenda.py and agenda_items.py, with and without htmx."""

import datetime
import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from boards.models import AgendaItem, Meeting, Paper
from boards.services import agenda, meetings, papers
from boards.views import paper_add
from core.formtokens import new_token
from tests.boards.agenda_helpers import add_items, numbers, ready_document, scheduled_meeting
from tests.factories import BoardRoleFactory, OrganisationFactory, StrategyFactory
from tests.strategies.helpers import pdf_bytes

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def text(response) -> str:
    """The page as a reader sees its characters (entities decoded, tags and spacing flattened)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(response.content.decode())))


def page_url(meeting) -> str:
    return reverse("boards:meeting_manage", args=[meeting.pk])


def item_data(**fields) -> dict:
    """The add-item form as the page sends it, with a fresh one-time token."""
    fields = {"purpose": "information", "exempt_paragraph": "", "form_token": new_token(), **fields}
    return {f"new-item-{name}": value for name, value in fields.items()}


def meeting_data(**fields) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=30)
    return {
        "date_day": day.day,
        "date_month": day.month,
        "date_year": day.year,
        "starts": "2pm",
        "ends": "",
        "venue": "Council Chamber, Civic Offices, Grays",
        "online_url": "",
        "title": "",
        **fields,
    }


def a_pdf(name="Report.pdf", content=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content if content is not None else pdf_bytes(2), content_type="application/pdf"
    )


# The list ---------------------------------------------------------------------------------------------


class TestMeetingList:
    def test_lists_coming_meetings_soonest_first_then_past_latest_first(
        self, board, other_board, officer_client
    ):
        for days, title in [(60, "In two months"), (10, "Soon"), (-10, "Last week"), (-100, "Long ago")]:
            scheduled_meeting(board, days=days, title=title)
        scheduled_meeting(other_board, title="Not ours")

        response = officer_client.get(reverse("boards:meeting_manage_list"))

        page = text(response)
        order = [title for title in ("Soon", "In two months", "Last week", "Long ago") if title in page]
        assert sorted(order, key=page.index) == ["Soon", "In two months", "Last week", "Long ago"]
        assert "Coming meetings" in page and "Past meetings" in page
        assert "Not ours" not in page

    def test_is_in_the_navigation_of_officers_only(self, board, officer_client, board_member_client):
        link = f'href="{reverse("boards:meeting_manage_list")}"'

        assert link in officer_client.get(reverse("strategies:manage_list")).content.decode()
        assert link not in board_member_client.get(reverse("strategies:manage_list")).content.decode()

    @pytest.mark.parametrize("n", [2, 20], ids=["small", "large"])
    def test_keeps_to_its_query_budget(
        self, n, board, officer, officer_client, django_assert_max_num_queries
    ):
        for i in range(n):
            meeting = scheduled_meeting(board, days=i - n // 2)
            add_items(meeting, officer, "Minutes", "Strategy")
            if i % 2:
                agenda.agenda_publish(
                    meeting=meeting, by=officer
                ) if meeting.starts_at > timezone.now() else None
        officer_client.get(reverse("home"))

        # Session, user, roles (2), the boards, the meetings.
        with django_assert_max_num_queries(7):
            response = officer_client.get(reverse("boards:meeting_manage_list"))

        assert len(re.findall(rb'href="/manage/meetings/\d+/"', response.content)) == n


# Scheduling and editing -------------------------------------------------------------------------------


class TestMeetingCreate:
    def test_schedules_a_meeting_of_the_officers_board(self, board, officer_client):
        response = officer_client.post(
            reverse("boards:meeting_create"), {**meeting_data(), "board": board.pk, "form_token": new_token()}
        )

        meeting = Meeting.objects.get()
        assert response.status_code == 302 and response["Location"] == page_url(meeting)
        assert (meeting.board, timezone.localtime(meeting.starts_at).hour) == (board, 14)
        page = text(officer_client.get(response["Location"]))
        assert "Scheduled the meeting for 2pm on" in page

    def test_an_officer_of_one_board_is_not_asked_which(self, board, officer_client):
        response = officer_client.get(reverse("boards:meeting_create"))

        assert "The meeting will be of the Thurrock Health and Wellbeing Board." in text(response)
        assert 'type="hidden" name="board"' in response.content.decode()

    def test_an_officer_of_two_boards_chooses(self, board, other_board, officer, officer_client):
        BoardRoleFactory(board=other_board, user=officer)

        response = officer_client.post(
            reverse("boards:meeting_create"),
            {**meeting_data(), "board": other_board.pk, "form_token": new_token()},
        )

        assert response.status_code == 302
        assert Meeting.objects.get().board == other_board

    def test_errors_are_shown_beside_the_fields_and_what_was_typed_is_kept(self, board, officer_client):
        data = {
            **meeting_data(starts="teatime", ends="", venue="", date_day=""),
            "board": board.pk,
            "form_token": new_token(),
        }

        response = officer_client.post(reverse("boards:meeting_create"), data)

        page = text(response)
        assert response.status_code == 200 and not Meeting.objects.exists()
        assert "Error: The date of the meeting must include a day" in page
        assert "Error: Enter the time the meeting starts as a time of day, like 14:00 or 2pm" in page
        assert 'value="teatime"' in response.content.decode()

    def test_an_end_before_the_start_is_refused_beside_the_end(self, board, officer_client):
        data = {**meeting_data(starts="14:00", ends="1pm"), "board": board.pk, "form_token": new_token()}

        response = officer_client.post(reverse("boards:meeting_create"), data)

        assert "Error: The meeting must end after it starts" in text(response)
        assert not Meeting.objects.exists()

    def test_a_meeting_with_no_place_is_refused_by_the_service_beside_the_venue(self, board, officer_client):
        data = {**meeting_data(venue=""), "board": board.pk, "form_token": new_token()}

        response = officer_client.post(reverse("boards:meeting_create"), data)

        assert "Error: Enter where the meeting is held, or a link to join it online" in text(response)

    def test_sent_twice_schedules_once(self, board, officer_client):
        data = {**meeting_data(), "board": board.pk, "form_token": new_token()}

        officer_client.post(reverse("boards:meeting_create"), data)
        again = officer_client.post(reverse("boards:meeting_create"), data)

        assert Meeting.objects.count() == 1
        assert again["Location"] == page_url(Meeting.objects.get())


class TestMeetingEdit:
    def test_opens_with_the_meeting_as_saved(self, board, officer_client):
        meeting = scheduled_meeting(board)

        form = officer_client.get(reverse("boards:meeting_edit", args=[meeting.pk])).context["form"]

        assert form["venue"].value() == meeting.venue
        assert form["date"].value() == timezone.localtime(meeting.starts_at).date()
        assert form["version"].value() == meeting.version

    def test_saves_and_counts_for_calendars(self, board, officer_client):
        meeting = scheduled_meeting(board)

        response = officer_client.post(
            reverse("boards:meeting_edit", args=[meeting.pk]), {**meeting_data(starts="10:30"), "version": 1}
        )

        meeting.refresh_from_db()
        assert response.status_code == 302
        assert (timezone.localtime(meeting.starts_at).hour, meeting.sequence, meeting.version) == (10, 1, 2)

    def test_shows_a_conflict_with_a_newer_save(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        meetings.meeting_update(meeting=meeting, by=officer, version=1, venue="Room 2")

        response = officer_client.post(
            reverse("boards:meeting_edit", args=[meeting.pk]), {**meeting_data(venue="Room 3"), "version": 1}
        )

        assert "Someone else saved this meeting while you were editing it" in text(response)
        assert Meeting.objects.get(pk=meeting.pk).venue == "Room 2"

    def test_a_conflict_over_the_time_shows_both_times(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        meetings.meeting_update(
            meeting=meeting, by=officer, version=1, starts_at=meeting.starts_at + datetime.timedelta(hours=1)
        )

        response = officer_client.post(
            reverse("boards:meeting_edit", args=[meeting.pk]), {**meeting_data(starts="10:00"), "version": 1}
        )

        page = text(response)
        assert "Start time" in page and "15:00" in page and "10:00" in page


class TestMeetingTransition:
    def test_cancelling_without_a_reason_is_refused_beside_it(self, board, officer_client):
        meeting = scheduled_meeting(board)
        url = reverse("boards:meeting_transition", args=[meeting.pk])

        response = officer_client.post(url, {"to_status": "cancelled", "reason": ""})

        assert "Error: Enter why the meeting is cancelled" in text(response)
        assert Meeting.objects.get(pk=meeting.pk).status == "scheduled"

    def test_cancels_with_the_reason(self, board, officer_client):
        meeting = scheduled_meeting(board)
        url = reverse("boards:meeting_transition", args=[meeting.pk])

        response = officer_client.post(url, {"to_status": "cancelled", "reason": "Not quorate."})

        meeting.refresh_from_db()
        assert (meeting.status, meeting.cancelled_reason) == ("cancelled", "Not quorate.")
        assert "The meeting is now cancelled." in text(officer_client.get(response["Location"]))

    def test_offers_only_the_moves_the_map_allows(self, board, officer_client):
        meeting = scheduled_meeting(board, status="cancelled", cancelled_reason="Snow.")

        page = text(officer_client.get(reverse("boards:meeting_transition", args=[meeting.pk])))

        assert "Reinstate" in page and "Record that it was held" not in page


# The meeting page and its agenda --------------------------------------------------------------------------


class TestMeetingPage:
    def test_says_by_when_to_publish(self, board, officer, officer_client, monkeypatch):
        now = datetime.datetime(2025, 1, 2, 9, 0, tzinfo=datetime.UTC)
        monkeypatch.setattr(timezone, "now", lambda: now)
        meeting = scheduled_meeting(board)
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=datetime.datetime(2025, 1, 30, 14, tzinfo=datetime.UTC)
        )
        add_items(meeting, officer, "Minutes")

        page = text(officer_client.get(page_url(meeting)))

        assert (
            "Publish the agenda by 11:59pm on Wednesday 22 January 2025 to give five clear working days'"
            in page
        )
        assert "Warning" not in page

    def test_warns_when_the_deadline_is_near(self, board, officer, officer_client, monkeypatch):
        now = datetime.datetime(2025, 1, 21, 9, 0, tzinfo=datetime.UTC)
        monkeypatch.setattr(timezone, "now", lambda: now)
        meeting = scheduled_meeting(board)
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=datetime.datetime(2025, 1, 30, 14, tzinfo=datetime.UTC)
        )
        add_items(meeting, officer, "Minutes")

        page = text(officer_client.get(page_url(meeting)))

        assert "Warning Publish the agenda by 11:59pm on Wednesday 22 January 2025" in page

    def test_warns_when_the_deadline_is_missed(self, board, officer, officer_client):
        meeting = scheduled_meeting(board, days=3)
        add_items(meeting, officer, "Minutes")

        page = text(officer_client.get(page_url(meeting)))

        assert "Warning The deadline for five clear working days' notice was" in page
        assert "will be marked as published late" in page

    def test_marks_a_late_publication_and_the_items_not_yet_published(self, board, officer, officer_client):
        meeting = scheduled_meeting(board, days=3)
        add_items(meeting, officer, "Minutes")
        agenda.agenda_publish(meeting=meeting, by=officer)
        add_items(meeting, officer, "Winter pressures")

        page = text(officer_client.get(page_url(meeting)))

        assert re.search(r"Agenda published at .* by .* Late", page)
        assert "Not yet published" in page
        assert "Publish the supplementary agenda 1" in page

    def test_links_to_its_history_which_lists_every_change_in_words(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        add_items(meeting, officer, "Minutes")
        agenda.item_update(item=meeting.items.get(), by=officer, purpose="decision")

        page = text(officer_client.get(page_url(meeting)))
        history = text(officer_client.get(reverse("boards:meeting_history", args=[meeting.pk])))

        assert "Every change to the meeting, its agenda and its record" in page
        assert "Changes to the meeting, newest first" in history
        assert "For information" in history and "For decision" in history  # Words, not codes.

    def test_the_htmx_get_is_the_agenda_alone(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        add_items(meeting, officer, "Minutes")

        response = officer_client.get(page_url(meeting), headers=HX)

        assert response.content.decode().lstrip().startswith('<div id="agenda">')
        assert "HX-Request" in response["Vary"]

    def test_the_page_keeps_to_its_query_budget(
        self, board, officer, officer_client, django_assert_max_num_queries
    ):
        sizes = {}
        for n in (2, 12):
            meeting = scheduled_meeting(board)
            for item in add_items(meeting, officer, *[f"Item {i}" for i in range(n)]):
                papers.paper_add(item=item, by=officer, file=a_pdf())
                papers.paper_add(item=item, by=officer, file=a_pdf("Appendix.pdf"))
            officer_client.get(reverse("home"))
            # Session, user, roles (2), meeting, items, papers, publications, organisations (the add form).
            with django_assert_max_num_queries(10) as counted:
                response = officer_client.get(page_url(meeting))
            sizes[n] = len(counted.captured_queries)
            assert len(re.findall(rb'id="paper-\d+"', response.content)) == 2 * n

        assert sizes[2] == sizes[12]


class TestItemAdd:
    def test_without_javascript_goes_back_to_the_agenda(self, board, officer_client):
        meeting = scheduled_meeting(board)
        organisation = OrganisationFactory(name="Thurrock Council")
        board.organisations.add(organisation)

        response = officer_client.post(
            reverse("boards:item_add", args=[meeting.pk]),
            item_data(
                title="Joint Health and Wellbeing Strategy",
                lead_name="Jo Broadbent",
                lead_organisation=organisation.pk,
                purpose="decision",
                exempt_paragraph="3",
            ),
        )

        item = AgendaItem.objects.get()
        assert response["Location"] == page_url(meeting) + "#agenda"
        assert (item.number, item.purpose, item.exempt_paragraph, item.lead_organisation) == (
            1,
            "decision",
            3,
            organisation,
        )
        assert "Added item 1, “Joint Health and Wellbeing Strategy”." in text(
            officer_client.get(response["Location"])
        )

    def test_with_htmx_answers_with_the_agenda(self, board, officer_client):
        meeting = scheduled_meeting(board)

        response = officer_client.post(
            reverse("boards:item_add", args=[meeting.pk]), item_data(title="Minutes"), headers=HX
        )

        content = response.content.decode()
        assert response.status_code == 200 and content.lstrip().startswith('<div id="agenda">')
        assert "Item 1" in content and "Added item 1, “Minutes”." in html.unescape(
            content
        )  # The banner, out of band.

    def test_a_refused_add_keeps_what_was_typed_beside_the_error(self, board, officer_client):
        meeting = scheduled_meeting(board)
        url = reverse("boards:item_add", args=[meeting.pk])

        plain = officer_client.post(url, item_data(title="", lead_name="Jo Broadbent"))
        swapped = officer_client.post(url, item_data(title="", lead_name="Jo Broadbent"), headers=HX)

        for response in (plain, swapped):
            assert "Error: Enter the title of the item" in text(response)
            assert 'value="Jo Broadbent"' in response.content.decode()
            # The error summary: the whole page's, or at the top of the partial, where it takes the focus.
            assert "There is a problem" in text(response)
            assert 'href="#id_new-item-title"' in response.content.decode()
        assert swapped.content.decode().lstrip().startswith('<div id="agenda">')
        assert not AgendaItem.objects.exists()

    def test_with_htmx_the_proceedings_section_lists_the_new_item_too(self, board, officer_client):
        meeting = scheduled_meeting(board)

        response = officer_client.post(
            reverse("boards:item_add", args=[meeting.pk]), item_data(title="Minutes"), headers=HX
        )

        content = response.content.decode()
        section = content[content.index('id="proceedings-links"') :]
        assert 'hx-swap-oob="true"' in section[:80]  # Replaces the section already on the page.
        assert "1. Minutes" in section
        assert "The agenda has no items yet" not in section

    def test_sent_twice_adds_once(self, board, officer_client):
        meeting = scheduled_meeting(board)
        data = item_data(title="Minutes")

        officer_client.post(reverse("boards:item_add", args=[meeting.pk]), data)
        officer_client.post(reverse("boards:item_add", args=[meeting.pk]), data)

        assert AgendaItem.objects.count() == 1


class TestItemsReorder:
    def test_a_move_button_without_javascript(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        first, second = add_items(meeting, officer, "Minutes", "Strategy")

        response = officer_client.post(
            reverse("boards:items_reorder", args=[meeting.pk]),
            {"seen": f"{first.pk},{second.pk}", "move": f"{second.pk}:up"},
        )

        assert response["Location"] == page_url(meeting) + "#agenda"
        assert numbers(meeting) == [(1, "Strategy"), (2, "Minutes")]

    def test_with_htmx(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        first, second = add_items(meeting, officer, "Minutes", "Strategy")

        response = officer_client.post(
            reverse("boards:items_reorder", args=[meeting.pk]),
            {"seen": f"{first.pk},{second.pk}", "move": f"{first.pk}:down"},
            headers=HX,
        )

        assert response.content.decode().lstrip().startswith('<div id="agenda">')
        assert numbers(meeting) == [(1, "Strategy"), (2, "Minutes")]

    def test_a_stale_list_is_refused_with_a_clear_message(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        first, second = add_items(meeting, officer, "Minutes", "Strategy")
        agenda.items_reorder(meeting=meeting, by=officer, order=[second.pk, first.pk])  # In another tab.
        url = reverse("boards:items_reorder", args=[meeting.pk])
        stale = {"seen": f"{first.pk},{second.pk}", "move": f"{second.pk}:up"}

        plain = officer_client.post(url, stale)
        swapped = officer_client.post(url, stale, headers=HX)

        for response in (plain, swapped):
            assert "Error: The list has changed since you opened this page" in text(response)
        assert 'href="#agenda-error"' in plain.content.decode()
        assert numbers(meeting) == [(1, "Strategy"), (2, "Minutes")]

    def test_published_items_offer_no_move_buttons(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        add_items(meeting, officer, "Minutes", "Strategy")
        agenda.agenda_publish(meeting=meeting, by=officer)
        add_items(meeting, officer, "Late one", "Late two")

        content = officer_client.get(page_url(meeting)).content.decode()

        assert content.count("Move up") == 1 and content.count("Move down") == 1
        assert 'Remove<span class="govuk-visually-hidden"> item 1' not in content


class TestItemEditAndRemove:
    def test_edits_an_item(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        [item] = add_items(meeting, officer, "Minutes")
        url = reverse("boards:item_edit", args=[meeting.pk, item.pk])

        form = officer_client.get(url)
        response = officer_client.post(
            url, {"title": "Minutes of 12 March", "purpose": "decision", "exempt_paragraph": "", "version": 1}
        )

        assert 'name="number"' not in form.content.decode()
        # The form opens with what is saved, and the version it was loaded from (the walk found it empty).
        assert form.context["form"]["title"].value() == "Minutes"
        assert form.context["form"]["version"].value() == 1
        assert response.status_code == 302
        assert AgendaItem.objects.get(pk=item.pk).title == "Minutes of 12 March"

    def test_a_published_public_item_made_exempt_is_refused_beside_the_field(
        self, board, officer, officer_client
    ):
        meeting = scheduled_meeting(board)
        [item] = add_items(meeting, officer, "Strategy")
        agenda.agenda_publish(meeting=meeting, by=officer)

        response = officer_client.post(
            reverse("boards:item_edit", args=[meeting.pk, item.pk]),
            {"title": "Strategy", "purpose": "information", "exempt_paragraph": "1", "version": 1},
        )

        assert "Error: This item was published as a public item, so it cannot be made exempt now" in text(
            response
        )

    def test_removes_an_unpublished_item_after_asking(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        first, second = add_items(meeting, officer, "Minutes", "Strategy")
        url = reverse("boards:item_remove", args=[meeting.pk, first.pk])

        question = officer_client.get(url)
        response = officer_client.post(url)

        assert "Remove item 1, “Minutes”?" in text(question)
        assert response.status_code == 302
        assert numbers(meeting) == [(1, "Strategy")]

    def test_removing_a_published_item_is_refused_with_the_reason(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        [item] = add_items(meeting, officer, "Minutes")
        agenda.agenda_publish(meeting=meeting, by=officer)

        response = officer_client.post(reverse("boards:item_remove", args=[meeting.pk, item.pk]), follow=True)

        assert "Item 1 was published in the agenda on" in text(response)
        assert AgendaItem.objects.filter(pk=item.pk).exists()

    def test_makes_a_published_exempt_item_public_keeping_its_number(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        add_items(meeting, officer, "Minutes")
        exempt = agenda.item_create(meeting=meeting, by=officer, title="Contract", exempt_paragraph=3)
        agenda.agenda_publish(meeting=meeting, by=officer)
        url = reverse("boards:item_make_public", args=[meeting.pk, exempt.pk])

        officer_client.post(url)

        exempt.refresh_from_db()
        assert (exempt.number, exempt.exempt_paragraph) == (2, None) and exempt.made_public_at
        # As the confirmation page promised, the public page says when.
        public = text(Client().get(meeting.get_absolute_url()))
        assert f"Exempt until made public on {exempt.made_public_at:%-d %B %Y}" in public


# Papers -------------------------------------------------------------------------------------------


class TestPaperAdd:
    def test_uploads_a_pdf(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        [item] = add_items(meeting, officer, "Strategy")

        response = officer_client.post(
            reverse("boards:paper_add", args=[meeting.pk, item.pk]),
            {"form_token": new_token(), "role": "report", "title": "", "file": a_pdf("Draft strategy.pdf")},
        )

        paper = Paper.objects.get()
        assert response["Location"] == page_url(meeting) + f"#item-{item.pk}"
        assert (paper.title, paper.pages) == ("Draft strategy", 2)
        assert "Report: Draft strategy" in text(officer_client.get(page_url(meeting)))

    def test_a_file_that_is_not_a_pdf_is_refused_beside_it_keeping_the_title(
        self, board, officer, officer_client
    ):
        meeting = scheduled_meeting(board)
        [item] = add_items(meeting, officer, "Strategy")

        response = officer_client.post(
            reverse("boards:paper_add", args=[meeting.pk, item.pk]),
            {
                "form_token": new_token(),
                "role": "report",
                "title": "The report",
                "file": a_pdf(content=b"GIF89a not a pdf"),
            },
        )

        assert "Error: The selected file must be a PDF" in text(response)
        assert 'value="The report"' in response.content.decode()
        assert not Paper.objects.exists()

    @override_settings(BOARD_PAPER_MAX_BYTES=1024)
    def test_a_request_that_says_it_is_too_big_is_refused_unread(self, board, officer):
        meeting = scheduled_meeting(board)
        [item] = add_items(meeting, officer, "Strategy")

        class Unreadable(io.RawIOBase):
            def read(self, *args):
                raise AssertionError("The body was read")

            readinto = readline = read

        request = RequestFactory().post(
            reverse("boards:paper_add", args=[meeting.pk, item.pk]),
            data=b"",
            content_type="multipart/form-data; boundary=BoUnDaRy",
        )
        request.META["CONTENT_LENGTH"] = str(60 * 1024 * 1024)
        request.META["wsgi.input"] = Unreadable()
        request._stream = Unreadable()
        request.user = officer

        response = paper_add(request, meeting=meeting.pk, pk=item.pk)

        assert response.status_code == 413
        assert "Error: The selected file must be smaller than 1 KB" in text(response)
        assert not Paper.objects.exists()

    def test_a_file_over_the_limit_through_the_client(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        [item] = add_items(meeting, officer, "Strategy")
        url = reverse("boards:paper_add", args=[meeting.pk, item.pk])
        data = {"form_token": new_token(), "role": "report", "title": "Big"}

        with override_settings(BOARD_PAPER_MAX_BYTES=1024):
            declared = officer_client.post(url, {**data, "file": a_pdf(content=pdf_bytes(1) + b"%" * 70_000)})
            # Within the form's allowance: read until the file passes the limit, then stopped.
            streamed = officer_client.post(url, {**data, "file": a_pdf(content=pdf_bytes(1) + b"%" * 5_000)})

        for response in (declared, streamed):
            assert response.status_code == 413
            assert "Error: The selected file must be smaller than 1 KB" in text(response)
            assert 'href="#id_file"' in response.content.decode()
        assert not Paper.objects.exists()

    def test_checks_the_csrf_token_once_the_size_is_known_to_be_within_the_limit(self, board, officer):
        meeting = scheduled_meeting(board)
        [item] = add_items(meeting, officer, "Strategy")
        client = Client(enforce_csrf_checks=True)
        client.force_login(officer)

        response = client.post(
            reverse("boards:paper_add", args=[meeting.pk, item.pk]),
            {"form_token": new_token(), "role": "report", "file": a_pdf()},
        )

        assert response.status_code == 403
        assert not Paper.objects.exists()

    def test_chooses_a_portal_document_of_the_board(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        [item] = add_items(meeting, officer, "Strategy")
        strategy = StrategyFactory(board=board, title="Health and Wellbeing Strategy")
        document = ready_document("strategy_pdf", strategy.pk)
        url = reverse("boards:paper_add", args=[meeting.pk, item.pk])

        form = officer_client.get(url)
        officer_client.post(url, {"form_token": new_token(), "role": "report", "document": document.pk})

        assert "Health and Wellbeing Strategy: PDF for residents" in text(form)
        assert Paper.objects.get().document == document

    def test_no_file_and_no_document_is_refused_beside_the_file(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        [item] = add_items(meeting, officer, "Strategy")

        response = officer_client.post(
            reverse("boards:paper_add", args=[meeting.pk, item.pk]),
            {"form_token": new_token(), "role": "report"},
        )

        assert "Error: Upload a PDF or choose a portal document (one, not both)" in text(response)


class TestPaperOrderAndRemoval:
    def test_reorders_with_and_without_htmx_and_removes(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        [item] = add_items(meeting, officer, "Strategy")
        report = papers.paper_add(item=item, by=officer, title="Report", file=a_pdf())
        appendix = papers.paper_add(item=item, by=officer, title="Appendix A", file=a_pdf())
        url = reverse("boards:papers_reorder", args=[meeting.pk, item.pk])

        officer_client.post(url, {"seen": f"{report.pk},{appendix.pk}", "move": f"{appendix.pk}:up"})
        swapped = officer_client.post(
            url, {"seen": f"{appendix.pk},{report.pk}", "move": f"{appendix.pk}:down"}, headers=HX
        )
        stale = officer_client.post(
            url, {"seen": f"{appendix.pk},{report.pk}", "move": f"{appendix.pk}:down"}, headers=HX
        )
        officer_client.post(reverse("boards:paper_remove", args=[meeting.pk, appendix.pk]))

        assert swapped.content.decode().lstrip().startswith('<div id="agenda">')
        assert "Error: The list has changed since you opened this page" in text(stale)
        assert f'id="item-{item.pk}-papers-error"' in stale.content.decode()
        assert list(item.papers.values_list("title", flat=True)) == ["Report"]


class TestPublish:
    def test_shows_what_will_be_published_then_publishes(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)
        add_items(meeting, officer, "Minutes", "Strategy")
        url = reverse("boards:agenda_publish", args=[meeting.pk])

        question = text(officer_client.get(url))
        response = officer_client.post(url, follow=True)

        assert (
            "Item 1: Minutes" in question
            and "The deadline for five clear working days' notice is" in question
        )
        assert "Published the agenda." in text(response)
        assert meeting.publications.get().number == 0

    def test_a_late_publication_says_so(self, board, officer, officer_client):
        meeting = scheduled_meeting(board, days=2)
        add_items(meeting, officer, "Minutes")
        url = reverse("boards:agenda_publish", args=[meeting.pk])

        assert "This will be published late." in text(officer_client.get(url))
        response = officer_client.post(url, follow=True)

        assert "It was published late: less than five clear working days before the meeting." in text(
            response
        )

    def test_a_refusal_is_shown_in_the_error_summary(self, board, officer, officer_client):
        meeting = scheduled_meeting(board)

        response = officer_client.post(reverse("boards:agenda_publish", args=[meeting.pk]))

        assert "There is a problem" in text(response)
        assert "The agenda has no items yet: add an item before publishing it." in text(response)
