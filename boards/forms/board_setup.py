"""A site administrator's form for a new board, with its first administrators, and a board's logo."""

import re

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator

from core.forms import HiddenErrorsMixin
from core.formtokens import FormTokenField
from core.images import check_image

from ..models import colour_problem
from ..services.board_setup import MAX_ADMINISTRATORS
from .board_admin import EMAIL_FORMAT, too_long


def _logo_help() -> str:
    return (
        f"A PNG, JPEG, WebP or SVG image of up to {settings.BOARD_LOGO_MAX_BYTES // 1024:,} KB. It is shown "
        "at the top of the board's pages, on the board's colour, and on its PDFs: choose a version that "
        "reads on a dark background. An SVG must not contain scripts or links to other files."
    )


class LogoField(forms.FileField):
    widget = forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/svg+xml,.svg"})
    default_error_messages = {
        "required": "Choose the logo's image file",
        "invalid": "The selected file could not be read: choose it again",
        "empty": "The selected file is empty",
        "missing": "The selected file could not be read: choose it again",
        "max_length": "The file's name must be 200 characters or fewer",
    }

    def __init__(self, **kwargs):
        super().__init__(max_length=200, label=kwargs.pop("label", "Logo"), **kwargs)
        self.help_text = _logo_help()

    def clean(self, data, initial=None):
        """Checked here too, so that its error shows with the form's others (the service checks it again)."""
        upload = super().clean(data, initial)
        if upload:
            check_image(
                upload, max_bytes=settings.BOARD_LOGO_MAX_BYTES, max_pixels=settings.BOARD_LOGO_MAX_PIXELS
            )
        return upload


class BoardCreateForm(HiddenErrorsMixin, forms.Form):
    """A new board's details (boards.services.board_setup.board_create checks them again, with the rest)."""

    form_token = FormTokenField()
    name = forms.CharField(
        max_length=200,
        label="Name of the board",
        help_text="For example Thurrock Health and Wellbeing Board.",
        error_messages={"required": "Enter the name of the board", "max_length": too_long("The name", 200)},
    )
    slug = forms.CharField(
        required=False,
        max_length=80,
        label="Web address",
        help_text="The end of the board's address, /boards/…/: lower case letters, numbers and hyphens. "
        "Leave it blank to make it from the name.",
        validators=[
            RegexValidator(
                r"^[a-z0-9]+(-[a-z0-9]+)*$",
                "Enter the web address with lower case letters, numbers and single hyphens only",
            )
        ],
        error_messages={"max_length": too_long("The web address", 80)},
    )
    area = forms.CharField(
        max_length=100,
        label="Area",
        help_text="The place the board serves, for example Thurrock.",
        error_messages={
            "required": "Enter the area the board serves",
            "max_length": too_long("The area", 100),
        },
    )
    area_code = forms.CharField(
        max_length=9,
        label="ONS area code",
        help_text="The council area's code, as the ONS and Fingertips give it: E06000034 is Thurrock.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the area's ONS code, like E06000034",
            "max_length": "Enter the area's ONS code, like E06000034: a letter and eight digits",
        },
    )
    colour = forms.CharField(
        max_length=7,
        label="Colour",
        help_text="The header's colour, as # and six hexadecimal digits, like #005a66. White text must be "
        "easy to read on it: a contrast of at least 4.5:1.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-7", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the board's colour, like #005a66",
            "max_length": "Enter the colour as # followed by six hex digits, like #005a66",
        },
    )
    contact_email = forms.EmailField(
        required=False,
        max_length=254,
        label="Contact email address",
        help_text="Shown on the board's page, for the public to write to.",
        error_messages={"invalid": EMAIL_FORMAT, "max_length": too_long("The email address", 254)},
    )
    logo = LogoField(required=False, label="Logo")

    def clean_area_code(self) -> str:
        code = self.cleaned_data["area_code"].strip().upper()
        if not re.fullmatch(r"[EWSN]\d{8}", code):
            raise forms.ValidationError(
                "Enter the area's ONS code, like E06000034: a letter and eight digits"
            )
        return code

    def clean_colour(self) -> str:
        colour = self.cleaned_data["colour"].strip().lower()
        if re.fullmatch(r"[0-9a-f]{6}", colour):
            colour = f"#{colour}"
        if not re.fullmatch(r"#[0-9a-f]{6}", colour):
            raise forms.ValidationError("Enter the colour as # followed by six hex digits, like #005a66")
        problem = colour_problem(colour)
        if problem:
            raise forms.ValidationError(problem)
        return colour


class AdministratorForm(forms.Form):
    """One of a new board's first administrators."""

    name = forms.CharField(
        required=False,
        max_length=200,
        label="Full name",
        error_messages={"max_length": too_long("The name", 200)},
    )
    email = forms.EmailField(
        required=False,
        max_length=254,
        label="Email address",
        error_messages={"invalid": EMAIL_FORMAT, "max_length": too_long("The email address", 254)},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.needed_if = (
                True  # Each row is optional as a whole (its legend says so), not field by field.
            )


class BaseAdministratorFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": "The page was sent incomplete. Reload the page and try again",
        "too_many_forms": "Enter at most %(num)d administrators: add more later, from the board's page",
        "too_few_forms": "Enter the board's first administrator",
    }

    def clean(self):
        """Each row's own problems (an address entered twice, a name without an address), as the service
        finds them (board_setup._checked_administrators), shown with the form's other errors."""
        if any(self.errors):
            return
        seen = {}
        for index, row in enumerate(self.forms):
            name, email = row.cleaned_data.get("name", ""), row.cleaned_data.get("email", "")
            if name and not email:
                row.add_error("email", "Enter the administrator's email address")
            elif email.lower() in seen:
                row.add_error(
                    "email", f"You have entered {email} for administrator {seen[email.lower()] + 1} already"
                )
            if email:
                seen.setdefault(email.lower(), index)
        if not seen and self.forms:
            self.forms[0].add_error(
                "email", "Enter the name and email address of the board's first administrator"
            )


# Three rows to start with; "Add another administrator" adds one, up to the service's limit.
AdministratorFormSet = forms.formset_factory(
    AdministratorForm,
    formset=BaseAdministratorFormSet,
    extra=3,
    max_num=MAX_ADMINISTRATORS,
    absolute_max=MAX_ADMINISTRATORS,
    validate_max=True,
)


class BoardLogoForm(forms.Form):
    """A new logo for a board (the board's details page)."""

    logo = LogoField(label="Upload a new logo")
