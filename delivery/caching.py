"""The delivery pages that anonymous visitors share through the page cache (core.pagecache)."""

from django.db import transaction

from core import pagecache
from strategies.models import Strategy


def public_cache_key(board_slug: str, slug: str) -> str:
    """The key of a strategy's public dashboard in the shared page cache (core.pagecache)."""
    return f"public-dashboard:{board_slug}:{slug}"


def forget_public_dashboard(strategy: Strategy) -> None:
    key = public_cache_key(strategy.board.slug, strategy.slug)
    transaction.on_commit(lambda: pagecache.page_forget(key), robust=True)


def forget_board_dashboards(sender, *, board, **kwargs) -> None:
    """Every public dashboard of the board's strategies, forgotten (boards.signals.board_look_changed)."""
    for strategy in Strategy.objects.filter(board=board).select_related("board"):
        forget_public_dashboard(strategy)
