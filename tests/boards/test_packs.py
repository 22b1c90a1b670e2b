"""
Board packs (boards/documents.py), rendered for real by the document job and read back with poppler and
pikepdf: what each pack holds, the agenda's page numbers against the stamped ones, exempt papers only in
the members' pack, the previous meeting's draft minutes, and nothing rendered when nothing changed.
"""

import datetime

import pikepdf
import pytest
from django.utils import timezone

from boards.documents import MEMBERS_PACK, PUBLIC_PACK, build_pack, packs_for
from boards.models import AgendaItem, AgendaPublication, Decision, Meeting, Paper
from core.documents import DocumentError, document_request
from core.models import Document
from tests.boards.packs import make_pack
from tests.core.documents.helpers import pdftext
from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack(board, officer):
    return make_pack(board, officer)


def render(kind: str, publication, capture):
    with capture(execute=True):
        document = document_request(kind=kind, object_id=publication.pk, by=None)
    document.refresh_from_db()
    assert document.status == Document.Status.READY, document.error
    return document


def pages(document) -> list[str]:
    path = document.current.file.path
    return [" ".join(page.split()) for page in pdftext(path).split("\f")[:-1]]


class TestMembersPack:
    def test_holds_every_paper_and_the_agenda_prints_the_pages_they_start_on(
        self, pack, django_capture_on_commit_callbacks
    ):
        document = render(MEMBERS_PACK, pack, django_capture_on_commit_callbacks)

        texts = pages(document)
        # Cover 1, agenda 2, strategy report 3-5, contract 6-7, fund report 8, figures 9, minutes 10.
        assert len(texts) == document.current.pages == 10
        agenda = texts[1]
        assert "2 Joint Health and Wellbeing Strategy" in agenda and "3 Care home contract" in agenda
        for title, page in [
            ("Strategy report", 3),
            ("Contract report", 6),
            ("Fund report", 8),
            ("Fund figures", 9),
        ]:
            assert title in texts[page - 1]
        # pdftotext reads each row's title, then its page (the right-hand column), then its details.
        assert "2 Joint Health and Wellbeing Strategy 3 For information" in agenda
        assert "3 Care home contract 6" in agenda and "4 Better Care Fund 8" in agenda
        assert (
            "Draft minutes of the meeting on" in agenda and " 10 For approval as a correct record" in agenda
        )
        assert "Draft minutes" in texts[9] and "The Chair welcomed everyone." in texts[9]
        assert all(f"Page {n} of 10" in text for n, text in enumerate(texts, start=1))
        assert "contains exempt information" in texts[0]
        # The exempt paper's pages (6 and 7) say so beside their numbers; no other page does.
        marked = [
            n
            for n, text in enumerate(texts, start=1)
            if "Not for publication: Schedule 12A, paragraph 3" in text
        ]
        assert marked == [6, 7]

    def test_bookmarks_each_part_and_labels_its_pages_as_stamped(
        self, pack, django_capture_on_commit_callbacks
    ):
        document = render(MEMBERS_PACK, pack, django_capture_on_commit_callbacks)

        with pikepdf.open(document.current.file.path) as pdf:
            assert [page.label for page in pdf.pages] == [str(n) for n in range(1, 11)]
            with pdf.open_outline() as outline:
                titles = [item.title for item in outline.root]
        assert titles == [
            "Cover",
            "Agenda",
            "Item 2: Strategy report",
            "Item 3: Contract report",
            "Item 4: Fund report",
            "Item 4: Fund figures",
            "Draft minutes of the previous meeting",
        ]

    def test_nothing_changed_renders_nothing(self, pack, django_capture_on_commit_callbacks):
        first = render(MEMBERS_PACK, pack, django_capture_on_commit_callbacks).current

        again = render(MEMBERS_PACK, pack, django_capture_on_commit_callbacks)

        assert again.current == first
        assert again.stage == Document.UNCHANGED


