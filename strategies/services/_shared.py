"""What the strategies services share: their rule checks, the strategy's row lock, its public pages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from core import pagecache

from .. import permissions
from ..models import EDITABLE_STATUSES, Strategy

ITEM_FIELDS = ("title", "description", "easy_read")
PDF_KIND = "strategy_pdf"
# The other forms of the published text (seed 000: "the strategy in different versions").
SUMMARY_PDF_KIND = "strategy_summary_pdf"
EASY_READ_PDF_KIND = "strategy_easy_read_pdf"


class StaleOrder(ValidationError):
    """The list the user reordered is not the list as it now stands."""


def require(allowed: bool, message: str) -> None:
    """Services check the app's rules too: a caller who may not do the thing gets PermissionDenied."""
    if not allowed:
        raise PermissionDenied(message)


def require_edit(by, strategy: Strategy) -> None:
    require(permissions.can_edit(by, strategy), "Only the board's officers can change this strategy.")


def require_editable(strategy: Strategy) -> None:
    if strategy.status not in EDITABLE_STATUSES:
        raise ValidationError(
            f"This strategy is {strategy.get_status_display().lower()}, so its text can no longer be "
            "changed. Text can be changed while it is a draft or a final draft."
        )


def locked(strategy: Strategy) -> Strategy:
    """Lock the strategy row: content changes and lifecycle moves on one strategy run one at a time."""
    return Strategy.objects.select_for_update().select_related("board").get(pk=strategy.pk)


# The public pages of a strategy that anonymous visitors share through the page cache.
PUBLIC_PAGE_VERSIONS = ("full", "summary", "easy_read")


def public_cache_key(board_slug: str, slug: str, version: str = "full") -> str:
    """The key of one of a strategy's public pages in the shared page cache (core.pagecache)."""
    return f"public-strategy:{version}:{board_slug}:{slug}"


def forget_public_pages(strategy: Strategy) -> None:
    keys = [public_cache_key(strategy.board.slug, strategy.slug, version) for version in PUBLIC_PAGE_VERSIONS]

    def forget() -> None:
        for key in keys:
            pagecache.page_forget(key)

    # Robust: the move has committed by then, so a failure here is logged and the hooks after it
    # (the PDF's enqueue) still run; the page's time limit bounds how stale it can be.
    transaction.on_commit(forget, robust=True)


def forget_board_public_pages(sender, *, board, **kwargs) -> None:
    """Every public page of the board's strategies, forgotten (boards.signals.board_look_changed)."""
    for strategy in Strategy.objects.filter(board=board).select_related("board"):
        forget_public_pages(strategy)


def next_position(queryset) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


def created_changes(**fields) -> dict:
    """An audit entry's changes for a new item: the fields it was created with."""
    return {name: [None, value] for name, value in fields.items() if value}


def delete_unless_used(obj, *, noun: str) -> None:
    """
    Delete `obj`, or refuse with what of another app rests on it (an action of a delivery plan under a
    priority, a consultation on a draft): strategies never import those apps (docs/decisions/0004).
    """
    from django.db.models import ProtectedError
    from django.utils.text import capfirst

    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as error:
        named = sorted({f"{capfirst(item._meta.verbose_name)} “{item}”" for item in error.protected_objects})
        shown = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
        raise ValidationError(f"This {noun} cannot be deleted while other things use it: {shown}.") from None
