"""
The officers' pages for a meeting's record (boards.services.attendance and .proceedings): attendance
with the quorum, declarations of interest, minutes and decisions of each item. Every form is a plain
form that works without JavaScript (a redirect after success, the page again with its errors); htmx
swaps the page's one partial instead: the outcome goes to the notification region and is announced, a
refusal is an error summary at the top of the partial, which takes the focus.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from core import formtokens
from core.forms import add_errors
from core.http import HtmxHttpRequest, wants_partial
from core.versions import EditConflict, show_conflict

from ..forms.proceedings import (
    AttendanceForm,
    DecisionForm,
    DeclarationForm,
    InAttendanceForm,
    MinutesForm,
    SubstituteForm,
)
from ..models import AgendaItem, Attendance, Decision, Declaration, Meeting, MeetingStatus
from ..permissions import editable_q
from ..services import attendance as attendance_services
from ..services import proceedings

# The add forms' one-time tokens (core.formtokens): a form sent twice adds once.
ADD_SUBSTITUTE = "boards.substitute_add"
ADD_IN_ATTENDANCE = "boards.in_attendance_add"
ADD_DECLARATION = "boards.declaration_add"
ADD_DECISION = "boards.decision_add"


# Lookups: a meeting of a board the user does not edit is a 404 ----------------------------------------


def _meeting(user, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.filter(editable_q(user)).select_related("board"), pk=pk)


def _item(user, meeting: int, pk: int) -> AgendaItem:
    items = AgendaItem.objects.filter(editable_q(user, "meeting__board"), meeting_id=meeting)
    return get_object_or_404(items.select_related("meeting__board", "publication"), pk=pk)


def _record_state(meeting: Meeting) -> dict:
    """What every page of the record says about it: approved (and so locked) or draft, held or not."""
    approval = proceedings.minutes_approval(meeting)
    return {
        "meeting": meeting,
        "board": meeting.board,
        "approval": approval,
        "held": meeting.status == MeetingStatus.HELD,
        "cancelled": meeting.status == MeetingStatus.CANCELLED,
        "open_record": approval is None and meeting.status != MeetingStatus.CANCELLED,
    }


def _problems(*forms) -> list[dict[str, str]]:
    """The errors of the forms sent, for the error summary and the announcement."""
    problems = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        first = next(iter(form.visible_fields()), None)
        for name, errors in form.errors.items():
            field = form[name] if name in form.fields and not form[name].is_hidden else first
            problems += [{"text": message, "href": f"#{_anchor(field)}"} for message in errors]
    return problems


def _anchor(field) -> str:
    """Where the error summary links for a field: its input, or the first of its radios."""
    if field is None:
        return ""
    if field.use_fieldset and field.subwidgets:
        return field.subwidgets[0].id_for_label or field.auto_id
    return field.id_for_label or field.auto_id


def _answer(request: HtmxHttpRequest, template: str, partial: str, context: dict, *, problems, announce=""):
    """
    After a change: for htmx, the page's partial, with an error summary at its top when something was
    refused (it takes the focus, as the whole page's does); without JavaScript, a redirect to the page
    when it worked, or the page again with its error summary.
    """
    if announce and not problems:
        # Shown in the notification region: the next page's, or swapped in beside the fragment.
        messages.success(request, announce)
    if wants_partial(request):
        return render(request, f"{template}#{partial}", {**context, "partial": True, "problems": problems})
    if not problems:
        return redirect(context["page_url"] + f"#{partial}")
    return render(request, template, {**context, "problems": problems}, status=422)


# The record of a meeting at a glance ----------------------------------------------------------------


@login_required
@require_safe
def proceedings_overview(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request.user, pk)
    items = meeting.items.order_by("number")
    context = {**_record_state(meeting), "items": items, "quorum": attendance_services.quorum(meeting)}
    return render(request, "boards/proceedings/overview.html", context)


# Attendance -------------------------------------------------------------------------------------------

ATTENDANCE = "boards/proceedings/attendance.html"


def _attendance_context(meeting: Meeting, *, form=None, substitute_form=None, other_form=None) -> dict:
    members = list(attendance_services.members_at(meeting).by_seniority())
    rows = list(meeting.attendance.select_related("membership", "organisation", "substitute_for"))
    recorded = {row.membership_id: row.status for row in rows if row.membership_id}
    for member in members:  # For the record as read when it can no longer change.
        member.attendance_status = (
            Attendance.Status(recorded[member.pk]).label if member.pk in recorded else ""
        )
    return {
        **_record_state(meeting),
        "page_url": reverse("boards:attendance", args=[meeting.pk]),
        "quorum": attendance_services.quorum(meeting),
        "form": form or AttendanceForm(members=members, recorded=recorded),
        "substitutes": [row for row in rows if row.substitute_for_id],
        "others": [row for row in rows if row.status == Attendance.Status.IN_ATTENDANCE],
        "substitute_form": substitute_form
        or SubstituteForm(prefix="substitute", meeting=meeting, members=members),
        "other_form": other_form or InAttendanceForm(prefix="other", meeting=meeting),
    }


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD", "POST"])
def attendance(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The attendance page; a POST records the members' attendance."""
    meeting = _meeting(request.user, pk)
    if request.method != "POST":
        return render(request, ATTENDANCE, _attendance_context(meeting))
    members = list(attendance_services.members_at(meeting).by_seniority())
    form = AttendanceForm(request.POST, members=members, recorded={})
    announce = ""
    if form.is_valid():
        try:
            attendance_services.attendance_record(meeting=meeting, by=request.user, statuses=form.statuses())
        except ValidationError as error:
            add_errors(form, error)
        else:
            announce = "Saved the attendance."
            form = None
    context = _attendance_context(meeting, form=form)
    return _answer(request, ATTENDANCE, "attendance", context, problems=_problems(form), announce=announce)


@login_required
@vary_on_headers("HX-Request")
@require_POST
def substitute_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request.user, pk)
    members = list(attendance_services.members_at(meeting))
    form = SubstituteForm(request.POST, prefix="substitute", meeting=meeting, members=members)
    made, announce = _add(
        request,
        form,
        purpose=ADD_SUBSTITUTE,
        work=lambda: attendance_services.substitute_add(
            meeting=meeting, by=request.user, **form.service_fields()
        ),
    )
    if made is not None or announce:
        form = None
        announce = announce or f"Added {made.name}, substitute for {made.substitute_for.name}."
    context = _attendance_context(meeting, substitute_form=form)
    return _answer(request, ATTENDANCE, "attendance", context, problems=_problems(form), announce=announce)


