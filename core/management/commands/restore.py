"""`manage.py restore FOLDER [--replace]`: a backup into an empty database and storage (core.backups)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database and an empty storage, after "
        "checking its checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="The backup's folder (hwb-backup-YYYYMMDD-HHMMSS).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete every table and stored file there is now, then restore. Without it, a database "
            "with data or a storage with files is left alone.",
        )

    def handle(self, *args, folder: Path, replace: bool, **options):
        try:
            backups.restore(folder=folder, replace=replace, say=self.stdout.write)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Restored."))
