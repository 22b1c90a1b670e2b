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
