"""
Emails the broker did not take. An app records each email it will send as a row (a pack notice, a
respondent's email, a news update to a subscriber), in the transaction that causes it, and queues a
Celery task to send it once that commits. If the broker does not answer then, the request must not fail
(it has committed), so the row is marked failed with QUEUE_DOWN, and logged.

Those rows are not lost: the beat's requeue task (core.tasks.requeue_unqueued, each minute) puts every
one back to pending and queues it again, until the broker takes it. The sending task is idempotent, so
an email queued twice is still sent once. An app registers its model and its enqueue function in
its AppConfig.ready(); the model has `state` (State.PENDING, State.FAILED) and `failure`.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

logger = logging.getLogger(__name__)

# The failure of a row whose task the broker did not take: never tried, so worth queueing again.
QUEUE_DOWN = "The queue did not answer"
# At most this many rows of each kind a minute: a long outage's backlog goes out over a few minutes.
BATCH = 500


@dataclass(frozen=True)
class Outbox:
    model: type[models.Model]
    enqueue: Callable[[int], None]


_outboxes: dict[str, Outbox] = {}


def register(name: str, model: type[models.Model], enqueue: Callable[[int], None]) -> None:
    _outboxes[name] = Outbox(model, enqueue)


def requeue(name: str) -> int:
    """Queue again the rows of `name` that the broker did not take; how many were handed to it."""
    outbox = _outboxes[name]
    model, state = outbox.model, outbox.model.State
    stuck = model._base_manager.filter(state=state.FAILED, failure=QUEUE_DOWN).order_by("pk")
    queued = 0
    for pk in stuck.values_list("pk", flat=True)[:BATCH]:
        # Back to pending first (only if it is still as it was): the enqueue marks it failed again if
        # the broker is still not answering, and the next minute tries again.
        back = model._base_manager.filter(pk=pk, state=state.FAILED, failure=QUEUE_DOWN)
        if back.update(state=state.PENDING, failure=""):
            outbox.enqueue(pk)
            queued += 1
    if queued:
        logger.info("Queued again %s %s the broker had not taken", queued, name)
    return queued


def requeue_all() -> dict[str, int]:
    return {name: requeue(name) for name in sorted(_outboxes)}
