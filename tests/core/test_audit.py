import pytest

from core.audit import audit_record
from core.models import AuditEntry
from tests.factories import AgendaItemFactory, DomainFactory

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

    def test_values_read_as_the_forms_show_them(self, officer):
        item = AgendaItemFactory()
        entry = audit_record(
            actor=officer,
            action=AuditEntry.Action.UPDATED,
            scope=item.meeting.board,
            target=item,
            changes={"purpose": ["information", "decision"], "exempt_paragraph": [None, 3], "number": [1, 2]},
        )
        meeting_entry = audit_record(
            actor=officer,
            action=AuditEntry.Action.CREATED,
            scope=item.meeting.board,
            target=item.meeting,
            changes={"starts_at": [None, "2027-02-11 14:00:00+00:00"]},
        )

        assert entry.labelled_changes() == [
            ("Purpose", "For information", "For decision"),
            (
                "Exempt paragraph",
                None,
                "Information relating to the financial or business affairs of any particular person"
                " (including the authority holding that information).",
            ),
            ("Number", 1, 2),
        ]
        assert meeting_entry.labelled_changes()[0][2] == "11 February 2027, 14:00"  # London time in winter.
