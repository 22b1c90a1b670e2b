from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "News and updates"

    def ready(self):
        # The rules register by name; the board page's "News" section and its feed link (boards.sections)
        # and the officers' navigation entry. Boards and strategies never import news (docs/decisions/0004).
        from . import permissions, search, sections  # noqa: F401

        sections.register()
        search.register()  # Public updates in site search (core.search).
        from core import outbox

        from . import emails
        from .models import NewsEmail

        outbox.register("news emails", NewsEmail, emails._enqueue)  # Queued again after a broker outage.
