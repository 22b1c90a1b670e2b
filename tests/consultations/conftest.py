"""
Fixtures for the consultation tests.

    consultation    being set up on a draft of `board` (a domain, two priorities), opening tomorrow
    opened          the same, opened now by the board's officer: the strategy is in consultation
"""

import pytest

from consultations import services
from consultations.models import Status
from tests.factories import ConsultationFactory, StrategyFactory


@pytest.fixture
def consultation(board, officer):
    strategy = StrategyFactory(
        board=board, title="Draft Joint Health and Wellbeing Strategy", slug="draft-jhws"
    )
    return ConsultationFactory(
        strategy=strategy, created_by=officer, title="Have your say", slug="have-your-say"
    )


@pytest.fixture
def opened(consultation, officer):
    services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
    return services.consultation_transition(consultation=consultation, to_status=Status.OPEN, by=officer)
