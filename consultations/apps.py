from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self):
        # The rules and the report's PDF kind register; subscribers connects to strategies'
        # strategy_published signal.
        from . import documents, permissions, sections, subscribers  # noqa: F401

        sections.register()
