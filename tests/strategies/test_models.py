import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.models import ImmutableRecord
from strategies.models import (
    EDITABLE_STATUSES,
    TRANSITIONS,
    Domain,
    Priority,
    Revision,
    Status,
    StatusChange,
    Strategy,
    transition_error,
)
from tests.factories import DomainFactory, StrategyFactory, UserFactory
from tests.strategies.helpers import LIFECYCLE

pytestmark = pytest.mark.django_db

# The legal moves, from shared/DOMAIN.md: each status moves on to the next one, and only that one.
LEGAL = set(itertools.pairwise(LIFECYCLE))
ALL_PAIRS = list(itertools.product(Status.values, Status.values))


class TestLifecycle:
    @pytest.mark.parametrize(("current", "target"), sorted(LEGAL))
    def test_allows_every_step_of_the_lifecycle(self, current, target):
        error = transition_error(current, target)

        assert error is None
        assert target in TRANSITIONS[current]

    @pytest.mark.parametrize(("current", "target"), [p for p in ALL_PAIRS if p not in LEGAL])
    def test_refuses_every_other_move_with_a_reason(self, current, target):
        error = transition_error(current, target)

        assert error
        assert Status(target).label.lower() in error.lower()

    def test_map_has_nothing_beyond_the_lifecycle(self):
        moves = {(current, target) for current, targets in TRANSITIONS.items() for target in targets}

        assert moves == LEGAL

    def test_going_back_names_the_only_way_forward(self):
        error = transition_error(Status.APPROVED, Status.DRAFT)

        assert "cannot become draft" in error
        assert "published" in error

    def test_a_repeat_says_it_is_already_there(self):
        assert transition_error(Status.PUBLISHED, Status.PUBLISHED) == "The strategy is already published."

    def test_superseded_is_final(self):
        assert "nothing: it is final" in transition_error(Status.SUPERSEDED, Status.PUBLISHED)

    def test_refuses_a_status_that_does_not_exist(self):
        assert transition_error(Status.DRAFT, "archived") == "“archived” is not a strategy status."

    def test_allowed_transitions_follows_the_map(self, board):
        strategy = StrategyFactory(board=board, status=Status.FINAL_DRAFT)

        assert strategy.allowed_transitions() == {Status.APPROVED: "Record Board approval"}

    @pytest.mark.parametrize("status", Status.values)
    def test_text_is_editable_only_while_drafting(self, board, status):
        strategy = StrategyFactory.build(board=board, status=status)

        assert strategy.is_editable is (status in {Status.DRAFT, Status.FINAL_DRAFT})
        assert strategy.is_public is (status in {Status.PUBLISHED, Status.SUPERSEDED})
        assert EDITABLE_STATUSES == {Status.DRAFT, Status.FINAL_DRAFT}


def _violates(**fields) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        StrategyFactory(**fields)


class TestStrategyConstraints:
    def test_database_refuses_an_end_before_the_start(self, board):
        _violates(board=board, start_year=2026, end_year=2022)

    def test_database_accepts_a_one_year_strategy(self, board):
        strategy = StrategyFactory(board=board, start_year=2026, end_year=2026)

        assert strategy.period == "2026 to 2026"

    def test_database_refuses_an_unknown_status(self, board):
        _violates(board=board, status="archived")

    def test_database_refuses_an_empty_title(self, board):
        _violates(board=board, title="", slug="untitled")

    def test_database_refuses_a_slug_twice_on_one_board(self, board):
        StrategyFactory(board=board, slug="jhws")

        _violates(board=board, slug="jhws")

    def test_the_same_slug_on_another_board_is_fine(self, board, other_board):
        StrategyFactory(board=board, slug="jhws")

        StrategyFactory(board=other_board, slug="jhws")

        assert Strategy.objects.filter(slug="jhws").count() == 2

    def test_database_refuses_a_strategy_as_its_own_predecessor(self, board):
        strategy = StrategyFactory(board=board)

        with pytest.raises(IntegrityError), transaction.atomic():
            Strategy.objects.filter(pk=strategy.pk).update(predecessor=strategy.pk)

    def test_a_predecessor_has_one_successor(self, board):
        old = StrategyFactory(board=board)
        StrategyFactory(board=board, predecessor=old)

        _violates(board=board, predecessor=old)

    def test_database_refuses_an_empty_domain_title(self, strategy):
        with pytest.raises(IntegrityError), transaction.atomic():
            Domain.objects.create(strategy=strategy, title="")

    def test_database_refuses_an_empty_priority_title(self, domains):
        with pytest.raises(IntegrityError), transaction.atomic():
            Priority.objects.create(domain=domains[0], title="")


