"""
The project's form rendering, and form fields every app shares.

Ids arrive in forms as text anyone can type: "²" passes str.isdigit() and then fails int(), and
a 20-digit number overflows PostgreSQL's bigint. Fields here accept ASCII digits in the range of a
database id and turn anything else into the field's own error message, never a server error.
"""

from django import forms
from django.forms.renderers import TemplatesSetting

from .converters import MAX_ID


class GovukFormRenderer(TemplatesSetting):
    """Renders every form with GOV.UK Frontend markup (templates/govuk/forms/)."""

    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


def parse_id(value, *, maximum: int = MAX_ID) -> int | None:
    """`value` as a positive integer if it is one written in ASCII digits, up to `maximum`; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    else:
        return None
    return number if 1 <= number <= maximum else None


class IdModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose value must look like an id before the database is asked."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, self.queryset.model) and parse_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return super().to_python(value)


class HiddenNumberField(forms.Field):
    """
    A number the page carries for the server (an edit form's version): ASCII digits, 1 to `maximum`.

    Its errors are the form's own (see HiddenErrorsMixin), since the user cannot see the field.
    """

    widget = forms.HiddenInput
    default_error_messages = {
        "required": "The page was sent incomplete. Reload the page and try again",
        "invalid": "The page was sent incomplete. Reload the page and try again",
    }

    def __init__(self, *, maximum: int = 2**31 - 1, **kwargs):
        self.maximum = maximum
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_id(value.strip() if isinstance(value, str) else value, maximum=self.maximum)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class HiddenErrorsMixin:
    """
    Errors of hidden fields become the form's own errors, as written.

    Django would show them as "(Hidden field version) ..."; our hidden fields' messages are
    written for the user already, and the error summary links them to the first visible field.
    A hidden field that can make a good value (a form token's `replacement()`) sends one back.
    """

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        for field in self.hidden_fields():
            errors = self._errors.pop(field.name, None)
            if errors:
                for error in errors.as_data():
                    self.add_error(None, error)
                replacement = getattr(field.field, "replacement", None)
                if replacement is not None:
                    self.set_hidden(field.name, replacement())  # A fresh token for the next try.

    def set_hidden(self, name: str, value) -> None:
        """Send `value` back in the hidden field `name` of a bound form (a fresh version or token)."""
        self.data = self.data.copy()
        self.data[self.add_prefix(name)] = value


def add_errors(form: forms.BaseForm, error: forms.ValidationError) -> None:
    """
    Show a service's ValidationError on `form`: each message against its field if the form has that
    field, else at the top of the form (form.add_error would raise for a field it does not have).
    A form whose fields are named differently from the service's arguments says so in
    `service_error_fields` ({"at": "on"}).
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    renamed = getattr(form, "service_error_fields", {})
    for name, errors in error.error_dict.items():
        name = renamed.get(name, name)
        form.add_error(name if name in form.fields else None, errors)
