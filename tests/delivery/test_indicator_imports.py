"""
Uploading a Fingertips export (delivery/views/indicators.py, delivery/import_jobs.py): checked by a worker,
previewed, imported on confirmation in one transaction, the same file twice changing nothing; every bad
file refused with a clear reason and nothing half-imported; the data downloaded in the same layout
importing back unchanged.
"""

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from core.models import AuditEntry
from delivery import import_jobs, imports, services
from delivery.export import fingertips_csv
from delivery.fingertips import ENGLAND
from delivery.models import DataPoint, ImportStatus, Indicator, IndicatorImport, RejectedRow
from strategies.models import Status
from tests.delivery.test_fingertips import EAST, HEADER, THURROCK, csv_file, line
from tests.factories import StrategyFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def strategy(board, officer):
    board.area_code = THURROCK
    board.save()
    strategy = StrategyFactory(board=board, status=Status.PUBLISHED)
    Indicator.objects.create(
        strategy=strategy,
        title="Smoking prevalence in adults",
        fingertips_id=92443,
        unit="%",
        polarity="lower_is_better",
        created_by=officer,
    )
    return strategy


def export_bytes(*lines) -> bytes:
    return csv_file(
        line(area=ENGLAND, name="England", parent="", value="12.9", lower="12.7", upper="13.1"),
        line(
            area=EAST, name="East of England region", parent=ENGLAND, value="12.0", lower="11.5", upper="12.5"
        ),
        line(),
        *lines,
    ).getvalue()


@pytest.fixture(autouse=True)
def committing(django_capture_on_commit_callbacks, monkeypatch):
    """Run each request's on-commit work (sending the job to the eager worker) as it ends."""
    global commits
    commits = django_capture_on_commit_callbacks


