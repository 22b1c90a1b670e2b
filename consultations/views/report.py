"""
"You said, we did" and the consultation report (consultations/changes.py, report.py): the officers' page
that records the changes and publishes the report, and the public report page.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from core import documents, formtokens
from core.forms import ReorderForm, add_errors
from core.http import HtmxHttpRequest, wants_partial
from core.versions import EditConflict, show_conflict

from .. import compare, permissions, report, services
from ..documents import REPORT_PDF_KIND
from ..models import Change, Consultation, Status
from ..report_forms import WHOLE_STRATEGY, ChangeForm

TEMPLATE = "consultations/report_manage.html"
ADD_CHANGE = "consultations.change_add"


def editable_consultation(user, pk: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.editable_by(user).select_related("board", "strategy", "revision"), pk=pk
    )


def editable_change(user, pk: int) -> Change:
    return get_object_or_404(
        Change.objects.filter(consultation__in=Consultation.objects.editable_by(user)).select_related(
            "consultation__board", "consultation__strategy", "consultation__revision"
        ),
        pk=pk,
    )


def change_form(consultation: Consultation, *args, **kwargs) -> ChangeForm:
    """The change form, offering the consultation's themes and the priorities added since it opened."""
    themes = list(consultation.themes.all())
    added = compare.added_priorities(consultation) if consultation.status == Status.CLOSED else []
    return ChangeForm(*args, consultation=consultation, themes=themes, added=added, **kwargs)


def _quoted(consultation: Consultation) -> list[dict]:
    """What the report quotes, theme by theme, for officers to read (and withhold) before publishing."""
    return [
        {"where": group.title, "theme": theme.name, "quotes": theme.examples}
        for group in report.themes(consultation)
        for theme in group.themes
        if theme.examples
    ]


def _withheld(consultation: Consultation) -> list:
    return list(consultation.comments.filter(quote_withheld=True).order_by("pk").only("pk", "text"))


def manage_context(consultation: Consultation, priority: str | None = None, **extra) -> dict:
    """`priority`: the add form's priority chosen beforehand (a value not offered chooses none)."""
    rows = report.changes(consultation)
    context = {
        "consultation": consultation,
        "board": consultation.board,
        "strategy": consultation.strategy,
        "rows": rows,
        "change_ids": ",".join(str(row["change"].pk) for row in rows),
        "errors": {},
        # Read only by the whole page, never by the #changes partial: called by the template.
        "quoted": partial(_quoted, consultation),
        "withheld": partial(_withheld, consultation),
    }
    context.update(extra)
    if context.get("add_form") is None:
        initial = {"priority": priority or WHOLE_STRATEGY}
        context["add_form"] = change_form(consultation, prefix="new-change", adding=True, initial=initial)
    if context["errors"].get("changes"):
        context["change_problems"] = [{"text": context["errors"]["changes"], "href": "#changes"}]
    return context


def changes_response(request: HtmxHttpRequest, consultation: Consultation, **extra) -> HttpResponse:
    """After a change to the list: the #changes partial for htmx, else the page (or back to it)."""
    if wants_partial(request):
        # A refused change swapped in by htmx: its error summary comes with it, and takes the focus
        # (GOV.UK's error summary does, once app.js starts it), as the page's own does without htmx.
        context = manage_context(consultation, inline_summary=True, **extra)
        return render(request, TEMPLATE + "#changes", context)
    if extra.get("errors") or (extra.get("add_form") is not None and extra["add_form"].errors):
        return render(request, TEMPLATE, manage_context(consultation, **extra))
    if extra.get("announce"):
        messages.success(request, extra["announce"])
    return redirect(consultation_report_manage_url(consultation) + "#changes")


def consultation_report_manage_url(consultation: Consultation) -> str:
    return reverse("consultations:report_manage", kwargs={"pk": consultation.pk})


