"""
What changed since the consultation, and why (docs/decisions/0018-you-said-we-did-and-the-report.md): the
text consulted on (the consultation's frozen revision) against the strategy as it now stands, compared by
strategies.diff, with the "you said, we did" changes recorded for each priority beside its changed lines.
A priority whose text changed, that was added or removed, with no change recorded for it is flagged: the
report would not say why.

The strategy "as it now stands" is the text being edited while it is a final draft (or a draft), else its
latest revision: once approved or published its text is frozen.

Queries: the strategy's text (its latest revision, or the three of Strategy.snapshot()), the changes with
their evidence counted, and their themes. None grows with the number of changes, comments or priorities.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from strategies.diff import SAME, Comparison, Section, compare_snapshots
from strategies.models import Revision

from .models import Change, Consultation


def current_text(consultation: Consultation) -> tuple[dict, Revision | None]:
    """The strategy's text now, and the revision it is (None: the text being edited)."""
    strategy = consultation.strategy
    if strategy.is_editable:
        if strategy.board_id == consultation.board_id:  # Always (Consultation.clean): loaded already.
            strategy.board = consultation.board
        return strategy.snapshot(), None
    latest = strategy.revisions.order_by("-number").first()
    if latest is None:
        return strategy.snapshot(), None
    return latest.snapshot, latest


def added_priorities(consultation: Consultation, current: dict | None = None) -> list[dict]:
    """The priorities of the strategy's text now that were not in the text consulted on."""
    if consultation.revision_id is None:
        return []  # Not opened: the text consulted on is the strategy as it stands.
    if current is None:
        current, _ = current_text(consultation)
    consulted = {priority["id"] for priority in consultation.priorities()}
    return [
        priority
        for domain in current.get("domains", [])
        for priority in domain.get("priorities", [])
        if priority.get("id") not in consulted
    ]


def recorded_changes(consultation: Consultation) -> list[Change]:
    """The consultation's changes in order, each with `evidence` (its comments counted) and its themes."""
    return list(
        Change.objects.filter(consultation=consultation)
        .annotate(evidence=Count("comments", distinct=True))
        .prefetch_related("themes")
    )


@dataclass
class PriorityView:
    section: Section
    changes: list[Change]

    @property
    def unexplained(self) -> bool:
        """Its text changed (or it was added or removed) and no change recorded says why."""
        return self.section.change != SAME and not self.changes

    @property
    def quiet(self) -> bool:
        """Nothing to show but its name: unchanged, and no change recorded for it."""
        return self.section.change == SAME and not self.changes


@dataclass
class DomainView:
    section: Section
    priorities: list[PriorityView]
    # A priority that moved to another domain: a line here, compared where it now is.
    moved_away: list[Section] = field(default_factory=list)

    @property
    def quiet(self) -> bool:
        return self.section.change == SAME and all(p.quiet for p in self.priorities)


@dataclass
class ChangesComparison:
    consulted: Revision
    newer: Revision | None  # None: the text being edited.
    comparison: Comparison
    details: list[Section]  # The strategy's details and vision.
    domains: list[DomainView]
    whole: list[Change]  # Changes to the whole strategy.
    elsewhere: list[Change]  # Changes to a priority in neither text (added since, then deleted).

    @property
    def priorities(self) -> list[PriorityView]:
        return [priority for domain in self.domains for priority in domain.priorities]

    @property
    def unexplained(self) -> list[PriorityView]:
        return [priority for priority in self.priorities if priority.unexplained]


def build(consultation: Consultation) -> ChangesComparison | None:
    """The comparison with the changes beside it; None before the consultation opened (nothing consulted)."""
    if consultation.revision_id is None:
        return None
    current, newer = current_text(consultation)
    comparison = compare_snapshots(consultation.revision.snapshot, current)
    changes = recorded_changes(consultation)
    by_priority: dict[int, list[Change]] = {}
    for change in changes:
        by_priority.setdefault(change.priority_id, []).append(change)
    domains, placed = [], set()
    for section in comparison.sections:
        if section.kind != "domain":
            continue
        view = DomainView(section, [])
        for child in section.children:
            if child.moved_to:
                view.moved_away.append(child)
                continue
            view.priorities.append(PriorityView(child, by_priority.get(child.item_id, [])))
            placed.add(child.item_id)
        domains.append(view)
    return ChangesComparison(
        consulted=consultation.revision,
        newer=newer,
        comparison=comparison,
        details=[section for section in comparison.sections if section.kind != "domain"],
        domains=domains,
        whole=by_priority.get(None, []),
        elsewhere=[c for c in changes if c.priority_id is not None and c.priority_id not in placed],
    )
