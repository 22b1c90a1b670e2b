"""The delivery pages, one module per area; urls.py names each view through its module."""
