import datetime

import pytest
from django.core.cache import cache, caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from boards.models import Decision, MeetingStatus
from core.documents import DocumentBusy
from core.models import AuditEntry, Document
from core.pagecache import page_get, page_set
from core.versions import EditConflict
from strategies import services
from strategies.models import (
    Domain,
    Priority,
    Revision,
    Status,
    StatusChange,
    Strategy,
    content_hash,
    transition_error,
)
from strategies.services import StaleOrder
from tests.factories import DomainFactory, StrategyFactory
from tests.strategies.helpers import LIFECYCLE, approving_decision, decision_for, move_to

pytestmark = pytest.mark.django_db


def entries_for(strategy):
    return list(AuditEntry.objects.for_scope(strategy).order_by("pk"))


def render_enqueues(callbacks) -> list[tuple]:
    """The on-commit callbacks that queue core.tasks.render_document, as their arguments."""
    from core.documents import _enqueue

    return [callback.args for callback in callbacks if getattr(callback, "func", None) is _enqueue]


class TestStrategyCreate:
    def test_starts_a_draft_and_records_who_created_it(self, board, officer):
        strategy = services.strategy_create(
            board=board,
            by=officer,
            title="Better Health 2026 to 2030",
            slug="better-health",
            start_year=2026,
            end_year=2030,
            summary="",
            vision="Healthier lives.",
        )

        assert strategy.status == Status.DRAFT
        assert strategy.created_by == officer
        [entry] = entries_for(strategy)
        assert entry.actor == officer
        assert entry.action == AuditEntry.Action.CREATED
        assert entry.target_id == strategy.pk
        assert entry.changes["title"] == [None, "Better Health 2026 to 2030"]
        assert entry.changes["vision"] == [None, "Healthier lives."]
        assert "summary" not in entry.changes  # Blank fields are not news.

    def test_refuses_an_end_before_the_start_and_saves_nothing(self, board, officer):
        with pytest.raises(ValidationError):
            services.strategy_create(
                board=board, by=officer, title="Backwards", slug="backwards", start_year=2030, end_year=2026
            )

        assert not Strategy.objects.exists()
        assert not AuditEntry.objects.exists()


class TestStrategyUpdate:
    def test_records_old_and_new_values_of_what_changed(self, strategy, officer):
        services.strategy_update(
            strategy=strategy, by=officer, title="A new title", end_year=2027, summary=strategy.summary
        )

        strategy.refresh_from_db()
        assert (strategy.title, strategy.end_year) == ("A new title", 2027)
        [entry] = entries_for(strategy)
        assert entry.actor == officer
        assert entry.action == AuditEntry.Action.UPDATED
        assert entry.changes == {
            "title": ["Joint Health and Wellbeing Strategy 2022 to 2026", "A new title"],
            "end_year": [2026, 2027],
        }

    def test_records_nothing_when_nothing_changed(self, strategy, officer):
        services.strategy_update(strategy=strategy, by=officer, title=strategy.title)

        assert entries_for(strategy) == []

    def test_refuses_fields_that_are_not_text(self, strategy, officer):
        with pytest.raises(ValueError, match="status"):
            services.strategy_update(strategy=strategy, by=officer, status=Status.PUBLISHED)

        strategy.refresh_from_db()
        assert strategy.status == Status.DRAFT

    def test_refuses_an_end_before_the_start(self, strategy, officer):
        with pytest.raises(ValidationError):
            services.strategy_update(strategy=strategy, by=officer, end_year=2020)

        strategy.refresh_from_db()
        assert strategy.end_year == 2026
        assert entries_for(strategy) == []


