"""Recording who changed governed content, and what changed."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def snapshot_fields(obj: models.Model, fields: Iterable[str]) -> dict[str, object]:
    return {name: getattr(obj, name) for name in fields}


def diff_fields(before: dict[str, object], after: dict[str, object]) -> dict[str, list[object]]:
    return {
        name: [_plain(before.get(name)), _plain(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def _plain(value: object) -> object:
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    return str(value)


def audit_record(
    *,
    actor,
    action: str,
    scope: models.Model,
    target: models.Model,
    changes: dict | None = None,
) -> AuditEntry:
    """Write one immutable audit row. Call inside the transaction that makes the change."""
    get_ct = ContentType.objects.get_for_model
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        scope_type=get_ct(scope),
        scope_id=scope.pk,
        target_type=get_ct(target),
        target_id=target.pk,
        target_repr=str(target)[:300],
        changes=changes or {},
    )
