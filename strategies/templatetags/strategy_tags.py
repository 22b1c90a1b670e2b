from django import template

from strategies.models import Status

register = template.Library()

# GOV.UK tag colours for the lifecycle: grey while private or over, colours while it matters.
STATUS_TAG_CLASSES = {
    Status.DRAFT: "govuk-tag--grey",
    Status.IN_CONSULTATION: "govuk-tag--yellow",
    Status.FINAL_DRAFT: "govuk-tag--blue",
    Status.APPROVED: "govuk-tag--turquoise",
    Status.PUBLISHED: "govuk-tag--green",
    Status.SUPERSEDED: "govuk-tag--grey",
}


@register.simple_tag
def status_tag_class(status: str) -> str:
    return STATUS_TAG_CLASSES.get(status, "")