class TestEditVersions:
    """Two people edit the same text: the second save, made from a stale page, is refused."""

    def test_a_save_counts_a_new_version(self, strategy, officer):
        services.strategy_update(strategy=strategy, by=officer, version=1, title="Healthier Thurrock")

        strategy.refresh_from_db()
        assert strategy.version == 2

    def test_a_save_that_changes_nothing_keeps_the_version(self, strategy, officer):
        services.strategy_update(strategy=strategy, by=officer, version=1, title=strategy.title)

        strategy.refresh_from_db()
        assert strategy.version == 1

    def test_a_stale_save_is_refused_with_what_is_saved_now(self, strategy, officer, board_admin):
        board_admin.first_name, board_admin.last_name = "Anna", "Patel"
        board_admin.save()
        services.strategy_update(strategy=strategy, by=board_admin, version=1, vision="Their vision.")

        with pytest.raises(EditConflict) as raised:
            services.strategy_update(strategy=strategy, by=officer, version=1, vision="", title="Mine")

        conflict = raised.value
        assert conflict.messages == ["Someone else saved this strategy while you were editing it"]
        assert conflict.current == {"vision": "Their vision.", "title": strategy.title}
        assert conflict.version == 2
        assert conflict.saved_by == "Anna Patel"
        strategy.refresh_from_db()
        assert (strategy.vision, strategy.title, strategy.version) == ("Their vision.", strategy.title, 2)
        assert len(entries_for(strategy)) == 1

    def test_a_stale_save_of_what_is_saved_already_is_no_conflict(self, strategy, officer, board_admin):
        services.strategy_update(strategy=strategy, by=board_admin, version=1, vision="Agreed words.")

        services.strategy_update(strategy=strategy, by=officer, version=1, vision="Agreed words.")

        strategy.refresh_from_db()
        assert strategy.version == 2

    def test_no_version_means_no_check(self, strategy, officer):
        """For callers that loaded nothing earlier: the demo loader, a task."""
        Strategy.objects.filter(pk=strategy.pk).update(version=5)

        services.strategy_update(strategy=strategy, by=officer, title="Loaded by the demo")

        strategy.refresh_from_db()
        assert (strategy.title, strategy.version) == ("Loaded by the demo", 6)

    @pytest.mark.parametrize("kind", ["domain", "priority"])
    def test_domains_and_priorities_refuse_a_stale_save_too(self, domains, officer, board_admin, kind):
        item = domains[0] if kind == "domain" else domains[0].priorities.first()
        update = services.domain_update if kind == "domain" else services.priority_update
        update(**{kind: item}, by=board_admin, version=1, description="Their words.")

        with pytest.raises(EditConflict, match=f"Someone else saved this {kind} while you were editing it"):
            update(**{kind: item}, by=officer, version=1, description="My words.")

        item.refresh_from_db()
        assert (item.description, item.version) == ("Their words.", 2)

    def test_the_check_reads_the_item_as_saved_not_as_the_caller_loaded_it(
        self, domains, officer, board_admin
    ):
        loaded = Domain.objects.get(pk=domains[0].pk)
        services.domain_update(domain=domains[0], by=board_admin, version=1, title="Theirs")

        with pytest.raises(EditConflict):
            services.domain_update(domain=loaded, by=officer, version=loaded.version, title="Mine")

    def test_an_item_deleted_meanwhile_is_explained(self, domains, officer):
        loaded = Domain.objects.get(pk=domains[0].pk)
        services.domain_delete(domain=domains[0], by=officer)

        with pytest.raises(
            ValidationError, match="Someone else deleted this domain while you were editing it"
        ):
            services.domain_update(domain=loaded, by=officer, version=1, title="Too late")


class TestStrategyDelete:
    def test_deletes_a_draft_with_its_text_and_records_what_it_was(self, strategy, domains, officer):
        pk, title = strategy.pk, strategy.title

        services.strategy_delete(strategy=strategy, by=officer)

        assert not Strategy.objects.filter(pk=pk).exists()
        assert not Domain.objects.filter(strategy_id=pk).exists()
        entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETED)
        assert (entry.actor, entry.target_id, entry.target_repr) == (officer, pk, title)
        assert entry.changes == {"title": [title, None], "domains": [["Domain 1", "Domain 2"], None]}

    @pytest.mark.parametrize("status", [s for s in LIFECYCLE if s != Status.DRAFT])
    def test_refuses_a_strategy_that_is_not_a_draft(self, board, officer, status):
        strategy = StrategyFactory(board=board, status=status)

        with pytest.raises(ValidationError, match="Only a draft that has never moved on can be deleted"):
            services.strategy_delete(strategy=strategy, by=officer)

        assert Strategy.objects.filter(pk=strategy.pk).exists()
        assert not AuditEntry.objects.exists()

    def test_refuses_a_draft_that_has_moved_before(self, strategy, officer):
        """A draft cannot move back, but imported data might hold one: its history is kept."""
        move_to(strategy, Status.IN_CONSULTATION, by=officer)
        Strategy.objects.filter(pk=strategy.pk).update(status=Status.DRAFT)
        strategy.refresh_from_db()

        with pytest.raises(ValidationError, match="never moved on"):
            services.strategy_delete(strategy=strategy, by=officer)

    def test_refuses_a_draft_another_strategy_replaces(self, board, strategy, officer):
        StrategyFactory(board=board, predecessor=strategy, title="The next one")

        with pytest.raises(ValidationError, match="“The next one” is set to replace this draft"):
            services.strategy_delete(strategy=strategy, by=officer)

    @pytest.mark.parametrize("user", ["board_member", "other_officer"])
    def test_only_the_boards_officers_may_delete(self, request, strategy, user):
        with pytest.raises(PermissionDenied):
            services.strategy_delete(strategy=strategy, by=request.getfixturevalue(user))

        assert Strategy.objects.filter(pk=strategy.pk).exists()


