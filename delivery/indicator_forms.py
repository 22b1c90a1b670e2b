"""The indicators' forms: an indicator, a local indicator's figure, and uploading a Fingertips export."""

from django import forms
from django.conf import settings

from core.forms import GovukDateField, HiddenErrorsMixin, HiddenNumberField, IdModelChoiceField
from core.formtokens import FormTokenField
from core.upload_limits import size_text
from strategies.models import Priority, Strategy

from . import fingertips
from .freshness import board_officers
from .models import Indicator, IndicatorSource, Polarity, UpdateEvery


class ImportForm(forms.Form):
    """A Fingertips CSV file. What its start shows is checked here; the rest by a worker."""

    file = forms.FileField(
        label="Upload a CSV file exported from Fingertips",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": "Choose the CSV file to upload",
            "invalid": "The selected file could not be read: choose it again",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "As Fingertips gives it (“Export data”, or the API's all data CSV), of up to "
            f"{size_text(settings.INDICATOR_IMPORT_MAX_BYTES)}."
        )

    @classmethod
    def refusing_file(cls, message: str) -> "ImportForm":
        form = cls(data={}, files={})
        form.is_valid()
        form.errors["file"] = form.error_class([message])
        return form

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.INDICATOR_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {size_text(settings.INDICATOR_IMPORT_MAX_BYTES)}"
            )
        try:
            fingertips.check_start(upload)
        except fingertips.FileRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        return upload


def _number_field(label: str, noun: str, **kwargs) -> forms.FloatField:
    return forms.FloatField(
        required=False,
        label=label,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={"invalid": f"Enter the {noun} as a number, like 14.9"},
        **kwargs,
    )