def upload(client, strategy, content: bytes, name="export.csv"):
    with commits(execute=True):
        return client.post(
            reverse("delivery:import_start", args=[strategy.pk]),
            {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
        )


def confirm(client, url):
    with commits(execute=True):
        return client.post(url, {"do": "confirm"})


class TestUploadJourney:
    def test_upload_check_preview_confirm_then_the_same_file_changes_nothing(self, client, officer, strategy):
        client.force_login(officer)

        response = upload(client, strategy, export_bytes())
        first = IndicatorImport.objects.get()
        assert response.status_code == 302 and response.url == reverse(
            "delivery:import_detail", args=[first.pk]
        )
        assert (first.status, first.new, first.changed, first.rejected) == (ImportStatus.CHECKED, 3, 0, 0)
        page = text(client.get(response.url))
        assert "Import 3 new and 0 changed data points" in page
        assert not DataPoint.objects.exists()

        confirm(client, response.url)

        first.refresh_from_db()
        assert first.status == ImportStatus.IMPORTED and first.confirmed_by == officer
        assert DataPoint.objects.count() == 3
        assert "Imported 3 new and 0 changed data points" in text(client.get(response.url))
        assert AuditEntry.objects.filter(action="updated").count() == 1

        again = upload(client, strategy, export_bytes())
        page = text(client.get(again.url))
        assert "Nothing to import: every data point in the file is already stored" in page
        assert IndicatorImport.objects.first().importable is False

    def test_a_revised_value_shows_what_it_was_and_what_it_becomes(self, client, officer, strategy):
        client.force_login(officer)
        imports.indicators_import(strategy=strategy, by=officer, handle=io.BytesIO(export_bytes()))

        response = upload(client, strategy, csv_file(line(value="18.7")).getvalue())

        page = text(client.get(response.url))
        assert "Thurrock, 2019/20 (Persons, 18+ yrs): 18.5 becomes 18.7" in page
        assert "Import 0 new and 1 changed data point" in page

    def test_rejected_rows_are_listed_with_line_and_reason_and_nothing_can_be_imported(
        self, client, officer, strategy
    ):
        client.force_login(officer)
        content = export_bytes(
            line(period="2020/21", sortable="20200000", value="high"),
            line(period="2021/22", sortable="20210000", lower="30", upper="20"),
            line(),  # The same period again.
            line(indicator="90366", title="Life expectancy at birth", period="2020/21", sortable="20200000"),
        )

        response = upload(client, strategy, content)

        checked = IndicatorImport.objects.get()
        assert checked.rejected == 4 and not checked.importable
        assert list(RejectedRow.objects.values_list("line", flat=True)) == [5, 6, 7, 8]
        page = text(client.get(response.url))
        assert "4 rows cannot be imported, so nothing will be" in page
        assert "Value “high” is not a number" in page
        assert "lower 95% limit (30) is above its upper (20)" in page
        assert "It repeats indicator 92443's 2019/20 for Thurrock" in page
        assert "Indicator 90366 (Life expectancy at birth) is not one of this strategy's indicators" in page
        assert confirm(client, response.url).status_code == 302
        assert IndicatorImport.objects.get().status == ImportStatus.CHECKED
        assert not DataPoint.objects.exists()

    def test_htmx_polls_the_status_partial(self, client, officer, strategy):
        client.force_login(officer)
        response = upload(client, strategy, export_bytes())
        IndicatorImport.objects.update(status=ImportStatus.CHECKING, progress=40, stage="Checking the file")

        partial = client.get(response.url, headers={"HX-Request": "true"})

        body = partial.content.decode()
        assert body.lstrip().startswith('<div id="import-status"') and 'hx-trigger="every 1s"' in body
        assert 'value="40"' in body and "<html" not in body

    def test_a_broker_that_cannot_be_reached_fails_the_upload_saying_so(
        self, client, officer, strategy, monkeypatch
    ):
        from delivery import tasks

        def down(*args, **kwargs):
            raise ConnectionError("Redis is down")

        monkeypatch.setattr(tasks.import_check, "delay", down)
        client.force_login(officer)

        response = upload(client, strategy, export_bytes())

        assert IndicatorImport.objects.get().status == ImportStatus.FAILED
        assert "The background service that checks and imports files is not answering" in text(
            client.get(response.url)
        )

    def test_the_import_is_all_or_nothing_when_a_row_fails_at_import_time(self, officer, strategy):
        with commits(execute=True):
            uploaded = services.indicator_import_upload(
                strategy=strategy, by=officer, file=SimpleUploadedFile("e.csv", export_bytes())
            )
        uploaded.refresh_from_db()
        Indicator.objects.create(strategy=strategy, title="Other", fingertips_id=1, created_by=officer)
        with commits(execute=True):
            services.indicator_import_confirm(upload=uploaded, by=officer)
        # Removed between the check and the import: its rows are rejected now, and nothing is written.
        uploaded.refresh_from_db()
        assert uploaded.status == ImportStatus.IMPORTED
        IndicatorImport.objects.filter(pk=uploaded.pk).update(status=ImportStatus.IMPORTING)
        DataPoint.objects.all().delete()
        Indicator.objects.filter(fingertips_id=92443).delete()

        assert import_jobs.import_apply(uploaded.pk) is None

        uploaded.refresh_from_db()
        assert uploaded.status == ImportStatus.FAILED and "nothing was imported" in uploaded.error
        assert not DataPoint.objects.exists()

    def test_a_redelivered_step_does_nothing_once_done(self, officer, strategy):
        with commits(execute=True):
            uploaded = services.indicator_import_upload(
                strategy=strategy, by=officer, file=SimpleUploadedFile("e.csv", export_bytes())
            )
        with commits(execute=True):
            services.indicator_import_confirm(upload=uploaded, by=officer)

        assert import_jobs.import_check(uploaded.pk) is None and import_jobs.import_apply(uploaded.pk) is None
        assert DataPoint.objects.count() == 3


class TestBadFiles:
    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"", "The selected file is empty"),
            (b"PK\x03\x04" + b"\x00" * 100, "The file is an Excel workbook, not a CSV file"),
            (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "The file is an old Excel workbook (.xls)"),
            (b"Area,Value\nThurrock,1\n", "The file has 2 columns, and a Fingertips export has 26"),
            (
                HEADER.replace("Indicator Name", "Name").encode(),
                "Column 2 should be “Indicator Name”, not “Name”",
            ),
        ],
    )
    def test_refused_at_once_next_to_the_field(self, client, officer, strategy, content, message):
        client.force_login(officer)

        response = upload(client, strategy, content)

        assert response.status_code == 200
        assert message in text(response) and "There is a problem" in text(response)
        assert not IndicatorImport.objects.exists()

    def test_a_file_over_the_limit_is_refused_before_it_is_read(self, client, officer, strategy):
        client.force_login(officer)
        with override_settings(INDICATOR_IMPORT_MAX_BYTES=1000):
            response = upload(client, strategy, export_bytes() + b"x" * 2000)

        assert response.status_code in (200, 413)  # Refused as it arrives, or by the form.
        assert "The selected file must be smaller than" in text(response)
        assert not IndicatorImport.objects.exists()

    def test_cp1252_from_excel_is_read(self, client, officer, strategy):
        client.force_login(officer)
        content = export_bytes(line(period="2020/21", sortable="20200000", note="Café – value note")).decode()

        response = upload(client, strategy, content.encode("cp1252"))

        checked = IndicatorImport.objects.get()
        assert (checked.status, checked.new, checked.rejected) == (ImportStatus.CHECKED, 4, 0), text(
            client.get(response.url)
        )

    def test_a_file_without_the_area_is_refused_by_the_check(self, client, officer, strategy):
        client.force_login(officer)

        response = upload(
            client, strategy, csv_file(line(area=ENGLAND, name="England", parent="")).getvalue()
        )

        assert IndicatorImport.objects.get().status == ImportStatus.REFUSED
        assert "The file has no rows for" in text(client.get(response.url))