@login_required
@vary_on_headers("HX-Request")
@require_POST
def in_attendance_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request.user, pk)
    form = InAttendanceForm(request.POST, prefix="other", meeting=meeting)
    made, announce = _add(
        request,
        form,
        purpose=ADD_IN_ATTENDANCE,
        work=lambda: attendance_services.in_attendance_add(
            meeting=meeting, by=request.user, **form.service_fields()
        ),
    )
    if made is not None or announce:
        form = None
        announce = announce or f"Added {made.name}, in attendance."
    context = _attendance_context(meeting, other_form=form)
    return _answer(request, ATTENDANCE, "attendance", context, problems=_problems(form), announce=announce)


def _add(request: HtmxHttpRequest, form, *, purpose: str, work) -> tuple[object | None, str]:
    """
    Run an add form's service once for its token: (what it made, ""), or (None, what to announce) for a
    repeat of a form already sent, or (None, "") with the errors on the form.
    """
    first = formtokens.claimed(form, user=request.user, purpose=purpose)
    if first is not None:
        return None, "That was already added."
    if not form.is_valid():
        return None, ""
    try:
        made, repeated = formtokens.once(
            form.cleaned_data["form_token"], user=request.user, purpose=purpose, work=work
        )
    except ValidationError as error:
        add_errors(form, error)
        return None, ""
    return (None, "That was already added.") if repeated else (made, "")


@login_required
@vary_on_headers("HX-Request")
@require_POST
def attendance_remove(request: HtmxHttpRequest, meeting: int, pk: int) -> HttpResponse:
    found = _meeting(request.user, meeting)
    row = get_object_or_404(found.attendance.select_related("membership"), pk=pk)
    problems, announce = [], ""
    try:
        attendance_services.attendance_remove(attendance=row, by=request.user)
    except ValidationError as error:
        problems = [{"text": message, "href": "#attendance"} for message in error.messages]
    else:
        announce = f"Removed {row.person} from the attendance."
    context = _attendance_context(found)
    return _answer(request, ATTENDANCE, "attendance", context, problems=problems, announce=announce)


# Declarations of interest ----------------------------------------------------------------------------

DECLARATIONS = "boards/proceedings/declarations.html"


def _declarations_context(item: AgendaItem, *, form=None) -> dict:
    meeting = item.meeting
    members = list(attendance_services.members_at(meeting).by_seniority())
    return {
        **_record_state(meeting),
        "item": item,
        "page_url": reverse("boards:declarations", args=[meeting.pk, item.pk]),
        "declarations": item.declarations.select_related("membership__organisation"),
        "form": form or DeclarationForm(prefix="declaration", members=members),
    }


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD", "POST"])
def declarations(request: HtmxHttpRequest, meeting: int, pk: int) -> HttpResponse:
    """An item's declarations of interest; a POST adds one."""
    item = _item(request.user, meeting, pk)
    if request.method != "POST":
        return render(request, DECLARATIONS, _declarations_context(item))
    members = list(attendance_services.members_at(item.meeting))
    form = DeclarationForm(request.POST, prefix="declaration", members=members)
    made, announce = _add(
        request,
        form,
        purpose=ADD_DECLARATION,
        work=lambda: attendance_services.declaration_add(item=item, by=request.user, **form.service_fields()),
    )
    if made is not None or announce:
        form = None
        announce = announce or f"Recorded {made.membership.name}'s declaration of interest."
    context = _declarations_context(item, form=form)
    return _answer(
        request, DECLARATIONS, "declarations", context, problems=_problems(form), announce=announce
    )


