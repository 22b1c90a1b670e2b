from .actions import (
    CONCERNS,
    NEEDS_A_REASON,
    Action,
    ActionQuerySet,
    ActionStatus,
    ActionUpdate,
    Rollup,
    overdue_q,
    rollup_counts,
    today,
)
from .indicators import DataPoint, Indicator, IndicatorSource, Polarity
from .plans import KIND_HEADINGS, NOTE_LENGTH, PLAN_FIELDS, Alignment, Plan, PlanKind

__all__ = [
    "CONCERNS",
    "NEEDS_A_REASON",
    "Action",
    "ActionQuerySet",
    "ActionStatus",
    "ActionUpdate",
    "Alignment",
    "DataPoint",
    "Indicator",
    "IndicatorSource",
    "KIND_HEADINGS",
    "NOTE_LENGTH",
    "PLAN_FIELDS",
    "Plan",
    "PlanKind",
    "Polarity",
    "Rollup",
    "overdue_q",
    "rollup_counts",
    "today",
]
