"""
Edit versions: a save over someone else's newer save is refused, not silently made.

A model with an integer `version` (counting the saves of its text) is edited through a form that
carries the version it was loaded from. The update service, holding the row lock, calls
`check_version()`: a stale version that would change something raises EditConflict, carrying what
is saved now and the current version. The view then shows `show_conflict()`'s rows (what is saved
now beside what the user sent, which stays in the form) and sends the current version back, so a
second save, made after reading, is accepted.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from .audit import diff_fields, snapshot_fields
from .models import AuditEntry


class EditConflict(ValidationError):
    """
    Someone else saved the object after the user loaded it, and saving would overwrite their change.
    `current` holds the saved values of the fields sent; `version` is the current version.
    """

    def __init__(self, message: str, *, current: dict, version: int, saved_by: str = "", saved_at=None):
        super().__init__(message, code="edit_conflict")
        self.current = current
        self.version = version
        self.saved_by = saved_by
        self.saved_at = saved_at


def check_version(obj: models.Model, *, version: int | None, fields: dict, noun: str) -> bool:
    """
    Whether to save `fields` on `obj`, which the caller has locked, when the user loaded `version`.

    None skips the check (a caller that loaded nothing earlier: the demo loader, a task). A stale
    version that would change nothing is no conflict: there is nothing to save (False). One that
    would change something raises EditConflict, naming who saved last (from the audit trail).
    """
    if version is None or version == obj.version:
        return True
    current = snapshot_fields(obj, fields)
    if all(current[name] == value for name, value in fields.items()):
        return False
    last = (
        AuditEntry.objects.filter(target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    raise EditConflict(
        f"Someone else saved this {noun} while you were editing it",
        current=current,
        version=obj.version,
        saved_by=(last.actor.get_full_name() or last.actor.get_username()) if last else "",
        saved_at=last.at if last else None,
    )


def apply_edit(obj: models.Model, *, fields: dict, version: int | None, noun: str, allowed) -> dict:
    """
    The shared first half of an update service, on `obj` locked by the caller: refuse fields not in
    `allowed` (ValueError: a programming error), check the version the user loaded (EditConflict), set
    the fields (text with its line endings as LF) and validate the model. Returns the changes for the
    audit trail, and counts a save in `obj.version` when there are any; the caller saves and audits.
    Empty when nothing changed (or a stale form would change nothing).
    """
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    # Browsers send a textarea's lines ended by CRLF: stored as LF, the text typed again compares equal.
    fields = {
        name: value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value
        for name, value in fields.items()
    }
    if not check_version(obj, version=version, fields=fields, noun=noun):
        return {}
    before = snapshot_fields(obj, fields)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    # What the model made of the values (a blank web address name filled in, choices tidied).
    changes = diff_fields(before, {name: getattr(obj, name) for name in fields})
    if changes:
        obj.version += 1  # Under the caller's row lock: no other save of this object runs meanwhile.
    return changes


@dataclass
class Conflict:
    """What an edit page shows after an EditConflict (templates/govuk/forms/conflict.html)."""

    message: str
    rows: list[dict[str, str]] = field(default_factory=list)
    saved_by: str = ""
    saved_at: datetime | None = None
    anchor: str = "conflict"

    @property
    def problems(self) -> list[dict[str, str]]:
        """For the error summary: the message, linking to the saved text."""
        return [{"text": self.message, "href": f"#{self.anchor}"}]


def show_conflict(
    form: forms.BaseForm, error: EditConflict, *, sent: dict, anchor: str = "conflict"
) -> Conflict:
    """
    Put `error` on the bound `form`, which keeps what the user typed: the message at its top, and the
    current version in its hidden `version` field. Returns each field whose saved value differs from
    the one the user `sent`, with both, for the page to show side by side.
    """
    form.add_error(None, error.message)
    form.set_hidden("version", error.version)
    rows = [
        {"label": form[name].label, "saved": _text(saved), "yours": _text(sent[name])}
        for name, saved in error.current.items()
        if name in form.fields and _text(saved) != _text(sent.get(name))
    ]
    return Conflict(error.message, rows, error.saved_by, error.saved_at, anchor)


def _text(value) -> str:
    return "" if value is None else str(value)
