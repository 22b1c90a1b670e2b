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

__all__ = [
    "CONCERNS",
    "NEEDS_A_REASON",
    "Action",
    "ActionQuerySet",
    "ActionStatus",
    "ActionUpdate",
    "DataPoint",
    "Indicator",
    "IndicatorSource",
    "Polarity",
    "Rollup",
    "overdue_q",
    "rollup_counts",
    "today",
]
