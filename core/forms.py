from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Renders every form with GOV.UK Frontend markup (templates/govuk/forms/)."""

    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
