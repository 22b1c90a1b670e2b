"""
The officers' forms for offline responses and events (views/offline.py). As for the resident's pages,
field names are those the services key their errors by (consultations/offline.py), and the content
checks are the services': the forms only turn what was sent into values.
"""

from django import forms

from core.forms import GovukDateField, HiddenErrorsMixin, IdModelChoiceField
from core.formtokens import FormTokenField

from . import equality
from .models import OFFLINE_CHANNELS, Agreement, Event, Question, RespondentType
from .offline import REASON_MAX
from .respond_forms import CommentField, LenientChoiceField, LenientMultipleChoiceField

CHANNEL_LABELS = {"paper": "Paper", "email": "Email", "phone": "Phone", "event": "At an event"}
NOT_ANSWERED = ("", "Not answered")


class CompactRadioSelect(forms.RadioSelect):
    """GOV.UK's small radios, side by side: a row per question, for typing in a pile of paper."""

    template_name = "consultations/widgets/compact_radios.html"


def _compact(field: forms.Field) -> forms.Field:
    field.widget.attrs["rows"] = 2
    return field


class EntryForm(HiddenErrorsMixin, forms.Form):
    """
    One offline response: how it came and when, every priority (agreement and comment), the general
    questions, who they responded as, and the equality answers. `adding` adds the one-time key;
    otherwise (a correction) the form asks why.
    """

    channel = LenientChoiceField(
        label="How did the response come?",
        choices=[(channel, CHANNEL_LABELS[channel]) for channel in OFFLINE_CHANNELS],
        widget=CompactRadioSelect,
        error_messages={"required": "Select how the response came"},
    )
    received_on = GovukDateField(
        noun="the date received",
        label="Date received",
        help_text="For example, 27 3 2026. The postmark or the email's date, if it came late.",
    )
    event = IdModelChoiceField(
        queryset=Event.objects.none(),
        required=False,
        label="Event",
        help_text="Only for a response that came at an event.",
        empty_label="None",
        error_messages={"invalid_choice": "Select an event of this consultation"},
    )
    respondent_type = LenientChoiceField(
        label="Responding as",
        choices=[NOT_ANSWERED, *RespondentType.choices],
        required=False,
        widget=CompactRadioSelect,
    )
    organisation = forms.CharField(
        label="Name of the organisation", required=False, help_text="If on behalf of an organisation."
    )
    other = forms.CharField(label="Responding as (other)", required=False, help_text="If “Other”.")

    def __init__(self, *args, consultation, adding: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fields["event"].queryset = consultation.events.all()
        self.domains = consultation.domains()
        for priority in consultation.priorities():
            pk, title = priority["id"], priority["title"]
            self.fields[f"agreement_{pk}"] = LenientChoiceField(
                label=title,
                choices=[NOT_ANSWERED, *Agreement.choices],
                required=False,
                widget=CompactRadioSelect,
            )
            self.fields[f"comment_{pk}"] = _compact(CommentField(label=f"Comment on “{title}”"))
        self.questions = list(consultation.questions.all())
        for question in self.questions:
            options = [(option, option) for option in question.options]
            if question.kind == Question.Kind.TEXT:
                field = _compact(CommentField())
            elif question.kind == Question.Kind.SINGLE:
                field = LenientChoiceField(choices=[NOT_ANSWERED, *options], widget=CompactRadioSelect)
            else:
                field = LenientMultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple)
            field.label, field.required, field.help_text = question.text, False, question.hint
            self.fields[f"question_{question.pk}"] = field
        self.equality = consultation.ask_equality
        if self.equality:
            for question in equality.QUESTIONS:
                self.fields[f"equality_{question.key}"] = LenientChoiceField(
                    label=question.text,
                    choices=[("", "Not answered"), *[(choice, choice) for choice in question.choices]],
                    required=False,
                    widget=forms.Select,
                )
        if adding:
            self.fields["form_token"] = FormTokenField()
        else:
            self.fields["reason"] = forms.CharField(
                label="Why are you changing this response?",
                help_text="Recorded in the strategy's history, with your name.",
                max_length=REASON_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "required": "Enter why the response is being changed",
                    "max_length": f"The reason must be {REASON_MAX} characters or fewer",
                },
            )

    # For the template: the fields in the page's sections.

    def first(self):
        return [self["channel"], self["received_on"], self["event"]]

    def domain_rows(self):
        for domain in self.domains:
            yield (
                domain,
                [(self[f"agreement_{p['id']}"], self[f"comment_{p['id']}"]) for p in domain["priorities"]],
            )

    def question_fields(self):
        return [self[f"question_{question.pk}"] for question in self.questions]

    def about_fields(self):
        return [self["respondent_type"], self["organisation"], self["other"]]

    def equality_fields(self):
        return [self[f"equality_{question.key}"] for question in equality.QUESTIONS] if self.equality else []

    def equality_given(self) -> bool:
        return any(field.value() or field.errors for field in self.equality_fields())

    def service_fields(self) -> dict:
        data = self.cleaned_data
        answers = {}
        for priority in self.consultation.priorities():
            pk = priority["id"]
            value = data.get(f"agreement_{pk}") or ""
            if not value:
                agreement = None
            elif value.isascii() and value.isdigit() and len(value) < 3:
                agreement = int(value)
            else:
                agreement = -1  # Not a number: the service refuses it, on its field.
            answers[pk] = (agreement, data.get(f"comment_{pk}") or "")
        return {
            "channel": data["channel"],
            "received_on": data["received_on"],
            "event": data.get("event"),
            "answers": answers,
            "questions": {question.pk: data[f"question_{question.pk}"] for question in self.questions},
            "respondent_type": data.get("respondent_type") or "",
            "organisation": data.get("organisation") or "",
            "other": data.get("other") or "",
            "equality": {
                question.key: data.get(f"equality_{question.key}") or "" for question in equality.QUESTIONS
            },
        }


