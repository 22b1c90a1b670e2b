from django import template

from core.text import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Officer-written Markdown as sanitised HTML."""
    return render_markdown(text)


@register.filter
def plain_markdown(text: str):
    """As `markdown`, without GOV.UK classes (PDF templates)."""
    return render_markdown(text, govuk_classes=False)


@register.filter
def ids(items) -> str:
    """Comma-separated primary keys: the order of a list as the page shows it."""
    return ",".join(str(item.pk) for item in items)


@register.filter
def filesize_kb(size: int) -> str:
    if not size:
        return ""
    return f"{max(1, round(size / 1024))} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


@register.simple_tag
def status_tag_class(status: str) -> str:
    colours = {
        "draft": "govuk-tag--grey",
        "in_consultation": "govuk-tag--yellow",
        "final_draft": "govuk-tag--blue",
        "approved": "govuk-tag--turquoise",
        "published": "govuk-tag--green",
        "superseded": "govuk-tag--grey",
    }
    return colours.get(status, "")


@register.filter
def get_item(mapping, key):
    """`mapping[key]` for templates, or None."""
    return mapping.get(key) if mapping else None


@register.filter
def join_if_list(value) -> str:
    if isinstance(value, list):
        return " · ".join(str(item) for item in value)
    return value
