"""The boards' pages, one module per area; urls.py names each view through its module."""

from .board import board_detail, brand_css, home

__all__ = ["board_detail", "brand_css", "home"]
