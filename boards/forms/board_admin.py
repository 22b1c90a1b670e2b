"""The forms board administrators manage their board with (boards.views.board_admin)."""

import re

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.validators import RegexValidator

from core.forms import GovukDateField, HiddenErrorsMixin, HiddenNumberField, IdModelChoiceField
from core.formtokens import FormTokenField
from core.images import check_image

from ..models import Board, BoardRole, Membership, Organisation, colour_problem
from ..services.board_setup import MAX_ADMINISTRATORS

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.gov.uk"
WEBSITE_FORMAT = "Enter the website as a full web address, like https://www.example.org.uk"


def _limit(label: str, limit: int) -> str:
    return f"{label} must be {limit:,} characters or fewer"


class BoardDetailsForm(HiddenErrorsMixin, forms.Form):
    """The board's details an administrator may change (its name, slug and colour are the site's)."""

    contact_email = forms.EmailField(
        required=False,
        max_length=254,
        label="Contact email address",
        help_text="Shown on the board's page, for the public to write to.",
        error_messages={"invalid": EMAIL_FORMAT, "max_length": _limit("The email address", 254)},
    )
    description = forms.CharField(
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        label="About the board",
        help_text="Shown at the top of the board's page. Markdown: paragraphs, bullet lists and links.",
        error_messages={"max_length": _limit("The description", 10000)},
    )
    quorum = forms.IntegerField(
        min_value=1,
        max_value=99,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        label="Quorum",
        help_text="How many voting members (or their substitutes) must be present for a meeting to decide.",
        error_messages={
            "required": "Enter the quorum",
            "invalid": "Enter the quorum as a whole number, like 3",
            "min_value": "The quorum must be at least 1",
            "max_value": "The quorum must be 99 or fewer",
        },
    )
    version = HiddenNumberField()

    def __init__(self, *args, board: Board, **kwargs):
        kwargs.setdefault(
            "initial",
            {name: getattr(board, name) for name in ("contact_email", "description", "quorum", "version")},
        )
        super().__init__(*args, **kwargs)

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)


class OrganisationChoiceForm(forms.Form):
    """Add an organisation the portal already knows to the board."""

    organisation = IdModelChoiceField(
        queryset=Organisation.objects.none(),
        empty_label=None,
        label="Organisation",
        error_messages={
            "required": "Choose an organisation to add",
            "invalid_choice": "Choose an organisation from the list",
        },
    )

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.exclude(boards=board).order_by("name")


class OrganisationForm(HiddenErrorsMixin, forms.Form):
    """An organisation new to the portal, added to the board."""

    form_token = FormTokenField()
    name = forms.CharField(
        max_length=200,
        label="Name of the organisation",
        help_text="As it calls itself, for example NHS Mid and South Essex Integrated Care Board.",
        error_messages={
            "required": "Enter the name of the organisation",
            "max_length": _limit("The name", 200),
        },
    )
    kind = forms.ChoiceField(
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
        label="What kind of organisation is it?",
        error_messages={"required": "Choose what kind of organisation it is"},
    )
    website = forms.URLField(
        required=False,
        max_length=200,
        assume_scheme="https",
        label="Website",
        help_text="The full web address, for example https://www.healthwatch.co.uk",
        # Web addresses typed without a scheme get https:// (assume_scheme): only ftp:// and the like
        # meet this one, which the default validator would take.
        validators=[RegexValidator(r"^https?://", message=WEBSITE_FORMAT)],
        error_messages={
            "invalid": WEBSITE_FORMAT,
            "max_length": _limit("The web address", 200),
        },
    )


