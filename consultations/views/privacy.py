"""
Subject access and erasure (docs/decisions/0017-personal-data.md): the board's officers find a
respondent by email address or reference within one consultation, see what is held, download it,
and erase it. Lookups start from the consultations they may read the responses of; anything else is
a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from core.forms import add_errors
from core.http import HtmxHttpRequest

from .. import permissions, privacy, services
from ..models import Consultation, Response
from ..privacy_forms import ErasureForm, FindForm
from .offline import responses_consultation


def privacy_response(user, pk: int) -> Response:
    """A response, online or entered, of a consultation whose responses the user may read."""
    response = get_object_or_404(
        Response.objects.filter(consultation__in=Consultation.objects.editable_by(user)).select_related(
            "consultation__board", "consultation__strategy"
        ),
        pk=pk,
    )
    if not permissions.can_read_responses(user, response.consultation):
        raise Http404
    return response


@login_required
@require_safe
def respondent_search(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    consultation = responses_consultation(request.user, pk)
    form = FindForm(request.GET if "q" in request.GET else None)
    found = None
    if form.is_valid():
        found = privacy.respondent_find(consultation=consultation, query=form.cleaned_data["q"])
    context = {"consultation": consultation, "board": consultation.board, "form": form, "found": found}
    return render(request, "consultations/respondent_search.html", context)


@login_required
def respondent_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """What is held about one respondent; POST erases it."""
    response = privacy_response(request.user, pk)
    consultation = response.consultation
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            blanked = services.respondent_erase(response=response, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            removed = (
                f" and removed the text of {blanked} comment{'s' if blanked != 1 else ''}" if blanked else ""
            )
            messages.success(request, f"Erased the personal data of response {response.reference}{removed}.")
            return redirect("consultations:respondent", pk=response.pk)
    context = {
        "consultation": consultation,
        "board": consultation.board,
        "response": response,
        "held": privacy.held(response),
        "form": form,
    }
    return render(request, "consultations/respondent_detail.html", context)


@login_required
@require_POST
def respondent_download(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The respondent's data as a file (a POST: giving it out is recorded in the audit trail)."""
    response = privacy_response(request.user, pk)
    as_format = request.POST.get("format", "json")
    if as_format not in ("json", "csv"):
        as_format = "json"
    content, content_type = services.respondent_export(
        response=response, by=request.user, as_format=as_format
    )
    download = HttpResponse(content, content_type=content_type)
    download["Content-Disposition"] = f'attachment; filename="personal-data-{response.reference}.{as_format}"'
    download["Cache-Control"] = "no-store"
    return download
