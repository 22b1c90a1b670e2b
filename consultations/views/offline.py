"""
The officers' pages for offline responses (paper, email, phone, event) and engagement events
(docs/decisions/0015-offline-responses-and-events.md). Individual responses are the board's officers'
only: every lookup starts from the consultations they may edit, and anything else is a 404.
"""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from core import formtokens
from core.forms import add_errors, parse_id
from core.http import HtmxHttpRequest, wants_partial

from .. import permissions, services
from ..duplicate_forms import ResponseFilterForm
from ..duplicates import clean_reference
from ..models import OFFLINE_CHANNELS, Channel, Comment, Consultation, Event, Response
from ..offline import ENTRY_STATUSES
from ..offline_forms import EntryForm, EventCommentForm, EventForm, ReasonForm, entry_initial
from ..responding import form_key_digest
from .manage import editable_consultation

ADD_EVENT = "consultations.event_create"
PER_PAGE = 50


def responses_consultation(user, pk: int) -> Consultation:
    consultation = editable_consultation(user, pk)
    if not permissions.can_read_responses(user, consultation):
        raise Http404
    return consultation


def entered_response(user, pk: int) -> Response:
    """An offline response of a consultation the user may read the responses of (never an online one)."""
    return get_object_or_404(
        Response.objects.filter(consultation__in=Consultation.objects.editable_by(user))
        .exclude(channel=Channel.ONLINE)
        .select_related("consultation__board", "consultation__strategy", "consultation__revision", "event"),
        pk=pk,
        submitted_at__isnull=False,
    )


def editable_event(user, pk: int) -> Event:
    return get_object_or_404(
        Event.objects.filter(consultation__in=Consultation.objects.editable_by(user)).select_related(
            "consultation__board", "consultation__strategy", "consultation__revision"
        ),
        pk=pk,
    )


# Offline responses ---------------------------------------------------------------------------------


def _kept(request: HtmxHttpRequest, consultation: Consultation) -> dict:
    """The channel, date and event of the last response entered, from the address it redirected to."""
    kept = {"received_on": timezone.localdate()}
    if request.GET.get("channel") in OFFLINE_CHANNELS:
        kept["channel"] = request.GET["channel"]
    try:
        kept["received_on"] = datetime.date.fromisoformat(request.GET.get("received", ""))
    except ValueError:
        pass
    if (event := parse_id(request.GET.get("event"))) and consultation.events.filter(pk=event).exists():
        kept["event"] = event
    return kept


