"""
core 0002 turns each document's stored file into its version 1 (docs/decisions/0006), and back.
Migrates the test database down and up again, so it runs on its own schema state (transaction=True)
and always leaves the schema at the latest migration.
"""

import datetime

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import UserFactory

BEFORE = [("core", "0001_initial")]
AFTER = [("core", "0002_document_versions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def a_pdf(pages: int) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    path = default_storage.path("made.pdf")
    pdf.save(path)
    with open(path, "rb") as handle:
        data = handle.read()
    default_storage.delete("made.pdf")
    return data


@pytest.fixture
def schema_restored(transactional_db):
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.usefixtures("schema_restored")
def test_existing_files_become_version_1_and_come_back_on_the_way_down():
    officer = UserFactory()
    finished = timezone.now() - datetime.timedelta(days=30)
    old_apps = migrate(BEFORE)
    OldDocument = old_apps.get_model("core", "Document")
    data = a_pdf(pages=3)
    name = default_storage.save("documents/2026/thurrock-jhws.pdf", ContentFile(data))
    rendered = OldDocument.objects.create(
        kind="strategy_pdf",
        object_id=7,
        status="ready",
        progress=100,
        file=name,
        filename="thurrock-jhws.pdf",
        size=len(data),
        source_hash="a" * 64,
        render_count=2,
        requested_by_id=officer.pk,
        finished_at=finished,
    )
    failed = OldDocument.objects.create(
        kind="strategy_pdf", object_id=8, status="failed", error="OSError: full"
    )

    new_apps = migrate(AFTER)

    Document = new_apps.get_model("core", "Document")
    document = Document.objects.select_related("current").get(pk=rendered.pk)
    version = document.current
    assert (document.status, document.progress) == ("ready", 100)
    assert (version.number, version.file.name, version.filename) == (1, name, "thurrock-jhws.pdf")
    assert (version.size, version.pages, version.source_hash) == (len(data), 3, "a" * 64)
    assert (version.created_at, version.requested_by_id) == (finished, officer.pk)
    assert version.parts == [
        {"title": "thurrock-jhws", "source": "html", "tagged": True, "first_page": 1, "pages": 3}
    ]
    assert default_storage.exists(name)
    untouched = Document.objects.get(pk=failed.pk)
    assert (untouched.status, untouched.error, untouched.current_id) == ("failed", "OSError: full", None)

    old_apps = migrate(BEFORE)

    restored = old_apps.get_model("core", "Document").objects.get(pk=rendered.pk)
    assert (restored.file.name, restored.filename, restored.size) == (name, "thurrock-jhws.pdf", len(data))
    assert (restored.source_hash, restored.render_count) == ("a" * 64, 1)
