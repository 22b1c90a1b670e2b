"""
The plans that priorities support (docs/decisions/0028-plan-alignment.md): the list of plans and a
plan's page, public, each showing the reader only the priorities of strategies they may read; adding,
editing and removing a plan (the officers of the board that recorded it); and a priority's page of the
plans it supports, a plain form that htmx saves in place (#alignment).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.vary import vary_on_headers

from core import formtokens
from core.forms import add_errors, parse_id
from core.http import HtmxHttpRequest, wants_partial
from core.versions import EditConflict, show_conflict
from strategies.models import Priority, Strategy

from .. import alignment, permissions, services
from ..forms import AlignmentForm, PlanForm
from ..models import Plan
from .plan import editable_priority, plan_url

ADD_PLAN = "delivery.plan_add"  # The add form's one-time token (core.formtokens).


def editable_plan(user, pk: int) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("board"), pk=pk)
    if not permissions.can_edit_plan(user, plan):
        raise Http404("Only the officers of the board that recorded a plan change it.")
    return plan


def alignment_url(priority: Priority) -> str:
    return reverse("delivery:priority_plans", kwargs={"pk": priority.pk})


def _returning_to(request: HtmxHttpRequest) -> Priority | None:
    """The priority whose plans the officer was choosing when they went to add a plan, if theirs to change."""
    pk = parse_id(request.GET.get("priority"))
    if pk is None:
        return None
    priority = (
        Priority.objects.filter(pk=pk, domain__strategy__in=Strategy.objects.editable_by(request.user))
        .select_related("domain__strategy")
        .first()
    )
    return priority if priority is not None and permissions.can_align(request.user, priority) else None


# Public pages ---------------------------------------------------------------------------------------


def plan_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every plan that priorities can support, by kind, with how many priorities support each."""
    context = {
        "groups": alignment.plans_for(request.user),
        "can_add": permissions.can_create_plan(request.user),
    }
    return render(request, "delivery/plans.html", context)


def plan_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A plan, and the priorities of every board that support it (those of strategies the reader may read)."""
    plan = get_object_or_404(Plan.objects.select_related("board"), slug=slug)
    supporters = alignment.supporters(plan, request.user)
    context = {
        "plan": plan,
        "supporters": supporters,
        "shows_unpublished": any(
            not entry.strategy.is_public for board in supporters for entry in board.strategies
        ),
        "can_edit": permissions.can_edit_plan(request.user, plan),
    }
    return render(request, "delivery/plan_detail.html", context)


# Officers' pages ------------------------------------------------------------------------------------


@login_required
def plan_add(request: HtmxHttpRequest) -> HttpResponse:
    if not permissions.can_create_plan(request.user):
        raise Http404("Only a board's officers record plans.")
    back = _returning_to(request)
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST":
        first = formtokens.claimed(form, user=request.user, purpose=ADD_PLAN)
        if first is not None:
            return _added(request, first.result(), back, repeated=True)
        if form.is_valid():
            try:
                plan, repeated = formtokens.once(
                    form.cleaned_data["form_token"],
                    user=request.user,
                    purpose=ADD_PLAN,
                    work=lambda: services.plan_create(
                        board=form.board_chosen(), by=request.user, **form.plan_fields()
                    ),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                return _added(request, plan, back, repeated=repeated)
    context = {"form": form, "plan": None, "back": back}
    return render(request, "delivery/plan_form.html", context)


def _added(request, plan: Plan | None, back: Priority | None, *, repeated: bool) -> HttpResponse:
    if plan is None:  # Made by the first request, and removed since.
        return redirect(alignment_url(back) if back else reverse("delivery:plans"))
    said = "Already added" if repeated else "Added"
    if back is not None:
        messages.success(request, f"{said} the plan “{plan.title}”. It is ticked below: save to keep it.")
        return redirect(f"{alignment_url(back)}?added={plan.pk}#plan-{plan.pk}")
    messages.success(request, f"{said} the plan “{plan.title}”.")
    return redirect(plan.get_absolute_url())


@login_required
def plan_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    plan = editable_plan(request.user, pk)
    form = PlanForm(request.POST or None, user=request.user, plan=plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = form.plan_fields()
        try:
            plan = services.plan_update(
                plan=plan, by=request.user, version=form.cleaned_data["version"], **fields
            )
        except EditConflict as error:
            conflict = show_conflict(form, error, sent=fields)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved the plan “{plan.title}”.")
            return redirect(plan.get_absolute_url())
    context = {"form": form, "plan": plan, "conflict": conflict}
    return render(request, "delivery/plan_form.html", context)


@login_required
def plan_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    plan = editable_plan(request.user, pk)
    if request.method == "POST":
        try:
            services.plan_delete(plan=plan, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(plan.get_absolute_url())
        messages.success(request, f"Removed the plan “{plan.title}”.")
        return redirect("delivery:plans")
    context = {"plan": plan, "refusal": alignment.deletion_refusal(plan, request.user)}
    return render(request, "delivery/plan_delete.html", context)


@login_required
@vary_on_headers("HX-Request")
def priority_plans(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """
    The plans a priority supports, each with a note: a plain form; with htmx it is saved in place and
    the outcome shown in the notification banner.
    """
    priority = editable_priority(request.user, pk)
    strategy = priority.domain.strategy
    plans = list(Plan.objects.all())
    added = parse_id(request.GET.get("added"))
    ticked = frozenset({added} if added else ())
    data = request.POST if request.method == "POST" else None
    form = AlignmentForm(data, priority=priority, plans=plans, ticked=ticked)
    if data is not None and form.is_valid():
        try:
            services.priority_align(priority=priority, plans=form.chosen(), by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved the plans that “{priority.title}” supports.")
            if not wants_partial(request):
                return redirect(plan_url(strategy, f"priority-{priority.pk}"))
            priority = editable_priority(request.user, pk)  # As saved, for a form that shows it.
            form = AlignmentForm(priority=priority, plans=plans)
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "priority": priority,
        "form": form,
        "groups": form.groups(),
    }
    template = "delivery/priority_plans.html"
    if wants_partial(request):
        template += "#alignment"
    return render(request, template, context)
