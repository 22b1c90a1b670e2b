"""
Who may do what: the one place that decides (shared/DOMAIN.md, "Who may do what").

anyone               reads published strategies and public pages
board member         also reads their own board's drafts (read-only)
officer              also edits their own board's strategies and moves them through the lifecycle
board administrator  also publishes, and manages memberships and officers
site administrator   everything, on every board (Django superuser)

A user's roles are loaded once per request and kept on the user object.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class Roles:
    site_admin: bool = False
    officer_of: frozenset[int] = field(default_factory=frozenset)
    administrator_of: frozenset[int] = field(default_factory=frozenset)
    member_of: frozenset[int] = field(default_factory=frozenset)

    @property
    def editor_of(self) -> frozenset[int]:
        return self.officer_of | self.administrator_of

    @property
    def reader_of(self) -> frozenset[int]:
        return self.editor_of | self.member_of


ANONYMOUS = Roles()


def roles_of(user) -> Roles:
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_hwb_roles", None)
    if cached is not None:
        return cached
    from boards.models import BoardRole, Membership

    officer, administrator = set(), set()
    for board_id, role in BoardRole.objects.filter(user=user).values_list("board_id", "role"):
        (administrator if role == BoardRole.Role.ADMINISTRATOR else officer).add(board_id)
    members = set(Membership.objects.current().filter(user=user).values_list("board_id", flat=True))
    roles = Roles(
        site_admin=user.is_superuser,
        officer_of=frozenset(officer),
        administrator_of=frozenset(administrator),
        member_of=frozenset(members),
    )
    user._hwb_roles = roles
    return roles


def _board_id(board) -> int:
    return board if isinstance(board, int) else board.pk


def can_edit_board(user, board) -> bool:
    """Edit strategies, delivery plans, meetings; move a strategy through its lifecycle (not publish)."""
    roles = roles_of(user)
    return roles.site_admin or _board_id(board) in roles.editor_of


def can_publish(user, board) -> bool:
    roles = roles_of(user)
    return roles.site_admin or _board_id(board) in roles.administrator_of


def can_read_drafts(user, board) -> bool:
    roles = roles_of(user)
    return roles.site_admin or _board_id(board) in roles.reader_of


def can_manage_anything(user) -> bool:
    """Whether to offer the officers' pages at all."""
    roles = roles_of(user)
    return roles.site_admin or bool(roles.editor_of)


def editable_boards(user, queryset: QuerySet) -> QuerySet:
    roles = roles_of(user)
    if roles.site_admin:
        return queryset
    return queryset.filter(pk__in=roles.editor_of)


def draft_readable_boards_q(user, board_field: str = "board") -> Q:
    """A Q matching objects (by their board field) whose unpublished content the user may read."""
    roles = roles_of(user)
    if roles.site_admin:
        return Q()
    return Q(**{f"{board_field}__in": roles.reader_of})


def can_move_strategy(user, board, to_status: str) -> bool:
    """Officers move strategies through the lifecycle; only board administrators publish."""
    if to_status == "published":
        return can_publish(user, board)
    return can_edit_board(user, board)
