import pytest

from core.audit import audit_record
from core.models import AuditEntry
from tests.factories import DomainFactory

pytestmark = pytest.mark.django_db


class TestLabelledChanges:
    def test_fields_are_labelled_with_their_verbose_names(self, officer):
        domain = DomainFactory()
        entry = audit_record(
            actor=officer,
            action=AuditEntry.Action.UPDATED,
            scope=domain.strategy,
            target=domain.strategy,
            changes={"start_year": [2022, 2023], "slug": ["old", "new"], "domain_label_plural": ["a", "b"]},
        )

        assert entry.labelled_changes() == [
            ("Start year", 2022, 2023),
            ("Web address name", "old", "new"),
            ("Name for its top-level areas (plural)", "a", "b"),
        ]

    def test_what_is_not_a_field_reads_as_words(self, officer):
        domain = DomainFactory()
        entry = audit_record(
            actor=officer,
            action=AuditEntry.Action.DELETED,
            scope=domain.strategy,
            target=domain,
            changes={"priorities": [["Fewer falls"], None], "moved_to": [None, "top"]},
        )

        assert entry.labelled_changes() == [("Priorities", ["Fewer falls"], None), ("Moved to", None, "top")]
