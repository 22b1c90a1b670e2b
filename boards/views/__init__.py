"""The boards' pages, one module per area; urls.py names each view through its module."""

from .agenda import (
    agenda_publish,
    meeting_create,
    meeting_edit,
    meeting_history,
    meeting_manage,
    meeting_manage_list,
    meeting_transition,
)
from .agenda_items import (
    item_add,
    item_edit,
    item_make_public,
    item_remove,
    items_reorder,
    paper_add,
    paper_remove,
    papers_reorder,
)
from .board import board_detail, brand_css, home

__all__ = [
    "agenda_publish",
    "board_detail",
    "brand_css",
    "home",
    "item_add",
    "item_edit",
    "item_make_public",
    "item_remove",
    "items_reorder",
    "meeting_create",
    "meeting_edit",
    "meeting_history",
    "meeting_manage",
    "meeting_manage_list",
    "meeting_transition",
    "paper_add",
    "paper_remove",
    "papers_reorder",
]
