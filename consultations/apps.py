from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self):
        from . import permissions, sections  # noqa: F401  Registers the rules.

        sections.register()
