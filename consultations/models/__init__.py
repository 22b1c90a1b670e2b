"""
Public consultations on a strategy's draft (docs/decisions/0013-consultations.md), a module by concern:
the consultation (set-up, lifecycle, questions), the responses (answers, comments, respondents, events),
contact (emails, subscribers), findings (themes, codings, "you said, we did"), campaigns, and suggestions
(themes suggested for comments not coded yet). Import them from here.
"""

from .campaigns import Campaign, CampaignStatus
from .consultation import (
    EDITABLE_STATUSES,
    PUBLIC_STATUSES,
    TRANSITIONS,
    VERSION_HELP,
    Consultation,
    ConsultationQuerySet,
    Question,
    Status,
    StatusChange,
    transition_error,
)
from .contact import (
    EMAIL_KINDS,
    Email,
    Subscriber,
)
from .findings import (
    THEME_NAME_MAX,
    Change,
    Coding,
    Theme,
)
from .responses import (
    COMMENT_MAX,
    DUPLICATE_REASON_MAX,
    OFFLINE_CHANNELS,
    Agreement,
    Channel,
    Choice,
    Comment,
    CommentQuerySet,
    Event,
    PriorityAnswer,
    Respondent,
    RespondentType,
    Response,
    ResponseQuerySet,
    new_reference,
)
from .suggestions import (
    SUGGESTION_STALE_AFTER,
    Suggestion,
    SuggestionRejection,
    SuggestionRun,
)

__all__ = [
    "Agreement",
    "COMMENT_MAX",
    "Campaign",
    "CampaignStatus",
    "Change",
    "Channel",
    "Choice",
    "Coding",
    "Comment",
    "CommentQuerySet",
    "Consultation",
    "ConsultationQuerySet",
    "DUPLICATE_REASON_MAX",
    "EDITABLE_STATUSES",
    "EMAIL_KINDS",
    "Email",
    "Event",
    "OFFLINE_CHANNELS",
    "PUBLIC_STATUSES",
    "PriorityAnswer",
    "Question",
    "Respondent",
    "RespondentType",
    "Response",
    "ResponseQuerySet",
    "Status",
    "StatusChange",
    "Subscriber",
    "SUGGESTION_STALE_AFTER",
    "Suggestion",
    "SuggestionRejection",
    "SuggestionRun",
    "THEME_NAME_MAX",
    "TRANSITIONS",
    "Theme",
    "VERSION_HELP",
    "new_reference",
    "transition_error",
]
