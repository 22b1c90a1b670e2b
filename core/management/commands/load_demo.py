"""
`manage.py load_demo`: every installed app's demo data (core.demo), in one transaction.

Safe to run again: if the demo data is there, it says so and changes nothing. There is no --reset:
audit entries, revisions and status changes are immutable and protect what they point at, so
deleting the demo would mean deleting history. Start from an empty database instead (delete the
SQLite file, or drop and create the PostgreSQL database).
"""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction

from core import search
from core.demos import Demo, DemoAlreadyLoaded, demo_modules


class Command(BaseCommand):
    help = "Load the demonstration boards, people, meetings and strategies (does nothing if already loaded)."

    def handle(self, *args, **options):
        modules = demo_modules()
        demo = Demo(write=self.stdout.write, warn=lambda line: self.stderr.write(self.style.WARNING(line)))
        try:
            for module in modules:
                if hasattr(module, "check"):
                    module.check(demo)
        except DemoAlreadyLoaded as already:
            (demo.warn if already.partly else demo.write)(str(already))
            demo.loaded = False
            self._report(modules, demo)
            return

        started = time.monotonic()
        committed = []
        try:
            with transaction.atomic():
                # Registered first, so it runs first after the commit: if a later on-commit callback
                # (a PDF render queued on publishing) fails, the demo data is already saved.
                transaction.on_commit(lambda: committed.append(True))
                for module in modules:
                    module.load(demo)
                # Whatever each app's demo made directly, site search finds all that is public.
                search.rebuild()
        except Exception as exc:
            if not committed:
                if isinstance(exc, (ValidationError, IntegrityError)):
                    raise CommandError(f"Loading the demo data failed, and nothing was saved: {exc}") from exc
                raise
            demo.warn(
                f"The demo data was saved, but a task queued after saving failed: {type(exc).__name__}: "
                f"{exc}. An officer can ask for the document again from its page."
            )
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo data in {time.monotonic() - started:.1f} s."))
        self._report(modules, demo)

    @staticmethod
    def _report(modules, demo: Demo) -> None:
        for module in modules:
            if hasattr(module, "report"):
                module.report(demo)