@login_required
@vary_on_headers("HX-Request")
def report_manage(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The officers' page for "you said, we did" and publishing the report; POST adds a change."""
    consultation = editable_consultation(request.user, pk)
    if request.method != "POST":
        # ?priority=<id>: the comparison's link to record why that priority changed.
        return render(request, TEMPLATE, manage_context(consultation, priority=request.GET.get("priority")))
    form = change_form(consultation, request.POST, prefix="new-change", adding=True)
    if formtokens.claimed(form, user=request.user, purpose=ADD_CHANGE) is not None:
        return changes_response(request, consultation, announce="That change was already added.")
    if not form.is_valid():
        return changes_response(request, consultation, add_form=form)
    try:
        formtokens.once(
            form.cleaned_data["form_token"],
            user=request.user,
            purpose=ADD_CHANGE,
            work=lambda: services.change_add(
                consultation=consultation, by=request.user, **form.service_fields()
            ),
        )
    except ValidationError as error:
        add_errors(form, error)
        return changes_response(request, consultation, add_form=form)
    return changes_response(request, consultation, announce="Added the change.")


@login_required
def change_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    change = editable_change(request.user, pk)
    consultation = change.consultation
    initial = {
        "priority": WHOLE_STRATEGY if change.priority_id is None else str(change.priority_id),
        "you_said": change.you_said,
        "we_did": change.we_did,
        "comments": ", ".join(str(pk) for pk in change.comments.order_by("pk").values_list("pk", flat=True)),
        "themes": list(change.themes.values_list("pk", flat=True)),
        "version": change.version,
    }
    form = change_form(consultation, request.POST or None, prefix=f"change-{change.pk}", initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        arguments = {"version": form.cleaned_data["version"], **form.service_fields()}
        try:
            services.change_update(change=change, by=request.user, **arguments)
        except EditConflict as error:
            sent = {name: value for name, value in arguments.items() if name not in ("comments", "themes")}
            conflict = show_conflict(form, error, sent=sent, anchor=f"change-{change.pk}-conflict")
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved the change.")
            return redirect(consultation_report_manage_url(consultation) + "#changes")
    context = {"consultation": consultation, "board": consultation.board, "change": change, "form": form}
    context["conflict"] = conflict
    return render(request, "consultations/change_edit.html", context)


@login_required
def change_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    change = editable_change(request.user, pk)
    consultation = change.consultation
    if request.method == "POST":
        try:
            services.change_delete(change=change, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(consultation_report_manage_url(consultation))
        return changes_response(request, consultation, announce="Deleted the change.")
    context = {"consultation": consultation, "board": consultation.board, "change": change}
    return render(request, "consultations/change_delete.html", context)


@login_required
@require_POST
def changes_reorder(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    consultation = editable_consultation(request.user, pk)
    form = ReorderForm(request.POST)
    if not form.is_valid():
        return changes_response(request, consultation, errors={"changes": form.error_text()})
    try:
        services.changes_reorder(
            consultation=consultation,
            by=request.user,
            order=form.cleaned_data["order"],
            seen=form.cleaned_data["seen"],
        )
    except ValidationError as error:
        return changes_response(request, consultation, errors={"changes": " ".join(error.messages)})
    return changes_response(request, consultation, announce="Moved.")


@login_required
@require_POST
def report_publication(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Publish the report (`action=publish`) or take it off the public site (`action=withdraw`)."""
    consultation = editable_consultation(request.user, pk)
    action = request.POST.get("action")
    if action not in ("publish", "withdraw"):
        messages.error(request, "Choose to publish the report or to withdraw it.")
        return redirect(consultation_report_manage_url(consultation))
    service = services.report_publish if action == "publish" else services.report_withdraw
    try:
        service(consultation=consultation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = (
            "Published the report." if action == "publish" else "Withdrew the report: it is no longer public."
        )
        messages.success(request, done)
    return redirect(consultation_report_manage_url(consultation))


def consultation_report(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """
    The consultation report, public once an officer has published it; before, the board's members and
    officers can preview it.
    """
    consultation = get_object_or_404(
        Consultation.objects.visible_to(request.user).select_related("board", "strategy", "revision"),
        board__slug=board_slug,
        slug=slug,
    )
    preview = not consultation.report_is_published
    if preview and not permissions.can_read_private(request.user, consultation):
        raise Http404
    context = {
        "board": consultation.board,
        "consultation": consultation,
        "report": report.build(consultation, kept=True),
        "preview": preview,
        "document": documents.find(REPORT_PDF_KIND, consultation.pk) if not preview else None,
    }
    return render(request, "consultations/consultation_report.html", context)
