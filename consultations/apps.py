from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self):
        # The rules register, and subscribers connects to strategies' strategy_published signal.
        from . import permissions, sections, subscribers  # noqa: F401

        sections.register()
