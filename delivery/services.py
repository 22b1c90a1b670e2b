"""
Every write to a delivery plan (STYLE: `<entity>_<action>`, keyword-only, atomic, checking the rules
of delivery.permissions whoever calls). Each change locks the strategy's row, so that changes to one
plan run one at a time, and is recorded in the strategy's history (core.audit, scoped to the strategy).
The plans that priorities support have their services in delivery/alignment.py, exported from here.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from boards.models import Organisation
from core import audit
from core.constraints import save_validated
from core.models import AuditEntry
from core.versions import apply_edit
from strategies.models import Priority, Strategy

from . import permissions
from .alignment import plan_create, plan_delete, plan_update, priority_align
from .freshness import board_officers, check_owner
from .import_jobs import indicator_import_confirm, indicator_import_retry, indicator_import_upload
from .imports import indicators_import
from .indicators import (
    data_point_record,
    indicator_checked,
    indicator_create,
    indicator_delete,
    indicator_update,
)
from .models import NEEDS_A_REASON, Action, ActionStatus, ActionUpdate, UpdateEvery

__all__ = [
    "action_create",
    "action_delete",
    "action_progress",
    "action_update",
    "data_point_record",
    "indicator_checked",
    "indicator_create",
    "indicator_delete",
    "indicator_import_confirm",
    "indicator_import_retry",
    "indicator_import_upload",
    "indicator_update",
    "indicators_import",
    "plan_create",
    "plan_delete",
    "plan_update",
    "priority_align",
]

ACTION_FIELDS = (
    "title",
    "description",
    "lead_organisation",
    "lead_officer",
    "starts_on",
    "due_on",
    "owner",
    "update_every",
)


def _locked(strategy: Strategy, by) -> Strategy:
    strategy = Strategy.objects.select_for_update().select_related("board").get(pk=strategy.pk)
    if not permissions.can_edit(by, strategy):
        raise PermissionDenied("Only the board's officers can change the strategy's delivery plan.")
    return strategy


def _check_lead(strategy: Strategy, organisation: Organisation | None) -> dict:
    """The lead organisation must be one of the board's member organisations."""
    if organisation is None:
        return {"lead_organisation": "Choose the organisation that leads the action"}
    if not strategy.board.organisations.filter(pk=organisation.pk).exists():
        return {"lead_organisation": f"Choose one of the {strategy.board.name}'s member organisations"}
    return {}


def _audit(by, action: str, strategy: Strategy, target, changes: dict) -> None:
    audit.audit_record(actor=by, action=action, scope=strategy, target=target, changes=changes)


@transaction.atomic
def action_create(
    *,
    priority: Priority,
    by,
    title: str,
    lead_organisation: Organisation | None,
    lead_officer: str,
    due_on: datetime.date,
    starts_on: datetime.date | None = None,
    description: str = "",
    owner=None,
    update_every: int = UpdateEvery.QUARTER,
) -> Action:
    """
    Add an action under a priority, at the end of the priority's actions; it starts "not started". Its
    owner (one of the board's officers: by default whoever adds it) is reminded when an update is due.
    """
    strategy = _locked(priority.domain.strategy, by)
    owner = by if owner is None and board_officers(strategy.board).filter(pk=by.pk).exists() else owner
    errors = _check_lead(strategy, lead_organisation) | check_owner(strategy, owner)
    if errors:
        raise ValidationError(errors)
    position = (priority.actions.aggregate(top=Max("position"))["top"] or 0) + 1
    action = Action(
        priority=priority,
        title=title.strip(),
        description=description.strip(),
        lead_organisation=lead_organisation,
        lead_officer=lead_officer.strip(),
        starts_on=starts_on,
        due_on=due_on,
        owner=owner,
        update_every=update_every,
        position=position,
        created_by=by,
    )
    action.full_clean()
    save_validated(action)
    changes = {
        "title": [None, action.title],
        "priority": [None, priority.title],
        "lead_organisation": [None, lead_organisation.name],
        "lead_officer": [None, action.lead_officer],
        "due_on": [None, str(due_on)],
    }
    if starts_on:
        changes["starts_on"] = [None, str(starts_on)]
    _audit(by, AuditEntry.Action.CREATED, strategy, action, changes)
    return action


@transaction.atomic
def action_update(*, action: Action, by, version: int | None = None, **fields) -> Action:
    """
    Change an action's details (not its status: that is a progress update). `version` is the one the
    form was loaded from: a save over someone else's newer one is refused (core.versions.EditConflict).
    """
    strategy = _locked(action.priority.domain.strategy, by)
    action = Action.objects.filter(pk=action.pk).select_related("lead_organisation").first()
    if action is None:
        raise ValidationError("Someone else removed this action while you were editing it.")
    errors = {}
    if "lead_organisation" in fields:
        errors |= _check_lead(strategy, fields["lead_organisation"])
    if "owner" in fields:
        errors |= check_owner(strategy, fields["owner"])
    if errors:
        raise ValidationError(errors)
    for name in ("title", "description", "lead_officer"):
        if isinstance(fields.get(name), str):
            fields[name] = fields[name].strip()
    changes = apply_edit(action, fields=fields, version=version, noun="action", allowed=ACTION_FIELDS)
    if changes:
        save_validated(action)
        _audit(by, AuditEntry.Action.UPDATED, strategy, action, changes)
    return action


@transaction.atomic
def action_progress(*, action: Action, by, status: str, narrative: str = "") -> ActionUpdate:
    """
    Record progress on an action: a dated narrative, a change of status, or both, as one update that is
    never changed afterwards. A move to "at risk" or "off track" must say why.
    """
    strategy = _locked(action.priority.domain.strategy, by)
    action = Action.objects.select_for_update().filter(pk=action.pk).first()
    if action is None:
        raise ValidationError("Someone else removed this action.")
    narrative = narrative.strip()
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Choose the action's status"})
    if status == action.status and not narrative:
        raise ValidationError(
            {"narrative": "Describe the progress made, or choose a new status: an update must say something"}
        )
    if status != action.status and status in NEEDS_A_REASON and not narrative:
        label = ActionStatus(status).label.lower()
        raise ValidationError(
            {"narrative": f"Say why the action is {label}, and what is being done about it"}
        )
    update = ActionUpdate(
        action=action, from_status=action.status, to_status=status, narrative=narrative, by=by
    )
    update.full_clean()
    update.save()
    if status != action.status:
        before = action.get_status_display()
        action.status = status
        action.version += 1
        action.save(update_fields=["status", "version", "updated_at"])
        _audit(
            by, AuditEntry.Action.UPDATED, strategy, action, {"status": [before, action.get_status_display()]}
        )
    return update


@transaction.atomic
def action_delete(*, action: Action, by) -> None:
    """Remove an action added by mistake. One with progress recorded is part of the record: it stays."""
    strategy = _locked(action.priority.domain.strategy, by)
    action = Action.objects.filter(pk=action.pk).first()
    if action is None:
        return  # Removed already (the same form sent twice).
    if action.updates.exists():
        raise ValidationError(
            "This action has progress updates, which are part of the delivery plan's record: it cannot be "
            "removed. Mark it complete, or say in an update why it stopped."
        )
    _audit(by, AuditEntry.Action.DELETED, strategy, action, {"title": [action.title, None]})
    action.delete()
