"""
The strategies' demo data (core.demo): Thurrock's 2016-2021 and 2022-2026 strategies and
Leicestershire's 2022-2032 draft, written through strategies.services so that the audit trail,
revisions and status changes are the real thing. Needs boards.demo's `boards`, `users` and
`decisions`.

Each strategy's `moves` are (to status, reason, meeting key of the decision or None, "admin" or
"officer" as the actor, the date the move was made); `final_draft_edits` are made while it is a
final draft: the changes made after the consultation.

A strategy marked `consulted` goes out to consultation through a real one, which strategies know
nothing of (docs/decisions/0004): it is left a draft, its moves held back, and the app that runs
consultations (its demo comes later in INSTALLED_APPS) opens the consultation, which moves it to "in
consultation", then makes the held-back moves with `resume()` as its own story reaches them.
"""

from datetime import datetime, timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.utils import timezone

from core.demos import Demo, story_time
from core.models import Document

from .. import permissions, services
from ..models import STRATEGY_FIELDS, Strategy
from . import leicestershire, thurrock

STRATEGIES = thurrock.STRATEGIES + leicestershire.STRATEGIES
HERE = Path(__file__).resolve().parent


def load(demo: Demo) -> None:
    boards, users, decisions = (demo.shared[key] for key in ("boards", "users", "decisions"))
    loaded: dict[str, Strategy] = {}
    held_back: dict[int, tuple[dict, list]] = {}
    for spec in STRATEGIES:
        strategy = _strategy(spec, boards[spec["board"]], users, loaded)
        loaded[spec["key"]] = strategy
        if spec.get("consulted"):
            held_back[strategy.pk] = (spec, list(spec["moves"]))
        else:
            _moves(strategy, spec, spec["moves"], users, decisions)
    demo.shared["strategies"] = list(loaded.values())
    demo.shared["held_back_moves"] = held_back


def resume(demo: Demo, strategy: Strategy, *, through: str | None = None) -> Strategy:
    """
    Make the held-back moves of a `consulted` strategy (see above), in order, up to and including the
    move to `through` (all that are left, without it). For the demo of the app that consults on it.
    """
    spec, moves = demo.shared["held_back_moves"][strategy.pk]
    statuses = [move[0] for move in moves]
    if through is not None and through not in statuses:
        raise ValueError(f"No held-back move to {through!r} for {strategy}")
    count = statuses.index(through) + 1 if through is not None else len(moves)
    making, moves[:] = moves[:count], moves[count:]
    _moves(strategy, spec, making, demo.shared["users"], demo.shared["decisions"])
    strategy.refresh_from_db()
    return strategy


def _strategy(spec: dict, board, users: dict, loaded: dict) -> Strategy:
    """
    A strategy drafted as its story went: two months before its first recorded move (when it has any),
    or on the day its spec says.
    """
    if spec.get("drafted"):
        drafted = _noon(spec["drafted"])
    else:
        drafted = _noon(spec["moves"][0][4]) - timedelta(days=60) if spec["moves"] else timezone.now()
    with story_time(drafted):
        return _draft(spec, board, users, loaded)


def _moves(strategy: Strategy, spec: dict, moves: list, users: dict, decisions: dict) -> None:
    """Each move on its date, and the final draft's edits a fortnight after the consultation closed."""
    board = strategy.board
    officer, admin = _people(board, users)
    domains = {domain.title: domain for domain in strategy.domains.all()}
    for to_status, reason, decision_key, actor, on in moves:
        by = admin if actor == "admin" else officer
        if not permissions.can_move(by, strategy, to_status):
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
            with story_time(_noon(on) + timedelta(days=14)):
                _final_draft_edits(spec["final_draft_edits"], domains, officer)


def _people(board, users: dict) -> tuple:
    prefix = "thurrock" if board.slug == "thurrock" else "leics"
    return users[f"{prefix}.officer"], users[f"{prefix}.admin"]


def _draft(spec: dict, board, users: dict, loaded: dict) -> Strategy:
    officer, _ = _people(board, users)
    fields = {name: spec.get(name, "") for name in STRATEGY_FIELDS if name != "predecessor"}
    fields["predecessor"] = loaded[spec["predecessor"]] if spec.get("predecessor") else None
    strategy = services.strategy_create(board=board, by=officer, **fields)
    domains = {}
    for domain_spec in spec["domains"]:
        domain = services.domain_create(
            strategy=strategy,
            by=officer,
            title=domain_spec["title"],
            description=domain_spec["description"],
            easy_read=domain_spec.get("easy_read", ""),
        )
        domains[domain.title] = domain
        for title, description, *easy_read in domain_spec["priorities"]:
            services.priority_create(
                domain=domain, by=officer, title=title, description=description, easy_read="".join(easy_read)
            )
    for title, description, source in spec.get("supporting_documents", []):
        if source.startswith("https://"):
            services.supporting_document_add(
                strategy=strategy, by=officer, title=title, description=description, url=source
            )
        else:
            upload = SimpleUploadedFile(source, (HERE / source).read_bytes(), content_type="application/pdf")
            services.supporting_document_add(
                strategy=strategy, by=officer, title=title, description=description, file=upload
            )
    return strategy


def _final_draft_edits(edits, domains: dict, by) -> None:
    for edit in edits:
        domain = domains[edit["domain"]]
        if edit["action"] == "add_priority":
            services.priority_create(
                domain=domain,
                by=by,
                title=edit["title"],
                description=edit["description"],
                easy_read=edit.get("easy_read", ""),
            )
        elif edit["action"] == "update_priority":
            priority = domain.priorities.get(title=edit["title"])
            services.priority_update(priority=priority, by=by, description=edit["description"])
        else:
            raise ValueError(f"Unknown demo edit {edit['action']!r}")


def _noon(day: str):
    """Noon, London time, on an ISO date: when a historic move is recorded as made."""
    return timezone.make_aware(datetime.fromisoformat(day).replace(hour=12))


def report(demo: Demo) -> None:
    """Each strategy with its status, and the state of its PDF."""
    if not demo.loaded:
        return
    strategies = demo.shared.get("strategies", [])
    for spec, moves in demo.shared.get("held_back_moves", {}).values():
        if moves:  # No consultation story made them: the strategy stopped short of where its story ends.
            demo.warn(f"  {spec['title']}: {len(moves)} moves held back for its consultation were not made.")
    for strategy in strategies:
        strategy.refresh_from_db()
        demo.write(f"  {strategy.board.area}: {strategy.title} ({strategy.get_status_display()})")
    titles = {strategy.pk: f"{strategy.board.area}: {strategy.title}" for strategy in strategies}
    names = {
        services.PDF_KIND: "PDF",
        services.SUMMARY_PDF_KIND: "Summary PDF",
        services.EASY_READ_PDF_KIND: "Easy read PDF",
    }
    documents = Document.objects.filter(kind__in=list(names), object_id__in=list(titles)).order_by(
        "object_id", "pk"
    )
    for document in documents:
        status = document.get_status_display().lower()
        line = f"  {names[document.kind]} of {titles[document.object_id]}: {status}"
        if document.status == Document.Status.FAILED:
            demo.warn(
                line + f" ({document.error.splitlines()[0] if document.error else 'no error recorded'})"
            )
        else:
            demo.write(line)
