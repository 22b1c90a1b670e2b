"""Meetings, agenda items, publication and papers: boards/services/meetings.py, agenda.py, papers.py."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from boards.models import AgendaItem, AgendaPublication, Meeting, Paper
from boards.notice import publication_deadline
from boards.services import agenda, meetings, papers
from core.models import AuditEntry
from core.versions import EditConflict
from tests.boards.agenda_helpers import add_items, numbers, ready_document, scheduled_meeting
from tests.factories import OrganisationFactory, StrategyFactory
from tests.strategies.helpers import pdf_bytes

pytestmark = pytest.mark.django_db


def entries(meeting, action=None) -> list[AuditEntry]:
    found = AuditEntry.objects.for_scope(meeting).order_by("pk")
    return list(found.filter(action=action) if action else found)


def upload(content: bytes, name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_papers(media: Path) -> list[Path]:
    folder = media / "boards" / "papers"
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


# Meetings -------------------------------------------------------------------------------------------


def truncated_pdf() -> bytes:
    """The first two thirds of a six-page PDF written without object streams (its objects in the clear)."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    for _ in range(6):
        pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()[: len(out.getvalue()) * 2 // 3]


class TestMeetingCreate:
    def test_schedules_a_meeting_and_records_it(self, board, officer):
        starts = timezone.now() + datetime.timedelta(days=20)

        meeting = meetings.meeting_create(
            board=board, by=officer, starts_at=starts, venue="Civic Offices, Grays"
        )

        assert (meeting.status, meeting.sequence, meeting.version) == (Meeting.Status.SCHEDULED, 0, 1)
        [entry] = entries(meeting)
        assert (entry.action, entry.actor) == (AuditEntry.Action.CREATED, officer)
        assert entry.changes["venue"] == [None, "Civic Offices, Grays"]

    def test_refuses_an_end_before_the_start_beside_the_end(self, board, officer):
        starts = timezone.now() + datetime.timedelta(days=20)

        with pytest.raises(ValidationError) as refused:
            meetings.meeting_create(
                board=board,
                by=officer,
                starts_at=starts,
                ends_at=starts - datetime.timedelta(hours=1),
                venue="Hall",
            )

        assert refused.value.message_dict == {"ends_at": ["The meeting must end after it starts"]}
        assert not Meeting.objects.exists()

    def test_needs_a_venue_or_an_online_link(self, board, officer):
        starts = timezone.now() + datetime.timedelta(days=20)

        with pytest.raises(ValidationError) as refused:
            meetings.meeting_create(board=board, by=officer, starts_at=starts)
        online = meetings.meeting_create(
            board=board, by=officer, starts_at=starts, online_url="https://example.org/live"
        )

        assert "venue" in refused.value.message_dict
        assert online.venue == ""

    def test_another_boards_officer_is_refused(self, board, other_officer):
        with pytest.raises(PermissionDenied):
            meetings.meeting_create(board=board, by=other_officer, starts_at=timezone.now(), venue="Hall")


class TestMeetingUpdate:
    def test_a_change_a_calendar_sees_counts_a_sequence_and_a_version(self, board, officer):
        meeting = scheduled_meeting(board)

        meetings.meeting_update(meeting=meeting, by=officer, version=1, venue="Committee Room 2")
        meeting.refresh_from_db()

        assert (meeting.venue, meeting.sequence, meeting.version) == ("Committee Room 2", 1, 2)
        assert entries(meeting, AuditEntry.Action.UPDATED)[0].changes["venue"][1] == "Committee Room 2"

    def test_saving_the_same_values_changes_nothing(self, board, officer):
        meeting = scheduled_meeting(board)

        meetings.meeting_update(meeting=meeting, by=officer, version=1, venue=meeting.venue)
        meeting.refresh_from_db()

        assert (meeting.sequence, meeting.version) == (0, 1)
        assert entries(meeting) == []

    def test_a_stale_version_is_a_conflict(self, board, officer):
        meeting = scheduled_meeting(board)
        meetings.meeting_update(meeting=meeting, by=officer, version=1, venue="Committee Room 2")

        with pytest.raises(EditConflict):
            meetings.meeting_update(meeting=meeting, by=officer, version=1, venue="Committee Room 3")

    def test_a_held_meeting_keeps_its_time_and_place(self, board, officer):
        meeting = scheduled_meeting(board, status=Meeting.Status.HELD)

        with pytest.raises(ValidationError, match="has been held"):
            meetings.meeting_update(meeting=meeting, by=officer, venue="Elsewhere")


class TestMeetingTransition:
    def test_cancelling_needs_a_reason_beside_the_field(self, board, officer):
        meeting = scheduled_meeting(board)

        with pytest.raises(ValidationError) as refused:
            meetings.meeting_transition(meeting=meeting, by=officer, to_status="cancelled", reason="  ")

        assert refused.value.message_dict == {"reason": ["Enter why the meeting is cancelled"]}

    def test_cancel_and_reinstate_each_count_for_calendars(self, board, officer):
        meeting = scheduled_meeting(board)

        meetings.meeting_transition(meeting=meeting, by=officer, to_status="cancelled", reason="Not quorate.")
        meeting.refresh_from_db()
        assert (meeting.status, meeting.cancelled_reason, meeting.sequence) == (
            "cancelled",
            "Not quorate.",
            1,
        )

        meetings.meeting_transition(meeting=meeting, by=officer, to_status="scheduled")
        meeting.refresh_from_db()
        assert (meeting.status, meeting.cancelled_reason, meeting.sequence) == ("scheduled", "", 2)
        moves = [entry.changes["status"] for entry in entries(meeting)]
        assert moves == [["scheduled", "cancelled"], ["cancelled", "scheduled"]]

    def test_cannot_be_held_before_it_starts(self, board, officer):
        meeting = scheduled_meeting(board)

        with pytest.raises(ValidationError, match="can be recorded as held once it has started"):
            meetings.meeting_transition(meeting=meeting, by=officer, to_status="held")

    def test_is_recorded_as_held_once_started(self, board, officer):
        meeting = scheduled_meeting(board, days=-1)

        meetings.meeting_transition(meeting=meeting, by=officer, to_status="held")

        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.HELD

    @pytest.mark.parametrize(
        ("status", "to_status", "message"),
        [
            ("held", "scheduled", "The meeting has been held: its status cannot change."),
            ("cancelled", "held", "A cancelled meeting cannot be marked held."),
            ("scheduled", "scheduled", "The meeting is already scheduled."),
            ("scheduled", "postponed", "Choose what happens to the meeting"),
        ],
    )
    def test_refuses_a_move_the_map_does_not_allow_with_its_reason(
        self, board, officer, status, to_status, message
    ):
        meeting = scheduled_meeting(
            board, days=-1, status=status, cancelled_reason="Snow." if status == "cancelled" else ""
        )

        with pytest.raises(ValidationError) as refused:
            meetings.meeting_transition(meeting=meeting, by=officer, to_status=to_status)

        assert refused.value.message_dict == {"to_status": [message]}
        assert Meeting.objects.get(pk=meeting.pk).status == status


# Items and their numbers --------------------------------------------------------------------------


class TestItemNumbers:
    def test_follow_the_order_until_published(self, board, officer):
        meeting = scheduled_meeting(board)
        first, second, third = add_items(meeting, officer, "Minutes", "Strategy", "Any other business")

        agenda.items_reorder(meeting=meeting, by=officer, order=[second.pk, first.pk, third.pk])

        assert numbers(meeting) == [(1, "Strategy"), (2, "Minutes"), (3, "Any other business")]
        [entry] = entries(meeting, AuditEntry.Action.REORDERED)
        assert entry.changes["order"][1] == ["Strategy", "Minutes", "Any other business"]

    def test_removing_an_unpublished_item_closes_the_gap(self, board, officer):
        meeting = scheduled_meeting(board)
        first, second, third = add_items(meeting, officer, "Minutes", "Strategy", "Any other business")

        agenda.item_remove(item=second, by=officer)

        assert numbers(meeting) == [(1, "Minutes"), (2, "Any other business")]
        assert not AgendaItem.objects.filter(pk=second.pk).exists()

    def test_never_change_after_publication(self, board, officer):
        meeting = scheduled_meeting(board)
        first, second = add_items(meeting, officer, "Minutes", "Strategy")
        agenda.agenda_publish(meeting=meeting, by=officer)
        late, later = add_items(meeting, officer, "Urgent: winter pressures", "Urgent: flu")

        with pytest.raises(
            ValidationError, match="Item 2 has been published: published items keep their numbers"
        ):
            agenda.items_reorder(meeting=meeting, by=officer, order=[second.pk, first.pk])
        with pytest.raises(
            ValidationError, match="Item 2 was published in the agenda on .*: a published item stays"
        ):
            agenda.item_remove(item=second, by=officer)
        with pytest.raises(ValidationError) as renumbered:
            agenda.item_update(item=second, by=officer, number=1)
        agenda.items_reorder(meeting=meeting, by=officer, order=[later.pk, late.pk], seen=[late.pk, later.pk])

        assert "number" in renumbered.value.message_dict
        assert numbers(meeting) == [
            (1, "Minutes"),
            (2, "Strategy"),
            (3, "Urgent: flu"),
            (4, "Urgent: winter pressures"),
        ]

    def test_an_exempt_item_made_public_keeps_its_number(self, board, officer):
        meeting = scheduled_meeting(board)
        agenda.item_create(meeting=meeting, by=officer, title="Minutes")
        exempt = agenda.item_create(
            meeting=meeting, by=officer, title="Care home contract", exempt_paragraph=3
        )
        agenda.agenda_publish(meeting=meeting, by=officer)

        agenda.item_make_public(item=exempt, by=officer)

        exempt.refresh_from_db()
        assert (exempt.number, exempt.exempt_paragraph) == (2, None)
        assert exempt.made_public_at is not None
        assert entries(meeting, AuditEntry.Action.UPDATED)[-1].changes["exempt_paragraph"] == [3, None]

    def test_making_public_again_changes_nothing(self, board, officer):
        meeting = scheduled_meeting(board)
        item = agenda.item_create(meeting=meeting, by=officer, title="Minutes")

        agenda.item_make_public(item=item, by=officer)

        assert AgendaItem.objects.get(pk=item.pk).version == 1

    def test_a_published_public_item_cannot_become_exempt(self, board, officer):
        meeting = scheduled_meeting(board)
        [item] = add_items(meeting, officer, "Strategy")
        agenda.agenda_publish(meeting=meeting, by=officer)

        with pytest.raises(ValidationError) as refused:
            agenda.item_update(item=item, by=officer, version=1, exempt_paragraph=1)

        assert "exempt_paragraph" in refused.value.message_dict
        assert AgendaItem.objects.get(pk=item.pk).exempt_paragraph is None

    def test_choosing_public_on_a_published_exempt_item_makes_it_public(self, board, officer):
        meeting = scheduled_meeting(board)
        item = agenda.item_create(meeting=meeting, by=officer, title="Contract", exempt_paragraph=3)
        agenda.agenda_publish(meeting=meeting, by=officer)

        agenda.item_update(item=item, by=officer, version=1, exempt_paragraph=None, title="Contract award")

        item.refresh_from_db()
        assert (item.exempt_paragraph, item.title, item.number) == (None, "Contract award", 1)
        assert item.made_public_at is not None

    def test_a_stale_order_is_refused_and_nothing_moves(self, board, officer):
        meeting = scheduled_meeting(board)
        first, second = add_items(meeting, officer, "Minutes", "Strategy")
        seen = [first.pk, second.pk]
        agenda.items_reorder(meeting=meeting, by=officer, order=[second.pk, first.pk])  # In another tab.

        with pytest.raises(ValidationError, match="The list has changed since you opened this page"):
            agenda.items_reorder(meeting=meeting, by=officer, order=[second.pk, first.pk], seen=seen)

        assert numbers(meeting) == [(1, "Strategy"), (2, "Minutes")]

    def test_the_lead_organisation_is_one_of_the_boards(self, board, officer):
        meeting = scheduled_meeting(board)
        stranger = OrganisationFactory()

        with pytest.raises(ValidationError) as refused:
            agenda.item_create(meeting=meeting, by=officer, title="Strategy", lead_organisation=stranger)

        assert refused.value.message_dict == {
            "lead_organisation": ["Choose one of the board's organisations"]
        }
        assert not meeting.items.exists()

    @pytest.mark.parametrize(
        ("status", "message"),
        [("cancelled", "reinstate it before changing its agenda"), ("held", "has been held")],
    )
    def test_the_agenda_of_a_meeting_not_scheduled_does_not_change(self, board, officer, status, message):
        meeting = scheduled_meeting(
            board, status=status, cancelled_reason="Snow." if status == "cancelled" else ""
        )

        with pytest.raises(ValidationError, match=message):
            agenda.item_create(meeting=meeting, by=officer, title="Strategy")


# Publication ----------------------------------------------------------------------------------------


class TestPublication:
    def test_the_agenda_is_publication_0_with_every_item_and_its_deadline(self, board, officer):
        meeting = scheduled_meeting(board, days=30)
        items = add_items(meeting, officer, "Minutes", "Strategy")

        publication = agenda.agenda_publish(meeting=meeting, by=officer)

        assert (publication.number, publication.label, publication.late) == (0, "Agenda", False)
        assert publication.deadline == publication_deadline(meeting.starts_at)
        assert {item.pk for item in publication.items.all()} == {item.pk for item in items}
        assert entries(meeting, AuditEntry.Action.CREATED)[-1].target_id == publication.pk

    def test_items_added_later_go_in_supplementary_agendas(self, board, officer):
        meeting = scheduled_meeting(board, days=30)
        add_items(meeting, officer, "Minutes")
        agenda.agenda_publish(meeting=meeting, by=officer)
        [late] = add_items(meeting, officer, "Winter pressures")

        supplementary = agenda.agenda_publish(meeting=meeting, by=officer)

        late.refresh_from_db()
        assert (supplementary.number, supplementary.label) == (1, "Supplementary agenda 1")
        assert late.publication == supplementary and late.late and late.number == 2

    def test_a_publication_after_the_deadline_says_so_for_good(self, board, officer):
        meeting = scheduled_meeting(board, days=3)  # Never five clear working days away.
        add_items(meeting, officer, "Minutes")

        publication = agenda.agenda_publish(meeting=meeting, by=officer)
        meetings.meeting_update(
            meeting=meeting, by=officer, starts_at=meeting.starts_at + datetime.timedelta(days=60)
        )

        assert AgendaPublication.objects.get(pk=publication.pk).late

    def test_nothing_to_publish_is_refused(self, board, officer):
        meeting = scheduled_meeting(board)

        with pytest.raises(ValidationError, match="no items yet"):
            agenda.agenda_publish(meeting=meeting, by=officer)
        add_items(meeting, officer, "Minutes")
        agenda.agenda_publish(meeting=meeting, by=officer)
        with pytest.raises(ValidationError, match="Every item is published already"):
            agenda.agenda_publish(meeting=meeting, by=officer)

    def test_not_once_the_meeting_has_started(self, board, officer):
        meeting = scheduled_meeting(board, days=-1)
        add_items(meeting, officer, "Minutes")

        with pytest.raises(ValidationError, match="The meeting has started"):
            agenda.agenda_publish(meeting=meeting, by=officer)

        assert not meeting.publications.exists()


# Papers ---------------------------------------------------------------------------------------------


class TestPaperUpload:
    def test_stores_the_pdf_with_what_it_holds(self, board, officer, _media_in_a_temporary_folder):
        [item] = add_items(scheduled_meeting(board), officer, "Strategy")
        content = pdf_bytes(3)

        paper = papers.paper_add(item=item, by=officer, file=upload(content, "Draft strategy.pdf"))

        assert (paper.title, paper.role, paper.pages, paper.tagged) == ("Draft strategy", "report", 3, False)
        assert paper.file_size == len(content)
        import hashlib

        assert paper.file_sha256 == hashlib.sha256(content).hexdigest()
        assert paper.file.read() == content

    def test_the_second_paper_is_an_appendix(self, board, officer):
        [item] = add_items(scheduled_meeting(board), officer, "Strategy")

        papers.paper_add(item=item, by=officer, file=upload(pdf_bytes()))
        appendix = papers.paper_add(item=item, by=officer, title="Equality impact", file=upload(pdf_bytes()))

        assert (appendix.role, appendix.position) == (Paper.Role.APPENDIX, 2)

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"\x89PNG\r\n\x1a\n not a pdf at all", "The selected file must be a PDF"),
            (b"%PDF-1.7\n this is not really a PDF", "The selected file is damaged or is not a PDF"),
            # A download cut short: qpdf could "recover" it, as six blank pages (issue 7's walk).
            (truncated_pdf(), "The selected file is damaged or is not a PDF"),
            (pdf_bytes(password="secret"), "The selected file is protected by a password"),
        ],
        ids=["an image named .pdf", "corrupt", "truncated", "encrypted"],
    )
    def test_refuses_what_is_not_a_readable_pdf_and_keeps_nothing(
        self, board, officer, content, message, _media_in_a_temporary_folder
    ):
        [item] = add_items(scheduled_meeting(board), officer, "Strategy")
        before = stored_papers(_media_in_a_temporary_folder)

        with pytest.raises(ValidationError) as refused:
            papers.paper_add(item=item, by=officer, file=upload(content, "report.pdf"))

        assert refused.value.message_dict["file"][0].startswith(message)
        assert not Paper.objects.exists()
        assert stored_papers(_media_in_a_temporary_folder) == before

    def test_refuses_a_file_over_the_limit(self, board, officer):
        [item] = add_items(scheduled_meeting(board), officer, "Strategy")

        with override_settings(BOARD_PAPER_MAX_BYTES=1024), pytest.raises(ValidationError) as refused:
            papers.paper_add(item=item, by=officer, file=upload(pdf_bytes(20)))

        assert refused.value.message_dict == {"file": ["The selected file must be smaller than 1 KB"]}

    def test_a_failure_after_storing_deletes_the_file(self, board, officer, _media_in_a_temporary_folder):
        meeting = scheduled_meeting(board)
        [item] = add_items(meeting, officer, "Strategy")
        Meeting.objects.filter(pk=meeting.pk).update(
            status=Meeting.Status.CANCELLED, cancelled_reason="Snow."
        )
        before = stored_papers(_media_in_a_temporary_folder)

        with pytest.raises(ValidationError, match="cancelled"):
            papers.paper_add(item=item, by=officer, file=upload(pdf_bytes()))

        assert stored_papers(_media_in_a_temporary_folder) == before

    def test_one_of_a_file_or_a_document(self, board, officer):
        [item] = add_items(scheduled_meeting(board), officer, "Strategy")

        with pytest.raises(ValidationError) as refused:
            papers.paper_add(item=item, by=officer)

        assert "file" in refused.value.message_dict


