"""
The delivery plan's pages: the plan (officers' and the public's, one template, with the #actions
partial its filters swap and push into the URL), and an action's pages (add, its progress, edit,
remove). An object out of the user's reach is a 404 (the scoped lookups below).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.vary import vary_on_headers

from core import formtokens
from core.forms import add_errors
from core.http import HtmxHttpRequest, wants_partial
from core.versions import EditConflict, show_conflict
from strategies.models import Priority, Strategy

from .. import permissions, services
from ..forms import ActionForm, FilterForm, ProgressForm, filters_from
from ..freshness import action_freshness
from ..models import Action
from ..plan import STATUS_TAGS, delivery_plan

ADD_ACTION = "delivery.action_add"  # The add form's one-time token (core.formtokens).
TEMPLATE = "delivery/plan.html"


# Scoped lookups ------------------------------------------------------------------------------------


def readable_strategy(user, pk: int) -> Strategy:
    """A strategy whose whole plan the user may read on the officers' pages: its board's readers."""
    strategy = get_object_or_404(Strategy.objects.private_to(user).select_related("board"), pk=pk)
    return strategy


def editable_priority(user, pk: int) -> Priority:
    priority = get_object_or_404(
        Priority.objects.filter(domain__strategy__in=Strategy.objects.editable_by(user)).select_related(
            "domain__strategy__board"
        ),
        pk=pk,
    )
    if not permissions.can_edit(user, priority.domain.strategy):
        raise Http404("The plan of a replaced strategy is closed.")
    return priority


def readable_action(user, pk: int) -> Action:
    return get_object_or_404(
        Action.objects.filter(
            priority__domain__strategy__in=Strategy.objects.private_to(user)
        ).select_related("priority__domain__strategy__board", "lead_organisation", "owner"),
        pk=pk,
    )


def editable_action(user, pk: int) -> Action:
    action = readable_action(user, pk)
    if not permissions.can_edit(user, action.priority.domain.strategy):
        raise Http404("Only the board's officers change its delivery plan.")
    return action


def plan_url(strategy: Strategy, anchor: str = "") -> str:
    return reverse("delivery:plan_manage", kwargs={"pk": strategy.pk}) + (f"#{anchor}" if anchor else "")


# The plan -----------------------------------------------------------------------------------------


def _plan_page(request: HtmxHttpRequest, strategy: Strategy, *, manage: bool) -> HttpResponse:
    plan = delivery_plan(strategy, filters_from(request.GET))
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "plan": plan,
        "manage": manage,
        "can_edit": manage and permissions.can_edit(request.user, strategy),
        "filter_form": FilterForm(plan.filters, organisations=plan.organisations, priorities=plan.priorities),
        "status_tags": STATUS_TAGS,
        "action": reverse("delivery:plan_manage", kwargs={"pk": strategy.pk})
        if manage
        else reverse("delivery:plan", kwargs={"board_slug": strategy.board.slug, "slug": strategy.slug}),
    }
    template = TEMPLATE + "#actions" if wants_partial(request) else TEMPLATE
    return render(request, template, context)


@login_required
@vary_on_headers("HX-Request")
def plan_manage(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The officers' delivery plan: every action with its status and latest update, filtered."""
    return _plan_page(request, readable_strategy(request.user, pk), manage=True)


@vary_on_headers("HX-Request")
def plan_public(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """The delivery plan of a published (or replaced) strategy, as anyone reads it."""
    strategy = get_object_or_404(Strategy.objects.select_related("board"), board__slug=board_slug, slug=slug)
    if not strategy.is_public:
        raise Http404("Only a published strategy's delivery plan is public.")
    return _plan_page(request, strategy, manage=False)


# An action ----------------------------------------------------------------------------------------


@login_required
def action_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    priority = editable_priority(request.user, pk)
    strategy = priority.domain.strategy
    form = ActionForm(request.POST or None, strategy=strategy, user=request.user)
    if request.method == "POST":
        first = formtokens.claimed(form, user=request.user, purpose=ADD_ACTION)
        if first is not None:
            return _added(request, strategy, first.result(), repeated=True)
        if form.is_valid():
            try:
                action, repeated = formtokens.once(
                    form.cleaned_data["form_token"],
                    user=request.user,
                    purpose=ADD_ACTION,
                    work=lambda: services.action_create(
                        priority=priority, by=request.user, **form.action_fields()
                    ),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                return _added(request, strategy, action, repeated=repeated)
    context = {"board": strategy.board, "strategy": strategy, "priority": priority, "form": form}
    return render(request, "delivery/action_add.html", context)


def _added(request, strategy: Strategy, action: Action | None, *, repeated: bool) -> HttpResponse:
    if action is None:
        messages.success(request, "Already added.")
        return redirect(plan_url(strategy))
    messages.success(request, f"{'Already added' if repeated else 'Added'} the action “{action.title}”.")
    return redirect(plan_url(strategy, f"action-{action.pk}"))


@login_required
@vary_on_headers("HX-Request")
def action_manage(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """An action: its details and its updates; its board's officers record progress here."""
    action = readable_action(request.user, pk)
    strategy = action.priority.domain.strategy
    can_edit = permissions.can_edit(request.user, strategy)
    form = ProgressForm(request.POST or None, action=action)
    if request.method == "POST":
        if not can_edit:
            raise Http404("Only the board's officers record progress.")
        if form.is_valid():
            try:
                update = services.action_progress(action=action, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                said = (
                    "Recorded the update"
                    if not update.moved
                    else f"Now {update.get_to_status_display().lower()}"
                )
                messages.success(request, f"{said}: “{action.title}”.")
                if wants_partial(request):
                    action.refresh_from_db()
                    form = ProgressForm(action=action)  # Empty again, at the status it now has.
                else:
                    return redirect(reverse("delivery:action_manage", kwargs={"pk": action.pk}) + "#progress")
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "action": action,
        "overdue": action.is_overdue(),
        "freshness": action_freshness(action, action.updates.values_list("at", flat=True).first()),
        "can_edit": can_edit,
        "form": form,
        "updates": action.updates.select_related("by"),
        "status_tags": STATUS_TAGS,
    }
    template = "delivery/action_manage.html"
    if wants_partial(request):
        template += "#progress"
    return render(request, template, context)


@login_required
def action_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    action = editable_action(request.user, pk)
    strategy = action.priority.domain.strategy
    form = ActionForm(request.POST or None, strategy=strategy, action=action)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = form.action_fields()
        try:
            services.action_update(
                action=action, by=request.user, version=form.cleaned_data["version"], **fields
            )
        except EditConflict as error:
            conflict = show_conflict(form, error, sent=fields)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved the action “{fields['title']}”.")
            return redirect(reverse("delivery:action_manage", kwargs={"pk": action.pk}))
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "action": action,
        "form": form,
        "conflict": conflict,
    }
    return render(request, "delivery/action_edit.html", context)


@login_required
def action_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    action = editable_action(request.user, pk)
    strategy = action.priority.domain.strategy
    if request.method == "POST":
        try:
            services.action_delete(action=action, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(reverse("delivery:action_manage", kwargs={"pk": action.pk}))
        messages.success(request, f"Removed the action “{action.title}”.")
        return redirect(plan_url(strategy))
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "action": action,
        "has_updates": action.updates.exists(),
    }
    return render(request, "delivery/action_delete.html", context)
