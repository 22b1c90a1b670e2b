"""
The consultations' views, a module by page group: public (residents), manage (officers), and monitor
(the figures for the board, and the export).
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

__all__ = [
    "consultation_create",
    "consultation_detail",
    "consultation_edit",
    "consultation_export",
    "consultation_manage",
    "consultation_manage_list",
    "consultation_monitor",
    "consultation_transition",
    "question_add",
    "question_delete",
    "question_edit",
    "questions_reorder",
    "respond_about",
    "respond_check",
    "respond_confirmation",
    "respond_domain",
    "respond_equality",
    "respond_questions",
    "respond_start",
]
