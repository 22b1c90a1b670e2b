from django.apps import AppConfig


class StrategiesConfig(AppConfig):
    name = "strategies"

    def ready(self):
        from . import documents, permissions, sections  # noqa: F401  Registers the PDF kind and the rules.

        sections.register()
