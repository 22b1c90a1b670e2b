"""
Every write to boards' data, one module per area (STYLE: services are `<entity>_<action>`, keyword-only,
atomic, and check permissions themselves). Import the module: `from boards.services import meetings`.
"""
