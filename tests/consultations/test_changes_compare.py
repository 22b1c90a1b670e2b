"""
"You said, we did" linked to themes (consultations/changes.py), and what changed since the consultation,
and why (consultations/compare.py, views/compare.py): each recorded change beside the priority it changed,
a priority changed with no recorded reason flagged.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations import compare, report, services
from consultations.models import Change, Coding, Status
from core.formtokens import new_token
from core.models import AuditEntry
from strategies import services as strategy_services
from strategies.models import Priority
from strategies.models import Status as StrategyStatus
from tests.consultations.helpers import make_response
from tests.factories import ConsultationFactory, StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(opened, officer):
    return services.consultation_transition(consultation=opened, to_status=Status.CLOSED, by=officer)


@pytest.fixture
def final_draft(closed, officer):
    """The consultation closed, and its strategy moved on to final draft: its text can change."""
    strategy_services.strategy_transition(
        strategy=closed.strategy, to_status=StrategyStatus.FINAL_DRAFT, by=officer, reason="Closed."
    )
    closed.strategy.refresh_from_db()
    return closed


def theme(consultation, officer, name, priority_id=None):
    return services.theme_create(consultation=consultation, by=officer, name=name, priority_id=priority_id)


def priority_rows(consultation) -> list[Priority]:
    return list(Priority.objects.filter(domain__strategy=consultation.strategy).order_by("position"))


def compare_url(consultation) -> str:
    return reverse("consultations:changes_compare", args=[consultation.pk])


class TestChangeThemes:
    def test_links_a_change_to_the_themes_behind_it(self, closed, officer):
        transport = theme(closed, officer, "Transport")

        change = services.change_add(
            consultation=closed, by=officer, you_said="Buses", we_did="A bus priority", themes=[transport.pk]
        )

        assert list(change.themes.all()) == [transport]
        entry = AuditEntry.objects.filter(action=AuditEntry.Action.CREATED).latest("pk")
        assert entry.changes["themes"] == [None, 1]

    def test_refuses_a_theme_of_another_consultation_and_saves_nothing(self, closed, officer):
        other = ConsultationFactory(strategy=StrategyFactory(board=closed.board), created_by=officer)
        services.consultation_transition(consultation=other, to_status=Status.SCHEDULED, by=officer)
        other = services.consultation_transition(consultation=other, to_status=Status.OPEN, by=officer)
        foreign = theme(other, officer, "Transport")

        with pytest.raises(ValidationError) as error:
            services.change_add(
                consultation=closed, by=officer, you_said="A", we_did="B", themes=[foreign.pk]
            )

        assert error.value.message_dict["themes"] == ["Choose themes of this consultation"]
        assert not Change.objects.exists()

    def test_changing_only_the_themes_counts_as_a_save(self, closed, officer):
        transport, cost = theme(closed, officer, "Transport"), theme(closed, officer, "Cost")
        change = services.change_add(
            consultation=closed, by=officer, you_said="A", we_did="B", themes=[transport.pk]
        )

        change = services.change_update(change=change, by=officer, version=1, themes=[cost.pk])

        assert list(change.themes.all()) == [cost]
        assert change.version == 2
        entry = AuditEntry.objects.latest("pk")
        assert entry.changes == {"themes": [1, 1]}

    def test_merging_a_theme_keeps_the_changes_linked_to_it(self, closed, officer):
        buses, transport = theme(closed, officer, "Buses"), theme(closed, officer, "Transport")
        both = services.change_add(
            consultation=closed, by=officer, you_said="A", we_did="B", themes=[buses.pk, transport.pk]
        )
        one = services.change_add(
            consultation=closed, by=officer, you_said="C", we_did="D", themes=[buses.pk]
        )

        services.theme_merge(theme=buses, into=transport, by=officer)

        assert list(both.themes.all()) == [transport]
        assert list(one.themes.all()) == [transport]


class TestChangeFormThemes:
    def add(self, client, consultation, **fields):
        data = {
            "new-change-form_token": new_token(),
            "new-change-priority": "whole",
            "new-change-you_said": "Buses are too rare",
            "new-change-we_did": "Added a transport priority",
            **fields,
        }
        return client.post(reverse("consultations:report_manage", args=[consultation.pk]), data)

    def test_the_form_offers_the_consultations_themes_as_checkboxes(self, closed, officer, officer_client):
        transport = theme(closed, officer, "Transport")

        page = officer_client.get(reverse("consultations:report_manage", args=[closed.pk]))

        assert re.search(rf'type="checkbox" name="new-change-themes" value="{transport.pk}"', page.text)

        response = self.add(officer_client, closed, **{"new-change-themes": [str(transport.pk)]})

        assert response.status_code == 302
        assert list(Change.objects.get().themes.all()) == [transport]

    def test_a_forged_theme_is_refused_next_to_the_field_keeping_what_was_typed(
        self, closed, officer, officer_client
    ):
        theme(closed, officer, "Transport")

        response = self.add(officer_client, closed, **{"new-change-themes": ["999999"]})

        assert response.status_code == 200
        assert "Choose themes of this consultation" in response.text
        assert "Buses are too rare" in response.text
        assert not Change.objects.exists()

    def test_the_edit_form_shows_the_themes_chosen(self, closed, officer, officer_client):
        transport = theme(closed, officer, "Transport")
        change = services.change_add(
            consultation=closed, by=officer, you_said="A", we_did="B", themes=[transport.pk]
        )

        page = officer_client.get(reverse("consultations:change_edit", args=[change.pk]))

        assert re.search(rf'value="{transport.pk}"[^>]*checked', page.text)


class TestComparison:
    def test_flags_a_priority_changed_with_no_recorded_reason(self, final_draft, officer):
        smoking, active = priority_rows(final_draft)
        strategy_services.priority_update(priority=smoking, by=officer, description="Stop smoking services.")
        strategy_services.priority_update(priority=active, by=officer, description="Parks for everyone.")
        services.change_add(
            consultation=final_draft, by=officer, priority_id=active.pk, you_said="Parks", we_did="Parks"
        )

        view = compare.build(final_draft)

        assert [p.section.item_id for p in view.unexplained] == [smoking.pk]
        explained = next(p for p in view.priorities if p.section.item_id == active.pk)
        assert [c.we_did for c in explained.changes] == ["Parks"]

    def test_flags_a_priority_added_or_removed_with_no_recorded_reason(self, final_draft, officer):
        smoking, _ = priority_rows(final_draft)
        domain, removed = smoking.domain, smoking.pk
        strategy_services.priority_delete(priority=smoking, by=officer)
        added = strategy_services.priority_create(domain=domain, by=officer, title="Warm homes")

        view = compare.build(final_draft)

        assert {(p.section.item_id, p.section.change) for p in view.unexplained} == {
            (removed, "removed"),
            (added.pk, "added"),
        }

    def test_a_change_can_be_recorded_for_a_priority_added_since(self, final_draft, officer):
        domain = priority_rows(final_draft)[0].domain
        added = strategy_services.priority_create(domain=domain, by=officer, title="Warm homes")

        services.change_add(
            consultation=final_draft, by=officer, priority_id=added.pk, you_said="Cold", we_did="Warm homes"
        )

        assert compare.build(final_draft).unexplained == []
        assert [row["priority"] for row in report.changes(final_draft)] == ["Warm homes"]

    def test_nothing_changed_while_the_strategy_is_in_consultation(self, closed):
        view = compare.build(closed)

        assert not view.comparison.changed
        assert view.newer.status == StrategyStatus.IN_CONSULTATION
        assert view.unexplained == []

    def test_nothing_to_compare_before_the_consultation_opens(self, consultation):
        assert compare.build(consultation) is None


class TestComparisonPage:
    def test_shows_each_change_beside_its_priority_and_flags_the_others(
        self, final_draft, officer, officer_client
    ):
        smoking, active = priority_rows(final_draft)
        strategy_services.priority_update(priority=smoking, by=officer, description="Stop smoking services.")
        strategy_services.priority_update(priority=active, by=officer, description="Parks for everyone.")
        services.change_add(
            consultation=final_draft,
            by=officer,
            priority_id=active.pk,
            you_said="We need parks",
            we_did="Promised parks",
        )
        services.change_add(consultation=final_draft, by=officer, you_said="Too long", we_did="Shortened it")

        page = officer_client.get(compare_url(final_draft))

        assert page.status_code == 200
        text = page.text
        assert "1 priority changed with no recorded reason" in text
        whole = text[text.index('id="whole-strategy"') : text.index("Strategy details")]
        assert "Shortened it" in whole
        smoking_block = text[text.index(f"priority-{smoking.pk}") : text.index(f"priority-{active.pk}")]
        assert "Changed with no recorded reason" in smoking_block
        record = reverse("consultations:report_manage", args=[final_draft.pk]) + f"?priority={smoking.pk}"
        assert f'href="{record}#add-change"' in smoking_block
        active_block = text[text.index(f'id="compare-domain-{active.domain_id}-priority-{active.pk}"') :]
        assert "Promised parks" in active_block
        assert "Changed with no recorded reason" not in active_block
        assert "<ins>" in text

    def test_a_board_member_reads_it_without_the_links_to_record(
        self, final_draft, officer, board_member_client
    ):
        smoking, _ = priority_rows(final_draft)
        strategy_services.priority_update(priority=smoking, by=officer, description="Stop smoking services.")

        page = board_member_client.get(compare_url(final_draft))

        assert page.status_code == 200
        assert "Changed with no recorded reason" in page.text
        assert "Record why it changed" not in page.text

    def test_another_boards_officer_gets_a_404(self, final_draft, other_officer_client):
        assert other_officer_client.get(compare_url(final_draft)).status_code == 404

    def test_the_link_to_record_a_reason_chooses_the_priority(self, final_draft, officer, officer_client):
        smoking, _ = priority_rows(final_draft)
        url = reverse("consultations:report_manage", args=[final_draft.pk])

        page = officer_client.get(url, {"priority": smoking.pk})

        assert re.search(rf'<option value="{smoking.pk}" selected>', page.text)
        assert officer_client.get(url, {"priority": "nonsense"}).status_code == 200


class TestFinalDraft:
    def test_the_report_page_offers_the_strategys_own_move_to_final_draft(self, closed, officer_client):
        page = officer_client.get(reverse("consultations:report_manage", args=[closed.pk]))

        transition = reverse("strategies:transition", args=[closed.strategy.pk])
        assert f'href="{transition}" id="final-draft-link"' in page.text
        assert compare_url(closed) in page.text

    def test_not_before_the_consultation_closes(self, opened, officer_client):
        page = officer_client.get(reverse("consultations:report_manage", args=[opened.pk]))

        assert 'id="final-draft-link"' not in page.text

    def test_a_final_draft_is_edited_not_moved(self, final_draft, officer_client):
        page = officer_client.get(reverse("consultations:report_manage", args=[final_draft.pk]))

        assert 'id="final-draft-link"' not in page.text
        assert "is a final draft" in page.text


def test_coding_is_left_alone_by_a_change(closed, officer):
    """Linking a theme to a change codes no comment: the counts in the report stay the comments'."""
    first = closed.priorities()[0]["id"]
    make_response(closed, comments={first: "Buses are too rare"})
    transport = theme(closed, officer, "Transport")

    services.change_add(consultation=closed, by=officer, you_said="A", we_did="B", themes=[transport.pk])

    assert not Coding.objects.exists()
