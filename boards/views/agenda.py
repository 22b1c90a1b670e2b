"""
The officers' meeting pages: the list of their boards' meetings, scheduling and editing one, moving
its status, its page (details, agenda and papers, publication) and publishing its agenda.

The agenda on the meeting page is the #agenda partial: the item and paper views (agenda_items.py)
answer an htmx request with it, and a plain one with a redirect back to the page (or the whole page
with the problem, when a change was refused).
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from core import formtokens
from core.forms import add_errors
from core.http import HtmxHttpRequest, wants_partial
from core.models import AuditEntry
from core.text import time_of_day
from core.versions import EditConflict, show_conflict

from .. import permissions as board_permissions
from ..forms.agenda import AgendaItemForm, MeetingForm, MeetingTransitionForm
from ..models import AgendaItem, Board, Meeting, MeetingStatus, Paper
from ..notice import deadline_state, publication_deadline
from ..services import agenda as agenda_services
from ..services import meetings as services

TEMPLATE = "boards/agenda/meeting_manage.html"
CREATE = "boards.meeting_create"  # The create form's one-time tokens (core.formtokens).


# Lookups: a meeting, item or paper outside the user's boards is a 404 ------------------------------


def editable_meeting(user, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.filter(board__in=Board.objects.editable_by(user)).select_related("board"), pk=pk
    )


def editable_item(user, meeting: int, pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.filter(meeting__board__in=Board.objects.editable_by(user)).select_related(
            "meeting__board", "publication"
        ),
        pk=pk,
        meeting_id=meeting,
    )


def editable_paper(user, meeting: int, pk: int) -> Paper:
    return get_object_or_404(
        Paper.objects.filter(item__meeting__board__in=Board.objects.editable_by(user)).select_related(
            "item__meeting__board"
        ),
        pk=pk,
        item__meeting_id=meeting,
    )


def when(moment) -> str:
    """“2pm on Thursday 16 January 2025”, in UK time."""
    return f"{time_of_day(moment)} on {timezone.localtime(moment):%A %-d %B %Y}"


# The list -----------------------------------------------------------------------------------------


@login_required
def meeting_manage_list(request: HtmxHttpRequest) -> HttpResponse:
    """The meetings of the user's boards: the coming ones soonest first, then the past, latest first."""
    boards = list(Board.objects.editable_by(request.user))
    meetings = (
        Meeting.objects.filter(board__in=boards)
        .select_related("board")
        .annotate(
            publication_count=Count("publications", distinct=True),
            late_count=Count(
                "publications",
                filter=Q(publications__published_at__gt=F("publications__deadline")),
                distinct=True,
            ),
            unpublished_count=Count("items", filter=Q(items__publication__isnull=True), distinct=True),
        )
        .order_by("starts_at")
    )
    today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    grouped = {board.pk: {"board": board, "upcoming": [], "past": []} for board in boards}
    for meeting in meetings:
        grouped[meeting.board_id]["upcoming" if meeting.starts_at >= today else "past"].append(meeting)
    for group in grouped.values():
        group["past"].reverse()
    return render(request, "boards/agenda/meeting_manage_list.html", {"groups": list(grouped.values())})


# Scheduling and editing ---------------------------------------------------------------------------


