import datetime
import re
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings

from boards.forms.proceedings import decision_label
from boards.models import Decision
from core.forms import GovukDateField, HiddenErrorsMixin, HiddenNumberField, IdModelChoiceField, parse_id
from core.formtokens import FormTokenField
from strategies.models import Status as StrategyStatus
from strategies.models import Strategy

from .analysis import NOT_GIVEN, NOT_GIVEN_LABEL, Filters
from .models import Channel, Consultation, Question, RespondentType

SETUP_FIELDS = (
    "title",
    "slug",
    "introduction",
    "other_ways",
    "privacy_notice",
    "retention_months",
    "report_expected",
    "ask_equality",
    "decision",
)
_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm)?$")


class TimeOfDayField(forms.CharField):
    """A time as people write it: 9am, 9:30pm, 17:30, noon, midnight."""

    def __init__(self, *, noun: str, **kwargs):
        self.noun = noun
        super().__init__(max_length=10, **kwargs)
        self.error_messages["required"] = f"Enter {noun}"
        self.widget.attrs.update({"class": "govuk-input govuk-input--width-5", "spellcheck": "false"})

    def clean(self, value) -> datetime.time | None:
        text = super().clean(value).strip().lower().replace(" ", "")
        if not text:
            return None
        if text in ("noon", "midday", "12noon"):
            return datetime.time(12, 0)
        if text == "midnight":
            return datetime.time(0, 0)
        match = _TIME.match(text) if text.isascii() else None
        if match is None:
            raise forms.ValidationError(
                f"Enter {self.noun} as a time, for example 9am or 17:30", code="invalid"
            )
        hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
        if half:
            if not 1 <= hour <= 12:
                raise forms.ValidationError(
                    f"Enter {self.noun} as a real time, for example 9am", code="invalid"
                )
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(
                f"Enter {self.noun} as a real time, for example 17:30", code="invalid"
            )
        return datetime.time(hour, minute)


def _local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=ZoneInfo(settings.TIME_ZONE))


class ConsultationForm(HiddenErrorsMixin, forms.ModelForm):
    """
    Set up a consultation: on which draft (when creating), when it opens and closes (a date and a time
    each, in UK time), what residents read first, other ways to respond, the privacy notice, how long
    personal data is kept. The model's rules speak through its messages (service_error_fields maps its
    datetimes to the date inputs).
    """

    strategy = IdModelChoiceField(
        queryset=Strategy.objects.none(),
        empty_label=None,
        label="Strategy consulted on",
        help_text="A draft of one of your boards, without a consultation that has not closed.",
        error_messages={"invalid_choice": "Choose a draft strategy of one of your boards"},
    )
    opens_on = GovukDateField(
        noun="the opening date", label="Opening date", help_text="For example, 29 11 2021"
    )
    opens_time = TimeOfDayField(noun="the opening time", label="Opening time", initial="9am")
    closes_on = GovukDateField(
        noun="the closing date", label="Closing date", help_text="For example, 23 1 2022"
    )
    closes_time = TimeOfDayField(noun="the closing time", label="Closing time", initial="11:59pm")
    report_expected = GovukDateField(
        noun="the date the report is expected", label="Report expected", required=False
    )
    form_token = FormTokenField()
    version = HiddenNumberField()

    service_error_fields = {"opens_at": "opens_on", "closes_at": "closes_on"}

    class Meta:
        model = Consultation
        fields = list(SETUP_FIELDS)
        field_classes = {"decision": IdModelChoiceField}
        error_messages = {
            "title": {"required": "Enter a title", "max_length": "The title must be 200 characters or fewer"},
            "slug": {
                "required": "Enter a web address name",
                "max_length": "The web address name must be 100 characters or fewer",
            },
            "privacy_notice": {
                "required": "Enter the privacy notice: what you collect, why, and how long you keep it",
                "max_length": "The privacy notice must be 10,000 characters or fewer",
            },
            "introduction": {"max_length": "The introduction must be 10,000 characters or fewer"},
            "other_ways": {"max_length": "The other ways to respond must be 3,000 characters or fewer"},
            "retention_months": {
                "required": "Enter how many months to keep personal data",
                "invalid": "Enter the number of months as a whole number, for example 12",
            },
            "decision": {"invalid_choice": "Choose an approving decision of this board"},
        }
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 6}),
            "other_ways": forms.Textarea(attrs={"rows": 4}),
            "privacy_notice": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["strategy"]
            del self.fields["form_token"]
            self.fields["version"].initial = self.instance.version
            board_id = self.instance.board_id
            if not self.is_bound:
                opens, closes = (
                    moment.astimezone(ZoneInfo(settings.TIME_ZONE)) for moment in self._moments()
                )
                self.initial.update(
                    opens_on=opens.date(),
                    opens_time=f"{opens:%H:%M}",
                    closes_on=closes.date(),
                    closes_time=f"{closes:%H:%M}",
                )
        else:
            del self.fields["version"]
            drafts = Strategy.objects.editable_by(user).filter(status=StrategyStatus.DRAFT)
            self.fields["strategy"].queryset = drafts.exclude(
                consultations__status__in=["setup", "scheduled", "open"]
            )
            self.fields["strategy"].label_from_instance = lambda strategy: (
                f"{strategy.title} ({strategy.board})"
            )
            chosen = self.fields["strategy"].queryset
            if self.is_bound:
                strategy_id = parse_id(self.data.get(self.add_prefix("strategy")))
                chosen = chosen.filter(pk=strategy_id)
            first = chosen.first()
            board_id = first.board_id if first else None
        decision = self.fields["decision"]
        decision.queryset = (
            Decision.objects.approving(Decision.Effect.CONSULTATION, board_id)
            .select_related("agenda_item__meeting__board")
            .order_by("-agenda_item__meeting__starts_at", "agenda_item__number", "letter")
        )
        decision.label_from_instance = decision_label
        decision.required = False
        decision.label = "Board decision to consult"
        # Not needed to save the set-up, but to schedule or open it: not labelled "(optional)".
        decision.needed_if = "scheduling"
        decision.help_text = (
            "The resolution that approved this draft for consultation, from a meeting the board held. "
            "The consultation cannot be scheduled or opened without it."
        )

    def _moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        return self.instance.opens_at, self.instance.closes_at

    def clean(self):
        data = super().clean()
        if data.get("strategy"):
            self.instance.strategy = data["strategy"]
            self.instance.board_id = data["strategy"].board_id
        for which in ("opens", "closes"):
            day, time = data.get(f"{which}_on"), data.get(f"{which}_time")
            if day and time is not None:
                setattr(self.instance, f"{which}_at", _local(day, time))
        return data

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        if self.instance.board_id:
            exclusions.discard("board")  # Not an edited field, but part of the web address name's uniqueness.
        if self.instance.opens_at and self.instance.closes_at:
            exclusions -= {"opens_at", "closes_at"}
        return exclusions

    def _update_errors(self, errors):
        # The model's messages about its datetimes belong to the date inputs.
        if hasattr(errors, "error_dict"):
            for model_name, form_name in self.service_error_fields.items():
                if model_name in errors.error_dict:
                    errors.error_dict.setdefault(form_name, []).extend(errors.error_dict.pop(model_name))
        super()._update_errors(errors)

    def service_fields(self) -> dict:
        fields = {name: getattr(self.instance, name) for name in SETUP_FIELDS}
        fields.update(opens_at=self.instance.opens_at, closes_at=self.instance.closes_at)
        return fields


