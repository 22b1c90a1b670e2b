"""
Plans that priorities support, and the priorities aligned to them (issue 8, "Alignment";
docs/decisions/0028-plan-alignment.md).

Writes (re-exported by delivery.services, checking delivery.permissions whoever calls): a plan is
recorded by a board's officer and kept up to date by that board's officers, its changes in the board's
history; a priority's plans are set as a whole by its board's officers, each alignment made, removed or
re-noted an entry in its strategy's history.

Reads: the plans by kind, and a plan's supporters grouped by board and strategy, each showing the
reader only the priorities of strategies they may read (public ones, and their own board's drafts).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import count

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet

from boards.models import Board
from core import audit
from core.constraints import save_validated
from core.models import AuditEntry
from core.versions import apply_edit
from strategies.models import Priority, Strategy

from . import permissions
from .models import KIND_HEADINGS, PLAN_FIELDS, Alignment, Plan, PlanKind

__all__ = ["plan_create", "plan_delete", "plan_update", "priority_align"]


def _text(value: str) -> str:
    """Text as stored: trimmed, lines ended by LF (a browser sends a textarea's lines with CRLF)."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _free_slug(base: str, *, exclude: int | None = None) -> str:
    """`base`, or `base-2`, `base-3`...: the first web address name no other plan uses."""
    if not base:
        return base
    taken = set(Plan.objects.filter(slug__startswith=base).exclude(pk=exclude).values_list("slug", flat=True))
    for number in count(1):
        slug = base if number == 1 else f"{base[: 100 - len(str(number)) - 1]}-{number}"
        if slug not in taken:
            return slug
    raise AssertionError("unreachable")


def _audit_plan(by, action: str, plan: Plan, changes: dict) -> None:
    # In the history of the board that recorded it: the board whose officers answer for it.
    audit.audit_record(actor=by, action=action, scope=plan.board, target=plan, changes=changes)


# Plans ----------------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    board: Board,
    by,
    title: str,
    kind: str,
    owner: str,
    area: str,
    url: str = "",
    summary: str = "",
    slug: str = "",
) -> Plan:
    """
    Record a plan that priorities can support, for `board` (whose officers will keep it up to date).
    Left blank, its web address name is made from the title, numbered if another plan has it.
    """
    if not permissions.can_create_plan(by, board):
        raise PermissionDenied("Only a board's officers can record a plan.")
    plan = Plan(
        board=board,
        title=_text(title),
        slug=slug.strip(),
        kind=kind,
        owner=_text(owner),
        area=_text(area),
        url=url.strip(),
        summary=_text(summary),
        created_by=by,
    )
    if not plan.slug:
        plan.slug = _free_slug(plan.default_slug())
    plan.full_clean()
    save_validated(plan)
    changes = {name: [None, getattr(plan, name)] for name in PLAN_FIELDS if getattr(plan, name)}
    _audit_plan(by, AuditEntry.Action.CREATED, plan, changes)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, by, version: int | None = None, **fields) -> Plan:
    """
    Change a plan's details. `version` is the one the form was loaded from: a save over someone else's
    newer one is refused (core.versions.EditConflict). A web address name left blank is made again
    from the title.
    """
    if not permissions.can_edit_plan(by, plan):
        raise PermissionDenied("Only the officers of the board that recorded this plan can change it.")
    plan = Plan.objects.select_for_update(of=("self",)).filter(pk=plan.pk).select_related("board").first()
    if plan is None:
        raise ValidationError("Someone else removed this plan while you were editing it.")
    for name in ("title", "owner", "area", "summary", "url", "slug"):
        if isinstance(fields.get(name), str):
            fields[name] = _text(fields[name])
    if "slug" in fields and not fields["slug"]:
        title = fields.get("title", plan.title)
        fields["slug"] = _free_slug(Plan(title=title).default_slug(), exclude=plan.pk) or plan.slug
    changes = apply_edit(plan, fields=fields, version=version, noun="plan", allowed=PLAN_FIELDS)
    if changes:
        save_validated(plan)
        _audit_plan(by, AuditEntry.Action.UPDATED, plan, changes)
    return plan


@transaction.atomic
def plan_delete(*, plan: Plan, by) -> None:
    """
    Remove a plan recorded by mistake. One that priorities support stays: the refusal names those the
    officer may read, and counts the others (another board's drafts are not theirs to read).
    """
    if not permissions.can_edit_plan(by, plan):
        raise PermissionDenied("Only the officers of the board that recorded this plan can remove it.")
    plan = Plan.objects.select_for_update(of=("self",)).filter(pk=plan.pk).select_related("board").first()
    if plan is None:
        return  # Removed already (the same form sent twice).
    refusal = deletion_refusal(plan, by)
    if refusal:
        raise ValidationError(refusal)
    _audit_plan(by, AuditEntry.Action.DELETED, plan, {"title": [plan.title, None]})
    plan.delete()


def deletion_refusal(plan: Plan, user) -> str | None:
    """Why `plan` may not be removed (the priorities aligned to it), in words for `user`; or None."""
    aligned = Alignment.objects.filter(plan=plan)
    if not aligned.exists():
        return None
    readable = aligned.filter(priority__domain__strategy__in=visible_strategies(user)).select_related(
        "priority__domain__strategy__board"
    )
    named = sorted(
        f"“{alignment.priority.title}” ({alignment.priority.domain.strategy.board.name})"
        for alignment in readable
    )
    shown = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
    others = aligned.count() - len(named)
    if others:
        shown += (" and " if shown else "") + (
            f"{others} priorit{'y' if others == 1 else 'ies'} of other boards' unpublished strategies"
        )
    return (
        f"This plan cannot be removed while priorities support it: {shown}. Their boards' officers can "
        "change the plans each priority supports."
    )


