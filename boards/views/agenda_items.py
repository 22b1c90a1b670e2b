"""
Building a meeting's agenda: its items (add and reorder inline with htmx, edit, remove, make an exempt
item public) and their papers (upload a PDF or choose a portal document, reorder, remove).

Uploads post the whole page, with or without JavaScript; a file over settings.BOARD_PAPER_MAX_BYTES
is refused from the request's Content-Length, before its body is read (core/upload_limits.py).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from core import formtokens, upload_limits
from core.forms import ReorderForm, add_errors
from core.http import HtmxHttpRequest
from core.versions import EditConflict, show_conflict

from ..forms.agenda import AgendaItemForm, PaperForm
from ..models import AgendaItem, Meeting
from ..services import agenda as services
from ..services import papers as paper_services
from .agenda import agenda_response, editable_item, editable_meeting, editable_paper

ADD_ITEM, ADD_PAPER = "boards.item_add", "boards.paper_add"  # One-time tokens (core.formtokens).


def _back(meeting: Meeting, anchor: str = "agenda") -> str:
    return reverse("boards:meeting_manage", kwargs={"pk": meeting.pk}) + f"#{anchor}"


def _refused(request: HtmxHttpRequest, meeting: Meeting, error: ValidationError, anchor: str = "agenda"):
    messages.error(request, " ".join(error.messages))
    return redirect(_back(meeting, anchor))


# Items ----------------------------------------------------------------------------------------------


@login_required
@require_POST
def item_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    meeting = editable_meeting(request.user, pk)
    form = AgendaItemForm(request.POST, board=meeting.board, prefix="new-item")
    first = formtokens.claimed(form, user=request.user, purpose=ADD_ITEM)
    if first is not None:
        return agenda_response(request, meeting, announce=_added(first.result(), repeated=True))
    if not form.is_valid():
        return agenda_response(request, meeting, add_item_form=form)
    try:
        item, repeated = formtokens.once(
            form.cleaned_data["form_token"],
            user=request.user,
            purpose=ADD_ITEM,
            work=lambda: services.item_create(meeting=meeting, by=request.user, **form.item_fields()),
        )
    except ValidationError as error:
        add_errors(form, error)
        return agenda_response(request, meeting, add_item_form=form)
    return agenda_response(request, meeting, announce=_added(item, repeated=repeated))


def _added(item: AgendaItem | None, *, repeated: bool) -> str:
    if item is None:
        return "Already added."
    return f"{'Already added' if repeated else 'Added'} item {item.number}, “{item.title}”."


@login_required
def item_edit(request: HtmxHttpRequest, meeting: int, pk: int) -> HttpResponse:
    item = editable_item(request.user, meeting, pk)
    meeting = item.meeting
    form = AgendaItemForm(request.POST or None, board=meeting.board, item=item)
    conflict = None
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        try:
            services.item_update(item=item, by=request.user, **arguments)
        except EditConflict as error:
            conflict = show_conflict(form, error, sent=arguments)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved item {item.number}, “{form.cleaned_data['title']}”.")
            return redirect(_back(meeting, f"item-{item.pk}"))
    context = {"meeting": meeting, "board": meeting.board, "item": item, "form": form, "conflict": conflict}
    return render(request, "boards/agenda/item_edit.html", context)


@login_required
def item_remove(request: HtmxHttpRequest, meeting: int, pk: int) -> HttpResponse:
    item = editable_item(request.user, meeting, pk)
    meeting = item.meeting
    if request.method == "POST":
        try:
            services.item_remove(item=item, by=request.user)
        except ValidationError as error:
            return _refused(request, meeting, error, f"item-{item.pk}")
        messages.success(request, f"Removed “{item.title}” from the agenda.")
        return redirect(_back(meeting))
    context = {"meeting": meeting, "board": meeting.board, "item": item, "papers": item.papers.all()}
    return render(request, "boards/agenda/item_remove.html", context)


@login_required
def item_make_public(request: HtmxHttpRequest, meeting: int, pk: int) -> HttpResponse:
    item = editable_item(request.user, meeting, pk)
    meeting = item.meeting
    if request.method == "POST":
        try:
            services.item_make_public(item=item, by=request.user)
        except ValidationError as error:
            return _refused(request, meeting, error, f"item-{item.pk}")
        messages.success(request, f"Item {item.number}, “{item.title}”, is now public. It keeps its number.")
        return redirect(_back(meeting, f"item-{item.pk}"))
    return render(
        request,
        "boards/agenda/item_make_public.html",
        {"meeting": meeting, "board": meeting.board, "item": item},
    )


@login_required
@require_POST
def items_reorder(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    meeting = editable_meeting(request.user, pk)
    form = ReorderForm(request.POST)
    if not form.is_valid():
        return agenda_response(request, meeting, errors={"agenda": form.error_text()})
    try:
        services.items_reorder(
            meeting=meeting, by=request.user, order=form.cleaned_data["order"], seen=form.cleaned_data["seen"]
        )
    except ValidationError as error:
        return agenda_response(request, meeting, errors={"agenda": " ".join(error.messages)})
    return agenda_response(request, meeting, announce="Moved.")


# Papers ---------------------------------------------------------------------------------------------


@csrf_exempt  # Checked in _paper_add, after the size: CSRF's check reads the whole body.
@login_required
def paper_add(request: HtmxHttpRequest, meeting: int, pk: int) -> HttpResponse:
    """
    Attach a paper to an item. A request that says it is bigger than the limit gets the form back with
    the error, and its body is never read; one that turns out bigger is stopped as it arrives.
    """
    item = editable_item(request.user, meeting, pk)
    if request.method == "POST":
        max_bytes = settings.BOARD_PAPER_MAX_BYTES
        if upload_limits.declared_too_big(request, max_bytes):
            form = PaperForm.refusing_file(upload_limits.too_big_message(max_bytes), item=item)
            return _paper_page(request, item, form, status=413)
        upload_limits.limit(request, max_bytes)
    return _paper_add(request, item)


@csrf_protect
def _paper_add(request: HtmxHttpRequest, item: AgendaItem) -> HttpResponse:
    meeting = item.meeting
    form = PaperForm(request.POST or None, request.FILES or None, item=item)
    if request.method != "POST":
        return _paper_page(request, item, form)
    if upload_limits.stopped(request):
        # What arrived before the file is all there is: the form starts again, saying why.
        message = upload_limits.too_big_message(settings.BOARD_PAPER_MAX_BYTES)
        return _paper_page(request, item, PaperForm.refusing_file(message, item=item), status=413)
    first = formtokens.claimed(form, user=request.user, purpose=ADD_PAPER)
    if first is not None:
        messages.info(request, "This paper was already added.")
        return redirect(_back(meeting, f"item-{item.pk}"))
    if form.is_valid():
        try:
            paper, _ = formtokens.once(
                form.cleaned_data["form_token"],
                user=request.user,
                purpose=ADD_PAPER,
                work=lambda: paper_services.paper_add(item=item, by=request.user, **form.service_fields()),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Added “{paper.title}” to item {item.number}.")
            return redirect(_back(meeting, f"item-{item.pk}"))
    return _paper_page(request, item, form)


def _paper_page(
    request: HtmxHttpRequest, item: AgendaItem, form: PaperForm, *, status: int = 200
) -> HttpResponse:
    meeting = item.meeting
    context = {"meeting": meeting, "board": meeting.board, "item": item, "form": form}
    return render(request, "boards/agenda/paper_add.html", context, status=status if form.errors else 200)


@login_required
def paper_remove(request: HtmxHttpRequest, meeting: int, pk: int) -> HttpResponse:
    paper = editable_paper(request.user, meeting, pk)
    item = paper.item
    meeting = item.meeting
    if request.method == "POST":
        try:
            paper_services.paper_remove(paper=paper, by=request.user)
        except ValidationError as error:
            return _refused(request, meeting, error, f"item-{item.pk}")
        messages.success(request, f"Removed “{paper.title}” from item {item.number}.")
        return redirect(_back(meeting, f"item-{item.pk}"))
    context = {"meeting": meeting, "board": meeting.board, "item": item, "paper": paper}
    return render(request, "boards/agenda/paper_remove.html", context)


@login_required
@require_POST
def papers_reorder(request: HtmxHttpRequest, meeting: int, pk: int) -> HttpResponse:
    item = editable_item(request.user, meeting, pk)
    meeting = item.meeting
    form = ReorderForm(request.POST)
    if not form.is_valid():
        return agenda_response(request, meeting, errors={item.pk: form.error_text()})
    try:
        paper_services.papers_reorder(
            item=item, by=request.user, order=form.cleaned_data["order"], seen=form.cleaned_data["seen"]
        )
    except ValidationError as error:
        return agenda_response(request, meeting, errors={item.pk: " ".join(error.messages)})
    return agenda_response(request, meeting, announce="Moved.")
