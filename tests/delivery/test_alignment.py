"""
Plans that priorities support (delivery/models/plans.py, delivery/alignment.py): the database's rules,
recording, editing and removing a plan shared by every board, setting the plans a priority supports,
the rules the services check, the history they leave, and who sees which supporters.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from core.models import AuditEntry
from core.versions import EditConflict
from delivery import alignment, services
from delivery.models import Alignment, Plan, PlanKind
from strategies.models import Status
from tests.factories import AlignmentFactory, BoardFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def priority(board):
    return PriorityFactory(
        domain__strategy__board=board, domain__strategy__status=Status.PUBLISHED, title="Fewer people smoking"
    )


def record(board, by, **fields) -> Plan:
    values = {
        "title": "Mid and South Essex Integrated Care Strategy",
        "kind": PlanKind.INTEGRATED_CARE_STRATEGY,
        "owner": "Mid and South Essex Integrated Care Partnership",
        "area": "Mid and South Essex",
    }
    return services.plan_create(board=board, by=by, **{**values, **fields})


class TestTheDatabasesRules:
    def test_a_kind_that_is_not_a_choice_is_refused(self, board):
        plan = PlanFactory(board=board)

        with pytest.raises(IntegrityError), transaction.atomic():
            Plan.objects.filter(pk=plan.pk).update(kind="wish_list")

    def test_a_plan_has_a_title_and_a_web_address_name(self, board):
        plan = PlanFactory(board=board)

        for field in ("title", "slug"):
            with pytest.raises(IntegrityError), transaction.atomic():
                Plan.objects.filter(pk=plan.pk).update(**{field: ""})

    def test_web_address_names_are_unique_across_boards(self, board, other_board):
        PlanFactory(board=board, slug="joint-forward-plan")

        with pytest.raises(IntegrityError), transaction.atomic():
            PlanFactory(board=other_board, slug="joint-forward-plan")

    def test_a_priority_supports_a_plan_once(self, priority):
        plan = PlanFactory()
        AlignmentFactory(priority=priority, plan=plan)

        with pytest.raises(IntegrityError), transaction.atomic():
            AlignmentFactory(priority=priority, plan=plan)

    def test_a_plan_that_priorities_support_cannot_be_deleted(self, priority):
        plan = AlignmentFactory(priority=priority).plan

        with pytest.raises(ProtectedError):
            plan.delete()

    def test_deleting_a_drafts_priority_takes_its_alignments_with_it(self, board):
        draft_priority = PriorityFactory(domain__strategy__board=board)
        plan = AlignmentFactory(priority=draft_priority).plan

        draft_priority.delete()

        assert not Alignment.objects.exists() and Plan.objects.filter(pk=plan.pk).exists()


class TestPlanCreate:
    def test_records_the_plan_for_the_board_and_in_its_history(self, board, officer):
        plan = record(board, officer, summary="  The partnership's strategy.  ")

        assert (plan.slug, plan.board, plan.summary, plan.version) == (
            "mid-and-south-essex-integrated-care-strategy",
            board,
            "The partnership's strategy.",
            1,
        )
        entry = AuditEntry.objects.for_scope(board).get(action=AuditEntry.Action.CREATED)
        assert entry.target_repr == plan.title and entry.changes["kind"] == [None, "integrated_care_strategy"]

    def test_a_web_address_name_made_from_a_title_in_use_is_numbered(
        self, board, other_board, officer, other_officer
    ):
        first = record(board, officer)

        second = record(other_board, other_officer)

        assert (first.slug, second.slug) == (
            "mid-and-south-essex-integrated-care-strategy",
            "mid-and-south-essex-integrated-care-strategy-2",
        )

    def test_a_web_address_name_typed_is_checked_beside_its_field(self, board, officer):
        record(board, officer, slug="ics")

        for slug, message in (("ics", "Another plan already uses"), ("Not A Slug", "lower-case letters")):
            with pytest.raises(ValidationError) as refused:
                record(board, officer, slug=slug)

            assert message in refused.value.message_dict["slug"][0]

    def test_any_boards_officer_may_record_one_but_only_for_their_own_board(
        self, board, other_board, officer, other_officer, board_member
    ):
        theirs = record(other_board, other_officer)

        assert theirs.board == other_board
        for outsider, for_board in ((other_officer, board), (board_member, board), (officer, other_board)):
            with pytest.raises(PermissionDenied):
                record(for_board, outsider, title="Another plan")


class TestPlanUpdate:
    def test_changes_the_details_and_records_them(self, board, officer):
        plan = record(board, officer)

        services.plan_update(plan=plan, by=officer, version=1, area="Mid and South Essex, and beyond")

        plan.refresh_from_db()
        assert (plan.area, plan.version) == ("Mid and South Essex, and beyond", 2)
        entry = AuditEntry.objects.for_scope(board).get(action=AuditEntry.Action.UPDATED)
        assert entry.changes == {"area": ["Mid and South Essex", "Mid and South Essex, and beyond"]}

    def test_a_save_over_a_newer_one_is_refused(self, board, officer, board_admin):
        plan = record(board, officer)
        services.plan_update(plan=plan, by=board_admin, version=1, title="Theirs")

        with pytest.raises(EditConflict):
            services.plan_update(plan=plan, by=officer, version=1, title="Mine")

        plan.refresh_from_db()
        assert plan.title == "Theirs"

    def test_a_web_address_name_left_blank_is_made_again_from_the_title(self, board, officer):
        plan = record(board, officer)

        services.plan_update(plan=plan, by=officer, version=1, title="The ICS", slug="")

        plan.refresh_from_db()
        assert plan.slug == "the-ics"

    def test_only_the_officers_of_the_board_that_recorded_it_may_and_site_administrators(
        self, board, officer, other_officer, board_member, site_admin
    ):
        plan = record(board, officer)

        for outsider in (other_officer, board_member):
            with pytest.raises(PermissionDenied):
                services.plan_update(plan=plan, by=outsider, title="Renamed")
        services.plan_update(plan=plan, by=site_admin, title="Renamed")

        plan.refresh_from_db()
        assert plan.title == "Renamed"


class TestPlanDelete:
    def test_removes_a_plan_recorded_by_mistake(self, board, officer):
        plan = record(board, officer)

        services.plan_delete(plan=plan, by=officer)
        services.plan_delete(plan=plan, by=officer)  # The same form sent twice.

        assert not Plan.objects.exists()
        assert AuditEntry.objects.for_scope(board).filter(action=AuditEntry.Action.DELETED).count() == 1

    def test_a_plan_that_priorities_support_stays_and_the_refusal_names_them(
        self, board, other_board, officer, priority
    ):
        plan = record(board, officer)
        AlignmentFactory(priority=priority, plan=plan)
        another_boards_draft = PriorityFactory(domain__strategy__board=other_board, title="Secret draft")
        AlignmentFactory(priority=another_boards_draft, plan=plan)

        with pytest.raises(ValidationError) as refused:
            services.plan_delete(plan=plan, by=officer)

        assert refused.value.messages == [
            "This plan cannot be removed while priorities support it: “Fewer people smoking” (Thurrock "
            "Health and Wellbeing Board) and 1 priority of other boards' unpublished strategies. Their "
            "boards' officers can change the plans each priority supports."
        ]
        assert Plan.objects.filter(pk=plan.pk).exists()


class TestPriorityAlign:
    def test_sets_the_plans_with_their_notes_each_in_the_strategys_history(self, priority, officer):
        ics, jfp = PlanFactory(title="ICS"), PlanFactory(title="JFP")

        services.priority_align(
            priority=priority, plans={ics: " Stop smoking services. ", jfp: ""}, by=officer
        )

        assert {(a.plan.title, a.note, a.created_by) for a in priority.alignments.all()} == {
            ("ICS", "Stop smoking services.", officer),
            ("JFP", "", officer),
        }
        entries = AuditEntry.objects.for_scope(priority.domain.strategy).order_by("target_repr")
        assert [(entry.action, entry.target_repr, entry.changes) for entry in entries] == [
            (
                "created",
                "Fewer people smoking supports ICS",
                {"plan": [None, "ICS"], "note": [None, "Stop smoking services."]},
            ),
            ("created", "Fewer people smoking supports JFP", {"plan": [None, "JFP"]}),
        ]

    def test_replaces_the_set_and_records_only_what_changed(self, priority, officer):
        ics, jfp, pcn = PlanFactory(title="ICS"), PlanFactory(title="JFP"), PlanFactory(title="PCN")
        services.priority_align(priority=priority, plans={ics: "Old note.", jfp: ""}, by=officer)
        first = AuditEntry.objects.latest("pk").pk

        services.priority_align(priority=priority, plans={ics: "New note.", pcn: ""}, by=officer)
        services.priority_align(priority=priority, plans={ics: "New note.", pcn: ""}, by=officer)

        assert sorted(a.plan.title for a in priority.alignments.all()) == ["ICS", "PCN"]
        entries = AuditEntry.objects.for_scope(priority.domain.strategy).filter(pk__gt=first)
        assert [
            (entry.action, entry.target_repr, entry.changes) for entry in entries.order_by("target_repr")
        ] == [
            ("updated", "Fewer people smoking supports ICS", {"note": ["Old note.", "New note."]}),
            ("deleted", "Fewer people smoking supports JFP", {"plan": ["JFP", None]}),
            ("created", "Fewer people smoking supports PCN", {"plan": [None, "PCN"]}),
        ]  # The same choice again is no change.

    def test_a_list_of_plans_aligns_them_without_notes_and_an_empty_one_removes_them(self, priority, officer):
        plan = PlanFactory()

        services.priority_align(priority=priority, plans=[plan], by=officer)
        services.priority_align(priority=priority, plans=[], by=officer)

        assert not priority.alignments.exists()

    def test_only_the_priority_boards_officers_may(
        self, priority, other_board, board_member, other_officer, site_admin
    ):
        plan = PlanFactory(board=other_board)  # The other officer's board's plan: no difference.

        for outsider in (board_member, other_officer):
            with pytest.raises(PermissionDenied):
                services.priority_align(priority=priority, plans=[plan], by=outsider)
        services.priority_align(priority=priority, plans=[plan], by=site_admin)

        assert priority.alignments.count() == 1

    def test_a_superseded_strategys_priorities_are_closed(self, priority, officer):
        strategy = priority.domain.strategy
        strategy.status = Status.SUPERSEDED
        strategy.save()

        with pytest.raises(PermissionDenied):
            services.priority_align(priority=priority, plans=[PlanFactory()], by=officer)

    def test_a_plan_removed_meanwhile_is_refused(self, priority, officer):
        plan = PlanFactory()
        gone = Plan.objects.get(pk=plan.pk)
        gone.delete()

        with pytest.raises(ValidationError) as refused:
            services.priority_align(priority=priority, plans=[plan], by=officer)

        assert "has been removed" in refused.value.messages[0]


class TestSupporters:
    @pytest.fixture
    def plan(self, board, other_board):
        plan = PlanFactory(title="Mid and South Essex Integrated Care Strategy")
        for strategy_board, status, title in (
            (board, Status.PUBLISHED, "Fewer people smoking"),
            (board, Status.DRAFT, "Draft priority"),
            (other_board, Status.PUBLISHED, "Essex priority"),
            (other_board, Status.IN_CONSULTATION, "Essex draft"),
        ):
            AlignmentFactory(
                plan=plan,
                priority=PriorityFactory(
                    domain__strategy__board=strategy_board, domain__strategy__status=status, title=title
                ),
            )
        return plan

    def titles(self, plan, user) -> list[tuple[str, str]]:
        return [
            (entry.board.slug, alignment.priority.title)
            for entry in alignment.supporters(plan, user)
            for item in entry.strategies
            for alignment in item.alignments
        ]

    def test_residents_see_the_priorities_of_public_strategies_grouped_by_board(self, plan, resident):
        assert self.titles(plan, resident) == [
            ("essex", "Essex priority"),
            ("thurrock", "Fewer people smoking"),
        ]

    def test_a_boards_members_also_see_their_own_boards_drafts(self, plan, board_member):
        assert self.titles(plan, board_member) == [
            ("essex", "Essex priority"),
            ("thurrock", "Fewer people smoking"),
            ("thurrock", "Draft priority"),
        ]

    def test_the_list_counts_what_the_reader_sees(self, plan, resident, board_member):
        for user, expected in ((resident, (2, 2)), (board_member, (3, 2))):
            (group,) = alignment.plans_for(user)
            (listed,) = group.plans

            assert (listed.supporters, listed.supporting_boards) == expected

    def test_plans_are_listed_by_kind_in_the_kinds_order(self, db):
        board = BoardFactory()
        PlanFactory(board=board, title="Grays PCN plan", kind=PlanKind.PCN_PLAN)
        PlanFactory(board=board, title="Joint Forward Plan", kind=PlanKind.JOINT_FORWARD_PLAN)
        PlanFactory(board=board, title="ICS", kind=PlanKind.INTEGRATED_CARE_STRATEGY)

        groups = alignment.plans_for(None)

        assert [(group.heading, [p.title for p in group.plans]) for group in groups] == [
            ("Integrated Care Strategies", ["ICS"]),
            ("NHS Joint Forward Plans", ["Joint Forward Plan"]),
            ("Primary Care Network plans", ["Grays PCN plan"]),
        ]