class TestDomains:
    def test_create_appends_and_records(self, strategy, officer):
        domain = services.domain_create(
            strategy=strategy, by=officer, title="Housing", description="Warm homes."
        )

        assert domain.position == 3
        assert list(strategy.domains.values_list("title", flat=True)) == ["Domain 1", "Domain 2", "Housing"]
        [entry] = entries_for(strategy)
        assert (entry.actor, entry.action, entry.target_id) == (officer, AuditEntry.Action.CREATED, domain.pk)
        assert entry.changes == {"title": [None, "Housing"], "description": [None, "Warm homes."]}

    def test_create_refuses_an_empty_title(self, strategy, officer):
        with pytest.raises(ValidationError):
            services.domain_create(strategy=strategy, by=officer, title="")

        assert strategy.domains.count() == 2

    def test_update_records_old_and_new(self, strategy, domains, officer):
        services.domain_update(domain=domains[0], by=officer, title="Best start for life")

        domains[0].refresh_from_db()
        assert domains[0].title == "Best start for life"
        [entry] = entries_for(strategy)
        assert entry.action == AuditEntry.Action.UPDATED
        assert entry.target_id == domains[0].pk
        assert entry.changes == {"title": ["Domain 1", "Best start for life"]}

    def test_update_marks_the_strategy_changed(self, strategy, domains, officer):
        Strategy.objects.filter(pk=strategy.pk).update(updated_at=timezone.now() - datetime.timedelta(days=1))

        services.domain_update(domain=domains[0], by=officer, description="New words.")

        strategy.refresh_from_db()
        assert strategy.updated_at > timezone.now() - datetime.timedelta(minutes=1)

    def test_delete_records_the_domain_and_its_priorities(self, strategy, domains, officer):
        services.domain_delete(domain=domains[0], by=officer)

        assert not Domain.objects.filter(pk=domains[0].pk).exists()
        assert not Priority.objects.filter(domain_id=domains[0].pk).exists()
        [entry] = entries_for(strategy)
        assert entry.action == AuditEntry.Action.DELETED
        assert entry.target_repr == "Domain 1"
        assert entry.changes == {
            "title": ["Domain 1", None],
            "priorities": [["Domain 1, priority 1", "Domain 1, priority 2"], None],
        }


class TestPriorities:
    def test_create_appends_within_its_domain(self, strategy, domains, officer):
        priority = services.priority_create(domain=domains[1], by=officer, title="Fewer falls")

        assert list(domains[1].priorities.values_list("title", flat=True))[-1] == "Fewer falls"
        [entry] = entries_for(strategy)
        assert (entry.actor, entry.action, entry.target_id) == (
            officer,
            AuditEntry.Action.CREATED,
            priority.pk,
        )
        assert entry.changes == {"title": [None, "Fewer falls"]}

    def test_update_records_old_and_new(self, strategy, domains, officer):
        priority = domains[0].priorities.first()

        services.priority_update(priority=priority, by=officer, title="Smoke-free homes", description="")

        [entry] = entries_for(strategy)
        assert entry.changes == {
            "title": ["Domain 1, priority 1", "Smoke-free homes"],
            "description": ["Reduce the gap in healthy life expectancy.", ""],
        }

    def test_update_refuses_other_fields(self, domains, officer):
        with pytest.raises(ValueError, match="position"):
            services.priority_update(priority=domains[0].priorities.first(), by=officer, position=9)

    def test_delete_records_who_and_what(self, strategy, domains, officer):
        priority = domains[0].priorities.first()

        services.priority_delete(priority=priority, by=officer)

        assert not Priority.objects.filter(pk=priority.pk).exists()
        [entry] = entries_for(strategy)
        assert (entry.actor, entry.action) == (officer, AuditEntry.Action.DELETED)
        assert entry.changes == {"title": ["Domain 1, priority 1", None]}


def positions(queryset) -> list[str]:
    return list(queryset.order_by("position", "pk").values_list("title", flat=True))


