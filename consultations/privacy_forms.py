"""The officers' forms for subject access and erasure (views/privacy.py); the checks are the services'."""

from django import forms

from .privacy import REASON_MAX


class FindForm(forms.Form):
    q = forms.CharField(
        label="Email address or response reference",
        help_text="As the respondent gave it: an email address, or a reference such as ABCD-2345.",
        max_length=254,
        error_messages={"required": "Enter an email address or a response reference"},
    )


class ErasureForm(forms.Form):
    blank_comments = forms.BooleanField(
        label="Also remove the text of this response's comments",
        required=False,
        help_text="Free text can name the respondent or others. Their agreement answers stay either way.",
    )
    reason = forms.CharField(
        label="Why are the comments removed? (only if removing them)",
        help_text="Recorded in the strategy's history with your name. Do not write the personal data itself.",
        required=False,
        max_length=REASON_MAX,
        error_messages={"max_length": f"The reason must be {REASON_MAX} characters or fewer"},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("blank_comments") and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Enter why the comments are removed")
        return cleaned
