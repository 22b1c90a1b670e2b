import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from boards import permissions
from boards.models import Board
from core import rules
from strategies import permissions as strategy_permissions
from strategies.models import Domain, Strategy
from tests.factories import BoardRoleFactory, DomainFactory, MembershipFactory, StrategyFactory, UserFactory

pytestmark = pytest.mark.django_db


class TestRolesOf:
    def test_anonymous_has_no_roles(self):
        assert permissions.roles_of(AnonymousUser()) == permissions.ANONYMOUS

    def test_none_has_no_roles(self):
        assert permissions.roles_of(None) == permissions.ANONYMOUS

    def test_inactive_user_has_no_roles_even_with_board_roles(self, board):
        user = BoardRoleFactory(board=board, administrator=True, user__is_active=False).user

        roles = permissions.roles_of(user)

        assert roles == permissions.ANONYMOUS

    def test_superuser_is_site_admin(self, site_admin):
        assert permissions.roles_of(site_admin).site_admin is True

    def test_collects_officer_administrator_and_member_boards_separately(self, board, other_board):
        user = UserFactory()
        BoardRoleFactory(user=user, board=board)
        BoardRoleFactory(user=user, board=other_board, administrator=True)
        MembershipFactory(user=user, board=board)

        roles = permissions.roles_of(user)

        assert roles.officer_of == {board.pk}
        assert roles.administrator_of == {other_board.pk}
        assert roles.member_of == {board.pk}
        assert roles.editor_of == {board.pk, other_board.pk}
        assert roles.reader_of == {board.pk, other_board.pk}
        assert roles.site_admin is False

    def test_ended_and_future_memberships_do_not_count(self, board, other_board):
        user = UserFactory()
        MembershipFactory(user=user, board=board, ended=True)
        MembershipFactory(user=user, board=other_board, future=True)

        roles = permissions.roles_of(user)

        assert roles.member_of == frozenset()

    def test_a_membership_ending_today_still_counts(self, board):
        membership = MembershipFactory(board=board, ends_on=timezone.localdate())

        assert permissions.roles_of(membership.user).member_of == {board.pk}

    def test_loads_once_per_user_object(self, officer, django_assert_num_queries):
        permissions.roles_of(officer)

        with django_assert_num_queries(0):
            roles = permissions.roles_of(officer)

        assert roles.officer_of == {officer.board_roles.get().board_id}

    def test_loads_with_two_queries(self, officer, django_assert_num_queries):
        with django_assert_num_queries(2):
            permissions.roles_of(officer)


class TestCanEditBoard:
    def test_officer_edits_own_board(self, officer, board):
        assert permissions.can_edit(officer, board)

    def test_officer_cannot_edit_another_board(self, officer, other_board):
        assert not permissions.can_edit(officer, other_board)

    def test_board_admin_edits_own_board(self, board_admin, board):
        assert permissions.can_edit(board_admin, board)

    def test_board_member_only_reads(self, board_member, board):
        assert not permissions.can_edit(board_member, board)

    def test_resident_cannot_edit(self, resident, board):
        assert not permissions.can_edit(resident, board)

    def test_site_admin_edits_every_board(self, site_admin, board, other_board):
        assert permissions.can_edit(site_admin, board)
        assert permissions.can_edit(site_admin, other_board)

    def test_accepts_a_board_id(self, officer, board, other_board):
        assert permissions.can_edit(officer, board.pk)
        assert not permissions.can_edit(officer, other_board.pk)


class TestCanAdminister:
    def test_board_admin_publishes_own_board(self, board_admin, board):
        assert permissions.can_administer(board_admin, board)

    def test_board_admin_cannot_publish_another_board(self, board_admin, other_board):
        assert not permissions.can_administer(board_admin, other_board)

    def test_officer_cannot_publish(self, officer, board):
        assert not permissions.can_administer(officer, board)

    def test_board_member_cannot_publish(self, board_member, board):
        assert not permissions.can_administer(board_member, board)

    def test_site_admin_publishes(self, site_admin, board):
        assert permissions.can_administer(site_admin, board)


