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
from .plans import KIND_HEADINGS, NOTE_LENGTH, PLAN_FIELDS, Alignment, Plan, PlanKind
from .reminders import Reminder, ReminderState

__all__ = [
    "CONCERNS",
    "NEEDS_A_REASON",
    "Action",
    "ActionQuerySet",
    "ActionStatus",
    "ActionUpdate",
    "Alignment",
    "DataPoint",
    "ImportStatus",
    "IndicatorImport",
    "Indicator",
    "IndicatorSource",
    "KIND_HEADINGS",
    "NOTE_LENGTH",
    "PLAN_FIELDS",
    "Plan",
    "PlanKind",
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
