from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "delivery"

    def ready(self):
        from boards.signals import board_look_changed

        from . import caching, documents, permissions, search  # noqa: F401  Registers the progress report's kind and the rules.

        search.register()  # Public strategies' indicators in site search (core.search).
        # A new logo: the cached public dashboards carry the board's header.
        board_look_changed.connect(caching.forget_board_dashboards, dispatch_uid="delivery-dashboards")