class TestReorder:
    def test_puts_domains_in_the_order_given_and_records_before_and_after(self, strategy, domains, officer):
        ids = [d.pk for d in domains]

        services.domains_reorder(strategy=strategy, by=officer, order=ids[::-1], seen=ids)

        assert positions(strategy.domains) == ["Domain 2", "Domain 1"]
        [entry] = entries_for(strategy)
        assert (entry.actor, entry.action, entry.target_id) == (
            officer,
            AuditEntry.Action.REORDERED,
            strategy.pk,
        )
        assert entry.changes == {"order": [["Domain 1", "Domain 2"], ["Domain 2", "Domain 1"]]}

    def test_puts_priorities_in_the_order_given(self, strategy, domains, officer):
        domain = domains[0]
        ids = list(domain.priorities.order_by("position").values_list("pk", flat=True))

        services.priorities_reorder(domain=domain, by=officer, order=ids[::-1], seen=ids)

        assert positions(domain.priorities) == ["Domain 1, priority 2", "Domain 1, priority 1"]
        [entry] = entries_for(strategy)
        assert entry.target_id == domain.pk

    def test_the_same_order_records_nothing(self, strategy, domains, officer):
        Domain.objects.filter(pk__in=[d.pk for d in domains]).update(position=0)  # Ties break by id.
        ids = [d.pk for d in domains]

        services.domains_reorder(strategy=strategy, by=officer, order=ids, seen=ids)
        services.domains_reorder(strategy=strategy, by=officer, order=ids, seen=ids)

        assert len(entries_for(strategy)) == 1  # Only the first wrote positions 1 and 2.

    @pytest.mark.parametrize(
        "change",
        ["added", "removed", "duplicated"],
    )
    def test_refuses_an_order_that_is_not_the_current_set(self, strategy, domains, officer, change):
        ids = [d.pk for d in domains]
        if change == "added":  # Someone added a domain after the page was drawn.
            services.domain_create(strategy=strategy, by=officer, title="Late arrival")
            order = ids[::-1]
        elif change == "removed":
            order = ids[:1]
        else:
            order = [ids[0], ids[0]]
        before = positions(strategy.domains)
        audited = len(entries_for(strategy))

        with pytest.raises(StaleOrder, match="changed since you opened this page"):
            services.domains_reorder(strategy=strategy, by=officer, order=order)

        assert positions(strategy.domains) == before
        assert len(entries_for(strategy)) == audited

    def test_refuses_when_the_order_seen_is_no_longer_the_order(
        self, strategy, domains, officer, board_admin
    ):
        a, b = [d.pk for d in domains]
        services.domains_reorder(strategy=strategy, by=board_admin, order=[b, a], seen=[a, b])  # A colleague.
        audited = len(entries_for(strategy))

        with pytest.raises(StaleOrder):
            services.domains_reorder(strategy=strategy, by=officer, order=[b, a], seen=[a, b])

        assert positions(strategy.domains) == ["Domain 2", "Domain 1"]
        assert len(entries_for(strategy)) == audited

    def test_priority_order_from_another_domain_is_refused(self, domains, officer):
        foreign = list(domains[1].priorities.values_list("pk", flat=True))

        with pytest.raises(StaleOrder):
            services.priorities_reorder(domain=domains[0], by=officer, order=foreign)


FROZEN = [Status.IN_CONSULTATION, Status.APPROVED, Status.PUBLISHED, Status.SUPERSEDED]
CONTENT_CHANGES = {
    "strategy_update": lambda s, d, p, by: services.strategy_update(strategy=s, by=by, title="Changed"),
    "domain_create": lambda s, d, p, by: services.domain_create(strategy=s, by=by, title="New"),
    "domain_update": lambda s, d, p, by: services.domain_update(domain=d, by=by, title="Changed"),
    "domain_delete": lambda s, d, p, by: services.domain_delete(domain=d, by=by),
    "priority_create": lambda s, d, p, by: services.priority_create(domain=d, by=by, title="New"),
    "priority_update": lambda s, d, p, by: services.priority_update(priority=p, by=by, title="Changed"),
    "priority_delete": lambda s, d, p, by: services.priority_delete(priority=p, by=by),
    "domains_reorder": lambda s, d, p, by: services.domains_reorder(
        strategy=s, by=by, order=list(s.domains.values_list("pk", flat=True))[::-1]
    ),
    "priorities_reorder": lambda s, d, p, by: services.priorities_reorder(
        domain=d, by=by, order=list(d.priorities.values_list("pk", flat=True))[::-1]
    ),
}


class TestContentFrozen:
    @pytest.mark.parametrize("status", FROZEN)
    @pytest.mark.parametrize("operation", sorted(CONTENT_CHANGES))
    def test_text_cannot_change_outside_drafting(self, strategy, domains, officer, status, operation):
        Strategy.objects.filter(pk=strategy.pk).update(status=status)
        strategy.refresh_from_db()
        before = strategy.snapshot()

        with pytest.raises(ValidationError, match="can no longer be"):
            CONTENT_CHANGES[operation](strategy, domains[0], domains[0].priorities.first(), officer)

        assert strategy.snapshot() == before
        assert entries_for(strategy) == []

    @pytest.mark.parametrize("operation", sorted(CONTENT_CHANGES))
    def test_text_can_change_in_the_final_draft(self, strategy, domains, officer, operation):
        Strategy.objects.filter(pk=strategy.pk).update(status=Status.FINAL_DRAFT)
        strategy.refresh_from_db()
        before = strategy.snapshot()

        CONTENT_CHANGES[operation](strategy, domains[0], domains[0].priorities.first(), officer)

        strategy.refresh_from_db()
        assert strategy.snapshot() != before
        assert len(entries_for(strategy)) == 1


