import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget
from django_htmx.middleware import HtmxDetails

from core import permissions
from core.documents import DocumentBusy
from core.models import AuditEntry, Document
from core.pagecache import page_get, page_set

from . import services
from .diff import diff_snapshots
from .documents import publication_record
from .forms import ReorderForm, StrategyForm, TransitionForm, domain_form, priority_form
from .models import PUBLIC_STATUSES, Domain, Priority, Status, Strategy


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it (for type hints)."""

    htmx: HtmxDetails


def _partial(request: HtmxHttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def _pdf_document(strategy: Strategy) -> Document | None:
    return Document.objects.filter(kind=services.PDF_KIND, object_id=strategy.pk).first()


# Public pages -------------------------------------------------------------------------------------


def strategy_detail(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """
    A strategy as residents read it: the text frozen when it was published.

    Board members and officers of its board can also read it while it is a draft. For anonymous
    visitors the rendered page is cached until the strategy next moves, and revalidated by ETag.
    """
    # The shared page carries nothing of one visitor's: a visitor with a message waiting (say, "You
    # have signed out") gets a page of their own, neither served from nor stored in the cache.
    shared = not request.user.is_authenticated and not get_messages(request)
    cache_key = services.public_cache_key(board_slug, slug)
    if shared and (cached := page_get(cache_key)):
        return _public_response(request, *cached)

    strategy = get_object_or_404(
        Strategy.objects.visible_to(request.user).select_related(
            "board", "predecessor__board", "successor__board"
        ),
        board__slug=board_slug,
        slug=slug,
    )
    if strategy.is_public:
        revision = strategy.revisions.filter(status__in=PUBLIC_STATUSES).order_by("number").first()
        if revision is None:
            raise Http404("No published text.")
        text = revision.snapshot
    else:
        revision = None
        text = strategy.snapshot()
    context = {
        "board": strategy.board,
        "strategy": strategy,
        "text": text,
        "revision": revision,
        "record": publication_record(strategy),
        "document": _pdf_document(strategy) if strategy.is_public else None,
        "can_edit": permissions.can_edit_board(request.user, strategy.board),
    }
    response = render(request, "strategies/strategy_detail.html", context)
    document = context["document"]
    if shared and strategy.is_public and document is not None and document.status == Document.Status.READY:
        # Cached only once the PDF link is on the page; until then every visit looks again.
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        page_set(cache_key, (etag, response.content), timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
        return _public_response(request, etag, response.content)
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _public_response(request: HtmxHttpRequest, etag: str, content: bytes) -> HttpResponse:
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content)
    response["ETag"] = etag
    response["Vary"] = "Cookie"
    patch_cache_control(response, public=True, no_cache=True)
    return response


def strategy_pdf(request: HtmxHttpRequest, board_slug: str, slug: str) -> FileResponse:
    """Residents download the stored PDF; nothing is rendered on their request."""
    strategy = get_object_or_404(Strategy.objects.public(), board__slug=board_slug, slug=slug)
    document = _pdf_document(strategy)
    if document is None or not document.file:
        raise Http404("The PDF is not ready yet.")
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


# Officers' pages ----------------------------------------------------------------------------------


def _editable(request: HtmxHttpRequest, pk: int) -> Strategy:
    return get_object_or_404(Strategy.objects.editable_by(request.user).select_related("board"), pk=pk)


def _readable(request: HtmxHttpRequest, pk: int) -> Strategy:
    strategy = get_object_or_404(Strategy.objects.visible_to(request.user).select_related("board"), pk=pk)
    if not permissions.can_read_drafts(request.user, strategy.board):
        raise Http404
    return strategy


@login_required
def strategy_manage_list(request: HtmxHttpRequest) -> HttpResponse:
    strategies = (
        Strategy.objects.visible_to(request.user)
        .filter(board__in=_reader_boards(request.user))
        .select_related("board")
        .order_by("board__name", "-start_year")
    )
    return render(
        request,
        "strategies/strategy_manage_list.html",
        {
            "strategies": strategies,
            "can_create": permissions.can_manage_anything(request.user),
            "editable_board_ids": permissions.roles_of(request.user).editor_of,
        },
    )


def _reader_boards(user):
    from boards.models import Board

    roles = permissions.roles_of(user)
    return Board.objects.all() if roles.site_admin else Board.objects.filter(pk__in=roles.reader_of)


@login_required
def strategy_create(request: HtmxHttpRequest) -> HttpResponse:
    if not permissions.can_manage_anything(request.user):
        raise Http404
    form = StrategyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            strategy = services.strategy_create(board=form.cleaned_data["board"], by=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Created “{strategy.title}” as a draft.")
            return redirect(strategy.get_manage_url())
    return render(request, "strategies/strategy_form.html", {"form": form, "strategy": None})


@login_required
def strategy_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    strategy = _editable(request, pk)
    form = StrategyForm(request.POST or None, instance=strategy, user=request.user)
    if not strategy.is_editable:
        messages.error(request, "This strategy's text can no longer be changed.")
        return redirect(strategy.get_manage_url())
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_update(strategy=strategy, by=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved the strategy's details.")
            return redirect(strategy.get_manage_url())
    return render(
        request,
        "strategies/strategy_form.html",
        {"form": form, "strategy": strategy, "board": strategy.board},
    )


def _manage_context(strategy: Strategy, **extra) -> dict:
    domains = strategy.domains.prefetch_related(
        Prefetch("priorities", queryset=Priority.objects.order_by("position", "pk"))
    )
    domains = list(domains)
    for domain in domains:
        domain.new_priority_form = priority_form(prefix=f"new-priority-{domain.pk}")
    context = {
        "strategy": strategy,
        "board": strategy.board,
        "domains": domains,
        "domain_ids": ",".join(str(d.pk) for d in domains),
        "add_domain_form": domain_form(strategy, prefix="new-domain"),
        "priority_forms": {},
        "document": _pdf_document(strategy),
        "errors": {},
    }
    context.update(extra)
    return context


@login_required
@vary_on_headers("HX-Request")
def strategy_manage(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The officer's workspace for one strategy: its structure, its lifecycle and its PDF."""
    strategy = _editable(request, pk)
    template = "strategies/strategy_manage.html"
    if _partial(request):
        template += "#domains"
    context = _manage_context(strategy)
    context["can_publish"] = permissions.can_publish(request.user, strategy.board)
    return render(request, template, context)


