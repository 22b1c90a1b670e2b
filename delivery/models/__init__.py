from .actions import (
    CONCERNS,
    NEEDS_A_REASON,
    Action,
    ActionQuerySet,
    ActionStatus,
    ActionUpdate,
    Rollup,
    UpdateEvery,
    overdue_q,
    rollup_counts,
    today,
)
from .imports import ImportStatus, IndicatorImport, RejectedRow
from .indicators import DataPoint, Indicator, IndicatorSource, Polarity
from .reminders import Reminder, ReminderState

__all__ = [
    "CONCERNS",
    "NEEDS_A_REASON",
    "Action",
    "ActionQuerySet",
    "ActionStatus",
    "ActionUpdate",
    "DataPoint",
    "ImportStatus",
    "IndicatorImport",
    "Indicator",
    "IndicatorSource",
    "Polarity",
    "RejectedRow",
    "Reminder",
    "ReminderState",
    "Rollup",
    "UpdateEvery",
    "overdue_q",
    "rollup_counts",
    "today",
]
