"""
Who may do what on a board: the one role lookup every app's rules are built on
(shared/DOMAIN.md, "Who may do what").

anyone               reads what is public
board member         also reads the board's unpublished papers and drafts (a current Membership
                     with a portal account)
officer              also edits the board's content (a BoardRole)
board administrator  also publishes, and manages memberships and officers (a BoardRole)
site administrator   everything, on every board (a Django superuser)

A user's roles are loaded once per request and kept on the user object. Apps write their own rules
(strategies/permissions.py) on top of the board rules here, and register them by name in
core.rules so that templates can ask them.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from core.rules import rule


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
    """The user's roles on every board (two queries, once per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_hwb_roles", None)
    if cached is not None:
        return cached
    from .models import BoardRole, Membership

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


def board_id(board) -> int:
    """A board, or its primary key, as its primary key."""
    return board if isinstance(board, int) else board.pk


# The board rules ---------------------------------------------------------------------------------


@rule("boards.read_private")
def can_read_private(user, board) -> bool:
    """Read the board's unpublished content: drafts, non-public papers, history."""
    roles = roles_of(user)
    return roles.site_admin or board_id(board) in roles.reader_of


@rule("boards.edit")
def can_edit(user, board) -> bool:
    """Edit the board's content: strategies, and later delivery plans, meetings and consultations."""
    roles = roles_of(user)
    return roles.site_admin or board_id(board) in roles.editor_of


@rule("boards.administer")
def can_administer(user, board) -> bool:
    """Publish, and manage the board's memberships and officers."""
    roles = roles_of(user)
    return roles.site_admin or board_id(board) in roles.administrator_of


@rule("boards.administer_any")
def can_administer_any(user) -> bool:
    """Whether the user administers some board (the "Boards" pages of the officers' area are for them)."""
    roles = roles_of(user)
    return roles.site_admin or bool(roles.administrator_of)


@rule("boards.edit_any")
def can_edit_any(user) -> bool:
    """Whether the user edits some board's content (the officers' pages are for them)."""
    roles = roles_of(user)
    return roles.site_admin or bool(roles.editor_of)


@rule("boards.read_private_any")
def can_read_private_any(user) -> bool:
    """Whether the user reads some board's unpublished content (officers and board members)."""
    roles = roles_of(user)
    return roles.site_admin or bool(roles.reader_of)


@rule("boards.site_admin")
def is_site_admin(user) -> bool:
    return roles_of(user).site_admin


@rule("boards.create")
def can_create_board(user) -> bool:
    """Create a board: site administrators only (a board's administrators manage their own board)."""
    return roles_of(user).site_admin


# Scoping querysets ---------------------------------------------------------------------------------


def editable(user, boards: QuerySet) -> QuerySet:
    """The boards (of `boards`) whose content the user may edit."""
    roles = roles_of(user)
    return boards if roles.site_admin else boards.filter(pk__in=roles.editor_of)


def administered(user, boards: QuerySet) -> QuerySet:
    """The boards (of `boards`) the user administers."""
    roles = roles_of(user)
    return boards if roles.site_admin else boards.filter(pk__in=roles.administrator_of)


def readable(user, boards: QuerySet) -> QuerySet:
    """The boards (of `boards`) whose unpublished content the user may read."""
    roles = roles_of(user)
    return boards if roles.site_admin else boards.filter(pk__in=roles.reader_of)


# Matches every row. Not Q(): an empty Q vanishes when combined, so `public | Q()` would mean
# "public only" where it should mean "everything".
EVERYTHING = ~Q(pk__in=[])


def private_readable_q(user, board_field: str = "board") -> Q:
    """A Q matching objects (by their board field) whose unpublished content the user may read."""
    roles = roles_of(user)
    return EVERYTHING if roles.site_admin else Q(**{f"{board_field}__in": roles.reader_of})


def editable_q(user, board_field: str = "board") -> Q:
    """A Q matching objects (by their board field) the user may edit."""
    roles = roles_of(user)
    return EVERYTHING if roles.site_admin else Q(**{f"{board_field}__in": roles.editor_of})
