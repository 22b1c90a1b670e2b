"""
The kinds of document the portal makes, each registered by the app it belongs to.

    strategies    strategy_pdf: a published strategy's text (strategies/documents.py)
    later         the strategy's summary and easy-read versions, board packs (cover and agenda,
                  uploaded reports, draft minutes), consultation reports

A kind says how to build its Source from an object id, who may download it, see its older
versions and ask for it again, and how long and on which queue its render may run. Core looks
kinds up by name; it knows none of its own.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .sources import Source

Rule = Callable[[Any, Any], bool]
"""(user, obj) -> bool, where obj is what the kind's `load` returned."""


def _by_id(object_id: int) -> int:
    return object_id


@dataclass(frozen=True)
class DocumentKind:
    """
    name              unique, used in URLs and stored on Document rows: never rename one
    build(id)         the Source to render, or None when there is nothing to render (object gone,
                      or not publishable): the job then fails with a reason
    load(id)          the object the rules and page_url are asked about (None: 404)
    can_download      may the user download the latest version (residents, for a public strategy)
    can_see_versions  may the user see and download every version (the board's officers)
    can_request       may the user ask for it to be rendered again (the board's officers)
    page_url(obj)     the page that shows the document's progress panel
    label, noun       "PDF for residents" (the panel's heading), "the PDF" (in sentences)
    board_objects     optional: (board id) -> {object id: title} of that board's objects this kind
                      makes documents of. A kind that has it can be chosen as a board paper (an
                      agenda item's report), without boards importing the app that owns the kind.
    time_limit, soft_time_limit  seconds; the soft limit fails the job with a message, the hard
                      limit kills the worker's process. At most settings.DOCUMENT_TIME_LIMIT_MAX.
    queue             the Celery queue; None for settings.CELERY_TASK_DEFAULT_QUEUE
    """

    name: str
    build: Callable[[int], Source | None]
    can_download: Rule
    can_see_versions: Rule
    can_request: Rule
    page_url: Callable[[Any], str]
    load: Callable[[int], Any] = _by_id
    label: str = "PDF"
    noun: str = "the PDF"
    board_objects: Callable[[int], dict[int, str]] | None = None
    time_limit: int = 360
    soft_time_limit: int = 300
    queue: str | None = None

    def __post_init__(self):
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,49}", self.name):
            raise ValueError(f"A document kind's name is lower case letters, digits and _: {self.name!r}")
        if not 0 < self.soft_time_limit < self.time_limit:
            raise ValueError(f"{self.name}: the soft time limit must be positive and below the hard one.")

    @property
    def queue_name(self) -> str:
        return self.queue or settings.CELERY_TASK_DEFAULT_QUEUE


_kinds: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    """
    Register a kind, from the app's AppConfig.ready() (or a module it imports), so that the web
    process and every worker know it.
    """
    if _kinds.get(kind.name, kind) != kind:
        raise ValueError(f"The document kind {kind.name!r} is already registered.")
    if kind.time_limit > settings.DOCUMENT_TIME_LIMIT_MAX:
        # The broker redelivers an unacknowledged message after its visibility timeout, which
        # settings derive from DOCUMENT_TIME_LIMIT_MAX: a longer render would be run twice at once.
        raise ImproperlyConfigured(
            f"The document kind {kind.name!r} has a time limit of {kind.time_limit} s, more than "
            f"DOCUMENT_TIME_LIMIT_MAX ({settings.DOCUMENT_TIME_LIMIT_MAX} s). Raise the setting."
        )
    _kinds[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """For tests that register a kind of their own."""
    _kinds.pop(name, None)


def get_kind(name: str) -> DocumentKind:
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"No document kind is registered as {name!r}.") from None


def kinds() -> dict[str, DocumentKind]:
    return dict(_kinds)
