"""`manage.py backup [--into FOLDER]`: the database and every stored file, in a dated folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import backups


class Command(BaseCommand):
    help = "Back up the database and the stored files into a new dated folder with a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--into",
            type=Path,
            default=settings.BACKUP_ROOT,
            help="The folder to make the backup's folder in (default: BACKUP_ROOT, %(default)s).",
        )

    def handle(self, *args, into: Path, **options):
        try:
            folder = backups.backup(into=into, say=self.stdout.write)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(str(folder)))