class TestPortalDocumentPapers:
    def test_a_document_of_the_boards_strategy_is_offered_and_taken(self, board, officer):
        strategy = StrategyFactory(board=board, title="Health and Wellbeing Strategy 2022 to 2026")
        document = ready_document("strategy_pdf", strategy.pk)
        [item] = add_items(scheduled_meeting(board), officer, "Strategy")

        paper = papers.paper_add(item=item, by=officer, document=document)

        assert paper.document == document and not paper.file
        assert paper.title == "Health and Wellbeing Strategy 2022 to 2026: PDF for residents"

    def test_another_boards_document_is_refused(self, board, other_board, officer):
        document = ready_document("strategy_pdf", StrategyFactory(board=other_board).pk)
        [item] = add_items(scheduled_meeting(board), officer, "Strategy")

        with pytest.raises(ValidationError) as refused:
            papers.paper_add(item=item, by=officer, document=document)

        assert refused.value.message_dict == {"document": ["Choose a document of this board"]}


class TestPaperOrderAndRemoval:
    def test_reorders_and_refuses_a_stale_list(self, board, officer):
        [item] = add_items(scheduled_meeting(board), officer, "Strategy")
        report = papers.paper_add(item=item, by=officer, title="Report", file=upload(pdf_bytes()))
        appendix = papers.paper_add(item=item, by=officer, title="Appendix A", file=upload(pdf_bytes()))

        papers.papers_reorder(
            item=item, by=officer, order=[appendix.pk, report.pk], seen=[report.pk, appendix.pk]
        )
        with pytest.raises(ValidationError, match="The list has changed"):
            papers.papers_reorder(
                item=item, by=officer, order=[appendix.pk, report.pk], seen=[report.pk, appendix.pk]
            )

        assert list(item.papers.order_by("position").values_list("title", flat=True)) == [
            "Appendix A",
            "Report",
        ]

    def test_removing_a_paper_deletes_its_file_after_the_commit(
        self, board, officer, django_capture_on_commit_callbacks
    ):
        [item] = add_items(scheduled_meeting(board), officer, "Strategy")
        paper = papers.paper_add(item=item, by=officer, file=upload(pdf_bytes()))
        storage, name = paper.file.storage, paper.file.name

        with django_capture_on_commit_callbacks(execute=True):
            papers.paper_remove(paper=paper, by=officer)

        assert not Paper.objects.filter(pk=paper.pk).exists()
        assert not storage.exists(name)

    def test_removing_an_item_removes_its_papers(self, board, officer):
        [item] = add_items(scheduled_meeting(board), officer, "Strategy")
        papers.paper_add(item=item, by=officer, file=upload(pdf_bytes()))

        agenda.item_remove(item=item, by=officer)

        assert not Paper.objects.exists()
