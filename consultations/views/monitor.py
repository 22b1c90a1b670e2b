"""What the responses add up to, for the board: the monitoring page (aggregates only) and the export."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers

from core.http import HtmxHttpRequest, wants_partial

from .. import export, figures, permissions
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
    counted = figures.kept("overview", consultation, filters)
    context = {
        "consultation": consultation,
        "board": consultation.board,
        "form": form,
        "filters": filters,
        "figures": counted.value,
        "heading": filters.describe(counted.value.total),
        "as_at": timezone.localtime(counted.at),
        "can_manage": permissions.can_edit(request.user, consultation),
        "can_export": permissions.can_read_responses(request.user, consultation),
        "filter_form_id": FILTER_FORM_ID,
    }
    template = MONITOR_TEMPLATE
    if wants_partial(request):
        template += "#figures"
        if request.htmx.trigger == FILTER_FORM_ID:
            context["announce"] = f"Showing {filters.describe(counted.value.total)}."
    return render(request, template, context)


@login_required
def consultation_export(request: HtmxHttpRequest, pk: int) -> StreamingHttpResponse:
    """
    Every submitted response as CSV, streamed: for the board's officers. The respondents' personal data
    only when asked for (?personal=1).
    """
    consultation = private_consultation(request.user, pk)
    if not permissions.can_read_responses(request.user, consultation):
        raise Http404
    personal = request.GET.get("personal") == "1"
    filename = f"{consultation.slug}-responses{'-with-personal-data' if personal else ''}.csv"
    response = StreamingHttpResponse(
        export.csv_text(consultation, personal=personal), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data, perhaps: never kept by a browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response
