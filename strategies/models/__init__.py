"""
The strategies app's models, a module by concern: the lifecycle (statuses and moves), the strategy,
its contents (domains, priorities, supporting documents) and its records (revisions, status changes).
Import them from here.
"""

from .contents import Domain, Priority, SupportingDocument, SupportingDocumentQuerySet
from .lifecycle import (
    DECISION_EFFECTS,
    EDITABLE_STATUSES,
    PUBLIC_STATUSES,
    READABLE_BY_ANYONE,
    STATUS_IN_WORDS,
    TRANSITIONS,
    IllegalTransition,
    Status,
    decision_error,
    transition_error,
)
from .revisions import Revision, StatusChange, content_hash, has_easy_read
from .strategy import FIRST_YEAR, LAST_YEAR, STRATEGY_FIELDS, VERSION_HELP, Strategy, StrategyQuerySet

__all__ = [
    "DECISION_EFFECTS",
    "EDITABLE_STATUSES",
    "FIRST_YEAR",
    "LAST_YEAR",
    "PUBLIC_STATUSES",
    "READABLE_BY_ANYONE",
    "STATUS_IN_WORDS",
    "STRATEGY_FIELDS",
    "TRANSITIONS",
    "VERSION_HELP",
    "Domain",
    "IllegalTransition",
    "Priority",
    "Revision",
    "Status",
    "StatusChange",
    "Strategy",
    "StrategyQuerySet",
    "SupportingDocument",
    "SupportingDocumentQuerySet",
    "content_hash",
    "decision_error",
    "has_easy_read",
    "transition_error",
]
