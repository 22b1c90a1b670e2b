"""The consultations' views, a module by page group: public (residents) and manage (officers)."""

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
    "consultation_manage",
    "consultation_manage_list",
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
    "respond_resume",
    "respond_save",
    "respond_saved",
    "respond_start",
]
