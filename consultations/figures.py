"""
A large consultation's figures, kept for a moment (docs/decisions/0014-consultation-monitoring-and-export.md).

The figures are counted in the database (analysis.py, report.py) in a few queries, well under 300 ms up
to tens of thousands of responses; at a hundred thousand, counting a million and more priority answers
takes a second or more. So a count that took longer than settings.CONSULTATION_FIGURES_SLOW_SECONDS
(0.15 s) is kept in the cache with the time it was made, and served from there: as it is while under
FRESH_SECONDS old, and once older still served while a Celery task counts again (stale while
revalidate), so that no page waits on the count but the first. Pages say when their figures were
counted. A quick count is never kept: small consultations, nearly all of them, are counted on every
request, exactly.

Whatever fails, the page gets figures: a cache that does not answer is a cache miss (the figures are
counted there and then), and a broker that does not answer leaves the kept figures to be counted again
by the next request that can queue it.
"""

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from .analysis import Filters

logger = logging.getLogger(__name__)

FRESH_SECONDS = 30
KEEP_SECONDS = 24 * 3600
# A refresh queued and not yet done: no other is queued for this long.
REFRESHING_SECONDS = 120
EVERY = Filters()
# Bumped when what is kept changes shape: a new release then never reads an old one's.
SHAPE = 1


@dataclass(frozen=True)
class Counted:
    """Figures, and when they were counted."""

    value: Any
    at: datetime


def _compute(name: str):
    from . import analysis, report

    if name == "equality":  # The report's: of every response, never filtered.
        return lambda consultation, filters: report.equality_tables(consultation)
    return analysis.overview


def _key(name: str, consultation_id: int, filters: Filters) -> str:
    narrowed = f"{filters.channel}:{filters.respondent_type}"
    return f"consultation-figures:{SHAPE}:{name}:{consultation_id}:{narrowed}"


def kept(name: str, consultation, filters: Filters = EVERY) -> Counted:
    """The figures `name` of the consultation as last counted, counting them now if none are kept."""
    stored = caches["default"].get(_key(name, consultation.pk, filters))
    if isinstance(stored, Counted):
        if (timezone.now() - stored.at).total_seconds() > FRESH_SECONDS:
            _refresh_later(name, consultation.pk, filters)
        return stored
    return count(name, consultation, filters)


def count(name: str, consultation, filters: Filters = EVERY) -> Counted:
    """Count the figures now; keep them if that was slow, forget any kept copy if it was not."""
    started = time.perf_counter()
    counted = Counted(_compute(name)(consultation, filters), timezone.now())
    key = _key(name, consultation.pk, filters)
    slow = settings.CONSULTATION_FIGURES_SLOW_SECONDS
    if slow is not None and time.perf_counter() - started > slow:
        caches["default"].set(key, counted, KEEP_SECONDS)
    else:
        caches["default"].delete(key)
    return counted


def _refresh_later(name: str, consultation_id: int, filters: Filters) -> None:
    from .tasks import count_figures

    cache = caches["default"]
    if not cache.add(f"{_key(name, consultation_id, filters)}:refreshing", 1, REFRESHING_SECONDS):
        return  # Queued already.
    try:
        count_figures.delay(name, consultation_id, filters.channel, filters.respondent_type)
    except Exception:  # The broker's client raises many kinds (kombu, redis, OSError).
        logger.warning("Could not queue a count of the %s figures of consultation %s", name, consultation_id)
        cache.delete(f"{_key(name, consultation_id, filters)}:refreshing")


def recount(name: str, consultation_id: int, channel: str, respondent_type: str) -> None:
    """The task's work: count again and keep the figures (or forget them, if counting is quick now)."""
    from .models import Consultation

    filters = Filters(channel, respondent_type)
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    try:
        if consultation is not None:
            count(name, consultation, filters)
    finally:
        caches["default"].delete(f"{_key(name, consultation_id, filters)}:refreshing")
