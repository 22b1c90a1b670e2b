"""
`manage.py load_demo`: two boards (Thurrock and Leicestershire) with their partners, members, portal
accounts, meetings and strategies, for trying the portal out.

Safe to run again: if the demo boards exist, it says so and changes nothing. Strategy content goes
through strategies.services, so the audit trail, revisions and status changes are the real thing.
Boards, people and meetings are created directly (they have no services yet).

There is no --reset: the audit trail, revisions and status changes are immutable and protect the
users and strategies they point at, so deleting the demo would mean deleting audit history. Start
from an empty database instead (delete the SQLite file, or drop and create the PostgreSQL database).
"""

import time
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from boards.models import AgendaItem, Board, BoardRole, Decision, Meeting, Membership, Organisation
from core import demo_data, permissions
from core.models import Document
from strategies import services


class Command(BaseCommand):
    help = "Load the demonstration boards, people, meetings and strategies (does nothing if already loaded)."

    def handle(self, *args, **options):
        slugs = list(demo_data.BOARDS)
        names = [board["name"] for board in demo_data.BOARDS.values()]
        existing = list(Board.objects.filter(Q(slug__in=slugs) | Q(name__in=names)).order_by("name"))
        if existing:
            listed = ", ".join(f"{board.name} ({board.slug})" for board in existing)
            if len(existing) < len(slugs):
                self.stderr.write(
                    self.style.WARNING(
                        f"Some of the demo boards already exist ({listed}), so nothing was loaded. To load "
                        "the demo, start from an empty database."
                    )
                )
            else:
                self.stdout.write(f"The demo data is already loaded ({listed}): nothing to do.")
            self._print_users(created=set())
            return

        started = time.monotonic()
        committed = []
        try:
            with transaction.atomic():
                # Registered first, so it runs first after the commit: if a later on-commit callback
                # (the PDF render queued on publishing) fails, the demo data is already saved.
                transaction.on_commit(lambda: committed.append(True))
                created_users, strategies = self._load()
        except Exception as exc:
            if not committed:
                if isinstance(exc, (ValidationError, IntegrityError)):
                    raise CommandError(f"Loading the demo data failed, and nothing was saved: {exc}") from exc
                raise
            self.stderr.write(
                self.style.WARNING(
                    f"The demo data was saved, but rendering a strategy PDF failed: {type(exc).__name__}: "
                    f"{exc}. An officer can ask for the PDF again from the strategy's page (a render left "
                    "waiting can be asked for again after ten minutes)."
                )
            )
            created_users, strategies = self._created_users, self._strategies

        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo data in {elapsed:.1f} s."))
        for strategy in strategies:
            strategy.refresh_from_db()
            self.stdout.write(f"  {strategy.board.area}: {strategy.title} ({strategy.get_status_display()})")
        self._print_documents(strategies)
        self._print_users(created=created_users)

    # Loading ---------------------------------------------------------------------------------------

    def _load(self):
        boards = {key: self._board(key, spec) for key, spec in demo_data.BOARDS.items()}
        self._users = {}
        self._created_users = set()
        for spec in demo_data.USERS:
            self._user(spec, boards)
        for key, board in boards.items():
            self._memberships(board, demo_data.MEMBERSHIPS[key])
        decisions = {}
        for key, board in boards.items():
            for spec in demo_data.MEETINGS[key]:
                decisions[spec["key"]] = self._meeting(board, spec)
        self._strategies = []
        loaded = {}
        for spec in demo_data.STRATEGIES:
            strategy = self._strategy(spec, boards[spec["board"]], decisions, loaded)
            loaded[spec["key"]] = strategy
            self._strategies.append(strategy)
        return self._created_users, self._strategies

    def _board(self, key, spec):
        organisations = []
        for name, kind, website in demo_data.ORGANISATIONS[key]:
            organisation, _ = Organisation.objects.get_or_create(
                name=name, defaults={"kind": kind, "website": website}
            )
            organisations.append(organisation)
        board = Board(slug=key, **spec)
        board.full_clean()
        board.save()
        board.organisations.set(organisations)
        return board

    def _user(self, spec, boards):
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
            user.set_password(demo_data.DEMO_PASSWORD)
            user.full_clean()
            user.save()
            self._created_users.add(user.username)
        if spec.get("board_role"):
            BoardRole.objects.update_or_create(
                user=user, board=boards[spec["board"]], defaults={"role": spec["board_role"]}
            )
        self._users[spec["username"]] = user
        return user

    def _memberships(self, board, rows):
        holders = {
            spec["member"]: self._users[spec["username"]]
            for spec in demo_data.USERS
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

    def _meeting(self, board, spec):
        meeting = Meeting.objects.create(
            board=board,
            starts_at=timezone.make_aware(datetime(*spec["starts_at"])),
            venue=spec["venue"],
            status=spec["status"],
        )
        items = {
            number: AgendaItem.objects.create(meeting=meeting, number=number, title=title)
            for number, title in spec["items"]
        }
        decision = spec["decision"]
        return Decision.objects.create(
            agenda_item=items[decision["item"]],
            outcome=decision["outcome"],
            resolutions=decision["resolutions"],
        )

    def _strategy(self, spec, board, decisions, loaded):
        prefix = "thurrock" if board.slug == demo_data.THURROCK else "leics"
        officer = self._users[f"{prefix}.officer"]
        admin = self._users[f"{prefix}.admin"]
        fields = {name: spec[name] for name in services.STRATEGY_FIELDS if name != "predecessor"}
        fields["predecessor"] = loaded[spec["predecessor"]] if spec.get("predecessor") else None
        strategy = services.strategy_create(board=board, by=officer, **fields)
        domains = {}
        for domain_spec in spec["domains"]:
            domain = services.domain_create(
                strategy=strategy,
                by=officer,
                title=domain_spec["title"],
                description=domain_spec["description"],
            )
            domains[domain.title] = domain
            for title, description in domain_spec["priorities"]:
                services.priority_create(domain=domain, by=officer, title=title, description=description)

        for to_status, reason, decision_key, actor, on in spec["moves"]:
            by = admin if actor == "admin" else officer
            if not permissions.can_move_strategy(by, board, to_status):
                raise CommandError(f"{by.username} may not move a strategy to {to_status} on {board}.")
            services.strategy_transition(
                strategy=strategy,
                to_status=to_status,
                by=by,
                reason=reason,
                decision=decisions[decision_key] if decision_key else None,
                at=_noon(on),
            )
            strategy.refresh_from_db()
            if to_status == "final_draft":
                self._final_draft_edits(spec["final_draft_edits"], domains, officer)
        return strategy

    def _final_draft_edits(self, edits, domains, by):
        for edit in edits:
            domain = domains[edit["domain"]]
            if edit["action"] == "add_priority":
                services.priority_create(
                    domain=domain, by=by, title=edit["title"], description=edit["description"]
                )
            elif edit["action"] == "update_priority":
                priority = domain.priorities.get(title=edit["title"])
                services.priority_update(priority=priority, by=by, description=edit["description"])
            else:
                raise ValueError(f"Unknown demo edit {edit['action']!r}")

    # Reporting -------------------------------------------------------------------------------------

    def _print_documents(self, strategies):
        documents = Document.objects.filter(
            kind=services.PDF_KIND, object_id__in=[strategy.pk for strategy in strategies]
        )
        titles = {strategy.pk: f"{strategy.board.area}: {strategy.title}" for strategy in strategies}
        for document in documents.order_by("object_id"):
            line = f"  PDF of {titles[document.object_id]}: {document.get_status_display().lower()}"
            if document.status == Document.Status.FAILED:
                line += f" ({document.error.splitlines()[0] if document.error else 'no error recorded'})"
                self.stdout.write(self.style.WARNING(line))
            else:
                self.stdout.write(line)

    def _print_users(self, *, created):
        User = get_user_model()
        usernames = [spec["username"] for spec in demo_data.USERS]
        users = {user.username: user for user in User.objects.filter(username__in=usernames)}
        rows = []
        for username in usernames:
            user = users.get(username)
            if user is None:
                continue
            rows.append(
                (
                    username,
                    user.get_full_name() or "-",
                    self._role_text(user),
                    self._password_text(username, created),
                )
            )
        if not rows:
            return
        header = ("User name", "Name", "Role", "Password")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        self.stdout.write("")
        self.stdout.write("Demo accounts:")
        for row in [header, tuple("-" * width for width in widths), *rows]:
            self.stdout.write(
                "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )

    @staticmethod
    def _password_text(username, created):
        if username in created:
            return demo_data.DEMO_PASSWORD
        if created:
            return "(account existed: unchanged)"
        return f"{demo_data.DEMO_PASSWORD} (unless changed)"

    @staticmethod
    def _role_text(user):
        parts = []
        if user.is_superuser:
            parts.append("Site administrator")
        for role in BoardRole.objects.filter(user=user).select_related("board"):
            parts.append(f"{role.get_role_display()}, {role.board.area}")
        for seat in Membership.objects.current().filter(user=user).select_related("board", "organisation"):
            parts.append(f"Board member, {seat.board.area} ({seat.organisation})")
        return "; ".join(parts) or "No role"


def _noon(day: str):
    """Noon, London time, on an ISO date: when a historic move is recorded as made."""
    return timezone.make_aware(datetime.fromisoformat(day).replace(hour=12))
