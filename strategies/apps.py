from django.apps import AppConfig


class StrategiesConfig(AppConfig):
    name = "strategies"

    def ready(self):
        from . import documents  # noqa: F401  Registers the strategy PDF renderer.
