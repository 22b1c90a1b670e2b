"""
The consultations' views, a module by page group: public (residents), manage (officers), monitor
(the figures for the board, and the export) and offline (responses entered by officers, events).
"""

from .manage import (
    consultation_create,
    consultation_edit,
    consultation_manage,
    consultation_manage_list,
    consultation_transition,
    question_add,
    question_delete,
    question_edit,
    questions_reorder,
)
from .monitor import consultation_export, consultation_monitor
from .offline import (
    event_comment_add,
    event_comment_delete,
    event_create,
    event_delete,
    event_detail,
    event_edit,
    event_list,
    response_delete,
    response_edit,
    response_enter,
    response_list,
)
from .public import consultation_detail
from .respond import (
    respond_about,
    respond_check,
    respond_confirmation,
    respond_domain,
    respond_equality,
    respond_questions,
    respond_start,
)
from .resume import respond_resume, respond_save, respond_saved

__all__ = [
    "consultation_create",
    "consultation_detail",
    "consultation_edit",
    "consultation_export",
    "consultation_manage",
    "consultation_manage_list",
    "consultation_monitor",
    "consultation_transition",
    "event_comment_add",
    "event_comment_delete",
    "event_create",
    "event_delete",
    "event_detail",
    "event_edit",
    "event_list",
    "question_add",
    "question_delete",
    "question_edit",
    "questions_reorder",
    "response_delete",
    "response_edit",
    "response_enter",
    "response_list",
    "respond_about",
    "respond_check",
    "respond_confirmation",
    "respond_domain",
    "respond_equality",
    "respond_questions",
    "respond_resume",
    "respond_save",
    "respond_saved",
    "respond_start",
]

# Subject access and erasure (views/privacy.py).
from .privacy import respondent_detail, respondent_download, respondent_search  # noqa: E402

__all__ += ["respondent_detail", "respondent_download", "respondent_search"]

# A subscriber's links (views/subscriptions.py).
from .subscriptions import subscription_confirm, unsubscribe  # noqa: E402

__all__ += ["subscription_confirm", "unsubscribe"]

# "You said, we did" and the consultation report.
from .report import (  # noqa: E402
    change_delete,
    change_edit,
    changes_reorder,
    consultation_report,
    report_manage,
    report_publication,
)

__all__ += [
    "change_delete",
    "change_edit",
    "changes_reorder",
    "consultation_report",
    "report_manage",
    "report_publication",
]

# What changed since the consultation, and why.
from .compare import changes_compare  # noqa: E402

__all__ += ["changes_compare"]

# Coding comments with themes.
from .coding import coding_suggest, comment_code, consultation_coding, suggestion_reject  # noqa: E402

__all__ += ["coding_suggest", "comment_code", "consultation_coding", "suggestion_reject"]

# Duplicates and campaigns.
from .duplicates import campaign_review, consultation_campaigns, response_duplicate  # noqa: E402

__all__ += ["campaign_review", "consultation_campaigns", "response_duplicate"]

# The themes page (rename, merge) and the agreement between officers who coded the same comments.
from .themes import coding_agreement, consultation_themes, theme_merge, theme_rename  # noqa: E402

__all__ += ["coding_agreement", "consultation_themes", "theme_merge", "theme_rename"]

# What the report may quote.
from .quotes import comment_quote  # noqa: E402

__all__ += ["comment_quote"]