class MembershipForm(HiddenErrorsMixin, forms.Form):
    """
    A seat on the board. Adding one carries a one-time token (core.formtokens); editing one, the
    version it was loaded from (core.versions).
    """

    name = forms.CharField(
        max_length=200,
        label="Full name",
        help_text="As the board's papers print it, for example Councillor Pat Jones.",
        error_messages={"required": "Enter the member's name", "max_length": _limit("The name", 200)},
    )
    job_title = forms.CharField(
        required=False,
        max_length=200,
        label="Job title",
        help_text="For example Director of Public Health.",
        error_messages={"max_length": _limit("The job title", 200)},
    )
    organisation = IdModelChoiceField(
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        label="Organisation",
        help_text="One of the board's member organisations.",
        error_messages={
            "required": "Choose the member's organisation",
            "invalid_choice": "Choose one of the board's organisations",
        },
    )
    role = forms.ChoiceField(
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        label="Role on the board",
        help_text="The chair, the vice-chair and voting members count towards the quorum.",
        error_messages={"required": "Choose the member's role on the board"},
    )
    on_behalf_of = forms.CharField(
        required=False,
        max_length=200,
        label="On behalf of",
        help_text="Whom the member represents, if not their organisation as a whole: for example "
        "Primary Care Networks in Thurrock.",
        error_messages={"max_length": _limit("On behalf of", 200)},
    )
    starts_on = GovukDateField(
        noun="the start of the term", label="Start of the term", help_text="For example 1 6 2024"
    )
    ends_on = GovukDateField(
        noun="the end of the term",
        required=False,
        label="End of the term",
        help_text="The last day of the term. Leave it blank if the term has no set end.",
    )
    account_email = forms.EmailField(
        required=False,
        max_length=254,
        label="Email address for their portal account",
        help_text="Members with a portal account can sign in to read the board's drafts and board packs. "
        "If no account uses this address, one is made and they are emailed a link to set a password.",
        error_messages={"invalid": EMAIL_FORMAT, "max_length": _limit("The email address", 254)},
    )
    form_token = FormTokenField()
    version = HiddenNumberField()

    def __init__(self, *args, board: Board, membership: Membership | None = None, **kwargs):
        if membership is not None:
            initial = {
                name: getattr(membership, name) for name in self.declared_fields if hasattr(membership, name)
            }
            initial["organisation"] = membership.organisation_id
            initial["account_email"] = membership.user.email if membership.user else ""
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        if membership is None:
            del self.fields["version"]
        else:
            del self.fields["form_token"]
        choices = board.organisations.all()
        if membership is not None:
            # Kept on offer even if it has left the board since (a past member's organisation), so that
            # saving the form does not change it unseen.
            choices = choices | Organisation.objects.filter(pk=membership.organisation_id)
        self.fields["organisation"].queryset = choices.distinct().order_by("name")

    def service_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("name", "job_title", "organisation", "role", "on_behalf_of", "starts_on", "ends_on")
        } | {"account_email": self.cleaned_data["account_email"]}


class MembershipEndForm(HiddenErrorsMixin, forms.Form):
    """The last day of a member's term."""

    ends_on = GovukDateField(
        noun="the end of the term",
        label="Last day of the term",
        help_text="For example 31 5 2026. It can be in the past or the future.",
    )
    version = HiddenNumberField()


ROLE_HELP = (
    "An officer edits the board's strategies, consultations and meetings. A board administrator also "
    "publishes, and manages the board: its members, organisations and who may sign in."
)


class BoardRoleForm(HiddenErrorsMixin, forms.Form):
    """Let someone sign in to work on the board: by their email address, with a role."""

    form_token = FormTokenField()
    email = forms.EmailField(
        max_length=254,
        label="Email address",
        help_text="If they have a portal account already, it is the address of that account.",
        error_messages={
            "required": "Enter their email address",
            "invalid": EMAIL_FORMAT,
            "max_length": _limit("The email address", 254),
        },
    )
    name = forms.CharField(
        required=False,
        max_length=200,
        label="Full name",
        help_text="Needed only if they have no account yet: one is then made, and they are emailed a link "
        "to set a password.",
        error_messages={"max_length": _limit("The name", 200)},
    )
    role = forms.ChoiceField(
        choices=BoardRole.Role.choices,
        widget=forms.RadioSelect,
        label="What may they do?",
        help_text=ROLE_HELP,
        error_messages={"required": "Choose officer or board administrator"},
    )


class BoardRoleChangeForm(forms.Form):
    """Change one person's role (the select in their row of the list)."""

    role = forms.ChoiceField(
        choices=BoardRole.Role.choices,
        label="Role",
        error_messages={
            "required": "Choose officer or board administrator",
            "invalid_choice": "Choose officer or board administrator",
        },
    )


class TermsOfReferenceForm(forms.Form):
    file = forms.FileField(
        label="Upload the terms of reference",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "required": "Choose the PDF of the terms of reference",
            "invalid": "The selected file could not be read: choose it again",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A PDF of up to {settings.TERMS_OF_REFERENCE_MAX_BYTES / (1024 * 1024):g} MB that opens "
            "without a password."
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's form to set a password, in GOV.UK's words rather than Django's."""

    error_messages = {"password_mismatch": "The passwords do not match: type the same password twice"}

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label, second.label = "New password", "Type the new password again"
        first.help_text = (
            "At least 12 characters. Not a common password, not only numbers, and not like your name or "
            "username. A few unrelated words together make a good one."
        )
        second.help_text = ""
        first.error_messages["required"] = "Enter a new password"
        second.error_messages["required"] = "Type the new password again"


# Creating a board (site administrators), and its logo ---------------------------------------------


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
        error_messages={"required": "Enter the name of the board", "max_length": _limit("The name", 200)},
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
        error_messages={"max_length": _limit("The web address", 80)},
    )
    area = forms.CharField(
        max_length=100,
        label="Area",
        help_text="The place the board serves, for example Thurrock.",
        error_messages={"required": "Enter the area the board serves", "max_length": _limit("The area", 100)},
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
        error_messages={"invalid": EMAIL_FORMAT, "max_length": _limit("The email address", 254)},
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
        error_messages={"max_length": _limit("The name", 200)},
    )
    email = forms.EmailField(
        required=False,
        max_length=254,
        label="Email address",
        error_messages={"invalid": EMAIL_FORMAT, "max_length": _limit("The email address", 254)},
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
