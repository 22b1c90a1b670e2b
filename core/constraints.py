"""Constraint errors shown against the field they are about, rather than at the top of the form."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction


class ConstraintErrorsOnFields:
    """
    A model mixin: a constraint whose `violation_error_code` is a key of `constraint_error_fields`
    reports its `violation_error_message` against that field.

    Django attaches a constraint's error to a field only for a unique constraint on one field; a
    check constraint on a period, or a unique constraint on (board, slug), would otherwise appear
    as an error of the whole form, away from the field the user has to change.
    """

    constraint_error_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise on_fields(error, self.constraint_error_fields) from None


def on_fields(error: ValidationError, fields_by_code: dict[str, str]) -> ValidationError:
    """`error` with each non-field error whose code is in `fields_by_code` moved to that field."""
    if not hasattr(error, "error_dict"):
        return error
    errors = {name: list(field_errors) for name, field_errors in error.error_dict.items()}
    kept = []
    for item in errors.pop(NON_FIELD_ERRORS, []):
        field = fields_by_code.get(item.code)
        if field:
            errors.setdefault(field, []).append(item)
        else:
            kept.append(item)
    if kept:
        errors[NON_FIELD_ERRORS] = kept
    return ValidationError(errors)


def save_validated(obj, **save_kwargs) -> None:
    """
    Save `obj`, which full_clean() has just passed, in a savepoint. If another transaction committed
    a row meanwhile that breaks a unique constraint (two people creating the same strategy at once),
    the database refuses the save; validating again then sees that row and raises the model's own
    message for the field, which the form shows like any other error, instead of an IntegrityError
    (a server error). An integrity error validation cannot explain is raised as it is.
    """
    try:
        with transaction.atomic():
            obj.save(**save_kwargs)
    except IntegrityError:
        obj.full_clean()
        raise
