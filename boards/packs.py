"""
Telling the board's members about their pack (issue 7): when a members' pack is rendered for the first
time, or again because something in it changed, each current member with a portal account gets one
email with the link to the meeting page and the pack (never the file). Sent by Celery, once per member
and version however often the task runs (PackNotice, as consultations' emails).
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core import outbox
from core.documents import document_rendered
from core.models import Document

from .documents import MEMBERS_PACK
from .models import AgendaPublication, Membership, PackNotice

logger = logging.getLogger(__name__)


@receiver(document_rendered, sender=Document, dispatch_uid="boards.packs.notify_members")
def _on_rendered(sender, document, version, **kwargs) -> None:
    if document.kind == MEMBERS_PACK:
        pack_notices_create(publication_id=document.object_id, version=version)


def pack_notices_create(*, publication_id: int, version) -> list[PackNotice]:
    """A notice to each current member of the board with an account, for this version; each sent once."""
    publication = AgendaPublication.objects.select_related("meeting").filter(pk=publication_id).first()
    if publication is None:
        return []
    members = Membership.objects.current().filter(board_id=publication.meeting.board_id, user__isnull=False)
    notices = []
    with transaction.atomic():
        for membership in members:
            notice, created = PackNotice.objects.get_or_create(
                version=version, membership=membership, defaults={"publication": publication}
            )
            if created:
                transaction.on_commit(partial(_enqueue, notice.pk), robust=True)
            notices.append(notice)
    return notices


def _enqueue(notice_id: int) -> None:
    from .tasks import send_pack_notice

    try:
        send_pack_notice.delay(notice_id)
    except Exception:  # The broker's client raises many kinds (kombu, redis, OSError).
        logger.exception("Could not queue pack notice %s", notice_id)
        pack_notice_failed(notice_id, outbox.QUEUE_DOWN)


def pack_notice_send(notice_id: int) -> str | None:
    """Send one notice unless it was sent (or settled) already; its state afterwards."""
    with transaction.atomic():
        notice = (
            PackNotice.objects.select_for_update(of=("self",))
            .select_related("membership__user", "publication__meeting__board", "version")
            .filter(pk=notice_id)
            .first()
        )
        if notice is None:
            return None
        if notice.state != PackNotice.State.PENDING:
            return notice.state
        user = notice.membership.user
        if user is None or not user.is_active or not user.email:
            notice.state = PackNotice.State.NOT_SENT
            notice.save(update_fields=["state"])
            return notice.state
        message(notice, to=user.email).send()  # Inside the lock: a second delivery waits, then finds it sent.
        notice.state, notice.sent_at = PackNotice.State.SENT, timezone.now()
        notice.save(update_fields=["state", "sent_at"])
        return notice.state


def pack_notice_failed(notice_id: int, failure: str) -> None:
    PackNotice.objects.filter(pk=notice_id, state=PackNotice.State.PENDING).update(
        state=PackNotice.State.FAILED, failure=failure[:200]
    )


def message(notice: PackNotice, *, to: str) -> EmailMultiAlternatives:
    publication = notice.publication
    meeting = publication.meeting
    context = {
        "notice": notice,
        "member": notice.membership,
        "publication": publication,
        "meeting": meeting,
        "board": meeting.board,
        "updated": notice.version.number > 1,
        "meeting_url": settings.PUBLIC_URL + meeting.get_absolute_url(),
        "pack_url": settings.PUBLIC_URL
        + reverse("core:document_download", kwargs={"kind": MEMBERS_PACK, "object_id": publication.pk}),
    }
    subject = " ".join(render_to_string("boards/email/pack_notice_subject.txt", context).split())
    return EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("boards/email/pack_notice.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-generated"},
    )