@login_required
def meeting_create(request: HtmxHttpRequest) -> HttpResponse:
    if not board_permissions.can_edit_any(request.user):
        raise Http404
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST":
        first = formtokens.claimed(form, user=request.user, purpose=CREATE)
        if first is not None:
            return _created(request, first.result(), repeated=True)
        if form.is_valid():
            try:
                meeting, repeated = formtokens.once(
                    form.cleaned_data["form_token"],
                    user=request.user,
                    purpose=CREATE,
                    work=lambda: services.meeting_create(
                        board=form.cleaned_data["board"], by=request.user, **form.service_fields()
                    ),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                return _created(request, meeting, repeated=repeated)
    return render(request, "boards/agenda/meeting_form.html", {"form": form, "meeting": None})


def _created(request: HtmxHttpRequest, meeting: Meeting | None, *, repeated: bool) -> HttpResponse:
    if meeting is None:
        return redirect("boards:meeting_manage_list")
    if repeated:
        messages.info(request, "This meeting was already scheduled. Here it is.")
    else:
        messages.success(request, f"Scheduled the meeting for {when(meeting.starts_at)}.")
    return redirect("boards:meeting_manage", pk=meeting.pk)


@login_required
def meeting_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    meeting = editable_meeting(request.user, pk)
    form = MeetingForm(request.POST or None, user=request.user, meeting=meeting)
    conflict = None
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        try:
            services.meeting_update(meeting=meeting, by=request.user, **arguments)
        except EditConflict as error:
            error.current = _as_typed(error.current)  # The form's fields, as a person types them.
            conflict = show_conflict(form, error, sent=_as_typed(arguments))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved the meeting's details.")
            return redirect("boards:meeting_manage", pk=meeting.pk)
    context = {"form": form, "meeting": meeting, "board": meeting.board, "conflict": conflict}
    return render(request, "boards/agenda/meeting_form.html", context)


def _as_typed(values: dict) -> dict:
    """A meeting's values by the edit form's fields: its date and times as text, as the form shows them."""
    typed = {name: values[name] for name in ("title", "venue", "online_url") if name in values}
    if values.get("starts_at"):
        starts = timezone.localtime(values["starts_at"])
        typed["date"], typed["starts"] = f"{starts:%-d %B %Y}", f"{starts:%H:%M}"
    if "ends_at" in values:
        typed["ends"] = f"{timezone.localtime(values['ends_at']):%H:%M}" if values["ends_at"] else ""
    return typed


@login_required
def meeting_transition(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    meeting = editable_meeting(request.user, pk)
    form = MeetingTransitionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_transition(
                meeting=meeting,
                by=request.user,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The meeting is now {MeetingStatus(meeting.status).label.lower()}.")
            return redirect("boards:meeting_manage", pk=meeting.pk)
    return render(
        request,
        "boards/agenda/meeting_transition.html",
        {"meeting": meeting, "board": meeting.board, "form": form},
    )


# The meeting's page ---------------------------------------------------------------------------------


def public_url(meeting: Meeting) -> str:
    """The public meeting page, once the public pages are there (another part of issue 7)."""
    try:
        return meeting.get_absolute_url()
    except NoReverseMatch:
        return ""


def meeting_context(meeting: Meeting, **extra) -> dict:
    """The meeting page's context: the meeting, its agenda with papers, its publications and deadline."""
    items = list(
        meeting.items.select_related("lead_organisation", "publication").prefetch_related(
            Prefetch("papers", queryset=Paper.objects.select_related("document").order_by("position", "pk"))
        )
    )
    unpublished = [item for item in items if item.publication_id is None]
    open_ = meeting.status == MeetingStatus.SCHEDULED
    for item in unpublished:
        # Only items not yet published move, among themselves (published numbers never change).
        item.movable = open_
        item.first_movable, item.last_movable = item is unpublished[0], item is unpublished[-1]
        item.only_movable = len(unpublished) == 1
    deadline = publication_deadline(meeting.starts_at)
    started = meeting.starts_at <= timezone.now()
    publications = list(meeting.publications.select_related("published_by"))
    context = {
        "meeting": meeting,
        "board": meeting.board,
        "items": items,
        "unpublished": unpublished,
        "unpublished_ids": ",".join(str(item.pk) for item in unpublished),
        "publications": publications,
        "next_label": "Agenda" if not publications else f"Supplementary agenda {publications[-1].number + 1}",
        "agenda_open": open_,
        "started": started,
        "can_publish": open_ and bool(unpublished) and not started,
        "deadline": deadline,
        # Shown while there is something to publish, or nothing published yet.
        "show_deadline": open_ and not started and bool(unpublished or not publications),
        "deadline_state": deadline_state(deadline),
        "add_item_form": AgendaItemForm(board=meeting.board, prefix="new-item"),
        "public_url": public_url(meeting),
        "errors": {},
    }
    context.update(extra)
    return context


@login_required
@vary_on_headers("HX-Request")
def meeting_manage(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The officers' page of one meeting: its details and status, and the agenda they build."""
    meeting = editable_meeting(request.user, pk)
    if wants_partial(request):
        return render(request, TEMPLATE + "#agenda", meeting_context(meeting, partial=True))
    return render(request, TEMPLATE, meeting_context(meeting))


@login_required
@require_safe
def meeting_history(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Every change to the meeting, its agenda and its record, newest first, from the audit trail."""
    meeting = editable_meeting(request.user, pk)
    entries = AuditEntry.objects.for_scope(meeting).select_related("actor", "target_type")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "boards/agenda/meeting_history.html",
        {"meeting": meeting, "board": meeting.board, "page": page},
    )


def problems_of(extra: dict) -> list[dict[str, str]]:
    """A refused change to the agenda, for the error summary and the announcement."""
    problems = []
    form = extra.get("add_item_form")
    if form is not None:
        for name, errors in form.errors.items():
            anchor = form[name].auto_id if name in form.fields else form[next(iter(form.fields))].auto_id
            if name in form.fields and form[name].field.widget.input_type == "radio":
                anchor += "_0"
            problems += [{"text": message, "href": f"#{anchor}"} for message in errors]
    for key, message in extra.get("errors", {}).items():
        anchor = "agenda-error" if key == "agenda" else f"item-{key}-papers-error"
        problems.append({"text": message, "href": f"#{anchor}"})
    return problems


def agenda_response(
    request: HtmxHttpRequest, meeting: Meeting, *, announce: str = "", **extra
) -> HttpResponse:
    """After a change to the agenda: the #agenda partial for htmx, or back to the page."""
    problems = problems_of(extra)
    if announce and not problems:
        messages.success(request, announce)  # Shown by core.middleware with htmx, or on the next page.
    if wants_partial(request):
        # A refusal shows the error summary at the top of the partial, which takes the focus.
        context = meeting_context(meeting, problems=problems, partial=True, **extra)
        return render(request, TEMPLATE + "#agenda", context)
    if not problems:
        return redirect(reverse("boards:meeting_manage", kwargs={"pk": meeting.pk}) + "#agenda")
    return render(request, TEMPLATE, meeting_context(meeting, problems=problems, **extra))


# Publishing -------------------------------------------------------------------------------------------


@login_required
def agenda_publish(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """What publishing will put out, and when the deadline is; publishing itself on POST."""
    meeting = editable_meeting(request.user, pk)
    problems = []
    if request.method == "POST":
        try:
            publication = agenda_services.agenda_publish(meeting=meeting, by=request.user)
        except ValidationError as refusal:
            problems = [{"text": message, "href": "#publish-heading"} for message in refusal.messages]
        else:
            message = f"Published the {publication.label.lower()}."
            if publication.late:
                message += " It was published late: less than five clear working days before the meeting."
            messages.success(request, message)
            return redirect(reverse("boards:meeting_manage", kwargs={"pk": meeting.pk}) + "#agenda")
    context = meeting_context(meeting, problems=problems)
    return render(request, "boards/agenda/agenda_publish.html", context)
