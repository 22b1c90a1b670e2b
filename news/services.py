"""
Writes to a board's news, each checking news.permissions whoever calls, each audited (core.audit) in
the board's history. Publishing now announces the update to the board's opted-in subscribers in the
same transaction (news.emails); a scheduled update is announced by news.tasks.news_announce_due when
its time comes. Each keeps the update's entry in site search current (news.search).
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from boards.models import Board
from consultations.models import Subscriber
from core import audit, search
from core.constraints import save_validated
from core.models import AuditEntry
from core.versions import apply_edit
from strategies.models import Strategy

from . import emails, permissions
from .models import NEWS_FIELDS, NewsItem, NewsStatus, NewsSubscription
from .pages import forget_strategy_pages
from .search import news_sync, source

__all__ = ["news_create", "news_delete", "news_subscription_set", "news_unpublish", "news_update"]


def _text(value: str) -> str:
    """Text as stored: trimmed, lines ended by LF (a browser sends a textarea's lines with CRLF)."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _plain(value):
    return (
        value.pk
        if isinstance(value, Strategy)
        else value.isoformat()
        if isinstance(value, datetime)
        else value
    )


def _audit(by, action: str, item: NewsItem, changes: dict) -> None:
    audit.audit_record(actor=by, action=action, scope=item.board, target=item, changes=changes)


def _publish_time(
    status: str, publish_at: datetime | None, current: datetime | None = None
) -> datetime | None:
    """A published update without a time given is published now (or keeps the time it had)."""
    if status != NewsStatus.PUBLISHED:
        return publish_at
    return publish_at or current or timezone.now()


@transaction.atomic
def news_create(
    *,
    board: Board,
    by,
    title: str,
    summary: str,
    body: str,
    strategy: Strategy | None = None,
    status: str = NewsStatus.DRAFT,
    publish_at: datetime | None = None,
) -> NewsItem:
    """
    Write an update for `board`: a draft, or published (now if `publish_at` is empty or past, scheduled
    if it is to come). A draft keeps the publish time given, for when it is published.
    """
    if not permissions.can_edit(by, board):
        raise PermissionDenied("Only the board's officers can write its news.")
    item = NewsItem(
        board=board,
        strategy=strategy,
        title=_text(title),
        summary=_text(summary),
        body=_text(body),
        status=status,
        publish_at=_publish_time(status, publish_at),
        created_by=by,
    )
    item.full_clean()
    save_validated(item)
    changes = {name: [None, _plain(getattr(item, name))] for name in NEWS_FIELDS if getattr(item, name)}
    _audit(by, AuditEntry.Action.CREATED, item, changes)
    if item.is_public:
        emails.news_announce(item=item)
    news_sync(item)
    forget_strategy_pages(item.strategy)
    return item


def _locked(item: NewsItem, by, verb: str) -> NewsItem | None:
    if not permissions.can_edit(by, item):
        raise PermissionDenied(f"Only the board's officers can {verb} its news.")
    return NewsItem.objects.select_for_update(of=("self",)).filter(pk=item.pk).select_related("board").first()


@transaction.atomic
def news_update(*, item: NewsItem, by, version: int | None = None, **fields) -> NewsItem:
    """
    Change an update (its text, strategy, status or publish time). `version` is the one the form was
    loaded from: a save over someone else's newer one is refused (core.versions.EditConflict).
    """
    locked = _locked(item, by, "change")
    if locked is None:
        raise ValidationError("Someone else deleted this update while you were editing it.")
    before_strategy = locked.strategy
    for name in ("title", "summary", "body"):
        if isinstance(fields.get(name), str):
            fields[name] = _text(fields[name])
    if "status" in fields:
        fields["publish_at"] = _publish_time(
            fields["status"],
            fields.get("publish_at", locked.publish_at),
            # Published already, with the time left blank: it keeps its time. A draft published now.
            locked.publish_at if locked.status == NewsStatus.PUBLISHED else None,
        )
    changes = apply_edit(locked, fields=fields, version=version, noun="update", allowed=NEWS_FIELDS)
    if changes:
        save_validated(locked)
        _audit(by, AuditEntry.Action.UPDATED, locked, changes)
        if locked.is_public:
            emails.news_announce(item=locked)
        news_sync(locked)
        forget_strategy_pages(before_strategy, locked.strategy)
    return locked


@transaction.atomic
def news_unpublish(*, item: NewsItem, by) -> NewsItem:
    """Take an update (published or scheduled) back to a draft: off every public page and feed. Idempotent."""
    locked = _locked(item, by, "unpublish")
    if locked is None:
        raise ValidationError("Someone else deleted this update.")
    if locked.status != NewsStatus.DRAFT:
        locked.status = NewsStatus.DRAFT
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated_at"])
        _audit(by, AuditEntry.Action.UPDATED, locked, {"status": [NewsStatus.PUBLISHED, NewsStatus.DRAFT]})
        news_sync(locked)
        forget_strategy_pages(locked.strategy)
    return locked


@transaction.atomic
def news_delete(*, item: NewsItem, by) -> None:
    """Delete an update for good (its record stays in the board's history). Deleting twice is no error."""
    locked = _locked(item, by, "delete")
    if locked is None:
        return
    _audit(by, AuditEntry.Action.DELETED, locked, {"title": [locked.title, None]})
    forget_strategy_pages(locked.strategy)
    unindexed = locked.pk
    locked.delete()
    search.unindex(source(unindexed))


@transaction.atomic
def news_subscription_set(*, subscriber, wanted: bool) -> bool:
    """
    A subscriber's choice to get their board's news by email too (the signed link in their emails is
    the authority, as for unsubscribing). Emails go only while they are confirmed and subscribed.
    Returns whether they now get the news. Idempotent.
    """
    subscriber = (
        Subscriber.objects.select_for_update(of=("self",))
        .select_related("consultation", "strategy")
        .get(pk=subscriber.pk)
    )
    if subscriber.unsubscribed_at is not None:
        wanted = False
    if not wanted:
        NewsSubscription.objects.filter(subscriber=subscriber).delete()
        return False
    board_id = (subscriber.consultation or subscriber.strategy).board_id
    NewsSubscription.objects.get_or_create(subscriber=subscriber, defaults={"board_id": board_id})
    return True
