"""
The boards' demo data (core.demo): the two boards, their partners, members, portal accounts and
meetings with their decisions. Boards, people and meetings are created directly: they have no
services yet. Leaves `boards`, `users` and `decisions` in `demo.shared` for the apps above.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from core.demos import Demo, DemoAlreadyLoaded

from ..models import Board, BoardRole, Membership, Organisation
from . import data, meetings
from .data import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "check", "load", "report"]


def check(demo: Demo) -> None:
    slugs = list(data.BOARDS)
    names = [board["name"] for board in data.BOARDS.values()]
    existing = list(Board.objects.filter(Q(slug__in=slugs) | Q(name__in=names)).order_by("name"))
    if not existing:
        return
    listed = ", ".join(f"{board.name} ({board.slug})" for board in existing)
    if len(existing) < len(slugs):
        raise DemoAlreadyLoaded(
            f"Some of the demo boards already exist ({listed}), so nothing was loaded. To load the demo, "
            "start from an empty database.",
            partly=True,
        )
    raise DemoAlreadyLoaded(f"The demo data is already loaded ({listed}): nothing to do.")


def load(demo: Demo) -> None:
    boards = {key: _board(key, spec) for key, spec in data.BOARDS.items()}
    users, created = {}, set()
    for spec in data.USERS:
        users[spec["username"]] = _user(spec, boards, created)
    for key, board in boards.items():
        _memberships(board, data.MEMBERSHIPS[key], users)
    decisions = {}
    for key, board in boards.items():
        officer = next(
            users[spec["username"]]
            for spec in data.USERS
            if spec.get("board") == key and spec.get("board_role") == "officer"
        )
        previous = None
        for spec in data.MEETINGS[key]:
            previous, decisions[spec["key"]] = meetings.held_meeting(
                board, spec, by=officer, previous=previous
            )
        meetings.coming_meeting(board, data.COMING_MEETINGS[key], by=officer)
    meetings.request_packs()
    demo.shared.update(boards=boards, users=users, decisions=decisions, created_users=created)


def _board(key: str, spec: dict) -> Board:
    organisations = []
    for name, kind, website in data.ORGANISATIONS[key]:
        organisation, _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "website": website}
        )
        organisations.append(organisation)
    board = Board(slug=key, **spec)
    board.full_clean()
    board.save()
    board.organisations.set(organisations)
    return board


def _user(spec: dict, boards: dict, created: set):
    User = get_user_model()
    user = User.objects.filter(username=spec["username"]).first()
    if user is None:
        user = User(
            username=spec["username"],
            first_name=spec["first_name"],
            last_name=spec["last_name"],
            email=f"{spec['username']}@example.org",
            is_superuser=spec.get("superuser", False),
            is_staff=spec.get("superuser", False),
        )
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        created.add(user.username)
    if spec.get("board_role"):
        BoardRole.objects.update_or_create(
            user=user, board=boards[spec["board"]], defaults={"role": spec["board_role"]}
        )
    return user


def _memberships(board: Board, rows, users: dict) -> None:
    holders = {
        spec["member"]: users[spec["username"]]
        for spec in data.USERS
        if spec.get("member") and spec["board"] == board.slug
    }
    for name, job_title, organisation, role, starts_on in rows:
        membership = Membership(
            board=board,
            user=holders.get(name),
            name=name,
            job_title=job_title,
            organisation=Organisation.objects.get(name=organisation),
            role=role,
            starts_on=starts_on,
        )
        membership.full_clean()
        membership.save()


# Reporting -----------------------------------------------------------------------------------------


def report(demo: Demo) -> None:
    """The demo accounts, with their roles and passwords."""
    created = demo.shared.get("created_users", set())
    User = get_user_model()
    usernames = [spec["username"] for spec in data.USERS]
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    rows = [
        (username, user.get_full_name() or "-", _role_text(user), _password_text(username, created))
        for username in usernames
        if (user := users.get(username)) is not None
    ]
    if not rows:
        return
    header = ("User name", "Name", "Role", "Password")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    demo.write("")
    demo.write("Demo accounts:")
    for row in [header, tuple("-" * width for width in widths), *rows]:
        demo.write(
            "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    for line in meetings.summary():
        demo.write(line)


def _password_text(username: str, created: set) -> str:
    if username in created:
        return DEMO_PASSWORD
    if created:
        return "(account existed: unchanged)"
    return f"{DEMO_PASSWORD} (unless changed)"


def _role_text(user) -> str:
    parts = []
    if user.is_superuser:
        parts.append("Site administrator")
    for role in BoardRole.objects.filter(user=user).select_related("board"):
        parts.append(f"{role.get_role_display()}, {role.board.area}")
    for seat in Membership.objects.current().filter(user=user).select_related("board", "organisation"):
        parts.append(f"Board member, {seat.board.area} ({seat.organisation})")
    return "; ".join(parts) or "No role"
