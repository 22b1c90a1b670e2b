"""
Published strategies in site search (core.search, docs/decisions/0035): each public strategy, its
domains (or outcomes) and its priorities, always from the revision frozen when it was published, so no
draft text, nor an edit after publishing, can be found. A strategy is one group, replaced whole.

Kept current by strategies.services: publishing indexes a strategy, and being superseded indexes it
again (its context says it was replaced). Nothing else changes a public strategy's text.
"""

from django.urls import reverse

from core import search

from .models import PUBLIC_STATUSES, Revision, Status, Strategy

STRATEGY = search.Kind("strategy", "Strategy", "Strategies", order=10)
PRIORITY = search.Kind("priority", "Priority", "Priorities", order=20)


def group(strategy_id: int) -> str:
    return f"strategies.strategy:{strategy_id}"


def _published_revision(strategy: Strategy) -> Revision | None:
    """The revision residents read: the first frozen at publishing (as strategies.views.frozen_text)."""
    return strategy.revisions.filter(status__in=PUBLIC_STATUSES).order_by("number").first()


def entries(strategy: Strategy, revision: Revision) -> list[search.Entry]:
    """A public strategy as the index holds it: the strategy, each domain, each priority."""
    text = revision.snapshot
    board = strategy.board
    url = reverse("strategies:detail", kwargs={"board_slug": board.slug, "slug": strategy.slug})
    common = {"board_id": board.pk, "board_slug": board.slug, "board_name": board.name}
    period = f"{text['start_year']} to {text['end_year']}"
    name = text["title"] if str(text["start_year"]) in text["title"] else f"{text['title']}, {period}"
    if strategy.status == Status.SUPERSEDED:
        name += " (replaced by a newer strategy)"
    at = revision.created_at
    documents = " ".join(
        f"{document['title']}. {document.get('description', '')}" for document in text["supporting_documents"]
    )
    found = [
        search.Entry(
            source=f"strategies.strategy:{strategy.pk}",
            kind=STRATEGY.key,
            title=text["title"],
            url=url,
            context=f"Joint Health and Wellbeing Strategy, {period}"
            + (" (replaced by a newer strategy)" if strategy.status == Status.SUPERSEDED else ""),
            text=" ".join(
                [
                    text["summary"],
                    search.from_markdown(text["vision"]),
                    search.from_markdown(text["easy_read"]),
                    documents,
                ]
            ),
            published_at=at,
            **common,
        )
    ]
    label = text["domain_label"].capitalize()
    for number, domain in enumerate(text["domains"], start=1):
        anchor = f"{url}#domain-{number}"
        found.append(
            search.Entry(
                source=f"strategies.domain:{domain['id']}",
                kind=STRATEGY.key,
                title=domain["title"],
                url=anchor,
                context=f"{label} {number} of {name}",
                text=search.from_markdown(domain["description"]),
                published_at=at,
                **common,
            )
        )
        for priority in domain["priorities"]:
            found.append(
                search.Entry(
                    source=f"strategies.priority:{priority['id']}",
                    kind=PRIORITY.key,
                    title=priority["title"],
                    url=anchor,
                    context=f"{label} {number}, {domain['title']}: {name}",
                    text=search.from_markdown(priority["description"]),
                    published_at=at,
                    **common,
                )
            )
    return found


def strategy_sync(strategy: Strategy) -> None:
    """Bring the index into line with the strategy: its published text if public, else nothing of it."""
    revision = _published_revision(strategy) if strategy.status in PUBLIC_STATUSES else None
    search.sync(group(strategy.pk), entries(strategy, revision) if revision is not None else [])


def _groups():
    strategies = Strategy.objects.public().select_related("board").order_by("pk")
    revisions: dict[int, Revision] = {}
    for revision in Revision.objects.filter(strategy__in=strategies, status__in=PUBLIC_STATUSES).order_by(
        "-number"
    ):
        revisions[revision.strategy_id] = revision  # The lowest number wins: the first frozen public.
    for strategy in strategies:
        if strategy.pk in revisions:
            yield group(strategy.pk), entries(strategy, revisions[strategy.pk])


def register() -> None:
    search.register(search.Provider(key="strategies", kinds=(STRATEGY, PRIORITY), groups=_groups))
