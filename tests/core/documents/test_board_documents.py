"""A board's portal documents, as an agenda item's papers can name them (core.documents.board_documents)."""

import pytest

from core.documents import board_documents
from core.models import Document
from tests.boards.agenda_helpers import ready_document
from tests.factories import ConsultationFactory, StrategyFactory

pytestmark = pytest.mark.django_db


class TestBoardDocuments:
    def test_the_rendered_documents_of_the_boards_objects_with_their_titles(self, board, other_board):
        strategy = StrategyFactory(board=board, title="Strategy 2022 to 2026")
        consultation = ConsultationFactory(strategy=strategy, title="Have your say")
        pdf = ready_document("strategy_pdf", strategy.pk)
        summary = ready_document("strategy_summary_pdf", strategy.pk)
        report = ready_document("consultation_report_pdf", consultation.pk)
        ready_document("strategy_pdf", StrategyFactory(board=other_board).pk)  # Another board's.
        # Asked for, never rendered: nothing to include in a pack yet.
        Document.objects.create(kind="strategy_easy_read_pdf", object_id=strategy.pk)

        found = board_documents(board.pk)

        assert [(each.document, each.title) for each in found] == [
            (report, "Have your say: Report PDF"),
            (pdf, "Strategy 2022 to 2026: PDF for residents"),
            (summary, "Strategy 2022 to 2026: Summary PDF"),
        ]

    def test_asks_each_app_once_whatever_the_number_of_documents(self, board, django_assert_max_num_queries):
        for _ in range(5):
            strategy = StrategyFactory(board=board)
            ready_document("strategy_pdf", strategy.pk)
            ready_document("strategy_summary_pdf", strategy.pk)

        # The strategies (one hook for three kinds), the consultations, the documents.
        with django_assert_max_num_queries(3):
            assert len(board_documents(board.pk)) == 10

    def test_a_board_with_nothing_costs_the_hooks_only(self, board, django_assert_max_num_queries):
        with django_assert_max_num_queries(2):
            assert board_documents(board.pk) == []