def _problems(extra: dict) -> list[dict[str, str]]:
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


def _domains_response(request: HtmxHttpRequest, strategy: Strategy, *, announce: str = "", **extra):
    """After a change to the structure: the domains partial for HTMX, or back to the page."""
    problems = _problems(extra)
    if problems:
        announce = "There is a problem: " + " ".join(problem["text"] for problem in problems)
    if _partial(request):
        context = _manage_context(strategy, announce=announce, problems=problems, **extra)
        return render(request, "strategies/strategy_manage.html#domains", context)
    if not problems:
        messages.success(request, announce)
        return redirect(strategy.get_manage_url() + "#domains")
    context = _manage_context(strategy, problems=problems, **extra)
    context["can_publish"] = permissions.can_publish(request.user, strategy.board)
    return render(request, "strategies/strategy_manage.html", context)


@login_required
@require_POST
def domain_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    strategy = _editable(request, pk)
    form = domain_form(strategy, request.POST, prefix="new-domain")
    if form.is_valid():
        try:
            domain = services.domain_create(strategy=strategy, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            return _domains_response(request, strategy, errors={"domains": " ".join(error.messages)})
        else:
            return _domains_response(
                request, strategy, announce=f"Added {strategy.domain_label} “{domain.title}”."
            )
    return _domains_response(request, strategy, add_domain_form=form)


def _item_edit(
    request: HtmxHttpRequest, *, item, strategy: Strategy, form, kind: str, update
) -> HttpResponse:
    template = "strategies/item_edit.html"
    if request.method == "POST" and form.is_valid():
        try:
            update(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _domains_response(request, strategy, announce=f"Saved “{form.cleaned_data['title']}”.")
    context = {"strategy": strategy, "board": strategy.board, "item": item, "form": form, "kind": kind}
    if _partial(request):
        response = render(request, template + "#item-form", context)
        if request.method == "POST":
            # The form was aimed at the whole list; show the errors where the user is typing instead.
            response = retarget(reswap(response, "outerHTML"), f"#{kind}-{item.pk}-edit")
        return response
    return render(request, template, context)


@login_required
@vary_on_headers("HX-Request")
def domain_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    domain = get_object_or_404(Domain.objects.select_related("strategy__board"), pk=pk)
    strategy = _editable(request, domain.strategy_id)
    form = domain_form(
        strategy,
        request.POST or None,
        prefix=f"domain-{domain.pk}",
        initial=_item_initial(domain),
        autofocus=True,
    )
    return _item_edit(
        request,
        item=domain,
        strategy=strategy,
        form=form,
        kind="domain",
        update=lambda **kw: services.domain_update(domain=domain, **kw),
    )


@login_required
@vary_on_headers("HX-Request")
def priority_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    priority = get_object_or_404(Priority.objects.select_related("domain"), pk=pk)
    strategy = _editable(request, priority.domain.strategy_id)
    form = priority_form(
        request.POST or None,
        prefix=f"priority-{priority.pk}",
        initial=_item_initial(priority),
        autofocus=True,
    )
    return _item_edit(
        request,
        item=priority,
        strategy=strategy,
        form=form,
        kind="priority",
        update=lambda **kw: services.priority_update(priority=priority, **kw),
    )


def _item_initial(item) -> dict:
    return {"title": item.title, "description": item.description}


def _item_delete(request: HtmxHttpRequest, *, item, strategy: Strategy, kind: str, delete) -> HttpResponse:
    if request.method == "POST":
        try:
            delete(by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(strategy.get_manage_url())
        return _domains_response(request, strategy, announce=f"Deleted “{item.title}”.")
    return render(
        request,
        "strategies/item_delete.html",
        {"strategy": strategy, "board": strategy.board, "item": item, "kind": kind},
    )


@login_required
def domain_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    domain = get_object_or_404(Domain, pk=pk)
    strategy = _editable(request, domain.strategy_id)
    return _item_delete(
        request,
        item=domain,
        strategy=strategy,
        kind=strategy.domain_label,
        delete=lambda by: services.domain_delete(domain=domain, by=by),
    )


@login_required
def priority_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    priority = get_object_or_404(Priority.objects.select_related("domain"), pk=pk)
    strategy = _editable(request, priority.domain.strategy_id)
    return _item_delete(
        request,
        item=priority,
        strategy=strategy,
        kind="priority",
        delete=lambda by: services.priority_delete(priority=priority, by=by),
    )


@login_required
@require_POST
def priority_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    domain = get_object_or_404(Domain, pk=pk)
    strategy = _editable(request, domain.strategy_id)
    form = priority_form(request.POST, prefix=f"new-priority-{domain.pk}")
    if form.is_valid():
        try:
            priority = services.priority_create(domain=domain, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            return _domains_response(request, strategy, errors={domain.pk: " ".join(error.messages)})
        else:
            return _domains_response(request, strategy, announce=f"Added priority “{priority.title}”.")
    return _domains_response(request, strategy, priority_forms={domain.pk: form})


def _reorder(request: HtmxHttpRequest, strategy: Strategy, reorder, error_key: str | int) -> HttpResponse:
    form = ReorderForm(request.POST)
    if form.is_valid():
        try:
            reorder(by=request.user, order=form.cleaned_data["order"], seen=form.cleaned_data["seen"])
        except ValidationError as error:
            return _domains_response(request, strategy, errors={error_key: " ".join(error.messages)})
        return _domains_response(request, strategy, announce="Moved.")
    message = " ".join(e for errors in form.errors.values() for e in errors)
    return _domains_response(request, strategy, errors={error_key: message})


@login_required
@require_POST
def domains_reorder(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    strategy = _editable(request, pk)
    return _reorder(
        request,
        strategy,
        lambda **kw: services.domains_reorder(strategy=strategy, **kw),
        error_key="domains",
    )


@login_required
@require_POST
def priorities_reorder(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    domain = get_object_or_404(Domain, pk=pk)
    strategy = _editable(request, domain.strategy_id)
    return _reorder(
        request,
        strategy,
        lambda **kw: services.priorities_reorder(domain=domain, **kw),
        error_key=domain.pk,
    )


@login_required
def strategy_transition(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    strategy = _editable(request, pk)
    form = TransitionForm(request.POST or None, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        to_status = form.cleaned_data["to_status"]
        if not permissions.can_move_strategy(request.user, strategy.board, to_status):
            form.add_error("to_status", "Only a board administrator can publish a strategy")
        else:
            try:
                services.strategy_transition(strategy=strategy, by=request.user, **form.service_arguments())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"The strategy is now {Status(to_status).label.lower()}.")
                return redirect(strategy.get_manage_url())
    return render(
        request,
        "strategies/strategy_transition.html",
        {"strategy": strategy, "board": strategy.board, "form": form},
    )


@login_required
@vary_on_headers("HX-Request")
def strategy_document(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The PDF job's progress (polled by HTMX), and a retry after a failure."""
    strategy = _editable(request, pk)
    if request.method == "POST":
        try:
            services.strategy_render_pdf(strategy=strategy, by=request.user)
        except DocumentBusy as error:
            messages.error(request, error.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if not _partial(request):
                messages.success(request, "Generating the PDF again.")
    if _partial(request):
        return render(
            request,
            "strategies/strategy_manage.html#document",
            {"strategy": strategy, "board": strategy.board, "document": _pdf_document(strategy)},
        )
    if request.method == "POST" and request.htmx:
        return HttpResponseClientRedirect(strategy.get_manage_url())
    return redirect(strategy.get_manage_url() + "#document")


@login_required
def strategy_history(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    strategy = _readable(request, pk)
    changes = strategy.status_changes.select_related(
        "by", "revision", "decision__agenda_item__meeting__board"
    )
    entries = AuditEntry.objects.for_scope(strategy).select_related("actor", "target_type")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    revisions = strategy.revisions.select_related("created_by").order_by("-number")
    return render(
        request,
        "strategies/strategy_history.html",
        {
            "strategy": strategy,
            "board": strategy.board,
            "changes": changes,
            "page": page,
            "revisions": revisions,
            "can_edit": permissions.can_edit_board(request.user, strategy.board),
        },
    )


@login_required
def revision_detail(request: HtmxHttpRequest, pk: int, number: int) -> HttpResponse:
    strategy = _readable(request, pk)
    revision = get_object_or_404(strategy.revisions.select_related("created_by"), number=number)
    return render(
        request,
        "strategies/revision_detail.html",
        {"strategy": strategy, "board": strategy.board, "revision": revision, "text": revision.snapshot},
    )


@login_required
def revision_compare(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    strategy = _readable(request, pk)
    revisions = list(strategy.revisions.select_related("created_by").order_by("number"))
    numbers = {r.number: r for r in revisions}
    errors = {}

    def pick(name: str, default):
        raw = request.GET.get(name)
        if raw is None:
            return default
        if not raw.isdigit() or int(raw) not in numbers:
            errors[name] = "Choose one of this strategy's revisions"
            return default
        return numbers[int(raw)]

    older = pick("from", revisions[-2] if len(revisions) > 1 else (revisions[0] if revisions else None))
    newer = pick("to", revisions[-1] if revisions else None)
    current = request.GET.get("to") == "current"
    if current:
        errors.pop("to", None)
    diff = None
    if older is not None:
        new_text = strategy.snapshot() if current or newer is None else newer.snapshot
        diff = diff_snapshots(older.snapshot, new_text)
    return render(
        request,
        "strategies/revision_compare.html",
        {
            "strategy": strategy,
            "board": strategy.board,
            "revisions": revisions,
            "older": older,
            "newer": None if current else newer,
            "current": current,
            "diff": diff,
            "errors": errors,
            "manage_url": reverse("strategies:manage", kwargs={"pk": strategy.pk}),
        },
    )
