"""The officers' forms for "you said, we did" (consultations/changes.py)."""

import re

from django import forms

from core.forms import HiddenErrorsMixin, HiddenNumberField, parse_id
from core.formtokens import FormTokenField

from .models import Consultation, Theme

WHOLE_STRATEGY = "whole"


class ChangeForm(HiddenErrorsMixin, forms.Form):
    """One change: the priority it changed (or the whole strategy), you said, we did, the evidence."""

    priority = forms.ChoiceField(
        label="What it changed",
        error_messages={
            "required": "Choose the priority it changed, or the whole strategy",
            "invalid_choice": "Choose a priority of the text consulted on, or the whole strategy",
        },
    )
    you_said = forms.CharField(
        label="You said",
        help_text="What residents told the Board, in a sentence or two.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter what residents said",
            "max_length": "What residents said must be 3000 characters or fewer",
        },
    )
    we_did = forms.CharField(
        label="We did",
        help_text="What the Board changed in the strategy because of it.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter what the Board did",
            "max_length": "What the Board did must be 3000 characters or fewer",
        },
    )
    comments = forms.CharField(
        label="Comments behind it",
        help_text="The numbers of the residents' comments that led to the change, separated by commas "
        "or spaces, for example 12, 40.",
        required=False,
        max_length=2000,
        error_messages={"max_length": "List 2000 characters of comment numbers or fewer"},
    )
    themes = forms.TypedMultipleChoiceField(
        label="Themes behind it",
        help_text="The themes of the comments that led to the change.",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        error_messages={"invalid_choice": "Choose themes of this consultation"},
    )
    form_token = FormTokenField()
    version = HiddenNumberField()

    def __init__(
        self,
        *args,
        consultation: Consultation,
        themes: list[Theme],
        added: list[dict] = (),
        adding: bool = False,
        **kwargs,
    ):
        """`themes`: the consultation's; `added`: the priorities added to the strategy since it opened."""
        super().__init__(*args, **kwargs)
        self.fields["priority"].choices = [
            (WHOLE_STRATEGY, "The whole strategy"),
            *((str(p["id"]), p["title"]) for p in consultation.priorities()),
            *((str(p["id"]), f"{p['title']} (added since the consultation)") for p in added),
        ]
        if themes:
            self.fields["themes"].choices = [(theme.pk, theme.name) for theme in themes]
        else:
            del self.fields["themes"]  # None coded yet: nothing to choose.
        del self.fields["version" if adding else "form_token"]

    def clean_comments(self) -> list[int]:
        parts = [part for part in re.split(r"[\s,]+", self.cleaned_data["comments"]) if part]
        ids = [parse_id(part.removeprefix("#")) for part in parts]
        if any(number is None for number in ids):
            raise forms.ValidationError("Enter comment numbers only, for example 12, 40")
        return ids

    def service_fields(self) -> dict:
        data = self.cleaned_data
        priority = None if data["priority"] == WHOLE_STRATEGY else int(data["priority"])
        return {
            "priority_id": priority,
            "you_said": data["you_said"],
            "we_did": data["we_did"],
            "comments": data["comments"],
            "themes": data.get("themes", []),
        }
