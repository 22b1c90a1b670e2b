import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils import timezone

from boards.forms.proceedings import decision_label
from boards.models import Board, Decision, MeetingStatus
from core.forms import (
    GovukDateField,
    HiddenErrorsMixin,
    HiddenNumberField,
    IdModelChoiceField,
    parse_id,
)
from core.formtokens import FormTokenField

from . import permissions
from .models import DECISION_EFFECTS, FIRST_YEAR, STRATEGY_FIELDS, Domain, Priority, Status, Strategy
from .models.lifecycle import APPROVES


def _messages(label: str, limit: int | None = None) -> dict[str, str]:
    messages = {"required": f"Enter {label}"}
    if limit:
        messages["max_length"] = f"{label[0].upper()}{label[1:]} must be {limit} characters or fewer"
    return messages


class StrategyForm(HiddenErrorsMixin, forms.ModelForm):
    """
    Create or edit a strategy's details. On create, the board is chosen from the officer's own boards.

    The rules (slug, period, uniqueness, predecessor) are the model's: the form runs its validation
    and shows its messages against the fields, and adds only what is about the form itself.
    """

    board = IdModelChoiceField(
        queryset=Board.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose the board the strategy is for",
            "invalid_choice": "Choose one of your own boards",
        },
    )
    # The board first: it decides which strategies the new one can replace.
    field_order = ["board"]
    # An officer of one board is not asked: the page names the board (strategy_form.html).
    single_board: Board | None = None

    class Meta:
        model = Strategy
        fields = list(STRATEGY_FIELDS)
        field_classes = {"predecessor": IdModelChoiceField}
        error_messages = {
            "title": _messages("a title", 200),
            "slug": {"max_length": "The web address name must be 100 characters or fewer"},
            "start_year": {
                "required": "Enter the year the strategy starts",
                "invalid": "Enter the year the strategy starts as a number, for example 2022",
            },
            "end_year": {
                "required": "Enter the year the strategy ends",
                "invalid": "Enter the year the strategy ends as a number, for example 2026",
            },
            "summary": {"max_length": "The summary must be 1,000 characters or fewer"},
            "vision": {"max_length": "The vision must be 20,000 characters or fewer"},
            "domain_label": _messages("what the strategy calls its top-level areas", 40),
            "domain_label_plural": _messages("the plural of that name", 40),
            "predecessor": {"invalid_choice": "Choose a published strategy of the same board"},
            "easy_read": {"max_length": "The easy read introduction must be 3,000 characters or fewer"},
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "vision": forms.Textarea(attrs={"rows": 8}),
            "easy_read": forms.Textarea(attrs={"rows": 4}),
        }

    form_token = FormTokenField()
    version = HiddenNumberField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # An edit sends the version it was loaded from (core.versions.EditConflict); a create, its token.
            del self.fields["board"]
            del self.fields["form_token"]
            self.fields["version"].initial = self.instance.version
            board_id = self.instance.board_id
        else:
            del self.fields["version"]
            field = self.fields["board"]
            field.queryset = Board.objects.editable_by(user)
            boards = list(field.queryset[:2])
            if len(boards) == 1:
                self.single_board = boards[0]
                field.widget = forms.HiddenInput()
                field.initial = self.single_board.pk
                # Shown as the form's own error (HiddenErrorsMixin): there is nothing to choose.
                field.error_messages["required"] = (
                    "The page was sent incomplete. Reload the page and try again"
                )
            if self.is_bound:
                board_id = parse_id(self.data.get(self.add_prefix("board")))
            else:
                board_id = boards[0].pk if boards else None
        choices = Strategy.objects.predecessor_choices(board_id, self.instance)
        if self.instance.predecessor_id:
            # Kept on offer even if it no longer qualifies, so that saving does not drop it unseen:
            # the model then says what is wrong with it.
            choices = choices | Strategy.objects.filter(pk=self.instance.predecessor_id)
        self.fields["predecessor"].queryset = choices
        for name in ("start_year", "end_year"):
            # The model's validators decide the range, with its messages; the form field's own
            # limits (0 to 32767, from the column type) would speak first, in Django's words.
            field = self.fields[name]
            field.validators = [
                v for v in field.validators if not isinstance(v, (MinValueValidator, MaxValueValidator))
            ]
            field.widget.attrs.pop("min", None)
            field.widget.attrs.pop("max", None)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("domain_label", "domain")
            self.initial.setdefault("domain_label_plural", "domains")

    def clean(self):
        data = super().clean()
        if "board" in self.fields and data.get("board"):
            # Before the model's validation, which needs the board (the slug is unique per board).
            self.instance.board = data["board"]
        return data

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        if self.instance.board_id:
            exclusions.discard("board")  # Not an edited field, but part of the slug's uniqueness.
        return exclusions

    def _post_clean(self):
        super()._post_clean()
        if "slug" in self.errors and not self.data.get(self.add_prefix("slug")) and self.instance.slug:
            # The model made the name from the title and period; show it with what is wrong with it.
            self.data = self.data.copy()
            self.data[self.add_prefix("slug")] = self.instance.slug

    def service_fields(self) -> dict:
        """The edited fields as the model has them after validation (the slug made if left blank)."""
        return {name: getattr(self.instance, name) for name in self.Meta.fields}

    def service_arguments(self) -> dict:
        """strategy_update's keywords: the fields and the version the form was loaded from."""
        return {"version": self.cleaned_data["version"], **self.service_fields()}


