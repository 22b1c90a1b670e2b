from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the app's rules with core.rules)
