"""The forms of duplicates and campaigns (views/duplicates.py): the checks are the services'."""

from django import forms

from .models import DUPLICATE_REASON_MAX, CampaignStatus

SHOW_CHOICES = [
    ("entered", "Entered by officers"),
    ("all", "All responses, online too"),
    ("duplicates", "Marked as duplicates"),
]


class ResponseFilterForm(forms.Form):
    """Which responses the officers' list shows: those entered (as before), all, or the duplicates."""

    show = forms.ChoiceField(label="Show", choices=SHOW_CHOICES, required=False, widget=forms.RadioSelect)
    reference = forms.CharField(
        label="Reference", required=False, max_length=20, help_text="For example, ABCD-EFGH."
    )

    def choice(self) -> tuple[str, str]:
        if not self.is_valid():
            return "entered", ""
        return self.cleaned_data["show"] or "entered", self.cleaned_data["reference"]


class DuplicateForm(forms.Form):
    duplicate_of = forms.CharField(
        label="Reference of the response it duplicates",
        required=False,
        max_length=20,
        help_text="If you know it. For example, ABCD-EFGH.",
        error_messages={"max_length": "Enter a reference like ABCD-EFGH"},
    )
    reason = forms.CharField(
        label="Why is it a duplicate?",
        help_text="For example, the same answers sent online and on paper. Do not name the person.",
        max_length=DUPLICATE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why this response is a duplicate",
            "max_length": f"The reason must be {DUPLICATE_REASON_MAX} characters or fewer",
        },
    )


class CampaignReviewForm(forms.Form):
    status = forms.ChoiceField(
        choices=CampaignStatus.choices,
        error_messages={
            "required": "Choose whether to confirm or dismiss the campaign",
            "invalid_choice": "Choose whether to confirm or dismiss the campaign",
        },
    )