def _revision(strategy, number=1, status=Status.IN_CONSULTATION):
    return Revision.objects.create(
        strategy=strategy,
        number=number,
        status=status,
        snapshot=strategy.snapshot(),
        content_hash="0" * 64,
        created_by=strategy.created_by,
    )


class TestRevision:
    def test_refuses_to_be_saved_again(self, strategy):
        revision = _revision(strategy)
        revision.snapshot = {"title": "Rewritten history"}

        with pytest.raises(ImmutableRecord, match="never changed"):
            revision.save()

        revision.refresh_from_db()
        assert revision.snapshot["title"] == strategy.title

    def test_number_is_unique_per_strategy(self, strategy):
        _revision(strategy, number=1)

        with pytest.raises(IntegrityError), transaction.atomic():
            _revision(strategy, number=1)

    def test_database_refuses_an_unknown_status(self, strategy):
        with pytest.raises(IntegrityError), transaction.atomic():
            _revision(strategy, status="archived")


class TestStatusChange:
    def _change(self, strategy, **fields):
        values = {
            "strategy": strategy,
            "from_status": Status.DRAFT,
            "to_status": Status.IN_CONSULTATION,
            "reason": "Approved for consultation.",
            "revision": _revision(strategy, number=fields.pop("number", 1)),
            "by": strategy.created_by,
        }
        return StatusChange.objects.create(**{**values, **fields})

    def test_refuses_to_be_saved_again(self, strategy):
        change = self._change(strategy)
        change.reason = "Something else"

        with pytest.raises(ImmutableRecord, match="never changed"):
            change.save()

        change.refresh_from_db()
        assert change.reason == "Approved for consultation."

    def test_database_refuses_a_move_to_the_same_status(self, strategy):
        with pytest.raises(IntegrityError), transaction.atomic():
            self._change(strategy, to_status=Status.DRAFT)

    def test_database_refuses_a_move_without_a_reason(self, strategy):
        with pytest.raises(IntegrityError), transaction.atomic():
            self._change(strategy, reason="")

    def test_reads_as_a_move(self, strategy):
        change = self._change(strategy)

        assert str(change) == f"{strategy.title}: Draft → In consultation"


class TestSnapshot:
    def test_holds_the_whole_text_in_reading_order(self, strategy, domains):
        DomainFactory(strategy=strategy, title="Domain 0", position=0)
        domains[1].priorities.filter(position=1).update(position=9)

        snapshot = strategy.snapshot()

        assert snapshot["title"] == strategy.title
        assert snapshot["vision"] == strategy.vision
        assert snapshot["board"] == strategy.board.name
        assert (snapshot["start_year"], snapshot["end_year"]) == (2022, 2026)
        assert [d["title"] for d in snapshot["domains"]] == ["Domain 0", "Domain 1", "Domain 2"]
        assert [p["title"] for p in snapshot["domains"][2]["priorities"]] == [
            "Domain 2, priority 2",
            "Domain 2, priority 1",
        ]