class TestPublicPack:
    def test_lists_the_exempt_item_but_leaves_its_papers_out(self, pack, django_capture_on_commit_callbacks):
        document = render(PUBLIC_PACK, pack, django_capture_on_commit_callbacks)

        texts = pages(document)
        whole = " ".join(texts)
        assert len(texts) == 8
        assert "Care home contract" in texts[1] and "Exempt" in texts[1]
        assert "Contract report" not in whole
        assert "Fund report" in texts[5]  # Page 6 in this pack: the numbers are its own.
        assert "papers are not in this pack" in texts[0]


class TestPacksOffered:
    def test_members_get_a_members_pack_only_where_a_publication_brought_exempt_items(
        self, pack, officer, board_member, resident
    ):
        supplementary = AgendaPublication.objects.create(
            meeting=pack.meeting,
            number=1,
            published_at=timezone.now(),
            published_by=officer,
            deadline=timezone.now(),
        )
        AgendaItemFactory(meeting=pack.meeting, number=9, title="Late report", publication=supplementary)
        for publication in (pack, supplementary):
            for kind in (MEMBERS_PACK, PUBLIC_PACK):
                Document.objects.create(kind=kind, object_id=publication.pk)
        with_exempt = {pack.pk}  # What the meeting page knows from the items it shows.

        offered = {
            reader: [
                (link.publication.number, link.kind)
                for link in packs_for([pack, supplementary], reader, with_exempt=with_exempt)
            ]
            for reader in (board_member, resident)
        }

        assert offered[board_member] == [(0, PUBLIC_PACK), (0, MEMBERS_PACK), (1, PUBLIC_PACK)]
        assert offered[resident] == [(0, PUBLIC_PACK), (1, PUBLIC_PACK)]


class TestMinutes:
    def test_minutes_approved_at_another_meeting_are_not_in_the_pack(self, pack, officer):
        # Not at the meeting the pack is for (here, the one after it): they are no longer draft.
        previous = Meeting.objects.exclude(pk=pack.meeting_id).get()
        after = MeetingFactory(
            board=pack.meeting.board, starts_at=pack.meeting.starts_at + datetime.timedelta(days=30)
        )
        item = AgendaItemFactory(meeting=after, number=1, title="Minutes")
        Decision.objects.create(
            agenda_item=item,
            letter="a",
            text="That the minutes be approved.",
            outcome="approved",
            effect="minutes",
            minutes_of=previous,
        )

        source = build_pack(pack.pk, public=True)

        assert [part.title for part in source.parts][-1] != "Draft minutes of the previous meeting"

    def test_minutes_approved_at_the_meeting_stay_in_its_pack(self, pack, officer):
        previous = Meeting.objects.exclude(pk=pack.meeting_id).get()
        item = AgendaItemFactory(meeting=pack.meeting, number=9, title="Minutes", publication=pack)
        Decision.objects.create(
            agenda_item=item,
            letter="a",
            text="That the minutes be approved.",
            outcome="approved",
            effect="minutes",
            minutes_of=previous,
        )

        source = build_pack(pack.pk, public=True)

        assert [part.title for part in source.parts][-1] == "Draft minutes of the previous meeting"

    def test_only_the_agenda_pack_carries_them(self, pack, officer):
        supplement = AgendaPublication.objects.create(
            meeting=pack.meeting,
            number=1,
            published_at=timezone.now(),
            published_by=officer,
            deadline=pack.deadline,
        )
        AgendaItem.objects.create(meeting=pack.meeting, number=5, title="Late item", publication=supplement)

        source = build_pack(supplement.pk, public=True)

        assert [part.title for part in source.parts] == ["Cover", "Supplementary agenda 1"]
        assert source.filename.endswith("-supplementary-1-public-pack.pdf")


class TestPortalDocuments:
    def test_a_paper_not_generated_yet_fails_the_pack_with_a_reason(self, pack, officer):
        item = AgendaItem.objects.get(meeting=pack.meeting, number=1)
        Paper.objects.create(
            item=item,
            title="The strategy",
            created_by=officer,
            document=Document.objects.create(kind="strategy_pdf", object_id=1),
        )

        with pytest.raises(DocumentError, match="Item 1's paper “The strategy” has not been generated yet"):
            build_pack(pack.pk, public=False)
