"""System checks of core's mechanisms (run by manage.py check, migrate, runserver)."""

from django.conf import settings
from django.core import checks
from django.core.checks import Error, register

from .documents import kinds


@register("documents")
def document_time_limits(app_configs=None, **kwargs) -> list[Error]:
    """
    Every document kind's time limit is shorter than the broker's visibility timeout: otherwise a
    render still running would be handed to a second worker as if its worker had vanished.
    """
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {}
    timeout = options.get("visibility_timeout", 3600)  # Kombu's Redis default.
    return [
        Error(
            f"The document kind {kind.name!r} may run for {kind.time_limit} s, not less than the "
            f"broker's visibility timeout ({timeout} s).",
            hint="Raise DOCUMENT_TIME_LIMIT_MAX (the visibility timeout follows it) or lower the kind's.",
            obj=kind.name,
            id="core.E001",
        )
        for kind in kinds().values()
        if kind.time_limit >= timeout
    ]


@register("documents", deploy=True)
def public_url(app_configs=None, **kwargs) -> list[checks.Warning]:
    """PDFs print web addresses under PUBLIC_URL: its `make run` default would send readers to localhost."""
    if settings.PUBLIC_URL.startswith("https://"):
        return []
    return [
        checks.Warning(
            f"PUBLIC_URL is {settings.PUBLIC_URL!r}: web addresses printed in PDFs would not reach the site.",
            hint="Set PUBLIC_URL to the portal's public https:// address (see .env.example).",
            id="core.W001",
        )
    ]