class TestCanReadPrivate:
    @pytest.mark.parametrize("person", ["officer", "board_admin", "board_member", "site_admin"])
    def test_people_of_the_board_read_its_drafts(self, person, board, request):
        user = request.getfixturevalue(person)

        assert permissions.can_read_private(user, board)

    @pytest.mark.parametrize("person", ["other_officer", "resident"])
    def test_others_do_not(self, person, board, request):
        user = request.getfixturevalue(person)

        assert not permissions.can_read_private(user, board)

    def test_former_member_does_not(self, board):
        user = MembershipFactory(board=board, ended=True).user

        assert not permissions.can_read_private(user, board)


class TestCanEditAny:
    @pytest.mark.parametrize("person", ["officer", "board_admin", "other_officer", "site_admin"])
    def test_editors_get_the_officers_pages(self, person, request):
        assert permissions.can_edit_any(request.getfixturevalue(person))

    @pytest.mark.parametrize("person", ["board_member", "resident"])
    def test_readers_do_not(self, person, request):
        assert not permissions.can_edit_any(request.getfixturevalue(person))

    def test_a_user_with_no_roles_does_not(self):
        assert not permissions.can_edit_any(UserFactory())


class TestEditableBoards:
    def test_officer_gets_only_own_board(self, officer, board, other_board):
        boards = permissions.editable(officer, Board.objects.all())

        assert list(boards) == [board]

    def test_member_gets_none(self, board_member, board):
        assert not permissions.editable(board_member, Board.objects.all()).exists()

    def test_resident_gets_none(self, resident, board):
        assert not permissions.editable(resident, Board.objects.all()).exists()

    def test_site_admin_gets_all(self, site_admin, board, other_board):
        boards = permissions.editable(site_admin, Board.objects.all())

        assert set(boards) == {board, other_board}

    def test_board_manager_editable_by_uses_the_same_rule(self, board_admin, board, other_board):
        assert list(Board.objects.editable_by(board_admin)) == [board]


class TestPrivateReadableQ:
    @pytest.fixture
    def drafts(self, board, other_board):
        return StrategyFactory(board=board), StrategyFactory(board=other_board)

    def test_member_matches_own_board_only(self, board_member, drafts):
        own, _ = drafts

        matched = Strategy.objects.filter(permissions.private_readable_q(board_member))

        assert list(matched) == [own]

    def test_resident_matches_nothing(self, resident, drafts):
        assert not Strategy.objects.filter(permissions.private_readable_q(resident)).exists()

    def test_site_admin_matches_everything(self, site_admin, drafts):
        matched = Strategy.objects.filter(permissions.private_readable_q(site_admin))

        assert set(matched) == set(drafts)

    def test_works_across_a_relation(self, officer, board, other_board):
        own_domain = DomainFactory(strategy__board=board)
        DomainFactory(strategy__board=other_board)
        readable = permissions.private_readable_q(officer, board_field="strategy__board")

        matched = Domain.objects.filter(readable)

        assert list(matched) == [own_domain]


class TestStrategyCanMove:
    @pytest.fixture
    def strategy(self, board):
        return StrategyFactory(board=board)

    @pytest.mark.parametrize("to_status", ["in_consultation", "final_draft", "approved", "superseded"])
    def test_officer_moves_through_the_lifecycle(self, officer, strategy, to_status):
        assert strategy_permissions.can_move(officer, strategy, to_status)

    def test_officer_cannot_publish(self, officer, strategy):
        assert not strategy_permissions.can_move(officer, strategy, "published")

    def test_board_admin_publishes(self, board_admin, strategy):
        assert strategy_permissions.can_move(board_admin, strategy, "published")

    def test_officer_of_another_board_moves_nothing(self, other_officer, strategy):
        assert not strategy_permissions.can_move(other_officer, strategy, "in_consultation")

    def test_member_moves_nothing(self, board_member, strategy):
        assert not strategy_permissions.can_move(board_member, strategy, "in_consultation")


class TestRulesByName:
    """Templates ask the rules by name (core.rules): the names reach the same functions."""

    def test_a_board_rule_answers_by_name(self, officer, board, other_board):
        assert rules.allowed("boards.edit", officer, board)
        assert not rules.allowed("boards.edit", officer, other_board)

    def test_a_strategy_rule_answers_by_name(self, officer, board_admin, board):
        strategy = StrategyFactory(board=board)

        assert rules.allowed("strategies.publish", board_admin, strategy)
        assert not rules.allowed("strategies.publish", officer, strategy)

    def test_an_unknown_name_is_an_error_not_a_refusal(self, officer):
        with pytest.raises(LookupError, match="No rule"):
            rules.allowed("strategies.fly", officer)
