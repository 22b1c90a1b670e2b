from django.apps import AppConfig


class StrategiesConfig(AppConfig):
    name = "strategies"

    def ready(self):
        from boards.links import decision_links
        from boards.signals import board_look_changed

        from . import documents, links, permissions, search, sections, services  # noqa: F401  Registers the PDF kind and the rules.

        sections.register()
        search.register()  # Published strategies and priorities in site search (core.search).
        decision_links.register(links.decision_links)  # A decision's page links to the moves it made.
        # A new logo: the strategies' cached public pages carry the board's header.
        board_look_changed.connect(services.forget_board_public_pages, dispatch_uid="strategies-pages")
