"""
A strategy's domains and priorities, edited inline on the workspace page: add, edit, delete and
reorder. Each view calls its service itself; the workspace module builds the answer.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from core import formtokens
from core.forms import ReorderForm, add_errors
from core.http import HtmxHttpRequest, wants_partial
from core.versions import EditConflict, show_conflict

from .. import services
from ..forms import domain_form, priority_form
from ..models import Strategy
from .lookups import editable_domain, editable_priority, editable_strategy
from .workspace import domains_response

ITEM_EDIT = "strategies/item_edit.html"
ITEM_DELETE = "strategies/item_delete.html"
# The add forms' one-time tokens (core.formtokens): a form sent twice adds once.
ADD_DOMAIN, ADD_PRIORITY = "strategies.domain_add", "strategies.priority_add"


# Adding -------------------------------------------------------------------------------------------


@login_required
@require_POST
def domain_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    strategy = editable_strategy(request.user, pk)
    form = domain_form(strategy, request.POST, prefix="new-domain", adding=True)
    first = formtokens.claimed(form, user=request.user, purpose=ADD_DOMAIN)
    if first is not None:
        return domains_response(
            request, strategy, announce=_added(strategy.domain_label, first.result(), True)
        )
    if not form.is_valid():
        return domains_response(request, strategy, add_domain_form=form)
    try:
        domain, repeated = formtokens.once(
            form.cleaned_data["form_token"],
            user=request.user,
            purpose=ADD_DOMAIN,
            work=lambda: services.domain_create(strategy=strategy, by=request.user, **form.item_fields()),
        )
    except ValidationError as error:
        return domains_response(request, strategy, errors={"domains": " ".join(error.messages)})
    return domains_response(request, strategy, announce=_added(strategy.domain_label, domain, repeated))


@login_required
@require_POST
def priority_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    domain = editable_domain(request.user, pk)
    strategy = domain.strategy
    form = priority_form(request.POST, prefix=f"new-priority-{domain.pk}", adding=True)
    first = formtokens.claimed(form, user=request.user, purpose=ADD_PRIORITY)
    if first is not None:
        return domains_response(request, strategy, announce=_added("priority", first.result(), True))
    if not form.is_valid():
        return domains_response(request, strategy, priority_forms={domain.pk: form})
    try:
        priority, repeated = formtokens.once(
            form.cleaned_data["form_token"],
            user=request.user,
            purpose=ADD_PRIORITY,
            work=lambda: services.priority_create(domain=domain, by=request.user, **form.item_fields()),
        )
    except ValidationError as error:
        return domains_response(request, strategy, errors={domain.pk: " ".join(error.messages)})
    return domains_response(request, strategy, announce=_added("priority", priority, repeated))


def _added(noun: str, item, repeated: bool) -> str:
    """What the page announces after an add; a repeat of the same form adds nothing."""
    if not repeated:
        return f"Added {noun} “{item.title}”."
    return f"Already added {noun} “{item.title}”." if item is not None else "Already added."


# Editing ------------------------------------------------------------------------------------------


@login_required
@vary_on_headers("HX-Request")
def domain_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    domain = editable_domain(request.user, pk)
    strategy = domain.strategy
    form = domain_form(
        strategy, request.POST or None, prefix=f"domain-{domain.pk}", initial=_initial(domain), autofocus=True
    )
    return _item_edit(
        request, strategy=strategy, item=domain, form=form, kind="domain", save=services.domain_update
    )


@login_required
@vary_on_headers("HX-Request")
def priority_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    priority = editable_priority(request.user, pk)
    strategy = priority.domain.strategy
    form = priority_form(
        request.POST or None, prefix=f"priority-{priority.pk}", initial=_initial(priority), autofocus=True
    )
    return _item_edit(
        request, strategy=strategy, item=priority, form=form, kind="priority", save=services.priority_update
    )


def _initial(item) -> dict:
    return {
        "title": item.title,
        "description": item.description,
        "easy_read": item.easy_read,
        "version": item.version,
    }


def _item_edit(request: HtmxHttpRequest, *, strategy: Strategy, item, form, kind: str, save) -> HttpResponse:
    """
    Save a domain or priority (`save` is its update service), or show the form again: inline for
    htmx (errors and any edit conflict shown where the user is typing), else on its own page.
    """
    conflict = None
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        try:
            save(**{kind: item}, by=request.user, **arguments)
        except EditConflict as error:
            conflict = show_conflict(form, error, sent=arguments, anchor=f"{kind}-{item.pk}-conflict")
        except ValidationError as error:
            add_errors(form, error)
        else:
            return domains_response(request, strategy, announce=f"Saved “{form.cleaned_data['title']}”.")
    context = {
        "strategy": strategy,
        "board": strategy.board,
        "item": item,
        "form": form,
        "kind": kind,
        "conflict": conflict,
    }
    if not wants_partial(request):
        return render(request, ITEM_EDIT, context)
    if request.method == "POST":
        # The form was aimed at the whole list; show the errors where the user is typing instead.
        problems = " ".join(message for errors in form.errors.values() for message in errors)
        context["announce"] = f"There is a problem: {problems}"
        response = render(request, ITEM_EDIT + "#item-form", context)
        return retarget(reswap(response, "outerHTML"), f"#{kind}-{item.pk}-edit")
    return render(request, ITEM_EDIT + "#item-form", context)


# Deleting -----------------------------------------------------------------------------------------


@login_required
def domain_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    domain = editable_domain(request.user, pk)
    strategy = domain.strategy
    if request.method == "POST":
        try:
            services.domain_delete(domain=domain, by=request.user)
        except ValidationError as error:
            return _refused(request, strategy, error)
        return domains_response(request, strategy, announce=f"Deleted “{domain.title}”.")
    return _confirm_delete(request, strategy=strategy, item=domain, kind=strategy.domain_label)


@login_required
def priority_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    priority = editable_priority(request.user, pk)
    strategy = priority.domain.strategy
    if request.method == "POST":
        try:
            services.priority_delete(priority=priority, by=request.user)
        except ValidationError as error:
            return _refused(request, strategy, error)
        return domains_response(request, strategy, announce=f"Deleted “{priority.title}”.")
    return _confirm_delete(request, strategy=strategy, item=priority, kind="priority")


def _confirm_delete(request: HtmxHttpRequest, *, strategy: Strategy, item, kind: str) -> HttpResponse:
    return render(
        request, ITEM_DELETE, {"strategy": strategy, "board": strategy.board, "item": item, "kind": kind}
    )


def _refused(request: HtmxHttpRequest, strategy: Strategy, error: ValidationError) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect(strategy.get_manage_url())


# Reordering ---------------------------------------------------------------------------------------


@login_required
@require_POST
def domains_reorder(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    strategy = editable_strategy(request.user, pk)
    form = ReorderForm(request.POST)
    if not form.is_valid():
        return domains_response(request, strategy, errors={"domains": form.error_text()})
    try:
        services.domains_reorder(
            strategy=strategy,
            by=request.user,
            order=form.cleaned_data["order"],
            seen=form.cleaned_data["seen"],
        )
    except ValidationError as error:
        return domains_response(request, strategy, errors={"domains": " ".join(error.messages)})
    return domains_response(request, strategy, announce="Moved.")


@login_required
@require_POST
def priorities_reorder(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    domain = editable_domain(request.user, pk)
    strategy = domain.strategy
    form = ReorderForm(request.POST)
    if not form.is_valid():
        return domains_response(request, strategy, errors={domain.pk: form.error_text()})
    try:
        services.priorities_reorder(
            domain=domain, by=request.user, order=form.cleaned_data["order"], seen=form.cleaned_data["seen"]
        )
    except ValidationError as error:
        return domains_response(request, strategy, errors={domain.pk: " ".join(error.messages)})
    return domains_response(request, strategy, announce="Moved.")
