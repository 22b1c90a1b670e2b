"""
What publishing does after its transaction commits: forget the public pages, queue the PDF.

Each hook runs even when one before it fails: the move has committed by then, so a failure there
must neither skip the rest nor turn the officer's successful publish into an error page.
"""

import pytest

from core import pagecache
from core.models import Document
from strategies import services
from strategies.models import Status
from tests.strategies.helpers import move_to

pytestmark = pytest.mark.django_db


def _unreachable(key):
    raise ConnectionError("The shared cache is not answering.")


class TestPublishingWhenForgettingAPageFails:
    @pytest.fixture
    def approved(self, strategy, officer):
        return move_to(strategy, Status.APPROVED, by=officer)

    def test_the_pdf_is_still_queued_and_rendered(
        self, approved, board_admin, fake_pdf, monkeypatch, django_capture_on_commit_callbacks
    ):
        monkeypatch.setattr(pagecache, "page_forget", _unreachable)

        with django_capture_on_commit_callbacks(execute=True):
            services.strategy_transition(
                strategy=approved, to_status=Status.PUBLISHED, by=board_admin, reason="Approved in June."
            )

        approved.refresh_from_db()
        assert approved.status == Status.PUBLISHED
        document = Document.objects.get(kind=services.PDF_KIND, object_id=approved.pk)
        assert document.status == Document.Status.READY
        assert fake_pdf.calls == 2  # The full text and its summary.

    def test_the_failure_is_logged(
        self, approved, board_admin, fake_pdf, monkeypatch, caplog, django_capture_on_commit_callbacks
    ):
        monkeypatch.setattr(pagecache, "page_forget", _unreachable)

        with django_capture_on_commit_callbacks(execute=True):
            services.strategy_transition(
                strategy=approved, to_status=Status.PUBLISHED, by=board_admin, reason="Approved in June."
            )

        assert any("The shared cache is not answering" in str(record.exc_info) for record in caplog.records)
