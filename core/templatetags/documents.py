from django import template

from core.document_views import PANEL_TEMPLATE, panel_context
from core.documents import get_kind

register = template.Library()


@register.inclusion_tag(PANEL_TEMPLATE, takes_context=True)
def document_panel(context, kind: str, obj) -> dict:
    """
    `{% document_panel "strategy_pdf" strategy %}`: the document's progress and download panel for
    the signed-in user, as the core view serves it to htmx (core/templates/documents/_document.html).
    """
    new_context = panel_context(context.get("user"), get_kind(kind), obj, obj.pk)
    new_context["csrf_token"] = context.get("csrf_token")
    return new_context