class IndicatorForm(HiddenErrorsMixin, forms.Form):
    """An indicator's definition, owner, baseline and target, and the priorities it measures."""

    title = forms.CharField(
        max_length=300,
        label="Indicator",
        help_text="As Fingertips names it, for example “Smoking prevalence in adults (18+)”",
        error_messages={
            "required": "Enter the indicator's name",
            "max_length": "The name must be 300 characters or fewer",
        },
    )
    definition = forms.CharField(
        required=False,
        max_length=5000,
        label="What it measures",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The definition must be 5,000 characters or fewer"},
    )
    source = forms.ChoiceField(
        choices=IndicatorSource.choices,
        widget=forms.RadioSelect,
        initial=IndicatorSource.FINGERTIPS,
        label="Where its data comes from",
        error_messages={
            "required": "Choose where its data comes from",
            "invalid_choice": "Choose where its data comes from",
        },
    )
    fingertips_id = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2_147_483_647,
        label="Fingertips indicator ID",
        help_text="The number in the indicator's Fingertips address or definition, for example 92443. "
        "Leave it empty for local data.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
        error_messages={
            "invalid": "Enter the Fingertips indicator ID as a whole number, like 92443",
            "min_value": "Enter the Fingertips indicator ID as a whole number, like 92443",
            "max_value": "Enter the Fingertips indicator ID as a whole number, like 92443",
        },
    )
    unit = forms.CharField(
        required=False,
        max_length=60,
        label="Unit",
        help_text="“%”, or a rate such as “per 100,000”; the portal computes confidence intervals for local "
        "data in these units from a count and a denominator.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"max_length": "The unit must be 60 characters or fewer"},
    )
    polarity = forms.ChoiceField(
        choices=Polarity.choices,
        widget=forms.RadioSelect,
        initial=Polarity.NO_JUDGEMENT,
        label="Which way is better",
        help_text="Decides “better” or “worse” than England, and whether a target is met.",
        error_messages={
            "required": "Choose which way is better",
            "invalid_choice": "Choose which way is better",
        },
    )
    baseline_value = _number_field("Baseline value", "baseline value")
    baseline_period = forms.CharField(
        required=False,
        max_length=40,
        label="Baseline period",
        help_text="For example, 2021/22",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"max_length": "The period must be 40 characters or fewer"},
    )
    target_value = _number_field("Target value", "target value")
    target_date = GovukDateField(
        noun="the target date", required=False, label="Target date", help_text="For example, 31 3 2026"
    )
    priorities = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        label="Priorities it measures",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        error_messages={"invalid_choice": "Choose priorities of this strategy"},
    )
    owner = IdModelChoiceField(
        queryset=None,
        label="Owner in the portal",
        help_text="The board's officer who keeps its data current, and is emailed when an update is due.",
        empty_label="Choose an officer",
        error_messages={
            "required": "Choose the officer who keeps its data current",
            "invalid_choice": "Choose one of the board's officers",
        },
    )
    update_every = forms.TypedChoiceField(
        coerce=int,
        choices=UpdateEvery.choices,
        initial=UpdateEvery.YEAR,
        label="Its data is brought up to date",
        error_messages={
            "required": "Choose how often its data is brought up to date",
            "invalid_choice": "Choose how often its data is brought up to date",
        },
    )
    form_token = FormTokenField()
    version = HiddenNumberField()

    def __init__(self, *args, strategy: Strategy, indicator: Indicator | None = None, user=None, **kwargs):
        if indicator is not None and not (args and args[0] is not None or kwargs.get("data") is not None):
            kwargs["initial"] = {
                **{name: getattr(indicator, name) for name in FIELDS if name not in ("owner", "priorities")},
                "owner": indicator.owner_id,
                "priorities": [priority.pk for priority in indicator.priorities.all()],
                "version": indicator.version,
            }
        super().__init__(*args, **kwargs)
        self.priorities = {
            priority.pk: priority
            for priority in Priority.objects.filter(domain__strategy=strategy).order_by(
                "domain__position", "domain_id", "position", "pk"
            )
        }
        self.fields["priorities"].choices = [(pk, priority.title) for pk, priority in self.priorities.items()]
        self.fields["owner"].queryset = board_officers(strategy.board)
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.username
        if indicator is None:
            del self.fields["version"]
            self.fields["owner"].initial = user.pk if user is not None else None
        else:
            del self.fields["form_token"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") == IndicatorSource.FINGERTIPS and cleaned.get("fingertips_id") is None:
            if "fingertips_id" not in self.errors:
                self.add_error("fingertips_id", "Enter the Fingertips indicator ID, or choose local data")
        if cleaned.get("source") == IndicatorSource.LOCAL and cleaned.get("fingertips_id") is not None:
            self.add_error(
                "fingertips_id",
                "A local indicator has no Fingertips indicator ID: leave it empty, or choose OHID Fingertips",
            )
        return cleaned

    def indicator_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in FIELDS if name != "priorities"}
        fields["baseline_period"] = fields["baseline_period"] or ""
        fields["priorities"] = [self.priorities[pk] for pk in self.cleaned_data["priorities"]]
        return fields


FIELDS = (
    "title",
    "definition",
    "source",
    "fingertips_id",
    "unit",
    "polarity",
    "baseline_value",
    "baseline_period",
    "target_value",
    "target_date",
    "priorities",
    "owner",
    "update_every",
)


class DataPointForm(HiddenErrorsMixin, forms.Form):
    """A local indicator's figure for one period: its value, or the count and denominator that give it."""

    period = forms.CharField(
        max_length=40,
        label="Period",
        help_text="For example, 2024/25, 2024, or 2024/25 Q1",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the period, such as 2024/25",
            "max_length": "The period must be 40 characters or fewer",
        },
    )
    value = _number_field(
        "Value", "value", help_text="Leave it empty to work it out from the count and denominator."
    )
    count = _number_field("Count", "count", help_text="The number of people or events.")
    denominator = _number_field("Denominator", "denominator", help_text="The population it is out of.")
    lower = _number_field(
        "Lower 95% confidence limit", "lower limit", help_text="Only if the source publishes it."
    )
    upper = _number_field("Upper 95% confidence limit", "upper limit")
    value_note = forms.CharField(
        required=False,
        max_length=200,
        label="Note",
        help_text="Why a value is missing, or what to know about it: “Suppressed: small numbers”.",
        error_messages={"max_length": "The note must be 200 characters or fewer"},
    )
