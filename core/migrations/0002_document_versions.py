# Each rendered file becomes an immutable DocumentVersion; Document keeps the job (docs/decisions/0006).
# Existing rows survive: a document's stored file becomes its version 1, and the reverse puts it back.

from pathlib import PurePosixPath

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import core.models


def _pages(storage, name: str) -> int | None:
    """The number of pages of a stored PDF, or None if it cannot be read (missing, damaged)."""
    try:
        import pikepdf

        with storage.open(name, "rb") as handle, pikepdf.open(handle) as pdf:
            return len(pdf.pages)
    except Exception:
        return None


def files_to_versions(apps, schema_editor):
    Document = apps.get_model("core", "Document")
    DocumentVersion = apps.get_model("core", "DocumentVersion")
    for document in Document.objects.exclude(file="").order_by("pk"):
        pages = _pages(document.file.storage, document.file.name)
        filename = document.filename or PurePosixPath(document.file.name).name
        version = DocumentVersion.objects.create(
            document=document,
            number=1,
            file=document.file.name,  # The same stored file: nothing is copied or moved.
            filename=filename,
            size=document.size,
            pages=pages,
            source_hash=document.source_hash,
            # Before versions, every document was one HTML part rendered by WeasyPrint (tagged).
            parts=[
                {
                    "title": PurePosixPath(filename).stem,
                    "source": "html",
                    "tagged": True,
                    "first_page": 1,
                    "pages": pages,
                }
            ],
            created_at=document.finished_at or document.updated_at,
            requested_by=document.requested_by,
        )
        Document.objects.filter(pk=document.pk).update(current=version)


def versions_to_files(apps, schema_editor):
    Document = apps.get_model("core", "Document")
    DocumentVersion = apps.get_model("core", "DocumentVersion")
    for document in Document.objects.exclude(current=None).select_related("current"):
        version = document.current
        Document.objects.filter(pk=document.pk).update(
            file=version.file.name,
            filename=version.filename,
            size=version.size,
            source_hash=version.source_hash,
            render_count=DocumentVersion.objects.filter(document=document).count(),
            current=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DocumentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField()),
                ("file", models.FileField(max_length=300, upload_to=core.models.version_upload_to)),
                ("filename", models.CharField(max_length=200)),
                ("size", models.PositiveBigIntegerField()),
                ("pages", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "source_hash",
                    models.CharField(help_text="SHA-256 of every part and the pipeline version.", max_length=64),
                ),
                ("parts", models.JSONField(blank=True, default=list)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="versions", to="core.document"
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["document", "-number"]},
        ),
        migrations.AddConstraint(
            model_name="documentversion",
            constraint=models.UniqueConstraint(fields=("document", "number"), name="document_version_number_unique"),
        ),
        migrations.AddField(
            model_name="document",
            name="current",
            field=models.ForeignKey(
                blank=True,
                help_text="The latest version rendered: what pages offer for download.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.documentversion",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="attempts",
            field=models.PositiveSmallIntegerField(
                default=0, help_text="Times a worker started the job since it was last requested."
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="worker",
            field=models.CharField(blank=True, help_text="The worker process rendering it.", max_length=200),
        ),
        migrations.AlterField(
            model_name="document",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, help_text="Touched every few seconds while a worker renders (the heartbeat)."
            ),
        ),
        migrations.RunPython(files_to_versions, versions_to_files, elidable=False),
        migrations.RemoveField(model_name="document", name="file"),
        migrations.RemoveField(model_name="document", name="filename"),
        migrations.RemoveField(model_name="document", name="render_count"),
        migrations.RemoveField(model_name="document", name="size"),
        migrations.RemoveField(model_name="document", name="source_hash"),
    ]
