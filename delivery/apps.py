from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "delivery"

    def ready(self):
        from . import permissions  # noqa: F401  Registers the rules.
