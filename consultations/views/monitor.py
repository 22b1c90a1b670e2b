"""What the responses add up to, for the board: the monitoring page (aggregates only) and the export."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers

from core.http import HtmxHttpRequest, wants_partial

from .. import analysis, permissions
from ..forms import MonitorFilterForm
from ..models import Consultation

MONITOR_TEMPLATE = "consultations/consultation_monitor.html"
# The filter form's id: an htmx request it made (not the polling) is announced.
FILTER_FORM_ID = "monitor-filters"


def private_consultation(user, pk: int) -> Consultation:
    """A consultation of a board whose members or officers include the user, or a 404."""
    return get_object_or_404(
        Consultation.objects.private_to(user).select_related("board", "strategy", "revision"), pk=pk
    )


@login_required
@vary_on_headers("HX-Request")
def consultation_monitor(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """
    The monitoring figures, for the board's members and officers: never an individual response. The
    filter form (GET) and the polling both ask this view for the #figures partial.
    """
    consultation = private_consultation(request.user, pk)
    form = MonitorFilterForm(request.GET or None)
    filters = form.filters()
    figures = analysis.overview(consultation, filters)
    context = {
        "consultation": consultation,
        "board": consultation.board,
        "form": form,
        "filters": filters,
        "figures": figures,
        "as_at": timezone.localtime(),
        "can_manage": permissions.can_edit(request.user, consultation),
        "filter_form_id": FILTER_FORM_ID,
    }
    template = MONITOR_TEMPLATE
    if wants_partial(request):
        template += "#figures"
        if request.htmx.trigger == FILTER_FORM_ID:
            context["announce"] = f"Showing {figures.total} {filters.describe()}."
    return render(request, template, context)
