"""
`manage.py search_reindex`: make the site search index again from every app's public things
(core.search.rebuild), in one transaction. Apps keep the index current as things are published and
withdrawn; this is for after a restore, an import made outside the services, or a change to what an
app indexes. `--app strategies` rebuilds one app's part only.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from core import search


class Command(BaseCommand):
    help = "Rebuild the site search index from everything public."

    def add_arguments(self, parser):
        parser.add_argument(
            "--app", action="append", dest="apps", metavar="APP", help="Rebuild only this app's part."
        )

    def handle(self, *args, apps=None, **options):
        known = search.provider_keys()
        unknown = sorted(set(apps or []) - set(known))
        if unknown:
            raise CommandError(f"No search provider {', '.join(unknown)}: choose from {', '.join(known)}.")
        started = time.monotonic()
        written = search.rebuild(apps)
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {written} public things in {time.monotonic() - started:.1f} s.")
        )
