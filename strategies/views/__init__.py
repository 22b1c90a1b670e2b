"""
The strategy pages, by page group: what residents read (public), the officers' workspace for one
strategy (manage), its domains and priorities edited inline (structure), and the record of its
changes (history). The PDF's panel and downloads are core's document views (core/document_views.py).
"""

from .documents import (
    strategy_easy_read,
    strategy_summary,
    supporting_document_add,
    supporting_document_file,
    supporting_document_remove,
)
from .history import revision_compare, revision_detail, strategy_history
from .manage import (
    strategy_create,
    strategy_delete,
    strategy_edit,
    strategy_manage,
    strategy_manage_list,
    strategy_transition,
)
from .public import strategy_detail
from .structure import (
    domain_add,
    domain_delete,
    domain_edit,
    domains_reorder,
    priorities_reorder,
    priority_add,
    priority_delete,
    priority_edit,
)

__all__ = [
    "domain_add",
    "domain_delete",
    "domain_edit",
    "domains_reorder",
    "priorities_reorder",
    "priority_add",
    "priority_delete",
    "priority_edit",
    "revision_compare",
    "revision_detail",
    "strategy_create",
    "strategy_delete",
    "strategy_detail",
    "strategy_edit",
    "strategy_history",
    "strategy_manage",
    "strategy_manage_list",
    "strategy_transition",
    "strategy_easy_read",
    "strategy_summary",
    "supporting_document_add",
    "supporting_document_file",
    "supporting_document_remove",
]
