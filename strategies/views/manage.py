"""The officers' strategy pages: the list, creating and editing details, lifecycle moves."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.vary import vary_on_headers

from boards import permissions as board_permissions
from core import formtokens
from core.forms import add_errors
from core.http import HtmxHttpRequest, wants_partial
from core.versions import EditConflict, show_conflict

from .. import permissions, services
from ..forms import StrategyForm, TransitionForm
from ..models import STATUS_IN_WORDS, Priority, Strategy
from .lookups import editable_strategy
from .workspace import TEMPLATE, manage_context

CREATE = "strategies.create"  # The create form's one-time tokens (core.formtokens).


@login_required
def strategy_manage_list(request: HtmxHttpRequest) -> HttpResponse:
    strategies = (
        Strategy.objects.private_to(request.user)
        .select_related("board")
        .order_by("board__name", "-start_year")
    )
    return render(request, "strategies/strategy_manage_list.html", {"strategies": strategies})


@login_required
def strategy_create(request: HtmxHttpRequest) -> HttpResponse:
    if not board_permissions.can_edit_any(request.user):
        raise Http404
    form = StrategyForm(request.POST or None, user=request.user)
    if request.method == "POST":
        first = formtokens.claimed(form, user=request.user, purpose=CREATE)
        if first is not None:
            return _created(request, first.result(), repeated=True)
    if request.method == "POST" and form.is_valid():
        try:
            strategy, repeated = formtokens.once(
                form.cleaned_data["form_token"],
                user=request.user,
                purpose=CREATE,
                work=lambda: services.strategy_create(
                    board=form.cleaned_data["board"], by=request.user, **form.service_fields()
                ),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _created(request, strategy, repeated=repeated)
    return render(request, "strategies/strategy_form.html", {"form": form, "strategy": None})


def _created(request: HtmxHttpRequest, strategy: Strategy | None, *, repeated: bool) -> HttpResponse:
    """After a create: the new strategy; for a repeat of the same form, the one the first made."""
    if strategy is None:  # Made by the first request, and deleted since.
        return redirect("strategies:manage_list")
    if repeated:
        messages.info(request, f"“{strategy.title}” was already created. Here it is.")
    else:
        messages.success(request, f"Created “{strategy.title}” as a draft.")
    return redirect(strategy.get_manage_url())


@login_required
def strategy_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    strategy = editable_strategy(request.user, pk)
    if not strategy.is_editable:
        messages.error(request, "This strategy's text can no longer be changed.")
        return redirect(strategy.get_manage_url())
    # The form validates a copy: the page around it shows the strategy as saved.
    form = StrategyForm(request.POST or None, instance=copy.copy(strategy), user=request.user)
    conflict = None
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        try:
            services.strategy_update(strategy=strategy, by=request.user, **arguments)
        except EditConflict as error:
            conflict = show_conflict(form, error, sent=arguments)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved the strategy's details.")
            return redirect(strategy.get_manage_url())
    return render(
        request,
        "strategies/strategy_form.html",
        {"form": form, "strategy": strategy, "board": strategy.board, "conflict": conflict},
    )


@login_required
def strategy_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Delete a draft made by mistake: a confirmation page, then back to the list."""
    strategy = editable_strategy(request.user, pk)
    if request.method == "POST":
        try:
            services.strategy_delete(strategy=strategy, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(strategy.get_manage_url())
        messages.success(request, f"Deleted the draft “{strategy.title}”.")
        return redirect("strategies:manage_list")
    context = {
        "strategy": strategy,
        "board": strategy.board,
        "refusal": strategy.deletion_refusal(),
        "domains": strategy.domains.count(),
        "priorities": Priority.objects.filter(domain__strategy=strategy).count(),
    }
    return render(request, "strategies/strategy_delete.html", context)


@login_required
@vary_on_headers("HX-Request")
def strategy_manage(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The officer's workspace for one strategy: its structure, its lifecycle and its PDF."""
    strategy = editable_strategy(request.user, pk)
    template = TEMPLATE + "#domains" if wants_partial(request) else TEMPLATE
    return render(request, template, manage_context(strategy))


@login_required
def strategy_transition(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    strategy = editable_strategy(request.user, pk)
    form = TransitionForm(request.POST or None, strategy=strategy, user=request.user)
    if request.method == "POST" and form.is_valid():
        to_status = form.cleaned_data["to_status"]
        if not permissions.can_move(request.user, strategy, to_status):
            form.add_error("to_status", "Only a board administrator can publish a strategy")
        else:
            try:
                services.strategy_transition(strategy=strategy, by=request.user, **form.service_arguments())
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"This strategy is now {STATUS_IN_WORDS[to_status]}.")
                return redirect(strategy.get_manage_url())
    return render(
        request,
        "strategies/strategy_transition.html",
        {"strategy": strategy, "board": strategy.board, "form": form},
    )
