from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self):
        # The rules and the report's PDF kind register; subscribers connects to strategies'
        # strategy_published signal.
        from boards.links import decision_links

        from . import documents, links, permissions, search, sections, subscribers  # noqa: F401

        sections.register()
        search.register()  # Published reports in site search (core.search).
        decision_links.register(links.decision_links)  # A decision's page links to its consultation.
        from core import outbox

        from . import emails
        from .models import Email

        outbox.register("consultation emails", Email, emails._enqueue)  # Queued again after a broker outage.
