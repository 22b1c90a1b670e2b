"""Responses marked as duplicates (consultations/duplicates.py), and every figure leaving them out."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from consultations import analysis, coding, export, report, services
from consultations.models import Channel, Response
from core.models import AuditEntry
from tests.consultations.helpers import make_response

pytestmark = pytest.mark.django_db

REASON = "Same answers as the paper copy from Jane Smith"


@pytest.fixture
def pair(opened):
    """Two responses of the opened consultation: an online one, and its paper copy."""
    first, second = (opened.priorities()[0]["id"], opened.priorities()[1]["id"])
    online = make_response(opened, agreements={first: 5, second: 1}, comments={first: "More parks."})
    paper = make_response(
        opened, channel=Channel.PAPER, agreements={first: 5, second: 1}, comments={first: "More parks."}
    )
    return online, paper


class TestMarking:
    def test_marks_with_the_reason_and_the_response_it_duplicates(self, pair, officer):
        online, paper = pair

        services.response_mark_duplicate(
            response=paper, by=officer, reason=f"  {REASON} ", duplicate_of=online.reference.lower()
        )

        paper.refresh_from_db()
        assert paper.is_duplicate
        assert paper.duplicate_of == online
        assert paper.duplicate_reason == REASON
        assert paper.duplicate_marked_by == officer

    def test_the_audit_says_of_which_response_never_the_reason(self, pair, officer):
        online, paper = pair

        services.response_mark_duplicate(
            response=paper, by=officer, reason=REASON, duplicate_of=online.reference
        )

        entry = AuditEntry.objects.get(
            target_type__model="response", target_id=paper.pk, action=AuditEntry.Action.UPDATED
        )
        assert entry.changes["duplicate of"] == [None, online.reference]
        assert entry.changes["duplicate"] == [False, True]
        assert "Jane" not in str(entry.changes) and "Jane" not in entry.target_repr

    def test_a_reference_typed_without_its_hyphen_is_found(self, pair, officer):
        online, paper = pair

        services.response_mark_duplicate(
            response=paper, by=officer, reason=REASON, duplicate_of=online.reference.replace("-", " ")
        )

        paper.refresh_from_db()
        assert paper.duplicate_of == online

    def test_the_response_it_duplicates_is_optional(self, pair, officer):
        _, paper = pair

        services.response_mark_duplicate(response=paper, by=officer, reason=REASON)

        paper.refresh_from_db()
        assert paper.is_duplicate and paper.duplicate_of is None

    @pytest.mark.parametrize(
        ("reason", "reference", "field", "message"),
        [
            ("   ", "", "reason", "Enter why this response is a duplicate"),
            ("x" * 501, "", "reason", "500 characters or fewer"),
            (REASON, "ZZZZ-ZZZZ", "duplicate_of", "There is no response with the reference ZZZZ-ZZZZ"),
            (REASON, "self", "duplicate_of", "another response, not this one"),
        ],
    )
    def test_refuses_bad_input_and_saves_nothing(self, pair, officer, reason, reference, field, message):
        _, paper = pair
        reference = paper.reference if reference == "self" else reference

        with pytest.raises(ValidationError) as error:
            services.response_mark_duplicate(
                response=paper, by=officer, reason=reason, duplicate_of=reference
            )

        assert message in " ".join(error.value.message_dict[field])
        paper.refresh_from_db()
        assert not paper.is_duplicate
        assert not AuditEntry.objects.filter(
            target_type__model="response", target_id=paper.pk, action=AuditEntry.Action.UPDATED
        ).exists()

    def test_refuses_a_response_of_another_consultation(self, pair, officer, board):
        from tests.factories import ConsultationFactory, StrategyFactory

        _, paper = pair
        elsewhere = make_response(
            ConsultationFactory(strategy=StrategyFactory(board=board), created_by=officer)
        )

        with pytest.raises(ValidationError, match="no response with the reference"):
            services.response_mark_duplicate(
                response=paper, by=officer, reason=REASON, duplicate_of=elsewhere.reference
            )

    def test_refuses_a_response_itself_marked_so_no_loop_leaves_both_uncounted(self, pair, officer):
        online, paper = pair
        services.response_mark_duplicate(
            response=paper, by=officer, reason=REASON, duplicate_of=online.reference
        )

        with pytest.raises(ValidationError, match="is itself marked as a duplicate"):
            services.response_mark_duplicate(
                response=online, by=officer, reason=REASON, duplicate_of=paper.reference
            )

        online.refresh_from_db()
        assert not online.is_duplicate

    def test_a_started_response_cannot_be_marked(self, opened, officer):
        started = make_response(opened, submitted=False)

        with pytest.raises(ValidationError, match="Only a response that was sent"):
            services.response_mark_duplicate(response=started, by=officer, reason=REASON)

    def test_unmarking_counts_it_again_and_is_audited(self, pair, officer):
        online, paper = pair
        services.response_mark_duplicate(
            response=paper, by=officer, reason=REASON, duplicate_of=online.reference
        )

        services.response_unmark_duplicate(response=paper, by=officer)

        paper.refresh_from_db()
        assert not paper.is_duplicate and paper.duplicate_reason == "" and paper.duplicate_of is None
        assert analysis.overview(online.consultation).total == 2
        entry = AuditEntry.objects.filter(target_type__model="response", target_id=paper.pk).latest("pk")
        assert entry.changes["duplicate"] == [True, False]

    @pytest.mark.parametrize("who", ["board_member", "other_officer"])
    def test_refused_for_a_board_member_and_another_boards_officer(self, request, pair, who):
        _, paper = pair

        with pytest.raises(PermissionDenied):
            services.response_mark_duplicate(response=paper, by=request.getfixturevalue(who), reason=REASON)

        paper.refresh_from_db()
        assert not paper.is_duplicate

    def test_the_database_refuses_a_mark_without_a_reason(self, pair):
        _, paper = pair

        with pytest.raises(IntegrityError), transaction.atomic():
            Response.objects.filter(pk=paper.pk).update(
                duplicate_marked_at=timezone.now(), duplicate_reason=""
            )


class TestFiguresLeaveDuplicatesOut:
    def test_every_figure_agrees(self, pair, officer):
        online, paper = pair
        consultation = online.consultation
        consultation.ask_equality = True
        consultation.save()
        first = consultation.priorities()[0]["id"]

        services.response_mark_duplicate(
            response=paper, by=officer, reason=REASON, duplicate_of=online.reference
        )

        figures = analysis.overview(consultation)
        assert figures.total == 1
        assert figures.duplicates == 1
        assert {row.value: row.count for row in figures.by_channel}[Channel.PAPER] == 0
        assert sum(day.count for day in figures.by_day) == 1
        strongly = next(level for level in figures.priorities[0].levels if level.value == "5")
        assert strongly.count == 1
        built = report.build(consultation)
        assert built.duplicates == 1
        assert all(table.total == 1 for table in built.equality)
        progress = coding.coding_progress(consultation)
        assert progress.overall.total == 1
        assert [c.response_id for c in coding.comments_to_code(consultation, coding.CommentFilters())] == [
            online.pk
        ]
        assert {row.id: row.total for row in figures.priorities}[first] == 1

    def test_the_filtered_figures_count_duplicates_of_that_channel(self, pair, officer):
        online, paper = pair
        services.response_mark_duplicate(response=paper, by=officer, reason=REASON)

        paper_only = analysis.overview(online.consultation, analysis.Filters(channel=Channel.PAPER))
        online_only = analysis.overview(online.consultation, analysis.Filters(channel=Channel.ONLINE))

        assert (paper_only.total, paper_only.duplicates) == (0, 1)
        assert (online_only.total, online_only.duplicates) == (1, 0)

    def test_the_export_keeps_the_row_with_the_mark(self, pair, officer):
        online, paper = pair
        services.response_mark_duplicate(
            response=paper, by=officer, reason=REASON, duplicate_of=online.reference
        )

        text = "".join(export.csv_text(online.consultation, personal=False)).removeprefix(export.BOM)
        rows = {row["Reference"]: row for row in csv.DictReader(io.StringIO(text))}

        assert rows[paper.reference]["Duplicate of"] == online.reference
        assert rows[paper.reference]["Duplicate reason"] == REASON
        assert rows[online.reference]["Duplicate of"] == ""

    def test_a_mark_without_the_original_exports_as_yes(self, pair, officer):
        _, paper = pair
        services.response_mark_duplicate(response=paper, by=officer, reason=REASON)

        text = "".join(export.csv_text(paper.consultation, personal=False)).removeprefix(export.BOM)
        rows = {row["Reference"]: row for row in csv.DictReader(io.StringIO(text))}

        assert rows[paper.reference]["Duplicate of"] == "Yes"
