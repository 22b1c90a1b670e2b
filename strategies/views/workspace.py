"""
The officer's workspace page for one strategy, and the answer after each change to its structure:
the #domains partial for htmx, or the whole page (with its problems) without JavaScript.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render

from core.http import HtmxHttpRequest, wants_partial

from ..forms import domain_form, priority_form
from ..models import Priority, Strategy

TEMPLATE = "strategies/strategy_manage.html"


def manage_context(strategy: Strategy, **extra) -> dict:
    domains = list(
        strategy.domains.prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.order_by("position", "pk"))
        )
    )
    for domain in domains:
        domain.new_priority_form = priority_form(prefix=f"new-priority-{domain.pk}", adding=True)
    context = {
        "strategy": strategy,
        "board": strategy.board,
        "domains": domains,
        "domain_ids": ",".join(str(d.pk) for d in domains),
        "add_domain_form": domain_form(strategy, prefix="new-domain", adding=True),
        "priority_forms": {},
        "errors": {},
    }
    context.update(extra)
    return context


def problems_of(extra: dict) -> list[dict[str, str]]:
    """The errors of a refused change to the structure, for the error summary and the announcement."""
    problems = []
    forms = [extra.get("add_domain_form"), *extra.get("priority_forms", {}).values()]
    for form in filter(None, forms):
        for name, errors in form.errors.items():
            anchor = form[name].auto_id if name in form.fields else form[next(iter(form.fields))].auto_id
            problems += [{"text": message, "href": f"#{anchor}"} for message in errors]
    for key, message in extra.get("errors", {}).items():
        anchor = "domains-error" if key == "domains" else f"domain-{key}-priorities-error"
        problems.append({"text": message, "href": f"#{anchor}"})
    return problems


def domains_response(
    request: HtmxHttpRequest, strategy: Strategy, *, announce: str = "", **extra
) -> HttpResponse:
    """After a change to the structure: the domains partial for htmx, or back to the page."""
    problems = problems_of(extra)
    if problems:
        # Shown next to the list or the field, and announced from the fragment.
        announce = "There is a problem: " + " ".join(problem["text"] for problem in problems)
    elif announce:
        # A success banner: on the next page without JavaScript; with htmx, swapped in beside the
        # fragment by core.middleware and announced from there, so the fragment does not repeat it.
        messages.success(request, announce)
        announce = ""
    if wants_partial(request):
        context = manage_context(strategy, announce=announce, problems=problems, **extra)
        return render(request, TEMPLATE + "#domains", context)
    if not problems:
        return redirect(strategy.get_manage_url() + "#domains")
    return render(request, TEMPLATE, manage_context(strategy, problems=problems, **extra))
