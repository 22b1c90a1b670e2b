"""
Indicators in site search (core.search, docs/decisions/0035): each indicator on a public strategy's
dashboard (published or replaced), by its title, definition and unit, found on the dashboard. A
strategy's indicators are one group, made again whole by `indicators_sync`: when an indicator is
added, changed or removed, and when the strategy is published (strategies' strategy_published signal,
sent inside the publishing transaction). A draft's indicators are never indexed.
"""

from django.dispatch import receiver
from django.urls import reverse

from core import search
from strategies.models import Strategy
from strategies.signals import strategy_published

from .models import Indicator

INDICATOR = search.Kind("indicator", "Indicator", "Indicators", order=60)


def group(strategy_id: int) -> str:
    return f"delivery.indicators:{strategy_id}"


def entries(strategy: Strategy, indicators: list[Indicator]) -> list[search.Entry]:
    board = strategy.board
    url = reverse("delivery:dashboard", kwargs={"board_slug": board.slug, "slug": strategy.slug})
    return [
        search.Entry(
            source=f"delivery.indicator:{indicator.pk}",
            kind=INDICATOR.key,
            title=indicator.title,
            url=f"{url}#indicator-{indicator.pk}",
            context=f"Performance dashboard of {strategy.title}",
            text=" ".join(
                part
                for part in (
                    indicator.definition,
                    f"Unit: {indicator.unit}." if indicator.unit else "",
                    f"Source: {indicator.get_source_display()}"
                    + (f" indicator {indicator.fingertips_id}." if indicator.fingertips_id else "."),
                )
                if part
            ),
            board_id=board.pk,
            board_slug=board.slug,
            board_name=board.name,
            published_at=indicator.created_at,
        )
        for indicator in indicators
    ]


def indicators_sync(strategy: Strategy) -> None:
    """The strategy's indicators in the index while the strategy is public; none of them otherwise."""
    strategy = Strategy.objects.select_related("board").get(pk=strategy.pk)
    found = list(strategy.indicators.order_by("position", "pk")) if strategy.is_public else []
    search.sync(group(strategy.pk), entries(strategy, found))


@receiver(strategy_published, dispatch_uid="delivery.search.indicators_published")
def _published(sender, strategy: Strategy, **kwargs) -> None:
    indicators_sync(strategy)


def _groups():
    by_strategy: dict[int, list[Indicator]] = {}
    strategies = Strategy.objects.public().select_related("board").order_by("pk")
    for indicator in Indicator.objects.filter(strategy__in=strategies).order_by("position", "pk"):
        by_strategy.setdefault(indicator.strategy_id, []).append(indicator)
    for strategy in strategies:
        yield group(strategy.pk), entries(strategy, by_strategy.get(strategy.pk, []))


def register() -> None:
    search.register(search.Provider(key="delivery", kinds=(INDICATOR,), groups=_groups))
