from django import template

from core import rules
from core.text import render_markdown
from core.text import time_of_day as time_of_day_text

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


@register.simple_tag(takes_context=True)
def allowed(context, rule: str, obj=None) -> bool:
    """
    `{% allowed "strategies.edit" strategy as can_edit %}`: ask an app's permission rule
    (core.rules) about the signed-in user, so that templates never decide who may do what.
    """
    return rules.allowed(rule, context.get("user"), obj)


@register.filter
def get_item(mapping, key):
    """`mapping[key]` for templates, or None."""
    return mapping.get(key) if mapping else None


@register.filter
def join_if_list(value) -> str:
    if isinstance(value, list):
        return " · ".join(str(item) for item in value)
    return value


@register.filter
def time_of_day(moment) -> str:
    """A time as GOV.UK writes it, in UK time: 9am, 11:59pm, midday, midnight."""
    return time_of_day_text(moment) if moment else ""
