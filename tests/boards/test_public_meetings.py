"""
The public meeting pages (boards/views/meetings.py, boards/public_meetings.py): the meeting lists, a
meeting's page, the decision page and paper downloads, for every role, on public and exempt items.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from boards import links
from boards.models import Decision, Meeting
from core.models import Document, DocumentVersion
from tests.factories import (
    AgendaItemFactory,
    AgendaPublicationFactory,
    AttendanceFactory,
    DecisionFactory,
    DeclarationFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PaperFactory,
)

pytestmark = pytest.mark.django_db

EXEMPTION = "Exempt under paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
# What only the board's members and officers may see of the exempt item.
SECRETS = ("Contract report", "The contract minutes say who won.", "A secret resolution.", "Brother-in-law")


def publish(meeting, number=0, *, late=False, when=None):
    published_at = when or meeting.starts_at - datetime.timedelta(days=14)
    return AgendaPublicationFactory(meeting=meeting, number=number, published_at=published_at, late=late)


@pytest.fixture
def held(board, officer):
    """
    A held meeting, last week: its agenda (items 1 to 3, item 3 exempt), a supplementary agenda published
    late with item 4, and item 5 not yet published; papers, declarations, minutes and decisions on each.
    """
    meeting = MeetingFactory(
        board=board,
        starts_at=timezone.now() - datetime.timedelta(days=7),
        venue="Council Chamber, Civic Offices, Grays",
    )
    agenda = publish(meeting)
    supplementary = publish(meeting, 1, late=True, when=meeting.starts_at - datetime.timedelta(days=2))
    apologies = AgendaItemFactory(
        meeting=meeting, number=1, title="Apologies for absence", publication=agenda
    )
    strategy = AgendaItemFactory(
        meeting=meeting,
        number=2,
        title="Joint Health and Wellbeing Strategy",
        publication=agenda,
        lead_name="Jo Broadbent",
        lead_organisation=OrganisationFactory(name="Thurrock Council"),
        purpose="decision",
        minutes="The Board **considered** the draft strategy.\n\n<script>alert('x')</script>",
    )
    exempt = AgendaItemFactory(
        meeting=meeting,
        number=3,
        title="Care home contract",
        publication=agenda,
        exempt_paragraph=3,
        minutes="The contract minutes say who won.",
    )
    late = AgendaItemFactory(meeting=meeting, number=4, title="Better Care Fund", publication=supplementary)
    draft = AgendaItemFactory(meeting=meeting, number=5, title="An item still being written")
    report = PaperFactory(item=strategy, title="Strategy report", created_by=officer, pages=12)
    appendix = PaperFactory(item=strategy, title="Consultation plan", role="appendix", created_by=officer)
    secret = PaperFactory(item=exempt, title="Contract report", created_by=officer)
    late_paper = PaperFactory(item=late, title="Fund report", created_by=officer)
    draft_paper = PaperFactory(item=draft, title="Half-written report", created_by=officer)
    member = MembershipFactory(board=board, user=None, name="Cllr Ann Smith")
    DeclarationFactory(item=strategy, membership=member, description="Works for a GP practice.")
    DeclarationFactory(item=exempt, membership=member, description="Brother-in-law runs a care home.")
    decision = DecisionFactory(
        agenda_item=strategy, text="That the draft strategy be approved for consultation."
    )
    secret_decision = DecisionFactory(agenda_item=exempt, text="A secret resolution.")
    draft_decision = DecisionFactory(agenda_item=draft, text="A resolution on an unpublished item.")
    return {
        "meeting": meeting,
        "items": [apologies, strategy, exempt, late, draft],
        "report": report,
        "appendix": appendix,
        "secret": secret,
        "late_paper": late_paper,
        "draft_paper": draft_paper,
        "decision": decision,
        "secret_decision": secret_decision,
        "draft_decision": draft_decision,
        "member": member,
    }


def paper_url(paper):
    meeting = paper.item.meeting
    return reverse("boards:paper", args=[meeting.board.slug, meeting.pk, paper.pk])


# Who is who: the public and another board's officer see no exempt information; the board's members,
# officers and administrators do.
PUBLIC = ["resident_client", "other_officer_client"]
READERS = ["board_member_client", "officer_client", "board_admin_client", "site_admin_client"]


class TestMeetingPage:
    def test_shows_when_where_and_status(self, held, resident_client):
        meeting = held["meeting"]
        meeting.starts_at = datetime.datetime(2024, 6, 15, 13, 0, tzinfo=datetime.UTC)  # 2pm in London (BST)
        meeting.ends_at = datetime.datetime(2024, 6, 15, 15, 30, tzinfo=datetime.UTC)
        meeting.save()

        page = resident_client.get(meeting.get_absolute_url()).content.decode()

        assert "Saturday 15 June 2024" in page
        assert "2pm to 4:30pm" in page
        assert "Council Chamber, Civic Offices, Grays" in page
        assert "Held" in page

    def test_the_public_reads_the_agenda_papers_minutes_and_decisions(self, held, resident_client):
        page = resident_client.get(held["meeting"].get_absolute_url()).content.decode()

        assert "1. Apologies for absence" in page
        assert "2. Joint Health and Wellbeing Strategy" in page
        assert "Lead: Jo Broadbent, Thurrock Council" in page
        assert "For decision" in page
        assert paper_url(held["report"]) in page and "Strategy report" in page and "12 pages" in page
        assert paper_url(held["appendix"]) in page and "Appendix: Consultation plan" in page
        assert "Works for a GP practice." in page
        assert "The Board <strong>considered</strong> the draft strategy." in page
        assert "That the draft strategy be approved for consultation." in page
        assert held["decision"].get_absolute_url() in page

    def test_minutes_are_sanitised(self, held, resident_client):
        page = resident_client.get(held["meeting"].get_absolute_url()).content.decode()

        assert "<script>alert" not in page
        assert "&lt;script&gt;alert('x')&lt;/script&gt;" in page  # Escaped, as text.

    @pytest.mark.parametrize("client_name", PUBLIC)
    def test_an_exempt_item_is_listed_by_number_title_and_exemption_only(self, held, client_name, request):
        client = request.getfixturevalue(client_name)

        page = client.get(held["meeting"].get_absolute_url()).content.decode()

        assert "3. Care home contract" in page
        assert EXEMPTION in page
        for secret in SECRETS:
            assert secret not in page
        assert paper_url(held["secret"]) not in page
        assert held["secret_decision"].get_absolute_url() not in page
        assert "Exempt: not for publication" not in page

    @pytest.mark.parametrize("client_name", READERS)
    def test_the_boards_readers_see_the_exempt_items_papers_clearly_marked(self, held, client_name, request):
        client = request.getfixturevalue(client_name)

        page = client.get(held["meeting"].get_absolute_url()).content.decode()

        for secret in SECRETS:
            assert secret in page
        assert paper_url(held["secret"]) in page
        assert "Exempt: not for publication" in page
        assert EXEMPTION in page

    @pytest.mark.parametrize("client_name", PUBLIC + READERS)
    def test_an_unpublished_item_is_never_shown(self, held, client_name, request):
        client = request.getfixturevalue(client_name)

        page = client.get(held["meeting"].get_absolute_url()).content.decode()

        assert "An item still being written" not in page
        assert "Half-written report" not in page
        assert "A resolution on an unpublished item." not in page

    def test_a_late_item_says_which_supplementary_agenda_added_it(self, held, resident_client):
        publication = held["items"][3].publication

        page = resident_client.get(held["meeting"].get_absolute_url()).content.decode()

        assert "4. Better Care Fund" in page
        published_on = f"{timezone.localtime(publication.published_at):%-d %B %Y}"
        assert f"Added in supplementary agenda 1, published on {published_on}." in page
        assert paper_url(held["late_paper"]) in page

    def test_a_late_publication_says_so(self, held, resident_client):
        page = resident_client.get(held["meeting"].get_absolute_url()).content.decode()

        assert page.count("Published late: less than five clear working days before the meeting.") == 1
        assert "Agenda: published on" in page
        assert "Supplementary agenda 1: published on" in page

    def test_before_the_agenda_is_published_the_public_sees_only_date_place_and_status(
        self, board, resident_client, board_member_client
    ):
        meeting = MeetingFactory(
            board=board,
            status=Meeting.Status.SCHEDULED,
            starts_at=timezone.now() + datetime.timedelta(days=20),
        )
        item = AgendaItemFactory(meeting=meeting, number=1, title="Draft agenda item", minutes="Early notes.")
        PaperFactory(item=item, title="Early report")

        for client in (resident_client, board_member_client):
            page = client.get(meeting.get_absolute_url()).content.decode()

            assert "The agenda has not been published yet." in page
            assert "Scheduled" in page and "Council Chamber, Civic Offices" in page
            assert (
                "Draft agenda item" not in page and "Early report" not in page and "Early notes." not in page
            )

    def test_a_cancelled_meeting_gives_its_reason(self, board, resident_client):
        meeting = MeetingFactory(
            board=board,
            status=Meeting.Status.CANCELLED,
            cancelled_reason="Not quorate: too few members free.",
        )

        page = resident_client.get(meeting.get_absolute_url()).content.decode()

        assert "This meeting has been cancelled." in page
        assert "Not quorate: too few members free." in page
        assert "The meeting was cancelled before its agenda was published." in page
        assert "five clear working days" not in page

    def test_minutes_are_draft_until_the_next_meeting_approves_them(self, held, board, resident_client):
        meeting = held["meeting"]
        assert (
            "Draft: to be approved at the next meeting."
            in resident_client.get(meeting.get_absolute_url()).content.decode()
        )

        next_meeting = MeetingFactory(board=board, starts_at=timezone.now() - datetime.timedelta(days=1))
        minutes_item = AgendaItemFactory(
            meeting=next_meeting, number=1, title="Minutes", publication=publish(next_meeting)
        )
        approval = DecisionFactory(
            agenda_item=minutes_item,
            text="That the minutes be approved as a correct record.",
            effect=Decision.Effect.MINUTES,
            minutes_of=meeting,
        )
        page = resident_client.get(meeting.get_absolute_url()).content.decode()

        assert "Draft: to be approved" not in page
        assert (
            f"Approved as a correct record on {timezone.localtime(next_meeting.starts_at):%-d %B %Y}" in page
        )
        assert approval.get_absolute_url() in page

    def test_an_approval_at_a_meeting_whose_agenda_was_never_published_is_not_linked(
        self, held, board, resident_client
    ):
        meeting = held["meeting"]
        unpublished = MeetingFactory(board=board, starts_at=timezone.now() - datetime.timedelta(days=1))
        approval = DecisionFactory(
            agenda_item=AgendaItemFactory(meeting=unpublished, number=1, title="Minutes"),
            effect=Decision.Effect.MINUTES,
            minutes_of=meeting,
        )

        page = resident_client.get(meeting.get_absolute_url()).content.decode()
        theirs = resident_client.get(unpublished.get_absolute_url()).content.decode()

        assert "Approved as a correct record on" in page
        assert approval.get_absolute_url() not in page  # It would be a 404 to them.
        assert "No agenda was published for this meeting through this website." in theirs

    def test_attendance_present_apologies_and_substitutes(self, held, board, resident_client):
        meeting = held["meeting"]
        chair = MembershipFactory(board=board, user=None, name="Cllr Mark Coxshall", role="chair")
        absent = MembershipFactory(board=board, user=None, name="Dr Sara Khan")
        AttendanceFactory(meeting=meeting, membership=chair)
        AttendanceFactory(meeting=meeting, membership=absent, status="apologies")
        AttendanceFactory(meeting=meeting, membership=None, name="Dr Lee Patel", substitute_for=absent)
        AttendanceFactory(meeting=meeting, membership=None, name="Ian Wake", status="in_attendance")

        page = resident_client.get(meeting.get_absolute_url()).content.decode()

        present, apologies = (
            page.index('<h3 class="govuk-heading-m">Present</h3>'),
            page.index("Apologies</h3>"),
        )
        assert present < page.index("Cllr Mark Coxshall (Chair,") < apologies
        assert present < page.index("Dr Lee Patel, substitute for Dr Sara Khan") < apologies
        assert apologies < page.index("Dr Sara Khan (Voting member,")
        assert "In attendance</h3>" in page and "Ian Wake" in page

    def test_links_the_calendar_files(self, held, resident_client):
        meeting = held["meeting"]

        page = resident_client.get(meeting.get_absolute_url()).content.decode()

        assert "Add to your calendar" in page
        assert reverse("boards:meeting_calendar", args=[meeting.board.slug, meeting.pk]) in page
        assert reverse("boards:board_calendar", args=[meeting.board.slug]) in page

    def test_another_boards_address_is_not_found(self, held, other_board, resident_client):
        url = reverse("boards:meeting", args=[other_board.slug, held["meeting"].pk])

        assert resident_client.get(url).status_code == 404


def a_meeting_with(board, items: int, *, by) -> Meeting:
    """A held meeting with a published agenda of `items` items, each with two papers, a declaration,
    minutes and two decisions, every third item exempt; and attendance of `items` people."""
    meeting = MeetingFactory(board=board)
    agenda = publish(meeting)
    for number in range(1, items + 1):
        item = AgendaItemFactory(
            meeting=meeting,
            number=number,
            title=f"Item {number}",
            publication=agenda,
            exempt_paragraph=3 if number % 3 == 0 else None,
            minutes=f"Minutes of item {number}.",
            lead_organisation=OrganisationFactory(),
        )
        PaperFactory(item=item, created_by=by)
        PaperFactory(item=item, created_by=by, role="appendix")
        DeclarationFactory(item=item)
        DecisionFactory(agenda_item=item, letter="a")
        DecisionFactory(agenda_item=item, letter="b")
        AttendanceFactory(meeting=meeting)
    return meeting


class TestMeetingPageQueries:
    # The meeting, its publications and their packs, items, papers, declarations, decisions, attendance
    # and the minutes' approval; for a signed-in member also the session, the user and their roles.
    @pytest.mark.parametrize("client_name, budget", [("resident_client", 9), ("board_member_client", 13)])
    def test_the_same_few_queries_however_long_the_agenda(
        self, board, officer, client_name, budget, request, django_assert_max_num_queries
    ):
        client = request.getfixturevalue(client_name)
        small, large = a_meeting_with(board, 2, by=officer), a_meeting_with(board, 15, by=officer)

        for meeting in (small, large):
            with django_assert_max_num_queries(budget):
                response = client.get(meeting.get_absolute_url())
            assert response.status_code == 200


class TestMeetingLists:
    def test_a_boards_meetings_upcoming_then_past(self, board, other_board, officer, resident_client):
        soon = MeetingFactory(
            board=board, status="scheduled", starts_at=timezone.now() + datetime.timedelta(days=3)
        )
        later = MeetingFactory(
            board=board,
            status="cancelled",
            cancelled_reason="The chair is unwell.",
            starts_at=timezone.now() + datetime.timedelta(days=30),
        )
        last = MeetingFactory(board=board, starts_at=timezone.now() - datetime.timedelta(days=30))
        publish(last)
        elsewhere = MeetingFactory(board=other_board, title="Essex extraordinary meeting")

        page = resident_client.get(reverse("boards:meetings", args=[board.slug])).content.decode()

        upcoming, past = page.index("Upcoming meetings</h2>"), page.index("Past meetings</h2>")
        assert upcoming < page.index(soon.get_absolute_url()) < page.index(later.get_absolute_url()) < past
        assert past < page.index(last.get_absolute_url())
        assert "The chair is unwell." in page and "Cancelled" in page
        assert page.count("Not yet published") == 2 and page.count(">Published<") == 1
        assert elsewhere.get_absolute_url() not in page
        assert reverse("boards:board_calendar", args=[board.slug]) in page

    def test_todays_meeting_is_upcoming_all_day(self, board, resident_client):
        earlier_today = timezone.now() - datetime.timedelta(minutes=1)
        today = MeetingFactory(board=board, status="scheduled", starts_at=earlier_today)

        page = resident_client.get(reverse("boards:meetings", args=[board.slug])).content.decode()

        if timezone.localtime(earlier_today).date() == timezone.localdate():
            assert page.index(today.get_absolute_url()) < page.index("Past meetings</h2>")

    def test_past_meetings_a_page_at_a_time(self, board, resident_client):
        for days in range(1, 26):
            MeetingFactory(board=board, starts_at=timezone.now() - datetime.timedelta(days=days * 30))
        url = reverse("boards:meetings", args=[board.slug])

        first = resident_client.get(url).content.decode()
        second = resident_client.get(url, {"page": 2}).content.decode()

        assert first.count("Held</strong>") == 20 and "Page 1 of 2" in first and "?page=2#past" in first
        assert second.count("Held</strong>") == 5 and "Page 2 of 2" in second and "?page=1#past" in second

    def test_every_boards_meetings(self, board, other_board, resident_client):
        ours = MeetingFactory(board=board)
        theirs = MeetingFactory(board=other_board, title="Extraordinary meeting")

        page = resident_client.get(reverse("boards:all_meetings")).content.decode()

        assert ours.get_absolute_url() in page and theirs.get_absolute_url() in page
        assert "Extraordinary meeting" in page and other_board.name in page

    @pytest.mark.parametrize("url_name", ["boards:meetings", "boards:all_meetings"])
    def test_the_same_few_queries_however_many_meetings(
        self, board, resident_client, url_name, django_assert_max_num_queries
    ):
        url = reverse(url_name, args=[board.slug] if url_name == "boards:meetings" else [])
        for count in (2, 30):
            for days in range(count):
                meeting = MeetingFactory(
                    board=board, starts_at=timezone.now() + datetime.timedelta(days=days - 10)
                )
                publish(meeting)
            with django_assert_max_num_queries(4):  # The board, upcoming, past and their count.
                assert resident_client.get(url).status_code == 200


class TestBoardPage:
    def test_lists_the_next_meetings_and_links_to_all(self, board, resident_client):
        meetings = [
            MeetingFactory(
                board=board, status="scheduled", starts_at=timezone.now() + datetime.timedelta(days=d)
            )
            for d in (5, 40, 80, 120)
        ]
        MeetingFactory(board=board, title="Last year's meeting")

        page = resident_client.get(board.get_absolute_url()).content.decode()

        assert "Upcoming meetings" in page
        assert [m.get_absolute_url() in page for m in meetings] == [True, True, True, False]
        assert "Last year's meeting" not in page
        assert reverse("boards:meetings", args=[board.slug]) in page

    def test_says_when_none_is_scheduled(self, board, resident_client):
        page = resident_client.get(board.get_absolute_url()).content.decode()

        assert "No meetings are scheduled." in page


class TestDecisionPage:
    def test_shows_the_resolution_item_meeting_and_outcome(self, held, resident_client):
        decision = held["decision"]

        page = resident_client.get(decision.get_absolute_url()).content.decode()

        assert "Decision a) on item 2" in page
        assert "That the draft strategy be approved for consultation." in page
        assert "Approved" in page
        assert f"{held['meeting'].get_absolute_url()}#item-2" in page
        assert "2. Joint Health and Wellbeing Strategy" in page

    def test_says_what_it_approved(self, held, board, resident_client):
        later = MeetingFactory(board=board)
        item = AgendaItemFactory(meeting=later, number=1, title="Minutes", publication=publish(later))
        approval = DecisionFactory(
            agenda_item=item,
            text="That the minutes be approved.",
            effect="minutes",
            minutes_of=held["meeting"],
        )

        page = resident_client.get(approval.get_absolute_url()).content.decode()

        assert "What it approved" in page
        assert held["meeting"].get_absolute_url() in page
        assert "as a correct record" in page

    def test_shows_the_links_other_apps_register(self, held, resident_client):
        def provider(decision):
            return [
                ("Joint Health and Wellbeing Strategy 2022 to 2026, as approved", "/boards/x/strategies/y/")
            ]

        links.decision_links.register(provider)
        try:
            page = resident_client.get(held["decision"].get_absolute_url()).content.decode()
        finally:
            links.decision_links.unregister(provider)

        assert 'href="/boards/x/strategies/y/"' in page
        assert "Joint Health and Wellbeing Strategy 2022 to 2026, as approved" in page

    @pytest.mark.parametrize("client_name", PUBLIC)
    def test_a_decision_on_an_exempt_item_is_not_found_for_the_public(self, held, client_name, request):
        client = request.getfixturevalue(client_name)

        assert client.get(held["secret_decision"].get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("client_name", READERS)
    def test_the_boards_readers_see_an_exempt_decision_marked(self, held, client_name, request):
        client = request.getfixturevalue(client_name)

        page = client.get(held["secret_decision"].get_absolute_url()).content.decode()

        assert "A secret resolution." in page and "Exempt: not for publication" in page

    @pytest.mark.parametrize("client_name", PUBLIC + READERS)
    def test_a_decision_on_an_unpublished_item_is_not_found(self, held, client_name, request):
        client = request.getfixturevalue(client_name)

        assert client.get(held["draft_decision"].get_absolute_url()).status_code == 404

    def test_the_address_must_name_its_own_meeting_and_board(self, held, board, other_board, resident_client):
        decision, meeting = held["decision"], held["meeting"]
        other_meeting = MeetingFactory(board=board)

        for args in ((other_board.slug, meeting.pk), (board.slug, other_meeting.pk)):
            url = reverse("boards:decision", args=[*args, decision.pk])
            assert resident_client.get(url).status_code == 404


class TestPaperDownload:
    @pytest.mark.parametrize("client_name", PUBLIC + READERS)
    def test_a_public_paper_for_everyone(self, held, client_name, request):
        client = request.getfixturevalue(client_name)

        response = client.get(paper_url(held["report"]))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert response["Cache-Control"] == "public, no-cache"

    @pytest.mark.parametrize("client_name", PUBLIC)
    def test_an_exempt_paper_is_not_found_for_the_public(self, held, client_name, request):
        client = request.getfixturevalue(client_name)

        assert client.get(paper_url(held["secret"])).status_code == 404

    @pytest.mark.parametrize("client_name", READERS)
    def test_an_exempt_paper_for_the_boards_readers_never_cached_for_others(self, held, client_name, request):
        client = request.getfixturevalue(client_name)

        response = client.get(paper_url(held["secret"]))

        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-cache"

    @pytest.mark.parametrize("client_name", PUBLIC + READERS)
    def test_a_paper_of_an_unpublished_item_is_not_found(self, held, client_name, request):
        client = request.getfixturevalue(client_name)

        assert client.get(paper_url(held["draft_paper"])).status_code == 404

    def test_the_address_must_name_its_own_meeting(self, held, board, resident_client):
        other_meeting = MeetingFactory(board=board)
        url = reverse("boards:paper", args=[board.slug, other_meeting.pk, held["report"].pk])

        assert resident_client.get(url).status_code == 404

    def test_a_portal_document_is_served_as_its_latest_version(self, held, officer, resident_client):
        document = Document.objects.create(kind="strategy_pdf", object_id=999, status=Document.Status.READY)
        version = DocumentVersion(
            document=document, number=1, filename="strategy-2022.pdf", size=20, pages=30
        )
        version.file.save("strategy-2022.pdf", ContentFile(b"%PDF-1.7 the strategy"), save=False)
        version.save()
        paper = PaperFactory(item=held["items"][1], title="The strategy", file="", document=document)
        page_before = resident_client.get(held["meeting"].get_absolute_url()).content.decode()
        assert resident_client.get(paper_url(paper)).status_code == 404  # Not generated yet.
        assert "The strategy" in page_before and "(not available yet)" in page_before

        Document.objects.filter(pk=document.pk).update(current=version)
        response = resident_client.get(paper_url(paper))

        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.7 the strategy"
        assert "strategy-2022.pdf" in response["Content-Disposition"]
        assert "30 pages" in resident_client.get(held["meeting"].get_absolute_url()).content.decode()
