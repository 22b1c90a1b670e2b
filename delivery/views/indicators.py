"""
A strategy's indicators: adding, changing and removing one, its page (with a local indicator's figures
recorded there), and their data: uploading a Fingertips export (checked, previewed and imported by
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

from core import formtokens, upload_limits
from core.forms import add_errors
from core.http import HtmxHttpRequest, wants_partial
from core.versions import EditConflict, show_conflict
from strategies.models import Strategy

from .. import export, permissions, services
from ..dashboard import indicator_status
from ..indicator_forms import DataPointForm, ImportForm, IndicatorForm
from ..models import DataPoint, ImportStatus, Indicator, IndicatorImport, IndicatorSource
from .plan import readable_strategy

IMPORT_TEMPLATE = "delivery/import_detail.html"
REJECTED_PER_PAGE = 50
ADD_INDICATOR = "delivery.indicator_add"  # The add form's one-time token (core.formtokens).


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
    try:
        upload = services.indicator_import_upload(
            strategy=strategy, by=request.user, file=form.cleaned_data["file"]
        )
    except ValidationError as error:  # The file store cannot be reached: said beside the file.
        add_errors(form, error)
        return _start_page(request, strategy, form)
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


# An indicator ---------------------------------------------------------------------------------------


def readable_indicator(user, pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.filter(strategy__in=Strategy.objects.private_to(user)).select_related(
            "strategy__board", "owner"
        ),
        pk=pk,
    )


def editable_indicator(user, pk: int) -> Indicator:
    indicator = readable_indicator(user, pk)
    if not permissions.can_edit(user, indicator.strategy):
        raise Http404("Only the board's officers change its indicators.")
    return indicator


def dashboard_url(strategy: Strategy, indicator: Indicator | None = None) -> str:
    anchor = f"#indicator-{indicator.pk}" if indicator else ""
    return reverse("delivery:dashboard_manage", kwargs={"pk": strategy.pk}) + anchor


@login_required
def indicator_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    strategy = editable_strategy(request.user, pk)
    form = IndicatorForm(request.POST or None, strategy=strategy, user=request.user)
    if request.method == "POST":
        first = formtokens.claimed(form, user=request.user, purpose=ADD_INDICATOR)
        if first is not None:
            return _added(request, strategy, first.result(), repeated=True)
        if form.is_valid():
            try:
                indicator, repeated = formtokens.once(
                    form.cleaned_data["form_token"],
                    user=request.user,
                    purpose=ADD_INDICATOR,
                    work=lambda: services.indicator_create(
                        strategy=strategy, by=request.user, **form.indicator_fields()
                    ),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                return _added(request, strategy, indicator, repeated=repeated)
    context = {"board": strategy.board, "strategy": strategy, "form": form}
    return render(request, "delivery/indicator_add.html", context)


def _added(request, strategy: Strategy, indicator: Indicator | None, *, repeated: bool) -> HttpResponse:
    if indicator is None:
        messages.success(request, "Already added.")
        return redirect(dashboard_url(strategy))
    messages.success(
        request, f"{'Already added' if repeated else 'Added'} the indicator “{indicator.title}”."
    )
    return redirect(reverse("delivery:indicator_manage", kwargs={"pk": indicator.pk}))


@login_required
def indicator_manage(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """
    An indicator, for its board: its definition, judgements and chart, every data point of the area,
    and for its officers a local indicator's figure to record, or "no new data yet".
    """
    indicator = readable_indicator(request.user, pk)
    strategy = indicator.strategy
    can_edit = permissions.can_edit(request.user, strategy)
    form = DataPointForm(request.POST or None) if indicator.source == IndicatorSource.LOCAL else None
    if request.method == "POST":
        if not can_edit:
            raise Http404("Only the board's officers change its indicators.")
        here = reverse("delivery:indicator_manage", kwargs={"pk": indicator.pk})
        if request.POST.get("do") == "checked":
            try:
                services.indicator_checked(indicator=indicator, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"Recorded that “{indicator.title}” has no new data yet.")
            return redirect(here)
        if form is not None and form.is_valid():
            try:
                point = services.data_point_record(indicator=indicator, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"Recorded the figure for {point.period}.")
                return redirect(here + "#data")
    rows = list(DataPoint.objects.filter(indicator=indicator).order_by("indicator_id", "period_sort"))
    status = indicator_status(indicator, rows, area_code=strategy.board.area_code)
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "indicator": indicator,
        "status": status,
        "points": [row for row in rows if row.area_code == strategy.board.area_code],
        "can_edit": can_edit,
        "form": form,
        "manage": True,
    }
    return render(request, "delivery/indicator_manage.html", context)


@login_required
def indicator_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    indicator = editable_indicator(request.user, pk)
    strategy = indicator.strategy
    form = IndicatorForm(request.POST or None, strategy=strategy, indicator=indicator)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = form.indicator_fields()
        try:
            services.indicator_update(
                indicator=indicator, by=request.user, version=form.cleaned_data["version"], **fields
            )
        except EditConflict as error:
            conflict = show_conflict(form, error, sent={k: v for k, v in fields.items() if k != "priorities"})
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved the indicator “{fields['title']}”.")
            return redirect(reverse("delivery:indicator_manage", kwargs={"pk": indicator.pk}))
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "indicator": indicator,
        "form": form,
        "conflict": conflict,
    }
    return render(request, "delivery/indicator_edit.html", context)


@login_required
def indicator_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    indicator = editable_indicator(request.user, pk)
    strategy = indicator.strategy
    if request.method == "POST":
        services.indicator_delete(indicator=indicator, by=request.user)
        messages.success(request, f"Removed the indicator “{indicator.title}”.")
        return redirect(dashboard_url(strategy))
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "indicator": indicator,
        "points": indicator.data.count(),
    }
    return render(request, "delivery/indicator_delete.html", context)
