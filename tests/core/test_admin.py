"""The Django admin shows governed records read-only: they change only through the audited services."""

import pytest
from django.urls import reverse

from tests.factories import StrategyFactory

pytestmark = pytest.mark.django_db


class TestReadOnlyAdmin:
    @pytest.mark.parametrize(
        "model", ["strategies_strategy", "strategies_revision", "core_auditentry", "core_document"]
    )
    def test_site_admin_can_list_but_not_add(self, site_admin_client, model):
        assert site_admin_client.get(reverse(f"admin:{model}_changelist")).status_code == 200
        assert site_admin_client.get(reverse(f"admin:{model}_add")).status_code == 403

    def test_a_strategy_is_shown_but_cannot_be_changed_there(self, site_admin_client, board):
        strategy = StrategyFactory(board=board, title="Better Health 2026 to 2030")
        url = reverse("admin:strategies_strategy_change", args=[strategy.pk])

        page = site_admin_client.get(url)
        refused = site_admin_client.post(url, {"title": "Renamed"})

        assert page.status_code == 200 and "Better Health 2026 to 2030" in page.text
        assert refused.status_code == 403
        strategy.refresh_from_db()
        assert strategy.title == "Better Health 2026 to 2030"