class TestStrategyTransition:
    @pytest.mark.parametrize("step", range(1, len(LIFECYCLE)))
    def test_each_move_freezes_a_revision_and_records_who_why_and_which_decision(
        self, strategy, board_admin, decision, step
    ):
        officer = board_admin  # Only a board administrator makes every move (publishing included).
        move_to(strategy, LIFECYCLE[step - 1], by=officer)
        expected_snapshot = strategy.snapshot()
        from_status, to_status = LIFECYCLE[step - 1], LIFECYCLE[step]
        decision = decision_for(strategy, to_status, decision)  # Consultation needs its own approval.

        change = services.strategy_transition(
            strategy=strategy,
            to_status=to_status,
            by=officer,
            reason="  Resolution (b).  ",
            decision=decision,
        )

        strategy.refresh_from_db()
        assert strategy.status == to_status
        assert (change.from_status, change.to_status) == (from_status, to_status)
        assert (change.by, change.reason, change.decision) == (officer, "Resolution (b).", decision)
        revision = change.revision
        assert revision.number == step
        assert revision.status == to_status
        assert revision.created_by == officer
        assert revision.snapshot == expected_snapshot
        assert revision.content_hash == content_hash(expected_snapshot)
        assert strategy.revisions.count() == step
        assert strategy.status_changes.count() == step

    def test_the_revision_holds_every_domain_and_priority(self, strategy, officer, consultation_decision):
        change = services.strategy_transition(
            strategy=strategy,
            to_status=Status.IN_CONSULTATION,
            by=officer,
            reason="Consult.",
            decision=consultation_decision,
        )

        snapshot = Revision.objects.get(pk=change.revision_id).snapshot
        assert snapshot["title"] == strategy.title
        assert snapshot["vision"] == strategy.vision
        assert [d["title"] for d in snapshot["domains"]] == ["Domain 1", "Domain 2"]
        assert [p["title"] for p in snapshot["domains"][1]["priorities"]] == [
            "Domain 2, priority 1",
            "Domain 2, priority 2",
        ]

    def test_a_later_edit_leaves_the_revision_alone(self, strategy, domains, officer):
        move_to(strategy, Status.FINAL_DRAFT, by=officer)

        services.domain_update(domain=domains[0], by=officer, title="Rewritten")

        revision = strategy.revisions.get(number=2)
        assert revision.snapshot["domains"][0]["title"] == "Domain 1"

    @pytest.mark.parametrize("target", [Status.PUBLISHED, Status.DRAFT, Status.SUPERSEDED, "archived"])
    def test_an_illegal_move_is_refused_and_nothing_changes(self, strategy, board_admin, target):
        with pytest.raises(ValidationError) as raised:
            services.strategy_transition(
                strategy=strategy, to_status=target, by=board_admin, reason="Skip ahead."
            )

        assert raised.value.message_dict["to_status"] == [transition_error(Status.DRAFT, target)]
        strategy.refresh_from_db()
        assert strategy.status == Status.DRAFT
        assert not Revision.objects.exists()
        assert not StatusChange.objects.exists()

    def test_a_blank_reason_is_refused(self, strategy, officer, consultation_decision):
        with pytest.raises(ValidationError) as raised:
            services.strategy_transition(
                strategy=strategy,
                to_status=Status.IN_CONSULTATION,
                by=officer,
                reason="  ",
                decision=consultation_decision,
            )

        assert raised.value.message_dict == {"reason": ["Enter the reason for this change."]}
        assert not Revision.objects.exists()

    def test_a_decision_of_another_board_is_refused_and_nothing_changes(
        self, strategy, officer, other_decision
    ):
        with pytest.raises(ValidationError) as raised:
            services.strategy_transition(
                strategy=strategy,
                to_status=Status.IN_CONSULTATION,
                by=officer,
                reason="Approved for consultation.",
                decision=other_decision,
            )

        assert raised.value.message_dict == {"decision": ["That decision was taken by another board."]}
        strategy.refresh_from_db()
        assert strategy.status == Status.DRAFT
        assert not Revision.objects.exists()
        assert not StatusChange.objects.exists()

    def test_a_move_forgets_the_cached_public_page(
        self, strategy, officer, consultation_decision, django_capture_on_commit_callbacks
    ):
        key = services.public_cache_key(strategy.board.slug, strategy.slug)
        page_set(key, ("etag", b"old page"), timeout=60)

        with django_capture_on_commit_callbacks(execute=True):
            services.strategy_transition(
                strategy=strategy,
                to_status=Status.IN_CONSULTATION,
                by=officer,
                reason="x",
                decision=consultation_decision,
            )

        assert page_get(key) is None
        assert cache.get(key) is None and caches["local"].get(key) is None

    def test_moves_before_publishing_request_no_pdf(
        self, strategy, officer, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            move_to(strategy, Status.APPROVED, by=officer)

        assert render_enqueues(callbacks) == []
        assert not Document.objects.exists()


class TestPublishing:
    @pytest.fixture
    def approved(self, strategy, officer):
        return move_to(strategy, Status.APPROVED, by=officer)

    @pytest.fixture
    def predecessor(self, board, board_admin, approved):
        old = StrategyFactory(
            board=board, title="Strategy 2016 to 2021", slug="jhws-2016", start_year=2016, end_year=2021
        )
        move_to(old, Status.PUBLISHED, by=board_admin)
        Strategy.objects.filter(pk=approved.pk).update(predecessor=old)
        approved.refresh_from_db()
        return old

    def test_supersedes_the_published_predecessor(self, approved, predecessor, board_admin, decision):
        services.strategy_transition(
            strategy=approved,
            to_status=Status.PUBLISHED,
            by=board_admin,
            reason="Publish.",
            decision=decision,
        )

        predecessor.refresh_from_db()
        assert predecessor.status == Status.SUPERSEDED
        change = predecessor.status_changes.get(to_status=Status.SUPERSEDED)
        assert change.by == board_admin
        assert change.decision == decision
        assert change.reason == "Replaced by Joint Health and Wellbeing Strategy 2022 to 2026."
        assert change.revision.status == Status.SUPERSEDED
        assert change.revision.number == predecessor.revisions.count()

    def test_leaves_an_unpublished_predecessor_alone(self, board, approved, officer, board_admin):
        old = StrategyFactory(board=board, status=Status.APPROVED)
        Strategy.objects.filter(pk=approved.pk).update(predecessor=old)

        services.strategy_transition(
            strategy=approved, to_status=Status.PUBLISHED, by=board_admin, reason="Publish."
        )

        old.refresh_from_db()
        assert old.status == Status.APPROVED
        assert not old.status_changes.exists()

    def test_queues_each_pdf_exactly_once(
        self, approved, predecessor, board_admin, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.strategy_transition(
                strategy=approved, to_status=Status.PUBLISHED, by=board_admin, reason="Publish."
            )

        documents = Document.objects.filter(object_id=approved.pk).order_by("pk")
        assert [d.kind for d in documents] == [services.PDF_KIND, services.SUMMARY_PDF_KIND]
        assert sorted(render_enqueues(callbacks)) == [(document.pk,) for document in documents]
        assert all(d.status == Document.Status.PENDING and d.requested_by == board_admin for d in documents)

    def test_a_second_publish_is_refused_and_nothing_changes(
        self, approved, board_admin, django_capture_on_commit_callbacks
    ):
        services.strategy_transition(
            strategy=approved, to_status=Status.PUBLISHED, by=board_admin, reason="Publish."
        )
        revisions, changes = Revision.objects.count(), StatusChange.objects.count()

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            with pytest.raises(ValidationError) as raised:
                services.strategy_transition(
                    strategy=approved, to_status=Status.PUBLISHED, by=board_admin, reason="Publish again."
                )

        assert raised.value.message_dict == {"to_status": ["The strategy is already published."]}
        assert (Revision.objects.count(), StatusChange.objects.count()) == (revisions, changes)
        assert render_enqueues(callbacks) == []
        approved.refresh_from_db()
        assert approved.status == Status.PUBLISHED


class TestStrategyRenderPdf:
    @pytest.fixture
    def published(self, strategy, board_admin):
        return move_to(strategy, Status.PUBLISHED, by=board_admin)

    def _document(self, strategy):
        return Document.objects.get(kind=services.PDF_KIND, object_id=strategy.pk)

    @pytest.mark.parametrize("status", [Document.Status.PENDING, Document.Status.RUNNING])
    def test_refused_while_a_render_is_under_way(
        self, published, officer, status, django_capture_on_commit_callbacks
    ):
        Document.objects.filter(pk=self._document(published).pk).update(status=status, progress=40)

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            with pytest.raises(DocumentBusy, match="already being generated"):
                services.strategy_render_pdf(strategy=published, by=officer)

        document = self._document(published)
        assert (document.status, document.progress) == (status, 40)
        assert render_enqueues(callbacks) == []

    def test_allowed_again_once_a_stuck_render_has_gone_stale(
        self, published, officer, django_capture_on_commit_callbacks
    ):
        long_ago = timezone.now() - datetime.timedelta(minutes=11)
        Document.objects.filter(pk=self._document(published).pk).update(
            status=Document.Status.RUNNING, updated_at=long_ago
        )

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            document = services.strategy_render_pdf(strategy=published, by=officer)

        assert render_enqueues(callbacks) == [(document.pk,)]
        assert document.status == Document.Status.PENDING

    def test_allowed_after_a_failure(self, published, officer, django_capture_on_commit_callbacks):
        Document.objects.filter(pk=self._document(published).pk).update(
            status=Document.Status.FAILED, error="OSError: disk full"
        )

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            document = services.strategy_render_pdf(strategy=published, by=officer)

        assert render_enqueues(callbacks) == [(document.pk,)]
        assert (document.status, document.error, document.requested_by) == (
            Document.Status.PENDING,
            "",
            officer,
        )

    def test_refused_for_a_strategy_residents_cannot_read(self, strategy, officer):
        with pytest.raises(ValidationError, match="Only a published strategy"):
            services.strategy_render_pdf(strategy=strategy, by=officer)

        assert not Document.objects.exists()


class TestHistoricMoves:
    """Moves made before the strategy came into the portal are recorded on the day they were made."""

    def test_records_the_move_and_its_revision_on_the_given_day(self, strategy, officer):
        day = datetime.datetime(2021, 10, 4, 12, tzinfo=datetime.UTC)
        decision = approving_decision(
            strategy.board,
            Decision.Effect.CONSULTATION,
            agenda_item__meeting__starts_at=datetime.datetime(2021, 9, 23, 14, tzinfo=datetime.UTC),
        )

        change = services.strategy_transition(
            strategy=strategy,
            to_status=Status.IN_CONSULTATION,
            by=officer,
            reason="Opened.",
            at=day,
            decision=decision,
        )

        assert change.at == day
        assert change.revision.created_at == day

    def test_refuses_a_day_in_the_future_or_before_the_last_move(
        self, strategy, officer, consultation_decision
    ):
        services.strategy_transition(
            strategy=strategy,
            to_status=Status.IN_CONSULTATION,
            by=officer,
            reason="Go.",
            decision=consultation_decision,
        )

        for at in (timezone.now() + datetime.timedelta(days=1), timezone.now() - datetime.timedelta(days=30)):
            with pytest.raises(ValidationError) as refused:
                services.strategy_transition(
                    strategy=strategy, to_status=Status.FINAL_DRAFT, by=officer, reason="Closed.", at=at
                )
            assert "at" in refused.value.message_dict
        strategy.refresh_from_db()
        assert strategy.status == Status.IN_CONSULTATION


class TestDecisionsThatMoveAStrategy:
    @pytest.mark.parametrize("outcome", ["noted", "deferred", "rejected"])
    def test_only_an_approving_decision_can_move_a_strategy(
        self, strategy, officer, consultation_decision, outcome
    ):
        consultation_decision.outcome = outcome
        consultation_decision.save()

        with pytest.raises(ValidationError) as refused:
            services.strategy_transition(
                strategy=strategy,
                to_status=Status.IN_CONSULTATION,
                by=officer,
                reason="Go.",
                decision=consultation_decision,
            )

        assert "not approved" in refused.value.message_dict["decision"][0]
        strategy.refresh_from_db()
        assert strategy.status == Status.DRAFT
        assert not strategy.revisions.exists()

    @pytest.mark.parametrize(
        ("to_status", "approves"),
        [(Status.IN_CONSULTATION, "the draft for consultation"), (Status.APPROVED, "the final strategy")],
    )
    def test_consultation_and_approval_are_refused_without_a_decision(
        self, strategy, officer, to_status, approves
    ):
        """Today's bug: an officer recorded "approved" with no decision, and the public page said so."""
        move_to(strategy, LIFECYCLE[LIFECYCLE.index(to_status) - 1], by=officer)
        moves = strategy.status_changes.count()

        with pytest.raises(ValidationError) as refused:
            services.strategy_transition(strategy=strategy, to_status=to_status, by=officer, reason="Go.")

        assert refused.value.message_dict == {
            "decision": [
                f"Choose the Board decision that approved {approves}: only an approving decision of the "
                "strategy's own board, at a meeting it held, can make this move"
            ]
        }
        assert strategy.status_changes.count() == moves

    @pytest.mark.parametrize(
        ("to_status", "wrong_effect"),
        [
            (Status.IN_CONSULTATION, Decision.Effect.STRATEGY),
            (Status.IN_CONSULTATION, Decision.Effect.NONE),
            (Status.APPROVED, Decision.Effect.CONSULTATION),
            (Status.APPROVED, Decision.Effect.NONE),
        ],
    )
    def test_a_decision_with_another_effect_is_refused(
        self, strategy, officer, board, to_status, wrong_effect
    ):
        move_to(strategy, LIFECYCLE[LIFECYCLE.index(to_status) - 1], by=officer)
        decision = approving_decision(board, wrong_effect)

        with pytest.raises(ValidationError) as refused:
            services.strategy_transition(
                strategy=strategy, to_status=to_status, by=officer, reason="Go.", decision=decision
            )

        assert refused.value.message_dict["decision"][0].startswith("That decision does not approve")
        strategy.refresh_from_db()
        assert strategy.status == LIFECYCLE[LIFECYCLE.index(to_status) - 1]

    @pytest.mark.parametrize("status", [MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED])
    def test_a_decision_of_a_meeting_not_held_is_refused(self, strategy, officer, board, status):
        decision = approving_decision(
            board,
            Decision.Effect.CONSULTATION,
            agenda_item__meeting__status=status,
            agenda_item__meeting__cancelled_reason="Not quorate." if status == "cancelled" else "",
        )

        with pytest.raises(ValidationError) as refused:
            services.strategy_transition(
                strategy=strategy,
                to_status=Status.IN_CONSULTATION,
                by=officer,
                reason="Go.",
                decision=decision,
            )

        assert refused.value.message_dict == {
            "decision": ["That decision's meeting is not recorded as held: record the meeting as held first."]
        }

    def test_a_decision_taken_after_the_move_is_refused(self, strategy, officer, consultation_decision):
        """A move recorded on its day (before the portal) cannot rest on a decision taken later."""
        before = consultation_decision.agenda_item.meeting.starts_at - datetime.timedelta(days=2)

        with pytest.raises(ValidationError) as refused:
            services.strategy_transition(
                strategy=strategy,
                to_status=Status.IN_CONSULTATION,
                by=officer,
                reason="Go.",
                decision=consultation_decision,
                at=before,
            )

        assert "after the date of the move" in refused.value.message_dict["decision"][0]

    def test_the_decision_approving_the_move_is_recorded(self, strategy, officer, consultation_decision):
        change = services.strategy_transition(
            strategy=strategy,
            to_status=Status.IN_CONSULTATION,
            by=officer,
            reason="Approved for consultation on 25 November.",
            decision=consultation_decision,
        )

        assert change.decision == consultation_decision
        assert (
            Decision.objects.approving(Decision.Effect.CONSULTATION, strategy.board).get() == change.decision
        )

    def test_the_other_moves_need_no_decision(self, strategy, officer, board_admin):
        move_to(strategy, Status.IN_CONSULTATION, by=officer)
        closed = services.strategy_transition(
            strategy=strategy, to_status=Status.FINAL_DRAFT, by=officer, reason="Closed."
        )
        move_to(strategy, Status.APPROVED, by=officer)

        published = services.strategy_transition(
            strategy=strategy, to_status=Status.PUBLISHED, by=board_admin, reason="Publish."
        )

        assert closed.decision is None and published.decision is None


class TestFrozenRecordsCannotBeDeleted:
    def test_revisions_and_status_changes_refuse_deletion(self, strategy, officer, consultation_decision):
        change = services.strategy_transition(
            strategy=strategy,
            to_status=Status.IN_CONSULTATION,
            by=officer,
            reason="Go.",
            decision=consultation_decision,
        )

        for record in (change, change.revision):
            with pytest.raises(ValueError):
                record.delete()
        assert strategy.status_changes.count() == strategy.revisions.count() == 1


class TestPublishingNeedsText:
    def test_a_strategy_with_an_empty_domain_is_not_published(self, board, officer, board_admin):
        strategy = StrategyFactory(board=board)
        DomainFactory(strategy=strategy, title="Staying well")
        move_to(strategy, Status.APPROVED, by=officer)

        with pytest.raises(ValidationError) as error:
            services.strategy_transition(
                strategy=strategy, to_status=Status.PUBLISHED, by=board_admin, reason="Publish."
            )

        assert error.value.message_dict["to_status"] == [
            "It cannot be published yet.",
            "Add at least one priority to each domain: “Staying well” has none.",
        ]
        strategy.refresh_from_db()
        assert strategy.status == Status.APPROVED
