"""
The resident's survey pages as forms (views/respond.py). Each form's field names are the names the
services key their errors by (consultations/responding.py), so a service's error lands on its field.
The checks of content (lengths, choices offered, required answers) are the services'; the forms
only turn what was sent into values.
"""

from django import forms

from core.forms import HiddenErrorsMixin
from core.formtokens import FormTokenField

from . import equality
from .models import COMMENT_MAX, Agreement, Question, RespondentType

CHARACTER_COUNT = "consultations/respond_character_count.html"


class LenientChoiceField(forms.ChoiceField):
    """A choice whose value the service checks (so its message names the question): any text passes."""

    def valid_value(self, value) -> bool:
        return True


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    def valid_value(self, value) -> bool:
        return True


class CharacterCountBoundField(forms.BoundField):
    """A textarea described by the character count's message too (GOV.UK Frontend finds it by id)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.auto_id:
            described = [attrs.get("aria-describedby"), f"{self.auto_id}-info"]
            attrs["aria-describedby"] = " ".join(filter(None, described))
        return attrs


class CommentField(forms.CharField):
    """Free text with the GOV.UK character count; its length is the service's to check."""

    bound_field_class = CharacterCountBoundField

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("template_name", CHARACTER_COUNT)  # Field.__init__ sets it, class or not.
        super().__init__(
            widget=forms.Textarea(attrs={"rows": 5, "class": "govuk-js-character-count"}), **kwargs
        )
        self.max_characters = COMMENT_MAX


class StartForm(HiddenErrorsMixin, forms.Form):
    form_token = FormTokenField()
    # The honeypot: hidden from people and assistive technology (respond_start.html); a form that
    # fills it in was not sent by a person.
    website = forms.CharField(required=False, label="Leave this empty")


class DomainForm(forms.Form):
    """How far the resident agrees with each priority of one domain, and why."""

    def __init__(self, *args, domain: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.priorities = domain["priorities"]
        for priority in self.priorities:
            pk, title = priority["id"], priority["title"]
            self.fields[f"agreement_{pk}"] = LenientChoiceField(
                label=f"How far do you agree with “{title}”?",
                choices=Agreement.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{pk}"] = CommentField(label=f"Why do you say that about “{title}”?")

    def rows(self):
        """Each priority with its two fields, for the template."""
        for priority in self.priorities:
            pk = priority["id"]
            yield priority, self[f"agreement_{pk}"], self[f"comment_{pk}"]

    def answers(self) -> dict[int, tuple[int | None, str]]:
        answers = {}
        for priority in self.priorities:
            pk = priority["id"]
            value = self.cleaned_data[f"agreement_{pk}"]
            if not value:
                agreement = None
            elif value.isascii() and value.isdigit() and len(value) < 3:
                agreement = int(value)
            else:
                agreement = -1  # Not a number: the service refuses it, on its field.
            answers[pk] = (agreement, self.cleaned_data[f"comment_{pk}"])
        return answers


class QuestionsForm(forms.Form):
    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"question_{question.pk}"
            messages = {"required": f"Answer “{question.text}”"}
            options = [(option, option) for option in question.options]
            if question.kind == Question.Kind.TEXT:
                field = CommentField()
            elif question.kind == Question.Kind.SINGLE:
                field = LenientChoiceField(choices=options, widget=forms.RadioSelect)
            else:
                field = LenientMultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple)
            field.label, field.required, field.help_text = question.text, question.required, question.hint
            field.error_messages.update(messages)
            self.fields[name] = field

    def answers(self) -> dict[int, str | list[str]]:
        return {question.pk: self.cleaned_data[f"question_{question.pk}"] for question in self.questions}


class AboutForm(forms.Form):
    respondent_type = LenientChoiceField(
        label="Who are you responding as?",
        choices=RespondentType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are responding as"},
    )
    organisation = forms.CharField(
        label="Name of the organisation",
        required=False,
        help_text="If you are responding on behalf of an organisation.",
    )
    other = forms.CharField(
        label="How would you describe who you are responding as?",
        required=False,
        help_text="If you chose “Other”.",
    )
    name = forms.CharField(
        label="Your name", required=False, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.CharField(
        label="Email address",
        required=False,
        help_text="We will email you your reference number when you send your response. We will only send "
        "you updates if you tick the box below.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    wants_updates = forms.BooleanField(
        label="Yes, email me updates on this strategy, and when the consultation report is published",
        required=False,
        help_text="You can stop them at any time, with the link in every email.",
    )

    field_order = ["respondent_type", "organisation", "other", "name", "email", "wants_updates"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Needed with one answer only (its help text says which): never labelled "(optional)".
        self.fields["organisation"].needed_if = "organisation"
        self.fields["other"].needed_if = "other"


class EqualityForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in equality.QUESTIONS:
            self.fields[question.key] = LenientChoiceField(
                label=question.text,
                help_text=question.hint,
                choices=[(choice, choice) for choice in question.choices],
                required=False,
                widget=forms.RadioSelect,
            )


class SaveForLaterForm(HiddenErrorsMixin, forms.Form):
    """Where to send the link to come back to a response. The address is checked by the service."""

    form_token = FormTokenField()
    email = forms.CharField(
        label="Email address",
        required=False,
        help_text="We will send you a link to come back to your response. We keep your address apart "
        "from your answers.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
