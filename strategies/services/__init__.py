"""
Every write to strategies goes through here: keyword-only, atomic, audited, and checked against the
app's rules (strategies.permissions) whoever calls. A module by concern: the strategy itself, its
contents, its lifecycle. Import the services from here.
"""

from ._shared import (
    EASY_READ_PDF_KIND,
    PDF_KIND,
    PUBLIC_PAGE_VERSIONS,
    SUMMARY_PDF_KIND,
    StaleOrder,
    forget_board_public_pages,
    public_cache_key,
)
from .contents import (
    domain_create,
    domain_delete,
    domain_update,
    domains_reorder,
    priorities_reorder,
    priority_create,
    priority_delete,
    priority_update,
    supporting_document_add,
    supporting_document_remove,
)
from .lifecycle import strategy_render_pdf, strategy_transition
from .strategy import strategy_create, strategy_delete, strategy_update

__all__ = [
    "EASY_READ_PDF_KIND",
    "PDF_KIND",
    "PUBLIC_PAGE_VERSIONS",
    "SUMMARY_PDF_KIND",
    "StaleOrder",
    "domain_create",
    "domain_delete",
    "domain_update",
    "domains_reorder",
    "forget_board_public_pages",
    "priorities_reorder",
    "priority_create",
    "priority_delete",
    "priority_update",
    "public_cache_key",
    "strategy_create",
    "strategy_delete",
    "strategy_render_pdf",
    "strategy_transition",
    "strategy_update",
    "supporting_document_add",
    "supporting_document_remove",
]
