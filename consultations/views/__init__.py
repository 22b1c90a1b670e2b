"""The consultations' views, a module by page group: public (residents) and manage (officers)."""

from .public import consultation_detail

__all__ = ["consultation_detail"]
