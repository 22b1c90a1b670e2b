"""
The officer's workspace page for one strategy, and the answer after each change to its structure:
the #domains partial for htmx, or the whole page (with its problems) without JavaScript.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render

from core.http import HtmxHttpRequest, wants_partial

from .. import services
from ..forms import SupportingDocumentForm, domain_form, priority_form
from ..models import PUBLIC_STATUSES, Priority, Strategy, has_easy_read

TEMPLATE = "strategies/strategy_manage.html"


def version_pdf_kinds(strategy: Strategy) -> list[str]:
    """The PDFs of the published text's other versions: its summary, and easy read if it has any."""
    if not strategy.is_public:
        return []
    revision = strategy.revisions.filter(status__in=PUBLIC_STATUSES).order_by("number").first()
    if revision is None:
        return []
    easy_read = [services.EASY_READ_PDF_KIND] if has_easy_read(revision.snapshot) else []
    return [services.SUMMARY_PDF_KIND, *easy_read]


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
        "version_pdf_kinds": version_pdf_kinds(strategy),
        "supporting_documents": strategy.supporting_documents.current(),
        "supporting_form": SupportingDocumentForm(prefix="supporting"),
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
