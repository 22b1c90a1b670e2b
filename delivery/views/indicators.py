"""
A strategy's indicators' data: uploading a Fingertips export (checked, previewed and imported by
workers, with a progress bar the page polls), and downloading the data in the same layout.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.vary import vary_on_headers

from core import upload_limits
from core.http import HtmxHttpRequest, wants_partial
from strategies.models import Strategy

from .. import export, permissions, services
from ..indicator_forms import ImportForm
from ..models import ImportStatus, IndicatorImport
from .plan import readable_strategy

IMPORT_TEMPLATE = "delivery/import_detail.html"
REJECTED_PER_PAGE = 50


def editable_strategy(user, pk: int) -> Strategy:
    strategy = get_object_or_404(Strategy.objects.editable_by(user).select_related("board"), pk=pk)
    if not permissions.can_edit(user, strategy):
        raise Http404("The indicators of a replaced strategy are closed.")
    return strategy


def editable_upload(user, pk: int) -> IndicatorImport:
    upload = get_object_or_404(
        IndicatorImport.objects.filter(strategy__in=Strategy.objects.editable_by(user)).select_related(
            "strategy__board", "uploaded_by", "confirmed_by"
        ),
        pk=pk,
    )
    if not permissions.can_edit(user, upload.strategy):
        raise Http404("The indicators of a replaced strategy are closed.")
    return upload


# Uploading ----------------------------------------------------------------------------------------


@csrf_exempt  # Checked in _import_start, after the size: CSRF's check reads the whole body.
@login_required
def import_start(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Upload a Fingertips export. A request that says it is too big is refused before it is read."""
    strategy = editable_strategy(request.user, pk)
    if request.method == "POST":
        max_bytes = settings.INDICATOR_IMPORT_MAX_BYTES
        if upload_limits.declared_too_big(request, max_bytes):
            form = ImportForm.refusing_file(upload_limits.too_big_message(max_bytes))
            return _start_page(request, strategy, form, status=413)
        upload_limits.limit(request, max_bytes)
    return _import_start(request, strategy)


@csrf_protect
def _import_start(request: HtmxHttpRequest, strategy: Strategy) -> HttpResponse:
    if request.method != "POST":
        return _start_page(request, strategy, ImportForm())
    form = ImportForm(request.POST, request.FILES)  # Reads the body: the limit's handler runs now.
    if upload_limits.stopped(request):
        message = upload_limits.too_big_message(settings.INDICATOR_IMPORT_MAX_BYTES)
        return _start_page(request, strategy, ImportForm.refusing_file(message), status=413)
    if not form.is_valid():
        return _start_page(request, strategy, form)
    upload = services.indicator_import_upload(
        strategy=strategy, by=request.user, file=form.cleaned_data["file"]
    )
    return redirect(reverse("delivery:import_detail", kwargs={"pk": upload.pk}))


def _start_page(request, strategy: Strategy, form: ImportForm, *, status: int = 200) -> HttpResponse:
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "form": form,
        "indicators": strategy.indicators.exclude(fingertips_id=None),
        "uploads": IndicatorImport.objects.filter(strategy=strategy).select_related("uploaded_by")[:10],
    }
    return render(request, "delivery/import_start.html", context, status=status)


@login_required
@vary_on_headers("HX-Request")
def import_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """
    An upload: its progress while a worker checks or imports it (the #import-status partial, polled
    every second with htmx, or reloaded by hand), then what the check found and "Import", then the result.
    """
    upload = editable_upload(request.user, pk)
    if request.method == "POST":
        try:
            if request.POST.get("do") == "confirm":
                upload = services.indicator_import_confirm(upload=upload, by=request.user)
            else:
                upload = services.indicator_import_retry(upload=upload, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        if not wants_partial(request):
            return redirect(reverse("delivery:import_detail", kwargs={"pk": upload.pk}))
        upload.refresh_from_db()
    rejected = Paginator(upload.rejected_rows.all(), REJECTED_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "board": upload.strategy.board,
        "strategy": upload.strategy,
        "upload": upload,
        "rejected_rows": rejected,
        "statuses": ImportStatus,
    }
    template = IMPORT_TEMPLATE + "#import-status" if wants_partial(request) else IMPORT_TEMPLATE
    return render(request, template, context)


# Downloading --------------------------------------------------------------------------------------


def _download(strategy: Strategy, indicator_id: str | None) -> StreamingHttpResponse:
    indicators = strategy.indicators.all()
    name = f"{strategy.board.slug}-{strategy.slug}-indicators"
    if indicator_id is not None:
        indicator = get_object_or_404(indicators, pk=indicator_id)
        indicators = indicators.filter(pk=indicator.pk)
        name = f"{strategy.board.slug}-{strategy.slug}-indicator-{indicator.fingertips_id or indicator.pk}"
    response = StreamingHttpResponse(export.fingertips_csv(strategy, indicators), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@login_required
def data_manage(request: HtmxHttpRequest, pk: int, indicator: str | None = None) -> HttpResponse:
    """The data of a strategy's indicators (or one), in Fingertips' layout, for its board's readers."""
    return _download(readable_strategy(request.user, pk), indicator)


def data_public(request: HtmxHttpRequest, board_slug: str, slug: str, indicator: str | None = None):
    """The same, for a published (or replaced) strategy, for anyone."""
    strategy = get_object_or_404(Strategy.objects.select_related("board"), board__slug=board_slug, slug=slug)
    if not strategy.is_public:
        raise Http404("Only a published strategy's indicators are public.")
    return _download(strategy, indicator)
