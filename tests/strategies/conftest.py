"""
Fixtures for the strategy tests: a draft with some text, Board decisions, and a quick way through
the lifecycle with the real services.

    strategy            a draft of `board`: 2 domains x 2 priorities, a vision
    decision            the Board's approval of a final strategy, of `board`; other_decision one of
                        `other_board`; consultation_decision the approval of a draft for consultation
    fake_pdf            html_to_pdf replaced by a stub returning FAKE_PDF (records the HTML it got)
    publish             publish(strategy) walks it to published and runs the PDF task (with fake_pdf)

Helpers (tests/strategies/helpers.py): move_to() walks the lifecycle one legal step at a time.
"""

import pytest

from core.documents import rendering
from strategies.models import Status
from tests.factories import DecisionFactory, DomainFactory, PriorityFactory, StrategyFactory
from tests.strategies.helpers import FAKE_PDF, move_to


@pytest.fixture
def strategy(board):
    strategy = StrategyFactory(
        board=board,
        title="Joint Health and Wellbeing Strategy 2022 to 2026",
        slug="jhws-2022-2026",
        start_year=2022,
        end_year=2026,
        summary="How Thurrock's partners will improve health.",
        vision="Everyone in Thurrock lives a **longer, healthier** life.",
    )
    for d in range(2):
        domain = DomainFactory(strategy=strategy, title=f"Domain {d + 1}", position=d + 1)
        for p in range(2):
            PriorityFactory(domain=domain, title=f"Domain {d + 1}, priority {p + 1}", position=p + 1)
    return strategy


@pytest.fixture
def domains(strategy):
    return list(strategy.domains.order_by("position"))


@pytest.fixture
def decision(board):
    """The Board's approval of the final strategy (what the move to approved needs)."""
    return DecisionFactory(
        strategy=True,
        agenda_item__meeting__board=board,
        agenda_item__title="Joint Health and Wellbeing Strategy: final approval",
    )


@pytest.fixture
def consultation_decision(board):
    """The Board's approval of the draft for consultation (what the move to in consultation needs)."""
    return DecisionFactory(
        consultation=True,
        agenda_item__meeting__board=board,
        agenda_item__title="Draft Joint Health and Wellbeing Strategy",
    )


@pytest.fixture
def other_decision(other_board):
    return DecisionFactory(agenda_item__meeting__board=other_board)


class _FakePdf:
    def __init__(self):
        self.html: list[str] = []

    def __call__(self, html, *, on_laid_out=None):
        self.html.append(html)
        if on_laid_out:
            on_laid_out(1)
        return FAKE_PDF

    @property
    def calls(self) -> int:
        return len(self.html)


@pytest.fixture
def fake_pdf(monkeypatch):
    """WeasyPrint is slow; view and service tests only need bytes to store."""
    fake = _FakePdf()
    monkeypatch.setattr(rendering, "html_to_pdf", fake)
    return fake


@pytest.fixture
def publish(board_admin, decision, fake_pdf, django_capture_on_commit_callbacks):
    """publish(strategy): move it to published and run the queued PDF task (the stub renderer)."""

    def _publish(strategy, *, by=None):
        with django_capture_on_commit_callbacks(execute=True):
            move_to(strategy, Status.PUBLISHED, by=by or board_admin, decision=decision)
        strategy.refresh_from_db()
        return strategy

    return _publish


@pytest.fixture
def published(strategy, publish):
    return publish(strategy)
