"""
The project's form rendering, and what every app's forms share: ids checked as ids, hidden fields
whose errors read as the form's own, a service's errors shown against the right fields, and the
GOV.UK date input.

Ids arrive in forms as text anyone can type: "²" passes str.isdigit() and then fails int(), and
a 20-digit number overflows PostgreSQL's bigint. Fields here accept ASCII digits in the range of a
database id and turn anything else into the field's own error message, never a server error.
"""

import datetime

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.renderers import TemplatesSetting
from django.utils import timezone

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
    """
    A ModelChoiceField whose value must look like an id before the database is asked.

    Its empty choice reads "None" (Django's reads "- Select an option -"): our optional lists (a
    strategy it replaces, a Board decision) may rightly be left at nothing. A required list has no
    empty choice (empty_label=None) or names its own.
    """

    def __init__(self, queryset, *, empty_label="None", **kwargs):
        super().__init__(queryset, empty_label=empty_label, **kwargs)

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


# Reordering a list: the up and down buttons, or the whole order -----------------------------------


class IdListField(forms.CharField):
    """A comma-separated list of ids, as the reorder buttons send them."""

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return [int(part) for part in value.split(",") if part.strip()]
        except ValueError as error:
            raise forms.ValidationError(
                "The order sent was not a list of items. Reload the page and try again"
            ) from error


class ReorderForm(forms.Form):
    """
    A new order for a list, sent either whole (`order`) or as one move (`move`: "<id>:up" or "<id>:down",
    what the buttons send). `seen` is the order as the page showed it, so a stale list is refused.
    """

    seen = IdListField(error_messages={"required": "The list was not sent. Reload the page and try again"})
    order = IdListField(required=False)
    move = forms.RegexField(regex=r"^\d+:(up|down)$", required=False)

    def error_text(self) -> str:
        """Every error of the form as one sentence (the page shows it next to the list)."""
        return " ".join(message for errors in self.errors.values() for message in errors)

    def clean(self):
        data = super().clean()
        seen = data.get("seen")
        if seen is None:
            return data
        if data.get("move"):
            item, direction = data["move"].split(":")
            order = list(seen)
            if int(item) not in order:
                raise forms.ValidationError(
                    "That item is no longer in the list. Reload the page and try again"
                )
            index = order.index(int(item))
            other = index - 1 if direction == "up" else index + 1
            if 0 <= other < len(order):
                order[index], order[other] = order[other], order[index]
            data["order"] = order
        elif not data.get("order"):
            raise forms.ValidationError("Choose an item to move")
        return data


# The GOV.UK date input: day, month and year in three boxes -----------------------------------------

DATE_PARTS = ("day", "month", "year")
_MONTHS = "january february march april may june july august september october november december".split()
# Months as people write them: "June", "jun" (and "sept"), besides numbers.
MONTH_NAMES = {
    **{m: n for n, m in enumerate(_MONTHS, 1)},
    **{m[:3]: n for n, m in enumerate(_MONTHS, 1)},
    "sept": 9,
}


