"""
The PDF job once end to end through a real Celery worker on real Redis: publishing enqueues after
commit, the worker (a thread consuming the broker) renders with WeasyPrint and stores the file.
"""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from core.models import Document
from strategies import services
from strategies.models import Status
from tests.factories import DomainFactory, PriorityFactory, StrategyFactory
from tests.strategies.helpers import move_to

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: make test provides it"),
]


@pytest.fixture
def worker(celery_not_eager, transactional_db):
    app = celery_not_eager
    assert app.conf.broker_url.startswith("redis://"), app.conf.broker_url
    # A queue of our own, so that no message left by an earlier run, or by another checkout sharing
    # this Redis, is picked up (or ours lost to another worker).
    queue = f"{app.conf.task_default_queue}-worker"
    saved_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        with start_worker(
            app, pool="solo", concurrency=1, perform_ping_check=False, queues=[queue]
        ) as worker:
            yield worker
    finally:
        app.conf.task_default_queue = saved_queue


def wait_for(document_id: int, *, seconds: float = 60) -> Document:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        document = Document.objects.get(pk=document_id)
        if not document.in_progress:
            return document
        time.sleep(0.1)
    raise AssertionError(f"The PDF job was still {document.status} after {seconds} s")


class TestPdfThroughAWorker:
    def test_publishing_renders_the_pdf_on_the_worker(self, worker, board, board_admin):
        strategy = StrategyFactory(board=board, title="Health and Wellbeing Strategy 2022 to 2026")
        domain = DomainFactory(strategy=strategy, title="Opportunity for all")
        PriorityFactory(domain=domain, title="Good jobs close to home")
        move_to(strategy, Status.APPROVED, by=board_admin)

        services.strategy_transition(
            strategy=strategy, to_status=Status.PUBLISHED, by=board_admin, reason="Approved in June."
        )

        document = Document.objects.get(kind=services.PDF_KIND, object_id=strategy.pk)
        document = wait_for(document.pk)
        assert document.status == Document.Status.READY, document.error
        assert (document.progress, document.render_count) == (100, 1)
        with document.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
        assert document.file.path.startswith(str(settings.MEDIA_ROOT))

    def test_asking_again_with_nothing_changed_renders_nothing(self, worker, board, board_admin):
        strategy = StrategyFactory(board=board)
        DomainFactory(strategy=strategy)
        move_to(strategy, Status.APPROVED, by=board_admin)
        services.strategy_transition(
            strategy=strategy, to_status=Status.PUBLISHED, by=board_admin, reason="Go."
        )
        first = wait_for(Document.objects.get(object_id=strategy.pk, kind=services.PDF_KIND).pk)

        strategy.refresh_from_db()
        services.strategy_render_pdf(strategy=strategy, by=board_admin)
        second = wait_for(first.pk)

        assert second.status == Document.Status.READY
        assert second.render_count == first.render_count == 1
        assert second.file.name == first.file.name