@login_required
@vary_on_headers("HX-Request")
@require_POST
def declaration_remove(request: HtmxHttpRequest, meeting: int, pk: int) -> HttpResponse:
    declaration = get_object_or_404(
        Declaration.objects.filter(
            editable_q(request.user, "item__meeting__board"), item__meeting_id=meeting
        ).select_related("item__meeting__board", "membership"),
        pk=pk,
    )
    item = declaration.item
    problems, announce = [], ""
    try:
        attendance_services.declaration_remove(declaration=declaration, by=request.user)
    except ValidationError as error:
        problems = [{"text": message, "href": "#declarations"} for message in error.messages]
    else:
        announce = f"Removed {declaration.membership.name}'s declaration of interest."
    context = _declarations_context(item)
    return _answer(request, DECLARATIONS, "declarations", context, problems=problems, announce=announce)


# Minutes ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_minutes(request: HtmxHttpRequest, meeting: int, pk: int) -> HttpResponse:
    """Write an item's minutes (a plain form: the page is the editor)."""
    item = _item(request.user, meeting, pk)
    form = MinutesForm(request.POST or None, initial={"minutes": item.minutes, "version": item.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        try:
            proceedings.item_minutes_update(item=item, by=request.user, **arguments)
        except EditConflict as error:
            conflict = show_conflict(form, error, sent=arguments)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved the minutes of item {item.number}.")
            return redirect("boards:item_minutes", meeting=item.meeting_id, pk=item.pk)
    context = {**_record_state(item.meeting), "item": item, "form": form, "conflict": conflict}
    return render(request, "boards/proceedings/minutes.html", context, status=422 if form.errors else 200)


# Decisions -------------------------------------------------------------------------------------------

DECISIONS = "boards/proceedings/decisions.html"


def _decisions_context(item: AgendaItem, *, form=None) -> dict:
    meeting = item.meeting
    decisions = proceedings.in_letter_order(item.decisions.select_related("minutes_of__board"))
    return {
        **_record_state(meeting),
        "item": item,
        "page_url": reverse("boards:item_decisions", args=[meeting.pk, item.pk]),
        "decisions": decisions,
        "next_letter": proceedings.letter_for(len(decisions)),
        "form": form or DecisionForm(prefix="decision", meeting=meeting),
    }


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD", "POST"])
def item_decisions(request: HtmxHttpRequest, meeting: int, pk: int) -> HttpResponse:
    """An item's lettered resolutions; a POST records the next one."""
    item = _item(request.user, meeting, pk)
    if request.method != "POST":
        return render(request, DECISIONS, _decisions_context(item))
    form = DecisionForm(request.POST, prefix="decision", meeting=item.meeting)
    made, announce = _add(
        request,
        form,
        purpose=ADD_DECISION,
        work=lambda: proceedings.decision_add(item=item, by=request.user, **form.service_fields()),
    )
    if made is not None or announce:
        form = None
        announce = announce or f"Recorded resolution {made.letter})."
    context = _decisions_context(item, form=form)
    return _answer(request, DECISIONS, "decisions", context, problems=_problems(form), announce=announce)


def _decision(user, meeting: int, pk: int) -> Decision:
    decisions = Decision.objects.filter(
        editable_q(user, "agenda_item__meeting__board"), agenda_item__meeting_id=meeting
    )
    return get_object_or_404(decisions.select_related("agenda_item__meeting__board", "minutes_of"), pk=pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def decision_edit(request: HtmxHttpRequest, meeting: int, pk: int) -> HttpResponse:
    decision = _decision(request.user, meeting, pk)
    item = decision.agenda_item
    form = DecisionForm(request.POST or None, meeting=item.meeting, decision=decision)
    conflict = None
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        try:
            proceedings.decision_update(decision=decision, by=request.user, **arguments)
        except EditConflict as error:
            conflict = show_conflict(form, error, sent=arguments)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved resolution {decision.letter}).")
            return redirect(
                reverse("boards:item_decisions", args=[item.meeting_id, item.pk]) + f"#decision-{pk}"
            )
    context = {
        **_record_state(item.meeting),
        "item": item,
        "decision": decision,
        "form": form,
        "conflict": conflict,
        "resting_on": proceedings.resting_on(decision),
    }
    return render(
        request, "boards/proceedings/decision_edit.html", context, status=422 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def decision_remove(request: HtmxHttpRequest, meeting: int, pk: int) -> HttpResponse:
    """Remove a resolution recorded by mistake: a confirmation page, then back to the item's decisions."""
    decision = _decision(request.user, meeting, pk)
    item = decision.agenda_item
    back = reverse("boards:item_decisions", args=[item.meeting_id, item.pk])
    refusal = ""
    if request.method == "POST":
        try:
            proceedings.decision_remove(decision=decision, by=request.user)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, f"Removed resolution {decision.letter}).")
            return redirect(back)
    context = {
        **_record_state(item.meeting),
        "item": item,
        "decision": decision,
        "back": back,
        "refusal": refusal,
        "refusal_problems": [{"text": refusal, "href": "#resolution"}],
        "resting_on": proceedings.resting_on(decision),
    }
    return render(request, "boards/proceedings/decision_remove.html", context, status=422 if refusal else 200)
