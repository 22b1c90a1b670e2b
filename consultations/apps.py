from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self):
        from . import documents, permissions, sections  # noqa: F401  Registers the rules and the PDF kind.

        sections.register()
