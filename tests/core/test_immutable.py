"""
Immutable records share one base: no path through the ORM changes or deletes a written row.

Every concrete subclass of core.models.ImmutableModel is checked, so a model that later adopts
the base (decisions, responses) is covered without a new test.
"""

import pytest
from django.apps import apps

from consultations import services as consultation_services
from consultations.models import Status as ConsultationStatus
from core.documents import rendering
from core.models import ImmutableModel, ImmutableRecord
from delivery import services as delivery_services
from strategies import services
from strategies.models import Status
from tests.factories import (
    ActionFactory,
    ConsultationFactory,
    DecisionFactory,
    DomainFactory,
    PriorityFactory,
    StrategyFactory,
)
from tests.strategies.helpers import move_to

pytestmark = pytest.mark.django_db

IMMUTABLE_MODELS = [
    model for model in apps.get_models() if issubclass(model, ImmutableModel) and not model._meta.abstract
]


@pytest.fixture
def written(board, officer, board_admin, monkeypatch, django_capture_on_commit_callbacks):
    """One row of each immutable model, written the way the portal writes them."""
    strategy = StrategyFactory(board=board)
    DomainFactory(strategy=strategy)
    services.strategy_update(strategy=strategy, by=officer, summary="A first summary.")
    services.strategy_transition(
        strategy=strategy,
        to_status=Status.IN_CONSULTATION,
        by=officer,
        reason="Out to consultation.",
        decision=DecisionFactory(consultation=True, agenda_item__meeting__board=board),
    )
    # A document version: the strategy published and its PDF rendered (WeasyPrint stubbed).
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html, on_laid_out=None: b"%PDF-1.7\n%%EOF\n")
    with django_capture_on_commit_callbacks(execute=True):
        move_to(strategy, Status.PUBLISHED, by=board_admin)
    # A consultation's status change: one scheduled.
    consultation = ConsultationFactory(strategy__board=board, created_by=officer)
    consultation_services.consultation_transition(
        consultation=consultation, to_status=ConsultationStatus.SCHEDULED, by=officer
    )
    # A progress update of an action of the delivery plan.
    action = ActionFactory(priority=PriorityFactory(domain__strategy=strategy), created_by=officer)
    delivery_services.action_progress(action=action, by=officer, status="on_track", narrative="Started.")
    rows = {model: model.objects.first() for model in IMMUTABLE_MODELS}
    missing = [model.__name__ for model, row in rows.items() if row is None]
    assert not missing, f"No row of {missing} was written: extend the fixture"
    return rows


def test_the_records_that_must_never_change_use_the_base():
    names = {model.__name__ for model in IMMUTABLE_MODELS}

    assert {"AuditEntry", "DocumentVersion", "Revision", "StatusChange"} <= names


@pytest.mark.parametrize("model", IMMUTABLE_MODELS, ids=lambda model: model.__name__)
class TestImmutable:
    def test_save_of_a_written_row_is_refused(self, model, written):
        with pytest.raises(ImmutableRecord):
            written[model].save()

    def test_delete_of_a_row_is_refused(self, model, written):
        with pytest.raises(ImmutableRecord):
            written[model].delete()

        assert model.objects.filter(pk=written[model].pk).exists()

    def test_queryset_update_is_refused(self, model, written):
        with pytest.raises(ImmutableRecord):
            model.objects.filter(pk=written[model].pk).update(pk=written[model].pk)

    def test_manager_update_is_refused(self, model, written):
        with pytest.raises(ImmutableRecord):
            model.objects.update(pk=written[model].pk)

    def test_queryset_delete_is_refused(self, model, written):
        with pytest.raises(ImmutableRecord):
            model.objects.all().delete()

        assert model.objects.filter(pk=written[model].pk).exists()

    def test_bulk_update_is_refused(self, model, written):
        row = written[model]
        field = next(f.name for f in model._meta.concrete_fields if not f.primary_key)

        with pytest.raises(ImmutableRecord):
            model.objects.bulk_update([row], [field])
