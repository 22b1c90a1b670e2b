from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "delivery"

    def ready(self):
        from . import documents, permissions, search  # noqa: F401  Registers the progress report's kind and the rules.

        search.register()  # Public strategies' indicators in site search (core.search).
