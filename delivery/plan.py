"""
Reading a delivery plan: the strategy's domains and priorities, each with its roll-up (share complete,
share at risk or off track, overdue count, computed in the database over all its actions), and the
actions that match the reader's filters, each with its latest update; and the other plans each
priority supports (delivery/alignment.py). A fixed number of queries, however large the plan.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from boards.models import Organisation
from strategies.models import Domain, Priority, Strategy

from .freshness import action_freshness
from .models import Action, ActionStatus, ActionUpdate, Alignment, Rollup, overdue_q, rollup_counts, today


@dataclass(frozen=True)
class Filters:
    """What the reader narrowed the list to; empty values mean "any"."""

    status: str = ""
    organisation: int | None = None
    priority: int | None = None
    overdue: bool = False

    @property
    def any(self) -> bool:
        return bool(self.status or self.organisation or self.priority or self.overdue)

    def apply(self, actions: QuerySet, on: datetime.date) -> QuerySet:
        if self.status:
            actions = actions.filter(status=self.status)
        if self.organisation:
            actions = actions.filter(lead_organisation_id=self.organisation)
        if self.priority:
            actions = actions.filter(priority_id=self.priority)
        if self.overdue:
            actions = actions.filter(overdue_q(on))
        return actions


@dataclass
class PriorityPlan:
    priority: Priority
    rollup: Rollup
    actions: list[Action] = field(default_factory=list)


@dataclass
class DomainPlan:
    domain: Domain
    rollup: Rollup
    priorities: list[PriorityPlan] = field(default_factory=list)

    @property
    def shown(self) -> int:
        """The actions listed under it: those that match the filters."""
        return sum(len(entry.actions) for entry in self.priorities)


@dataclass
class Plan:
    strategy: Strategy
    rollup: Rollup
    domains: list[DomainPlan]
    filters: Filters
    shown: int  # Actions that match the filters.
    organisations: list[Organisation]  # Those that lead an action of this plan, for the filter.
    on: datetime.date

    @property
    def priorities(self) -> list[Priority]:
        return [entry.priority for domain in self.domains for entry in domain.priorities]


def latest_update(field_name: str):
    updates = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-at", "-pk")
    return Subquery(updates.values(field_name)[:1])


def delivery_plan(
    strategy: Strategy, filters: Filters = Filters(), *, on: datetime.date | None = None
) -> Plan:
    """The plan as the pages show it: seven queries, whatever its size."""
    on = on or today()
    actions = Action.objects.of_strategy(strategy)
    rollup = Rollup.of(actions.aggregate(**rollup_counts(on=on)))
    domains = [
        DomainPlan(domain=domain, rollup=Rollup.of(domain))
        for domain in strategy.domains.order_by("position", "pk").annotate(
            **rollup_counts("priorities__actions__", on=on)
        )
    ]
    by_domain = {entry.domain.pk: entry for entry in domains}
    by_priority = {}
    priorities = (
        Priority.objects.filter(domain__strategy=strategy)
        .order_by("domain__position", "domain_id", "position", "pk")
        .annotate(**rollup_counts("actions__", on=on))
        # The plans each supports ("Supports: ..."), in one more query, not one per priority.
        .prefetch_related(
            Prefetch("alignments", queryset=Alignment.objects.select_related("plan").order_by("plan__title"))
        )
    )
    for priority in priorities:
        entry = PriorityPlan(priority=priority, rollup=Rollup.of(priority))
        by_domain[priority.domain_id].priorities.append(entry)
        by_priority[priority.pk] = entry
    shown = 0
    listed = (
        filters.apply(actions, on)
        .select_related("lead_organisation")
        .annotate(last_update_at=latest_update("at"), last_update_narrative=latest_update("narrative"))
        .order_by("position", "pk")
    )
    for action in listed:
        action.overdue = action.is_overdue(on)
        action.freshness = action_freshness(action, action.last_update_at, on=on)
        by_priority[action.priority_id].actions.append(action)
        shown += 1
    organisations = list(
        Organisation.objects.filter(
            Q(pk__in=actions.values("lead_organisation")) | Q(boards=strategy.board_id)
        )
        .distinct()
        .order_by("name")
    )
    return Plan(
        strategy=strategy,
        rollup=rollup,
        domains=domains,
        filters=filters,
        shown=shown,
        organisations=organisations,
        on=on,
    )


STATUS_TAGS = {
    ActionStatus.NOT_STARTED: "govuk-tag--grey",
    ActionStatus.ON_TRACK: "govuk-tag--green",
    ActionStatus.AT_RISK: "govuk-tag--yellow",
    ActionStatus.OFF_TRACK: "govuk-tag--red",
    ActionStatus.COMPLETE: "govuk-tag--blue",
}
