"""A strategy's public page lists its latest updates, and anonymous visitors share a cached copy of it
(core.pagecache, docs/decisions/0003): a change to what it lists forgets that copy."""

from django.db import transaction

from core import pagecache
from strategies.services import public_cache_key


def forget_strategy_pages(*strategies) -> None:
    """Drop the cached public page of each strategy given (None is skipped) once the transaction commits."""
    keys = {public_cache_key(s.board.slug, s.slug) for s in strategies if s is not None}

    def forget() -> None:
        for key in keys:
            pagecache.page_forget(key)

    if keys:
        transaction.on_commit(forget, robust=True)
