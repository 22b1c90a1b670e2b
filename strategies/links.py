"""
What a Board decision's page links to in strategies (boards.links.decision_links): the strategy each
move it made, with the revision frozen by the move. Registered in StrategiesConfig.ready().

The decision page is public, so only a strategy anyone may read is linked (published, superseded, or
out to consultation); its public page shows the text frozen for the public.
"""

from .models import Status, StatusChange

# What the move made by a decision did, in the link's words.
MOVE_WORDS = {
    Status.IN_CONSULTATION: "the draft approved for consultation",
    Status.APPROVED: "the final strategy approved",
    Status.PUBLISHED: "published",
    Status.SUPERSEDED: "superseded",
    Status.FINAL_DRAFT: "the final draft prepared",
}


def decision_links(decision) -> list[tuple[str, str]]:
    """(label, url) for each strategy move `decision` made whose strategy anyone may read."""
    changes = (
        StatusChange.objects.filter(decision=decision)
        .select_related("strategy__board", "revision")
        .order_by("at", "pk")
    )
    return [
        (
            f"{change.strategy.title}: {MOVE_WORDS[change.to_status]} (revision {change.revision.number})",
            change.strategy.get_absolute_url(),
        )
        for change in changes
        if change.strategy.readable_by_anyone
    ]
