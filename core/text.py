"""Officers' rich text: a small Markdown subset, rendered and then sanitised with nh3."""

import nh3
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
# Raw HTML in the source is escaped by the parser; nh3 is the guarantee whatever the parser emits.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")

_CLASSES = {
    "<p>": '<p class="govuk-body">',
    "<ul>": '<ul class="govuk-list govuk-list--bullet">',
    "<ol>": '<ol class="govuk-list govuk-list--number">',
    "<h3>": '<h3 class="govuk-heading-s">',
    "<h4>": '<h4 class="govuk-heading-s">',
}


def clean_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str, *, govuk_classes: bool = True) -> SafeString:
    """Render officer-written Markdown to sanitised HTML (headings are demoted below the page's own)."""
    if not text:
        return mark_safe("")
    html = _markdown.render(text)
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h3>")
    html = html.replace("</h2>", "</h3>").replace("<h5>", "<h4>").replace("</h5>", "</h4>")
    html = html.replace("<h6>", "<h4>").replace("</h6>", "</h4>")
    html = clean_html(html)
    if govuk_classes:
        for plain, styled in _CLASSES.items():
            html = html.replace(plain, styled)
        html = html.replace("<a href=", '<a class="govuk-link" href=')
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 above; classes added are constants.


def time_of_day(moment) -> str:
    """A time as GOV.UK writes it, in local (UK) time: 9am, 11:59pm, midday, midnight."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    hour, minute = local.hour, local.minute
    if (hour, minute) == (12, 0):
        return "midday"
    if (hour, minute) == (0, 0):
        return "midnight"
    half = "am" if hour < 12 else "pm"
    hour = hour % 12 or 12
    return f"{hour}{half}" if minute == 0 else f"{hour}:{minute:02d}{half}"
