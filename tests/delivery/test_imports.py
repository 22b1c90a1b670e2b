"""
Importing a Fingertips export into a strategy's indicators (delivery/imports.py): the preview, the import
in one transaction, nothing changed by the same file twice, and nothing imported from a file with a bad row.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEntry
from delivery.fingertips import ENGLAND, FileRefused
from delivery.imports import indicators_import, plan_import
from delivery.models import DataPoint, Indicator
from strategies.models import Status
from tests.delivery.test_fingertips import EAST, THURROCK, csv_file, line
from tests.factories import StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(board, officer):
    board.area_code = THURROCK
    board.save()
    strategy = StrategyFactory(board=board, status=Status.PUBLISHED)
    Indicator.objects.create(
        strategy=strategy, title="Smoking prevalence in adults", fingertips_id=92443, created_by=officer
    )
    return strategy


def export(*lines):
    return csv_file(
        line(area=ENGLAND, name="England", parent="", value="12.9", lower="12.7", upper="13.1"),
        line(
            area=EAST, name="East of England region", parent=ENGLAND, value="12.0", lower="11.5", upper="12.5"
        ),
        line(),
        *lines,
    )


class TestImport:
    def test_previews_then_imports_then_the_same_file_changes_nothing(self, strategy, officer):
        preview = plan_import(strategy=strategy, handle=export())

        assert (preview.new, preview.changed, preview.importable) == (3, 0, True)
        assert not DataPoint.objects.exists()

        indicators_import(strategy=strategy, by=officer, handle=export())
        again = plan_import(strategy=strategy, handle=export())

        assert DataPoint.objects.count() == 3
        assert (again.new, again.changed, again.importable) == (0, 0, False)
        thurrock = DataPoint.objects.get(area_code=THURROCK)
        assert (thurrock.value, thurrock.lower, thurrock.upper, thurrock.period) == (
            18.5,
            16.2,
            21.0,
            "2019/20",
        )
        assert AuditEntry.objects.get(action="updated").changes == {
            "data": [None, "3 new data points, 0 changed data points"]
        }

    def test_a_revised_value_is_a_change(self, strategy, officer):
        indicators_import(strategy=strategy, by=officer, handle=export())

        preview = plan_import(strategy=strategy, handle=csv_file(line(value="18.7")))
        indicators_import(strategy=strategy, by=officer, handle=csv_file(line(value="18.7")))

        assert (preview.new, preview.changed) == (0, 1)
        assert DataPoint.objects.get(area_code=THURROCK).value == 18.7

    def test_a_file_with_a_bad_row_imports_nothing_and_says_which(self, strategy, officer):
        handle = export(
            line(indicator="90366", title="Life expectancy at birth", period="2020/21", sortable="20200000")
        )

        preview = plan_import(strategy=strategy, handle=handle)
        with pytest.raises(ValidationError):
            indicators_import(strategy=strategy, by=officer, handle=handle)

        assert [(row.line, row.reason[:40]) for row in preview.rejected] == [
            (5, "Indicator 90366 (Life expectancy at birt")
        ]
        assert not preview.importable and not DataPoint.objects.exists()

    def test_a_board_without_its_area_code_or_a_file_without_its_area_is_refused(self, strategy):
        with pytest.raises(FileRefused, match="has no rows for"):
            plan_import(strategy=strategy, handle=csv_file(line(area=ENGLAND, name="England", parent="")))
        strategy.board.area_code = ""
        strategy.board.save()
        with pytest.raises(FileRefused, match="has no ONS area code"):
            plan_import(strategy=strategy, handle=export())

    def test_only_the_boards_officers_may(self, strategy, board_member):
        with pytest.raises(PermissionDenied):
            indicators_import(strategy=strategy, by=board_member, handle=export())

        assert not DataPoint.objects.exists()