class TestVisibleTo:
    @pytest.fixture
    def strategies(self, board, other_board):
        return {
            "own_draft": StrategyFactory(board=board),
            "own_consulting": StrategyFactory(board=board, status=Status.IN_CONSULTATION),
            "own_published": StrategyFactory(board=board, status=Status.PUBLISHED),
            "own_superseded": StrategyFactory(board=board, status=Status.SUPERSEDED),
            "other_draft": StrategyFactory(board=other_board),
            "other_approved": StrategyFactory(board=other_board, status=Status.APPROVED),
            "other_published": StrategyFactory(board=other_board, status=Status.PUBLISHED),
        }

    @staticmethod
    def _names(queryset, strategies):
        return {name for name, s in strategies.items() if queryset.filter(pk=s.pk).exists()}

    def test_anyone_sees_published_superseded_and_in_consultation(self, strategies):
        visible = self._names(Strategy.objects.visible_to(AnonymousUser()), strategies)

        assert visible == {"own_consulting", "own_published", "own_superseded", "other_published"}

    @pytest.mark.parametrize("user", ["officer", "board_admin", "board_member"])
    def test_people_of_a_board_also_see_its_drafts(self, request, strategies, user):
        visible = self._names(Strategy.objects.visible_to(request.getfixturevalue(user)), strategies)

        assert visible == {
            "own_draft",
            "own_consulting",
            "own_published",
            "own_superseded",
            "other_published",
        }

    def test_officer_of_another_board_sees_only_that_boards_drafts(self, strategies, other_officer):
        visible = self._names(Strategy.objects.visible_to(other_officer), strategies)

        assert visible == {
            "own_consulting",
            "own_published",
            "own_superseded",
            "other_draft",
            "other_approved",
            "other_published",
        }

    def test_site_admin_sees_everything(self, strategies, site_admin):
        assert self._names(Strategy.objects.visible_to(site_admin), strategies) == set(strategies)

    def test_an_inactive_officer_sees_only_public(self, strategies, officer):
        officer.is_active = False

        visible = self._names(Strategy.objects.visible_to(officer), strategies)

        assert visible == {"own_consulting", "own_published", "own_superseded", "other_published"}


class TestEditableBy:
    @pytest.fixture
    def own(self, board):
        return StrategyFactory(board=board, status=Status.PUBLISHED)

    @pytest.fixture
    def others(self, other_board):
        return StrategyFactory(board=other_board)

    @pytest.mark.parametrize("user", ["officer", "board_admin"])
    def test_officers_edit_only_their_own_boards(self, request, own, others, user):
        editable = Strategy.objects.editable_by(request.getfixturevalue(user))

        assert list(editable) == [own]

    def test_board_member_edits_nothing(self, own, others, board_member):
        assert not Strategy.objects.editable_by(board_member).exists()

    def test_anonymous_edits_nothing(self, own, others):
        assert not Strategy.objects.editable_by(AnonymousUser()).exists()

    def test_site_admin_edits_everything(self, own, others, site_admin):
        assert set(Strategy.objects.editable_by(site_admin)) == {own, others}

    def test_a_user_with_no_roles_edits_nothing(self, own, others):
        assert not Strategy.objects.editable_by(UserFactory()).exists()


def _errors(strategy) -> dict[str, list[str]]:
    """The messages full_clean() gives, by field ({} when the strategy is valid)."""
    try:
        strategy.full_clean(exclude={"created_by"})
    except ValidationError as error:
        return error.message_dict
    return {}


