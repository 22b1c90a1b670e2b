"""The record of a strategy's changes: its history, each frozen revision, and comparisons."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from core.http import HtmxHttpRequest
from core.models import AuditEntry

from ..diff import compare_snapshots
from ..models import content_hash
from .lookups import private_strategy


@login_required
def strategy_history(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    strategy = private_strategy(request.user, pk)
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
        },
    )


@login_required
def revision_detail(request: HtmxHttpRequest, pk: int, number: int) -> HttpResponse:
    strategy = private_strategy(request.user, pk)
    revision = get_object_or_404(strategy.revisions.select_related("created_by"), number=number)
    return render(
        request,
        "strategies/revision_detail.html",
        {"strategy": strategy, "board": strategy.board, "revision": revision, "text": revision.snapshot},
    )


def _default_pair(strategy, revisions: list, live: dict | None) -> tuple:
    """
    What the page compares when nothing is chosen: a change, if there is one to show. The text being
    edited against its last revision; else the last revision against the latest earlier one with a
    different text (moving on from approved to published changes no text); else the last two.
    None stands for the current text; `live` is it, for a strategy being edited.
    """
    if not revisions:
        return None, None
    last = revisions[-1]
    if live is not None and content_hash(live) != last.content_hash:
        return last, None
    for revision in reversed(revisions[:-1]):
        if revision.content_hash != last.content_hash:
            return revision, last
    return (revisions[-2], last) if len(revisions) > 1 else (last, None)


@login_required
def revision_compare(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Two revisions, or a revision and the current text, compared section by section (strategies.diff)."""
    strategy = private_strategy(request.user, pk)
    revisions = list(strategy.revisions.select_related("created_by").order_by("number"))
    numbers = {r.number: r for r in revisions}
    errors = {}

    def pick(name: str, default):
        raw = request.GET.get(name)
        if raw is None:
            return default
        if not (raw.isascii() and raw.isdigit()) or int(raw) not in numbers:
            errors[name] = "Choose one of this strategy's revisions"
            return default
        return numbers[int(raw)]

    live = strategy.snapshot() if strategy.is_editable else None  # The text as it stands, read once.
    default_older, default_newer = _default_pair(strategy, revisions, live)
    older = pick("from", default_older)
    newer = None if request.GET.get("to") == "current" else pick("to", default_newer)
    current = newer is None
    comparison = None
    if older is not None:
        if newer is not None:
            new_text = newer.snapshot
        else:
            new_text = live if live is not None else strategy.snapshot()
        comparison = compare_snapshots(older.snapshot, new_text)
    return render(
        request,
        "strategies/revision_compare.html",
        {
            "strategy": strategy,
            "board": strategy.board,
            "revisions": revisions,
            "older": older,
            "newer": newer,
            "current": current,
            "comparison": comparison,
            "errors": errors,
        },
    )