def entry_initial(response) -> dict:
    """What an entered response's correction form starts from."""
    initial = {
        "channel": response.channel,
        "received_on": response.received_on,
        "event": response.event_id,
        "respondent_type": response.respondent_type,
        "organisation": response.organisation,
        "other": response.respondent_type_other,
    }
    for answer in response.priority_answers.all():
        initial[f"agreement_{answer.priority_id}"] = str(answer.agreement or "")
    for comment in response.comments.all():
        if comment.priority_id is not None:
            initial[f"comment_{comment.priority_id}"] = comment.text
        elif comment.question_id is not None:
            initial[f"question_{comment.question_id}"] = comment.text
    chosen: dict[int, list[str]] = {}
    for choice in response.choices.select_related("question"):
        chosen.setdefault(choice.question_id, []).append(choice.option)
    for question in response.consultation.questions.all():
        if question.pk in chosen:
            options = chosen[question.pk]
            initial[f"question_{question.pk}"] = (
                options[0] if question.kind == Question.Kind.SINGLE else options
            )
    for key, value in response.equality.items():
        initial[f"equality_{key}"] = value
    return initial


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why are you deleting this response?",
        help_text="Recorded in the strategy's history, with your name.",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the response is being deleted",
            "max_length": f"The reason must be {REASON_MAX} characters or fewer",
        },
    )


class EventForm(HiddenErrorsMixin, forms.ModelForm):
    """An engagement event's details; `adding` adds the one-time key of a create form."""

    held_on = GovukDateField(noun="the date of the event", label="Date")
    people_reached = forms.IntegerField(
        label="People reached",
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text="About how many people took part or heard the presentation.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "invalid": "Enter the number of people reached as a whole number, like 25",
            "min_value": "The number of people reached must be 0 or more",
            "max_value": "The number of people reached must be 1,000,000 or fewer",
        },
    )

    class Meta:
        model = Event
        fields = ["kind", "title", "held_on", "place", "organisation", "people_reached", "notes"]
        widgets = {"kind": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 4})}
        labels = {"kind": "What kind of event was it?", "organisation": "Organisation"}

    def __init__(self, *args, adding: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Event.Kind.choices  # No empty choice: a kind is required.
        if adding:
            self.fields["form_token"] = FormTokenField()

    def service_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["people_reached"] = fields["people_reached"] or 0
        return fields


class EventCommentForm(forms.Form):
    """A comment captured at an event, and the priorities of the consulted text it speaks to."""

    text = CommentField(label="Comment", required=True, error_messages={"required": "Enter the comment"})
    priorities = forms.TypedMultipleChoiceField(
        label="Which priorities does it speak to?",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select from the priorities consulted on"},
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["rows"] = 3
        self.fields["priorities"].choices = [
            (domain["title"], [(priority["id"], priority["title"]) for priority in domain["priorities"]])
            for domain in consultation.domains()
        ]
