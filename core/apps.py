from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared: roles, documents and audit"

    def ready(self):
        from . import (
            checks,  # noqa: F401  Registers the system checks.
            converters,
            logs,
        )

        converters.register()
        logs.connect_celery_signals()
