"""Starting, changing and deleting a strategy."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import capfirst

from boards.models import Board
from core import audit
from core.constraints import save_validated
from core.models import AuditEntry
from core.versions import apply_edit

from .. import permissions
from ..models import STRATEGY_FIELDS, Strategy
from ._shared import locked, require, require_edit, require_editable


@transaction.atomic
def strategy_create(*, board: Board, by, **fields) -> Strategy:
    """Start a new strategy as a draft."""
    require(permissions.can_create(by, board), "Only the board's officers can start a strategy.")
    strategy = Strategy(board=board, created_by=by, **fields)
    strategy.full_clean()
    save_validated(strategy)
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.CREATED,
        scope=strategy,
        target=strategy,
        changes={name: [None, str(value)] for name, value in fields.items() if value not in ("", None)},
    )
    return strategy


@transaction.atomic
def strategy_update(*, strategy: Strategy, by, version: int | None = None, **fields) -> Strategy:
    """
    Change a strategy's details. `version` is the one the user's form was loaded from: if someone
    else has saved since, core.versions.EditConflict (nothing is saved).
    """
    strategy = locked(strategy)
    require_edit(by, strategy)
    require_editable(strategy)
    changes = apply_edit(strategy, fields=fields, version=version, noun="strategy", allowed=STRATEGY_FIELDS)
    if changes:
        save_validated(strategy)
        audit.audit_record(
            actor=by, action=AuditEntry.Action.UPDATED, scope=strategy, target=strategy, changes=changes
        )
    return strategy


@transaction.atomic
def strategy_delete(*, strategy: Strategy, by) -> None:
    """
    Delete a draft created by mistake, with its domains and priorities. Refused unless it is a
    draft that has never moved (a strategy that moved has revisions and a history to keep).
    Audited: the entry keeps the title and what it held.
    """
    strategy = locked(strategy)
    require(permissions.can_edit(by, strategy), "Only the board's officers can delete this strategy.")
    refusal = strategy.deletion_refusal()
    if refusal:
        raise ValidationError(refusal)
    domains = list(strategy.domains.values_list("title", flat=True))
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=strategy,
        target=strategy,
        changes={"title": [strategy.title, None], **({"domains": [domains, None]} if domains else {})},
    )
    try:
        with transaction.atomic():
            strategy.delete()
    except ProtectedError as error:
        # Something of another app rests on this draft (a consultation being set up on it, say).
        named = sorted({f"{capfirst(obj._meta.verbose_name)} “{obj}”" for obj in error.protected_objects})
        message = f"This draft cannot be deleted while other things use it: {', '.join(named)}."
        raise ValidationError(message) from None