class TestStrategyRules:
    """The rules live on the model; forms and services show its messages (test_views covers the form)."""

    def _new(self, board, **fields):
        values = {
            "board": board,
            "title": "Healthier Thurrock",
            "slug": "",
            "start_year": 2022,
            "end_year": 2026,
        }
        return Strategy(**{**values, **fields})

    def test_a_blank_slug_is_made_from_the_title_and_period(self, board):
        strategy = self._new(board)

        assert _errors(strategy) == {}
        assert strategy.slug == "healthier-thurrock-2022-2026"

    def test_a_title_that_names_its_period_is_not_given_it_twice(self, board):
        strategy = self._new(board, title="Strategy 2022 to 2026: Living Well!")

        strategy.full_clean(exclude={"created_by"})

        assert strategy.slug == "strategy-2022-to-2026-living-well"

    @pytest.mark.parametrize(
        "slug", ["Capitals", "under_score", "-leading", "trailing-", "two--hyphens", "café", "a b"]
    )
    def test_a_slug_is_lower_case_letters_numbers_and_single_hyphens(self, board, slug):
        assert _errors(self._new(board, slug=slug)) == {
            "slug": [
                "The web address name must only include lower-case letters a to z, numbers and single "
                "hyphens between them, for example jhws-2022-2026"
            ]
        }

    def test_a_slug_is_unique_per_board_and_the_message_is_on_the_slug(self, board):
        StrategyFactory(board=board, slug="jhws")

        assert _errors(self._new(board, slug="jhws")) == {
            "slug": ["Another strategy of this board already uses this web address name. Choose another"]
        }

    def test_a_made_slug_is_checked_for_uniqueness_too(self, board):
        StrategyFactory(board=board, slug="healthier-thurrock-2022-2026")

        assert list(_errors(self._new(board))) == ["slug"]

    def test_the_period_order_message_is_on_the_end_year(self, board):
        assert _errors(self._new(board, start_year=2026, end_year=2022)) == {
            "end_year": ["The end year must be the same as or after the start year"]
        }

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"start_year": 1999}, {"start_year": ["The start year must be 2000 or later"]}),
            ({"end_year": 2101}, {"end_year": ["The end year must be 2100 or earlier"]}),
        ],
    )
    def test_the_period_is_within_the_centurys_range(self, board, fields, expected):
        assert _errors(self._new(board, **fields)) == expected

    @pytest.mark.parametrize("status", [Status.PUBLISHED, Status.SUPERSEDED])
    def test_may_replace_a_published_or_superseded_strategy_of_its_board(self, board, status):
        old = StrategyFactory(board=board, status=status)

        assert _errors(self._new(board, predecessor=old)) == {}

    @pytest.mark.parametrize(
        "status", [Status.DRAFT, Status.IN_CONSULTATION, Status.FINAL_DRAFT, Status.APPROVED]
    )
    def test_may_not_replace_a_strategy_that_is_not_public(self, board, status):
        draft = StrategyFactory(board=board, status=status)

        assert _errors(self._new(board, predecessor=draft)) == {
            "predecessor": ["The strategy this one replaces must be published or superseded"]
        }

    def test_may_not_replace_another_boards_strategy(self, board, other_board):
        foreign = StrategyFactory(board=other_board, status=Status.PUBLISHED)

        assert _errors(self._new(board, predecessor=foreign)) == {
            "predecessor": ["The strategy this one replaces must be a strategy of the same board"]
        }

    def test_may_not_replace_itself(self, board):
        strategy = StrategyFactory(board=board, status=Status.PUBLISHED)
        strategy.predecessor = strategy

        assert _errors(strategy) == {"predecessor": ["A strategy cannot replace itself"]}

    def test_may_not_replace_a_strategy_another_one_replaces(self, board):
        old = StrategyFactory(board=board, status=Status.PUBLISHED)
        StrategyFactory(board=board, predecessor=old)

        assert _errors(self._new(board, predecessor=old)) == {
            "predecessor": ["Another strategy already replaces that strategy. Choose another"]
        }


class TestPredecessorChoices:
    def test_offers_the_boards_public_strategies_that_nothing_replaces_yet(self, board, other_board):
        published = StrategyFactory(board=board, status=Status.PUBLISHED, title="Published")
        superseded = StrategyFactory(board=board, status=Status.SUPERSEDED, title="Superseded")
        replaced = StrategyFactory(board=board, status=Status.PUBLISHED, title="Replaced")
        StrategyFactory(board=board, predecessor=replaced, title="Its successor")
        StrategyFactory(board=board, status=Status.APPROVED, title="Approved")
        StrategyFactory(board=other_board, status=Status.PUBLISHED, title="Other board's")

        choices = Strategy.objects.predecessor_choices(board.pk)

        assert set(choices) == {published, superseded}

    def test_a_strategy_is_offered_what_it_already_replaces_but_never_itself(self, board):
        old = StrategyFactory(board=board, status=Status.PUBLISHED)
        successor = StrategyFactory(board=board, predecessor=old, status=Status.PUBLISHED)

        choices = Strategy.objects.predecessor_choices(board.pk, successor)

        assert list(choices) == [old]

    def test_no_board_no_choices(self):
        assert not Strategy.objects.predecessor_choices(None).exists()


class TestPublicPredecessor:
    def test_only_a_public_predecessor_is_named_to_the_public(self, board):
        draft = StrategyFactory(board=board, title="A private working title")
        published = StrategyFactory(board=board, status=Status.PUBLISHED)

        assert StrategyFactory(board=board, predecessor=draft).public_predecessor is None
        assert StrategyFactory(board=board, predecessor=published).public_predecessor == published