class ItemForm(HiddenErrorsMixin, forms.Form):
    """
    A domain's or priority's title and description. The form that adds one carries a one-time token
    (core.formtokens), so sending it twice adds it once; the form that edits one, the version it was
    loaded from (core.versions.EditConflict), so a save over someone else's newer text is refused.
    """

    description = forms.CharField(required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    easy_read = forms.CharField(
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Easy read version",
        help_text="Shown in the easy read version of the strategy: short sentences, one idea each.",
        error_messages={"max_length": "The easy read version must be 3,000 characters or fewer"},
    )

    def __init__(
        self, *args, noun: str, title_limit: int, adding: bool = False, autofocus: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        # Built here, not declared, because the limit differs between domains and priorities.
        self.fields = {
            "title": forms.CharField(
                max_length=title_limit,
                label=f"Title of the {noun}",
                error_messages={
                    "required": f"Enter a title for the {noun}",
                    "max_length": f"The title must be {title_limit} characters or fewer",
                },
            ),
            **self.fields,
        }
        if adding:
            self.fields["form_token"] = FormTokenField()
        else:
            self.fields["version"] = HiddenNumberField()
        if autofocus:
            # Inline editing swaps the form in where the text was: put the cursor where the user will type.
            self.fields["title"].widget.attrs["autofocus"] = True
        self.fields["description"].label = "Description"
        self.fields["description"].help_text = "Markdown: paragraphs, bullet lists and links."
        self.fields["description"].error_messages = {
            "max_length": "The description must be 10,000 characters or fewer"
        }

    def item_fields(self) -> dict:
        """The service's keywords: the item's text."""
        return {"title": self.cleaned_data["title"], "description": self.cleaned_data["description"]}

    def service_arguments(self) -> dict:
        """The update service's keywords: the text and the version the form was loaded from."""
        return {"version": self.cleaned_data["version"], **self.item_fields()}


def domain_form(strategy: Strategy, *args, **kwargs) -> ItemForm:
    return ItemForm(
        *args, noun=strategy.domain_label, title_limit=Domain._meta.get_field("title").max_length, **kwargs
    )


def priority_form(*args, **kwargs) -> ItemForm:
    return ItemForm(
        *args, noun="priority", title_limit=Priority._meta.get_field("title").max_length, **kwargs
    )


class TransitionForm(forms.Form):
    """
    A lifecycle move. Only the moves this user may make are offered (an officer is not offered
    "Published"); a forged value still reaches the lifecycle and the rules, which say why not.
    """

    # A CharField, not a ChoiceField: any value reaches the lifecycle, which explains why a move is refused.
    to_status = forms.CharField(
        label="Move the strategy to",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status the strategy moves to"},
    )
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the strategy's history, with your name and the time.",
        error_messages={
            "required": "Enter the reason for this change",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )
    decision = IdModelChoiceField(
        queryset=Decision.objects.none(),
        required=False,
        label="Board decision",  # The renderer adds "(optional)" unless the move needs one.
        help_text="The Board resolution that made this change, if there was one.",
        error_messages={
            "invalid_choice": "Choose a decision of this strategy's board that can make this move"
        },
    )
    on = GovukDateField(
        required=False,
        label="Date of the move",
        noun="the date of the move",
        after=datetime.date(FIRST_YEAR, 1, 1),
        not_future=True,
        help_text="Leave blank for today. Give the date of a move made before the strategy was in the "
        "portal, for example 15 6 2022.",
    )

    # The service names the move's time `at`; on this form it is the date field (core.forms.add_errors).
    service_error_fields = {"at": "on"}
    # What the Board must have approved for the move on offer, when it needs a decision (the page says so).
    decision_needed = ""
    no_decisions = False

    def __init__(self, *args, strategy: Strategy, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.moves = {
            to: Status(to).label
            for to in strategy.allowed_transitions()
            if permissions.can_move(user, strategy, to)
        }
        self.fields["to_status"].widget.choices = list(self.moves.items())
        if len(self.moves) == 1:
            self.initial.setdefault("to_status", next(iter(self.moves)))
        self._offer_decisions(strategy)

    def _offer_decisions(self, strategy: Strategy) -> None:
        """
        Only the decisions that can make the moves on offer: going out to consultation and approval
        need an approving resolution with that effect (models.DECISION_EFFECTS), from a meeting the
        board held; any other move may record an approved resolution of the board.
        """
        field = self.fields["decision"]
        effects = {DECISION_EFFECTS.get(to) for to in self.moves}
        if None in effects:
            offered = Decision.objects.filter(
                agenda_item__meeting__board=strategy.board,
                agenda_item__meeting__status=MeetingStatus.HELD,
                outcome=Decision.Outcome.APPROVED,
            )
        else:
            offered = Decision.objects.none()
            for effect in effects:
                offered = offered | Decision.objects.approving(effect, strategy.board)
        field.queryset = offered.select_related("agenda_item__meeting__board").order_by(
            "-agenda_item__meeting__starts_at", "agenda_item__number", "letter"
        )
        field.label_from_instance = decision_label
        needed = [to for to in self.moves if to in DECISION_EFFECTS]
        if needed and len(self.moves) == 1:
            # Needed, but not required here: the lifecycle refuses the move without one and says why,
            # beside the field, after what it says of a forged move.
            approves = APPROVES[needed[0]]
            field.needed_if = needed[0]
            self.no_decisions = not field.queryset.exists()
            field.empty_label = "None recorded yet" if self.no_decisions else "Choose a decision"
            field.help_text = (
                f"The resolution that approved {approves}, from a meeting the board held. Only an approving "
                "decision can make this move."
            )
            self.decision_needed = approves

    def service_arguments(self) -> dict:
        """
        The service's keywords. No date, or today's, means now: the move is made today, and noon
        would be in the future all morning. An earlier date is recorded at noon that day, local time.
        """
        data = dict(self.cleaned_data)
        on = data.pop("on")
        if on is None or on >= timezone.localdate():
            data["at"] = None
        else:
            data["at"] = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
        return data


class SupportingDocumentForm(HiddenErrorsMixin, forms.Form):
    """
    A document that supports the strategy: an uploaded PDF or a link, with its title and description.
    Its one-time token (core.formtokens) makes a form sent twice add the document once.
    """

    form_token = FormTokenField()
    title = forms.CharField(
        max_length=200,
        label="Title of the document",
        error_messages={
            "required": "Enter the title of the document",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Short description",
        help_text="One or two sentences: what the document is and how it supports the strategy.",
        error_messages={"max_length": "The description must be 600 characters or fewer"},
    )
    file = forms.FileField(
        required=False,
        label="Upload a PDF",
        help_text="A PDF of up to 20 MB that opens without a password.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"invalid": "The selected file could not be read: choose it again"},
    )
    url = forms.URLField(
        required=False,
        max_length=500,
        label="Or give a link to it",
        help_text="The full web address, starting https://, for example https://www.example.gov.uk/plan.pdf",
        assume_scheme="https",
        # Secure links only: the default validator also takes http:// and ftp://. An address typed
        # without a scheme gets https:// (assume_scheme), so only a wrong scheme meets this one.
        validators=[RegexValidator(r"^https://", code="not_https")],
        error_messages={
            "invalid": "Enter the link as a full web address, like https://www.example.gov.uk/plan.pdf",
            "not_https": "Enter a link that starts with https://",
            "max_length": "The link must be 500 characters or fewer",
        },
    )

    def clean(self):
        data = super().clean()
        if "file" in self.errors or "url" in self.errors:
            return data
        if data.get("file") and data.get("url"):
            self.add_error("url", "Upload a PDF or give a link, not both")
        elif not data.get("file") and not data.get("url"):
            self.add_error("file", "Upload a PDF or give a link to the document")
        return data

    def service_fields(self) -> dict:
        """supporting_document_add's keywords."""
        return {name: self.cleaned_data[name] for name in ("title", "description", "file", "url")}