class GovukDateInput(forms.MultiWidget):
    """
    Three text boxes, as the GOV.UK date input: numeric keyboards, widths 2, 2 and 4, labelled Day,
    Month and Year, inside the field's fieldset (field.html adds role="group" for it).

    The parts with an error are marked (govuk-input--error and aria-invalid) by the field's bound
    field (DateBoundField), which passes them in as the "error_parts" attribute.
    """

    template_name = "govuk/forms/widgets/date_input.html"
    use_fieldset = True

    def __init__(self, attrs=None):
        super().__init__({part: forms.TextInput() for part in DATE_PARTS}, attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        error_parts = attrs.pop("error_parts", ())
        invalid = attrs.pop("aria-invalid", None)
        context = super().get_context(name, value, attrs)
        group_id = context["widget"]["attrs"].get("id")
        for part, sub in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            sub["part"] = part
            sub["label"] = part.capitalize()
            sub["width"] = 4 if part == "year" else 2
            sub["error"] = bool(invalid) and (not error_parts or part in error_parts)
            if group_id:
                sub["attrs"]["id"] = f"{group_id}_{part}"
        return context

    def id_for_label(self, id_):
        return f"{id_}_day" if id_ else ""


class DateBoundField(forms.BoundField):
    """Tells the date input which of its parts to mark, and the error summary which part to link to."""

    def error_parts(self) -> tuple[str, ...]:
        parts = []
        for error in self.errors.as_data():
            parts += (error.params or {}).get("parts", DATE_PARTS)
        return tuple(part for part in DATE_PARTS if part in parts)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            attrs["error_parts"] = self.error_parts()
        return attrs

    @property
    def error_anchor(self) -> str:
        """The id of the first box with an error: where the error summary's link goes."""
        parts = self.error_parts() or DATE_PARTS
        return f"{self.auto_id}_{parts[0]}" if self.auto_id else ""


class GovukDateField(forms.Field):
    """
    A date typed as day, month and year, with GOV.UK's error messages, which name the date
    (`noun`, "the date of the move") and the part that is wrong:

        The date of the move must include a month
        Year must include 4 numbers
        The date of the move must be a real date
        The date of the move must be today or in the past
        The date of the move must be after 1 January 2000

    Months may be written as numbers or names ("6", "06", "June", "jun"). `after` is the last
    date that is too early; `not_future` refuses dates after today (local time).
    """

    widget = GovukDateInput
    bound_field_class = DateBoundField

    def __init__(self, *, noun: str, after: datetime.date | None = None, not_future: bool = False, **kwargs):
        self.noun, self.after, self.not_future = noun, after, not_future
        given = kwargs.get("error_messages") or {}
        super().__init__(**kwargs)
        if "required" not in given:
            self.error_messages["required"] = f"Enter {noun}"

    def _error(self, message: str, code: str, parts=DATE_PARTS) -> forms.ValidationError:
        return forms.ValidationError(message, code=code, params={"parts": tuple(parts)})

    def to_python(self, value):
        if not isinstance(value, (list, tuple)):
            return value if isinstance(value, datetime.date) else None
        parts = dict(zip(DATE_PARTS, [str(v).strip() if v is not None else "" for v in value], strict=False))
        if not any(parts.values()):
            return None
        missing = [part for part in DATE_PARTS if not parts.get(part)]
        noun = self.noun[0].upper() + self.noun[1:]
        if missing:
            raise self._error(f"{noun} must include a {' and '.join(missing)}", "incomplete", missing)
        day, month, year = parts["day"], parts["month"].lower(), parts["year"]
        if year.isascii() and year.isdigit() and len(year) != 4:
            raise self._error("Year must include 4 numbers", "year", ["year"])
        month_number = MONTH_NAMES.get(month) or (int(month) if month.isascii() and month.isdigit() else None)
        wrong = [
            part
            for part, ok in (
                ("day", day.isascii() and day.isdigit() and 1 <= int(day) <= 31),
                ("month", month_number is not None and 1 <= month_number <= 12),
                ("year", year.isascii() and year.isdigit()),
            )
            if not ok
        ]
        if wrong:
            raise self._error(f"{noun} must be a real date", "invalid", wrong)
        try:
            return datetime.date(int(year), month_number, int(day))
        except ValueError:  # 31 June, 29 February in a common year.
            raise self._error(f"{noun} must be a real date", "invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        noun = self.noun[0].upper() + self.noun[1:]
        if self.not_future and value > timezone.localdate():
            raise self._error(f"{noun} must be today or in the past", "future")
        if self.after and value <= self.after:
            raise self._error(f"{noun} must be after {self.after.day} {self.after:%B %Y}", "too_early")


class SignInForm(AuthenticationForm):
    """Django's sign-in form, in GOV.UK's words rather than Django's ("Please enter a correct...")."""

    error_messages = {
        **AuthenticationForm.error_messages,
        # Not which of the two was wrong: that would tell a guesser the user name exists.
        "invalid_login": "Enter a correct username and password",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