# A priority's plans ---------------------------------------------------------------------------------


def _locked_strategy(priority: Priority, by) -> Strategy:
    strategy = (
        Strategy.objects.select_for_update().select_related("board").get(pk=priority.domain.strategy_id)
    )
    if not permissions.can_edit(by, strategy):
        raise PermissionDenied("Only the board's officers can change the plans its priorities support.")
    return strategy


@transaction.atomic
def priority_align(*, priority: Priority, plans: Mapping[Plan, str] | Iterable[Plan], by) -> list[Alignment]:
    """
    Set the plans `priority` supports: `plans` maps each to a note on how (or lists them, without
    notes); any other alignment of the priority is removed. Each alignment made, removed or with its
    note changed is an entry in the strategy's history; the same choice again changes nothing.
    """
    strategy = _locked_strategy(priority, by)
    priority = Priority.objects.filter(pk=priority.pk).first()
    if priority is None:
        raise ValidationError("Someone else removed this priority while you were changing its plans.")
    notes = plans if isinstance(plans, Mapping) else dict.fromkeys(plans, "")
    wanted = {plan.pk: _text(note or "") for plan, note in notes.items()}
    # Locked, so that a plan cannot be removed between being chosen and being linked.
    found = {plan.pk: plan for plan in Plan.objects.select_for_update().filter(pk__in=wanted)}
    if len(found) < len(wanted):
        raise ValidationError("A plan you chose has been removed by its board's officers. Choose again.")
    current = {alignment.plan_id: alignment for alignment in priority.alignments.select_related("plan")}
    for alignment in current.values():
        alignment.priority = priority  # Named in the history ("… supports …"), without a query each.

    def record(action: str, alignment: Alignment, changes: dict) -> None:
        audit.audit_record(actor=by, action=action, scope=strategy, target=alignment, changes=changes)

    for pk, alignment in current.items():
        if pk not in wanted:
            record(AuditEntry.Action.DELETED, alignment, {"plan": [alignment.plan.title, None]})
            alignment.delete()
    kept = []
    for pk, note in wanted.items():
        alignment = current.get(pk)
        if alignment is None:
            alignment = Alignment(priority=priority, plan=found[pk], note=note, created_by=by)
            alignment.full_clean(exclude=["priority", "plan"])  # A new pair: none of this priority's.
            alignment.save()
            record(
                AuditEntry.Action.CREATED,
                alignment,
                {"plan": [None, found[pk].title]} | ({"note": [None, note]} if note else {}),
            )
        elif alignment.note != note:
            old, alignment.note = alignment.note, note
            alignment.full_clean(exclude=["priority", "plan"])
            alignment.save(update_fields=["note"])
            record(AuditEntry.Action.UPDATED, alignment, {"note": [old or None, note or None]})
        kept.append(alignment)
    return sorted(kept, key=lambda alignment: (alignment.plan.title, alignment.plan_id))


# Reading --------------------------------------------------------------------------------------------


def visible_strategies(user) -> QuerySet:
    """Strategies whose priorities `user` sees beside a plan: public ones, and their boards' drafts."""
    return Strategy.objects.public() | Strategy.objects.private_to(user)


def kind_order(plan: Plan) -> tuple:
    return (PlanKind.values.index(plan.kind), plan.title.casefold(), plan.pk)


@dataclass
class KindGroup:
    kind: str
    heading: str
    plans: list[Plan] = field(default_factory=list)


def by_kind(plans: Iterable[Plan]) -> list[KindGroup]:
    """Plans under their kinds' headings, in the kinds' order (PlanKind), each kind's by title."""
    groups = {kind: KindGroup(kind, KIND_HEADINGS[kind]) for kind in PlanKind.values}
    for plan in sorted(plans, key=kind_order):
        groups[plan.kind].plans.append(plan)
    return [group for group in groups.values() if group.plans]


def plans_for(user) -> list[KindGroup]:
    """Every plan, by kind, each with how many priorities (and of how many boards) `user` sees support it."""
    seen = Q(alignments__priority__domain__strategy__in=visible_strategies(user))
    plans = Plan.objects.annotate(
        supporters=Count("alignments", filter=seen, distinct=True),
        supporting_boards=Count("alignments__priority__domain__strategy__board", filter=seen, distinct=True),
    )
    return by_kind(plans)


@dataclass
class StrategySupport:
    strategy: Strategy
    alignments: list[Alignment] = field(default_factory=list)


@dataclass
class BoardSupport:
    board: Board
    strategies: list[StrategySupport] = field(default_factory=list)


def supporters(plan: Plan, user) -> list[BoardSupport]:
    """
    The priorities aligned to `plan` that `user` may see, grouped by board (by name) and strategy (the
    latest first), in the strategy's order. One query.
    """
    alignments = (
        Alignment.objects.filter(plan=plan, priority__domain__strategy__in=visible_strategies(user))
        .select_related("priority__domain__strategy__board")
        .order_by(
            "priority__domain__strategy__board__name",
            "priority__domain__strategy__board_id",
            "-priority__domain__strategy__start_year",
            "priority__domain__strategy_id",
            "priority__domain__position",
            "priority__domain_id",
            "priority__position",
            "priority_id",
        )
    )
    boards: list[BoardSupport] = []
    for alignment in alignments:
        strategy = alignment.priority.domain.strategy
        if not boards or boards[-1].board.pk != strategy.board_id:
            boards.append(BoardSupport(strategy.board))
        strategies = boards[-1].strategies
        if not strategies or strategies[-1].strategy.pk != strategy.pk:
            strategies.append(StrategySupport(strategy))
        strategies[-1].alignments.append(alignment)
    return boards