class TestDownload:
    def test_the_download_imports_back_unchanged(self, client, officer, strategy):
        content = export_bytes(
            line(
                period="2020/21", sortable="20200000", value="", lower="", upper="", note="Value suppressed"
            ),
            line(period="2017 - 19", sortable="20170000", value="17.25", lower="15.125", upper="19.5"),
        )
        imports.indicators_import(strategy=strategy, by=officer, handle=io.BytesIO(content))
        before = list(DataPoint.objects.order_by("pk").values())

        download = client.get(reverse("delivery:data", args=[strategy.board.slug, strategy.slug]))
        body = b"".join(download.streaming_content)
        again = imports.plan_import(strategy=strategy, handle=io.BytesIO(body))

        assert download["Content-Type"] == "text/csv"
        assert body.startswith("\ufeffIndicator ID,Indicator Name,Parent Code".encode())
        assert (again.new, again.changed, again.unchanged, again.rejected_count) == (0, 0, 5, 0)
        assert list(DataPoint.objects.order_by("pk").values()) == before
        thurrock = [row for row in body.decode("utf-8-sig").splitlines() if f",{THURROCK}," in row]
        assert thurrock[0].startswith(f"92443,Smoking prevalence in adults,{EAST},East of England region,")

    def test_a_draft_strategys_data_is_not_public(self, client, officer, strategy):
        strategy.status = Status.DRAFT
        strategy.save()

        assert (
            client.get(reverse("delivery:data", args=[strategy.board.slug, strategy.slug])).status_code == 404
        )
        client.force_login(officer)
        assert client.get(reverse("delivery:data_manage", args=[strategy.pk])).status_code == 200

    def test_the_export_streams_in_a_fixed_number_of_queries(self, strategy, django_assert_max_num_queries):
        with django_assert_max_num_queries(3):
            list(fingertips_csv(strategy, strategy.indicators.all()))


class TestWhatTheWalkFound:
    def test_a_local_indicators_rows_import_back_by_its_name(self, client, officer, strategy):
        from delivery import services as delivery_services

        carers = Indicator.objects.create(
            strategy=strategy, title="Carers assessed", source="local", unit="%", created_by=officer
        )
        delivery_services.data_point_record(
            indicator=carers, by=officer, period="2024/25", count=158, denominator=257
        )
        imports.indicators_import(strategy=strategy, by=officer, handle=io.BytesIO(export_bytes()))

        body = b"".join(
            client.get(reverse("delivery:data", args=[strategy.board.slug, strategy.slug])).streaming_content
        )
        again = imports.plan_import(strategy=strategy, handle=io.BytesIO(body))

        assert (again.new, again.changed, again.unchanged, again.rejected_count) == (0, 0, 4, 0)
        local_rows = [
            row for row in body.decode("utf-8-sig").splitlines() if row.startswith(",Carers assessed")
        ]
        assert local_rows and all(f",{EAST},East of England region," in row for row in local_rows)

    def test_a_row_without_an_id_of_no_local_indicator_is_rejected(self, officer, strategy):
        plan = imports.plan_import(
            strategy=strategy, handle=export_bytes_io(line(indicator="", title="Loneliness"))
        )

        assert [row.reason[:63] for row in plan.rejected] == [
            "It has no Indicator ID, and no local indicator of this strategy"
        ]

    def test_a_preview_out_of_date_cannot_be_confirmed(self, client, officer, strategy):
        client.force_login(officer)
        imports.indicators_import(strategy=strategy, by=officer, handle=io.BytesIO(export_bytes()))
        response = upload(client, strategy, csv_file(line(value="18.7")).getvalue())
        # Another import changes the data after the check.
        imports.indicators_import(strategy=strategy, by=officer, handle=csv_file(line(value="12.2")))

        confirm(client, response.url)

        checked = IndicatorImport.objects.get()
        assert checked.status == ImportStatus.FAILED
        assert "changed after the file was checked" in text(client.get(response.url))
        assert DataPoint.objects.get(area_code=THURROCK).value == 12.2


def export_bytes_io(*lines):
    return io.BytesIO(export_bytes(*lines))
