"""
A priority's page (issue 8, beyond): delivery tracked against what was consulted on. Side by side, for
one priority of a strategy: what residents said about it in each consultation whose report is published
(its agreement, the themes of their comments, and "you said, we did"), what partners are doing (its
actions and where each stands), whether health is improving (its indicators, judged as the dashboard
judges them) and the other plans it supports.

The consultation figures are the published reports' own (consultations.report.build, with the kept
figures of a large consultation), so the page says what the report says. A report not yet published is
left out, whoever reads: this page is public for a public strategy.
"""

from dataclasses import dataclass, field

from consultations import report as consultation_report
from consultations.models import Consultation
from strategies.models import Priority

from .dashboard import IndicatorStatus, indicator_status
from .freshness import action_freshness
from .models import Action, Alignment, DataPoint
from .plan import latest_update


@dataclass
class Feedback:
    consultation: Consultation
    agreement: object | None  # consultations.report.Chart of this priority, or None if not asked.
    themes: list = field(default_factory=list)  # consultations.report.ThemeRow
    changes: list = field(default_factory=list)  # {"change", "priority", "evidence", "themes"}


@dataclass
class PriorityPage:
    priority: Priority
    actions: list[Action]
    indicators: list[IndicatorStatus]
    feedback: list[Feedback]
    alignments: list[Alignment]


def _feedback(priority: Priority) -> list[Feedback]:
    found = []
    consultations = Consultation.objects.filter(
        strategy_id=priority.domain.strategy_id, report_published_at__isnull=False
    ).select_related("board", "strategy", "revision")
    for consultation in consultations.order_by("opens_at", "pk"):
        built = consultation_report.build(consultation, kept=True)
        agreement = next((chart for chart in built.charts if chart.priority.id == priority.pk), None)
        themes = next((group.themes for group in built.themes if group.key == f"priority-{priority.pk}"), [])
        changes = [row for row in built.changes if row["change"].priority_id == priority.pk]
        found.append(Feedback(consultation, agreement, themes, changes))
    return found


def priority_page(priority: Priority) -> PriorityPage:
    strategy = priority.domain.strategy
    actions = list(
        Action.objects.filter(priority=priority)
        .select_related("lead_organisation")
        .annotate(last_update_at=latest_update("at"), last_update_narrative=latest_update("narrative"))
        .order_by("position", "pk")
    )
    for action in actions:
        action.overdue = action.is_overdue()
        action.freshness = action_freshness(action, action.last_update_at)
    indicators = list(priority.indicators.select_related("owner"))
    rows: dict[int, list[DataPoint]] = {indicator.pk: [] for indicator in indicators}
    for row in DataPoint.objects.filter(indicator__in=indicators).order_by("indicator_id", "period_sort"):
        rows[row.indicator_id].append(row)
    statuses = [
        indicator_status(indicator, rows[indicator.pk], area_code=strategy.board.area_code)
        for indicator in indicators
    ]
    alignments = list(
        Alignment.objects.filter(priority=priority).select_related("plan").order_by("plan__title")
    )
    return PriorityPage(priority, actions, statuses, _feedback(priority), alignments)
