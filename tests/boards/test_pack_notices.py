"""Emails to the board's members when their pack is published or changes (boards/packs.py)."""

import pytest
from django.core import mail

from boards.documents import MEMBERS_PACK, PUBLIC_PACK
from boards.models import AgendaItem, PackNotice
from boards.packs import pack_notice_send
from boards.services.packs import pack_request
from core.documents import document_request
from tests.boards.packs import make_pack, paper
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def render(kind, publication, capture):
    with capture(execute=True):
        document_request(kind=kind, object_id=publication.pk, by=None)


@pytest.fixture
def pack(board, officer):
    return make_pack(board, officer)


@pytest.fixture
def members(board):
    with_account = MembershipFactory(board=board, name="Cllr Ann Smith", user__email="ann@example.org")
    MembershipFactory(board=board, name="No account", user=None)
    MembershipFactory(board=board, name="Former member", user__email="old@example.org", ended=True)
    return with_account


class TestPackNotices:
    def test_each_current_member_with_an_account_gets_the_link_once(
        self, pack, members, mailoutbox, django_capture_on_commit_callbacks
    ):
        render(MEMBERS_PACK, pack, django_capture_on_commit_callbacks)

        [message] = mailoutbox
        assert message.to == ["ann@example.org"]
        assert message.subject.startswith("Agenda and papers for")
        assert f"/documents/{MEMBERS_PACK}/{pack.pk}/download/" in message.body
        assert pack.meeting.get_absolute_url() in message.body
        assert not message.attachments

    def test_the_public_pack_and_an_unchanged_pack_send_nothing(
        self, pack, members, mailoutbox, django_capture_on_commit_callbacks
    ):
        render(MEMBERS_PACK, pack, django_capture_on_commit_callbacks)

        render(MEMBERS_PACK, pack, django_capture_on_commit_callbacks)
        render(PUBLIC_PACK, pack, django_capture_on_commit_callbacks)

        assert len(mailoutbox) == 1

    def test_a_changed_pack_is_sent_again_as_updated(
        self, pack, members, officer, mailoutbox, django_capture_on_commit_callbacks
    ):
        render(MEMBERS_PACK, pack, django_capture_on_commit_callbacks)
        paper(AgendaItem.objects.get(meeting=pack.meeting, number=1), "Apologies received", 1, officer)

        with django_capture_on_commit_callbacks(execute=True):
            pack_request(publication=pack, by=officer)

        assert len(mailoutbox) == 2
        assert mailoutbox[-1].subject.startswith("Updated: ")
        assert "has changed since it was first published" in mailoutbox[-1].body
        assert PackNotice.objects.filter(state=PackNotice.State.SENT).count() == 2

    def test_sent_once_however_often_the_task_runs(self, pack, members, django_capture_on_commit_callbacks):
        render(MEMBERS_PACK, pack, django_capture_on_commit_callbacks)
        notice = PackNotice.objects.get()

        assert pack_notice_send(notice.pk) == PackNotice.State.SENT
        assert len(mail.outbox) == 1