@login_required
def response_enter(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One long page per response; on saving, a blank one for the next, the channel and date kept."""
    consultation = responses_consultation(request.user, pk)
    context = {"consultation": consultation, "board": consultation.board, "form": None}
    if consultation.status not in ENTRY_STATUSES:
        return render(request, "consultations/response_enter.html", context)
    form = EntryForm(
        request.POST if request.method == "POST" else None,
        consultation=consultation,
        adding=True,
        initial=_kept(request, consultation),
    )
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["form_token"]
        first = Response.objects.filter(form_key=form_key_digest(token), consultation=consultation).first()
        try:
            response = services.response_enter(
                consultation=consultation, by=request.user, form_key=token, **form.service_fields()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect(_next_blank(consultation, response, repeated=first is not None))
    entered = None
    if request.method == "GET" and (reference := request.GET.get("entered")):
        entered = consultation.responses.filter(reference=reference[:9], entered_by__isnull=False).first()
    if not form.errors:
        # Straight to the first blank field: after a save, the channel and date are already filled in.
        name = (
            next(iter(form.fields))
            if entered is None
            else next((name for name in form.fields if name.startswith("agreement_")), "channel")
        )
        form.fields[name].widget.attrs["autofocus"] = True
    context |= {"form": form, "entered": entered, "repeated": request.GET.get("repeated") == "1"}
    return render(request, "consultations/response_enter.html", context)


def _next_blank(consultation: Consultation, response: Response, *, repeated: bool) -> str:
    query = {
        "channel": response.channel,
        "received": response.received_on.isoformat(),
        "entered": response.reference,
    }
    if response.event_id:
        query["event"] = response.event_id
    if repeated:
        query["repeated"] = "1"
    # No #fragment: a page opened at a fragment skips autofocus, and the focus must be on the next field.
    return f"{reverse('consultations:response_enter', args=[consultation.pk])}?{urlencode(query)}"


@login_required
@require_safe
def response_list(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The responses officers entered (never public): to check them, and correct or delete mistakes."""
    consultation = responses_consultation(request.user, pk)
    form = ResponseFilterForm(request.GET or None)
    show, reference = form.choice()
    responses = consultation.responses.submitted()
    if show == "entered":
        responses = responses.exclude(channel=Channel.ONLINE)
    elif show == "duplicates":
        responses = responses.filter(duplicate_marked_at__isnull=False)
    if reference:
        responses = responses.filter(reference=clean_reference(reference))
    responses = responses.select_related("entered_by", "event", "duplicate_of")
    responses = responses.order_by("-submitted_at", "-pk")
    page = Paginator(responses, PER_PAGE).get_page(request.GET.get("page"))
    # Counted: as every figure counts them (duplicates apart, and said so).
    counts = list(
        consultation.responses.submitted()
        .values_list("channel")
        .annotate(
            count=Count("pk", filter=Q(duplicate_marked_at__isnull=True)),
            duplicates=Count("pk", filter=Q(duplicate_marked_at__isnull=False)),
        )
        .values_list("channel", "count", "duplicates")
    )
    by_channel = {channel: count for channel, count, _ in counts}
    duplicates = sum(row[2] for row in counts)
    channels = [(label, by_channel.get(value, 0)) for value, label in Channel.choices]
    context = {"consultation": consultation, "board": consultation.board, "page": page, "channels": channels}
    context |= {"can_enter": consultation.status in ENTRY_STATUSES, "form": form, "show": show}
    context |= {"reference": reference, "duplicates": duplicates, "query": _query(show, reference)}
    return render(request, "consultations/response_list.html", context)


def _query(show: str, reference: str) -> str:
    """The list's filters for its page links."""
    kept = {"show": show} if show != "entered" else {}
    if reference:
        kept["reference"] = reference
    return urlencode(kept)


@login_required
def response_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    response = entered_response(request.user, pk)
    consultation = response.consultation
    form = EntryForm(
        request.POST if request.method == "POST" else None,
        consultation=consultation,
        adding=False,
        initial=entry_initial(response),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.response_update(
                response=response,
                by=request.user,
                reason=form.cleaned_data["reason"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved the changes to response {response.reference}.")
            return redirect("consultations:responses", pk=consultation.pk)
    context = {"consultation": consultation, "board": consultation.board, "form": form, "response": response}
    return render(request, "consultations/response_edit.html", context)


@login_required
def response_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    response = entered_response(request.user, pk)
    consultation = response.consultation
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_delete(response=response, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Deleted response {response.reference}.")
            return redirect("consultations:responses", pk=consultation.pk)
    context = {"consultation": consultation, "board": consultation.board, "form": form, "response": response}
    return render(request, "consultations/response_delete.html", context)


# Engagement events ---------------------------------------------------------------------------------


@login_required
@require_safe
def event_list(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    consultation = editable_consultation(request.user, pk)
    events = consultation.events.annotate(
        comment_count=Count("comments", distinct=True), response_count=Count("responses", distinct=True)
    )
    context = {"consultation": consultation, "board": consultation.board, "events": events}
    return render(request, "consultations/event_list.html", context)


@login_required
def event_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    consultation = editable_consultation(request.user, pk)
    form = EventForm(request.POST or None, adding=True)
    if request.method == "POST":
        first = formtokens.claimed(form, user=request.user, purpose=ADD_EVENT)
        if first is not None:
            return _event_made(request, consultation, first.result(), repeated=True)
    if request.method == "POST" and form.is_valid():
        try:
            event, repeated = formtokens.once(
                form.cleaned_data["form_token"],
                user=request.user,
                purpose=ADD_EVENT,
                work=lambda: services.event_create(
                    consultation=consultation, by=request.user, **form.service_fields()
                ),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _event_made(request, consultation, event, repeated=repeated)
    context = {"consultation": consultation, "board": consultation.board, "form": form, "event": None}
    return render(request, "consultations/event_form.html", context)


def _event_made(request, consultation: Consultation, event: Event | None, *, repeated: bool) -> HttpResponse:
    if event is None:
        return redirect("consultations:events", pk=consultation.pk)
    if repeated:
        messages.info(request, f"“{event.title}” was already recorded. Here it is.")
    else:
        messages.success(request, f"Recorded “{event.title}”. Add the comments captured there.")
    return redirect("consultations:event", pk=event.pk)


@login_required
@require_safe
@vary_on_headers("HX-Request")
def event_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    event = editable_event(request.user, pk)
    return _event_page(request, event, EventCommentForm(consultation=event.consultation))


def _event_page(request: HtmxHttpRequest, event: Event, form: EventCommentForm, status: int = 200):
    consultation = event.consultation
    titles = {priority["id"]: priority["title"] for priority in consultation.priorities()}
    comments = [
        (comment, [titles.get(pk, "") for pk in comment.priorities]) for comment in event.comments.all()
    ]
    context = {
        "consultation": consultation,
        "board": consultation.board,
        "event": event,
        "form": form,
        "comments": comments,
        "can_comment": consultation.status in ENTRY_STATUSES,
    }
    template = "consultations/event_detail.html"
    if wants_partial(request):
        template += "#event-comments"
    return render(request, template, context, status=status)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def event_comment_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Add a comment captured at the event: the page's comments and a blank form again (htmx), or the page."""
    event = editable_event(request.user, pk)
    form = EventCommentForm(request.POST, consultation=event.consultation)
    if form.is_valid():
        try:
            services.event_comment_add(
                event=event,
                by=request.user,
                text=form.cleaned_data["text"],
                priorities=form.cleaned_data["priorities"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Added the comment.")
            if not wants_partial(request):
                return redirect(reverse("consultations:event", args=[event.pk]) + "#event-comments")
            form = EventCommentForm(consultation=event.consultation)
    return _event_page(request, event, form)


@login_required
def event_comment_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.filter(
            event__consultation__in=Consultation.objects.editable_by(request.user)
        ).select_related("event__consultation__board", "event__consultation__strategy"),
        pk=pk,
    )
    event = comment.event
    if request.method == "POST":
        services.event_comment_delete(comment=comment, by=request.user)
        messages.success(request, "Deleted the comment.")
        return redirect(reverse("consultations:event", args=[event.pk]) + "#event-comments")
    context = {"consultation": event.consultation, "board": event.consultation.board, "event": event}
    context["comment"] = comment
    return render(request, "consultations/event_comment_delete.html", context)


@login_required
def event_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    event = editable_event(request.user, pk)
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, by=request.user, **form.service_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved “{form.cleaned_data['title']}”.")
            return redirect("consultations:event", pk=event.pk)
    context = {"consultation": event.consultation, "board": event.consultation.board, "form": form}
    context["event"] = event
    return render(request, "consultations/event_form.html", context)


@login_required
def event_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    event = editable_event(request.user, pk)
    consultation = event.consultation
    if request.method == "POST":
        try:
            services.event_delete(event=event, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("consultations:event", pk=event.pk)
        messages.success(request, f"Deleted “{event.title}”.")
        return redirect("consultations:events", pk=consultation.pk)
    context = {"consultation": consultation, "board": consultation.board, "event": event}
    context["comment_count"] = event.comments.count()
    context["response_count"] = event.responses.count()
    return render(request, "consultations/event_delete.html", context)
