"""The forms board administrators manage their board with (boards.views.board_admin)."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.validators import RegexValidator

from core.forms import GovukDateField, HiddenErrorsMixin, HiddenNumberField, IdModelChoiceField
from core.formtokens import FormTokenField

from ..models import Board, BoardRole, Membership, Organisation

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.gov.uk"
WEBSITE_FORMAT = "Enter the website as a full web address, like https://www.example.org.uk"


def too_long(label: str, limit: int) -> str:
    return f"{label} must be {limit:,} characters or fewer"


class BoardDetailsForm(HiddenErrorsMixin, forms.Form):
    """The board's details an administrator may change (its name, slug and colour are the site's)."""

    contact_email = forms.EmailField(
        required=False,
        max_length=254,
        label="Contact email address",
        help_text="Shown on the board's page, for the public to write to.",
        error_messages={"invalid": EMAIL_FORMAT, "max_length": too_long("The email address", 254)},
    )
    description = forms.CharField(
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        label="About the board",
        help_text="Shown at the top of the board's page. Markdown: paragraphs, bullet lists and links.",
        error_messages={"max_length": too_long("The description", 10000)},
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
            "max_length": too_long("The name", 200),
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
            "max_length": too_long("The web address", 200),
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
        error_messages={"required": "Enter the member's name", "max_length": too_long("The name", 200)},
    )
    job_title = forms.CharField(
        required=False,
        max_length=200,
        label="Job title",
        help_text="For example Director of Public Health.",
        error_messages={"max_length": too_long("The job title", 200)},
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
        error_messages={"max_length": too_long("On behalf of", 200)},
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
        error_messages={"invalid": EMAIL_FORMAT, "max_length": too_long("The email address", 254)},
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
            "max_length": too_long("The email address", 254),
        },
    )
    name = forms.CharField(
        required=False,
        max_length=200,
        label="Full name",
        help_text="Needed only if they have no account yet: one is then made, and they are emailed a link "
        "to set a password.",
        error_messages={"max_length": too_long("The name", 200)},
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

    def validate_password_for_user(self, user, password_field_name="new_password1"):
        """A password too short or too common is an error of the field that asks for it and says the rules
        (Django puts it under the second field, which only repeats it)."""
        super().validate_password_for_user(user, "new_password1")
