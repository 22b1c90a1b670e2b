"""The indicators' forms: uploading a Fingertips export."""

from django import forms
from django.conf import settings

from core.upload_limits import size_text

from . import fingertips


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