class QuestionForm(HiddenErrorsMixin, forms.Form):
    """A general question of the survey: its text, kind, choices (one a line), whether it must be answered."""

    text = forms.CharField(
        label="Question",
        max_length=300,
        error_messages={
            "required": "Enter the question",
            "max_length": "The question must be 300 characters or fewer",
        },
    )
    hint = forms.CharField(
        label="Hint",
        required=False,
        max_length=500,
        error_messages={"max_length": "The hint must be 500 characters or fewer"},
    )
    kind = forms.ChoiceField(
        label="Type of answer",
        choices=Question.Kind.choices,
        initial=Question.Kind.TEXT,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose free text, single choice or multiple choice"},
    )
    options = forms.CharField(
        label="Choices (for a choice question), one on each line",
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    required = forms.BooleanField(label="An answer is required", required=False)
    form_token = FormTokenField()
    version = HiddenNumberField()

    def __init__(self, *args, adding: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["version" if adding else "form_token"]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        options = [line.strip() for line in data["options"].splitlines() if line.strip()]
        return {
            "text": data["text"],
            "hint": data["hint"],
            "kind": data["kind"],
            "options": options if data["kind"] != Question.Kind.TEXT else [],
            "required": data["required"],
        }


class TransitionForm(forms.Form):
    to_status = forms.CharField(max_length=20)


class MonitorFilterForm(forms.Form):
    """Which responses the monitoring page counts (GET): a channel, a respondent type, or all."""

    channel = forms.ChoiceField(
        label="Channel", required=False, choices=[("", "All channels"), *Channel.choices]
    )
    respondent_type = forms.ChoiceField(
        label="Responding as",
        required=False,
        choices=[("", "Everyone"), *RespondentType.choices, (NOT_GIVEN, NOT_GIVEN_LABEL)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].error_messages["invalid_choice"] = "Choose one of the channels listed"
        self.fields["respondent_type"].error_messages["invalid_choice"] = "Choose one of the types listed"

    def filters(self) -> Filters:
        """The filters chosen; none where the form is not valid (the page says which was refused)."""
        if not self.is_valid():
            return Filters()
        return Filters(**self.cleaned_data)
