"""
Links from a board's records to what other apps made of them, without boards importing those apps.

A decision's page links to what it approved (the strategy revision sent out for consultation, the
final strategy), but the strategies sit above boards in the layers (docs/decisions/0004, 0022). So each
app registers, in its AppConfig.ready(), a callable that takes a decision and returns the links it
knows of, as (label, url) pairs; the decision page asks every one:

    decision_links.register(strategy_links)      # strategies/apps.py
    for label, url in decision_links(decision):  # the decision page

The links are for anyone who can read the decision page: a provider returns only public addresses.
"""

from collections.abc import Callable

Link = tuple[str, str]
Provider = Callable[[object], list[Link]]


class LinkRegistry:
    """Providers of links for one kind of record, asked in the order they registered."""

    def __init__(self) -> None:
        self._providers: list[Provider] = []

    def register(self, provider: Provider) -> Provider:
        """Add a provider (once, however often it registers: ready() may run twice in tests)."""
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def unregister(self, provider: Provider) -> None:
        if provider in self._providers:
            self._providers.remove(provider)

    def __call__(self, record) -> list[Link]:
        """Every provider's links for `record`, in order."""
        return [link for provider in self._providers for link in provider(record)]


# What a Board decision approved: filled by strategies (and any app whose records rest on decisions).
decision_links = LinkRegistry()
