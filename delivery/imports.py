"""
Importing a Fingertips export into a strategy's indicators (issue 8): a check of what would change
(new and changed data points, per indicator, and every rejected row with its line and reason), then the
import in one transaction. A file with any rejected row imports nothing: the officer mends the file. The
same file imported again changes nothing.

The rows read are the board's area's (by its ONS code), its region's and England's, for the strategy's
Fingertips indicators; a row of another indicator is rejected with the reason.

Both passes read the file a row at a time and compare it with the data points already stored a chunk
of rows at a time (one query per chunk), so memory stays the same for 10,000 rows or 100,000.

An upload (IndicatorImport) is checked and imported by workers (delivery.tasks), each pass idempotent:
a check runs only while the upload is "checking", an import only while it is "importing", and both
rewrite what they leave behind (the rejected rows, the counts) rather than add to it.
"""

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import batched
from typing import BinaryIO

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, connections, transaction
from django.utils import timezone

from core import audit
from core.files import storing
from core.models import AuditEntry
from strategies.models import Strategy

from . import fingertips, permissions
from .caching import forget_public_dashboard
from .fingertips import FileRefused, Layout, Rejected, Row
from .models import DataPoint, ImportStatus, Indicator, IndicatorImport, IndicatorSource, RejectedRow

logger = logging.getLogger(__name__)

# What a data point holds besides its key (indicator, area, sex, age, period): what "changed" compares.
POINT_FIELDS = (
    "area_name",
    "area_type",
    "period",
    "value",
    "lower",
    "upper",
    "count",
    "denominator",
    "value_note",
)
# Rows compared with the stored data points, and written, this many at a time.
CHUNK_ROWS = 500
# Changed data points shown in the preview, per indicator: what was stored and what the file says.
EXAMPLES = 5
# Rejected rows written to the database this many at a time.
REJECTED_BATCH = 1000
# How often a worker writes its progress (from a thread of its own, with its own connection: the
# import runs in one transaction, whose writes no other connection sees until it commits).
PROGRESS_SECONDS = 1.0


@dataclass
class IndicatorChanges:
    indicator: Indicator
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    examples: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "id": self.indicator.pk,
            "fingertips_id": self.indicator.fingertips_id,
            "title": self.indicator.title,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "examples": self.examples,
        }


@dataclass
class ImportPlan:
    layout: Layout
    changes: list[IndicatorChanges]
    rejected: list[Rejected]
    rejected_count: int = 0

    @property
    def new(self) -> int:
        return sum(entry.new for entry in self.changes)

    @property
    def changed(self) -> int:
        return sum(entry.changed for entry in self.changes)

    @property
    def unchanged(self) -> int:
        return sum(entry.unchanged for entry in self.changes)

    @property
    def importable(self) -> bool:
        return not self.rejected_count and bool(self.new or self.changed)


def _values(point: DataPoint | Row) -> tuple:
    return tuple(getattr(point, name) for name in POINT_FIELDS)


def _key(indicator_id: int, point: DataPoint | Row) -> tuple:
    return (indicator_id, point.area_code, point.sex, point.age, point.period_sort)


def _layout(strategy: Strategy, handle: BinaryIO) -> Layout:
    area_code = strategy.board.area_code
    if not area_code:
        raise FileRefused(
            f"The {strategy.board.name} has no ONS area code: a board administrator adds it first"
        )
    found = fingertips.layout(handle, area_code=area_code)
    if not found.area_name:
        raise FileRefused(
            f"The file has no rows for {strategy.board.area} ({area_code}): export the data for that area"
        )
    return found


def _stored(rows: list[tuple[Indicator, Row]]) -> dict[tuple, DataPoint]:
    """The stored data points a chunk of rows may match, by key: one query."""
    if not rows:
        return {}
    found = DataPoint.objects.filter(
        indicator__in={indicator.pk for indicator, _ in rows},
        area_code__in={row.area_code for _, row in rows},
        period_sort__in={row.period_sort for _, row in rows},
    )
    return {_key(point.indicator_id, point): point for point in found}


def _number(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def _example(point: DataPoint, row: Row) -> dict:
    return {
        "area": row.area_name or row.area_code,
        "period": row.period,
        "who": ", ".join(part for part in (row.sex, row.age) if part),
        "was": _number(point.value) + (f" ({point.value_note})" if point.value_note else ""),
        "now": _number(row.value) + (f" ({row.value_note})" if row.value_note else ""),
    }


def _walk(
    strategy: Strategy,
    handle: BinaryIO,
    found: Layout,
    *,
    write: bool,
    on_reject: Callable[[Rejected], None],
    on_progress: Callable[[float], None] = lambda share: None,
) -> list[IndicatorChanges]:
    """
    Compare the file's rows with the stored data points, a chunk at a time, and (with `write`) store the
    new and changed ones. Every rejected row goes to `on_reject`; `on_progress` hears the share read.
    """
    indicators = {
        indicator.fingertips_id: indicator for indicator in strategy.indicators.exclude(fingertips_id=None)
    }
    # A local indicator's rows, as the portal exports them: no Indicator ID, matched by its name.
    local = {
        " ".join(indicator.title.split()): indicator
        for indicator in strategy.indicators.filter(source=IndicatorSource.LOCAL)
    }
    changes = {
        indicator.pk: IndicatorChanges(indicator) for indicator in [*indicators.values(), *local.values()]
    }
    handle.seek(0, 2)
    size = handle.tell() or 1
    for chunk in batched(fingertips.rows(handle, found), CHUNK_ROWS):
        kept: list[tuple[Indicator, Row]] = []
        for row in chunk:
            if isinstance(row, Rejected):
                on_reject(row)
            elif row.indicator_id is None and (indicator := local.get(row.indicator_name)) is None:
                on_reject(
                    Rejected(
                        row.line,
                        f"It has no Indicator ID, and no local indicator of this strategy is called "
                        f"“{row.indicator_name[:80]}”: add the indicator's ID, or leave its rows out",
                    )
                )
            elif row.indicator_id is not None and (indicator := indicators.get(row.indicator_id)) is None:
                on_reject(
                    Rejected(
                        row.line,
                        f"Indicator {row.indicator_id} ({row.indicator_name[:80]}) is not one of this "
                        "strategy's indicators: add it first, or leave its rows out",
                    )
                )
            else:
                kept.append((indicator, row))
        stored = _stored(kept)
        new, changed = [], []
        for indicator, row in kept:
            entry = changes[indicator.pk]
            point = stored.get(_key(indicator.pk, row))
            if point is None:
                entry.new += 1
                new.append(_point(indicator, row))
            elif _values(point) != _values(row):
                entry.changed += 1
                if len(entry.examples) < EXAMPLES:
                    entry.examples.append(_example(point, row))
                for name in POINT_FIELDS:
                    setattr(point, name, getattr(row, name))
                changed.append(point)
            else:
                entry.unchanged += 1
        if write:
            DataPoint.objects.bulk_create(new, batch_size=1000)
            DataPoint.objects.bulk_update(changed, POINT_FIELDS, batch_size=1000)
        on_progress(min(handle.tell() / size, 1.0))
    return [entry for entry in changes.values() if entry.new or entry.changed or entry.unchanged]


def _point(indicator: Indicator, row: Row) -> DataPoint:
    return DataPoint(
        indicator=indicator,
        sex=row.sex,
        age=row.age,
        area_code=row.area_code,
        period_sort=row.period_sort,
        **{name: getattr(row, name) for name in POINT_FIELDS},
    )


def plan_import(*, strategy: Strategy, handle: BinaryIO) -> ImportPlan:
    """What importing the file would do; FileRefused when the whole file cannot be read."""
    found = _layout(strategy, handle)
    rejected: list[Rejected] = []
    changes = _walk(strategy, handle, found, write=False, on_reject=rejected.append)
    return ImportPlan(found, changes, rejected, len(rejected))


def _audit_changes(by, strategy: Strategy, changes: Iterable[IndicatorChanges]) -> None:
    """Record each indicator's new and changed data points; the public dashboard shows them at once."""
    forget_public_dashboard(strategy)
    changed = [entry.indicator.pk for entry in changes if entry.new or entry.changed]
    Indicator.objects.filter(pk__in=changed).update(checked_at=timezone.now())  # Brought up to date.
    for entry in changes:
        if entry.new or entry.changed:
            audit.audit_record(
                actor=by,
                action=AuditEntry.Action.UPDATED,
                scope=strategy,
                target=entry.indicator,
                changes={
                    "data": [None, f"{_counted(entry.new, 'new')}, {_counted(entry.changed, 'changed')}"]
                },
            )


def _refusal(count: int) -> ValidationError:
    rows = f"{count} row{'s' if count != 1 else ''}"
    return ValidationError(
        f"{rows} of the file cannot be imported: nothing was imported. Mend the file and upload it again."
    )


@transaction.atomic
def indicators_import(*, strategy: Strategy, by, handle: BinaryIO) -> ImportPlan:
    """
    Import the file's data points into the strategy's indicators, all or nothing, here and now (the demo
    and the tests; officers' uploads go through a worker: indicator_import_upload). A file with a
    rejected row is refused (ValidationError). Audited per indicator.
    """
    strategy = Strategy.objects.select_for_update().select_related("board").get(pk=strategy.pk)
    if not permissions.can_edit(by, strategy):
        raise PermissionDenied("Only the board's officers can import its indicators' data.")
    found = _layout(strategy, handle)
    rejected: list[Rejected] = []
    changes = _walk(strategy, handle, found, write=True, on_reject=rejected.append)
    if rejected:
        raise _refusal(len(rejected))
    _audit_changes(by, strategy, changes)
    return ImportPlan(found, changes, [], 0)


def _counted(count: int, word: str) -> str:
    return f"{count} {word} data point{'s' if count != 1 else ''}"


# Uploads, checked and imported by workers -------------------------------------------------------------


def _sha256(file: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


@transaction.atomic
def indicator_import_upload(*, strategy: Strategy, by, file: UploadedFile) -> IndicatorImport:
    """
    Keep an uploaded file and send it to a worker to check (delivery.tasks.import_check). The file is
    stored inside the transaction, before the row: a store that cannot be reached is an error on
    `file`, and no row.
    """
    if not permissions.can_edit(by, strategy):
        raise PermissionDenied("Only the board's officers can import its indicators' data.")
    upload = IndicatorImport(
        strategy=strategy,
        file_name=(file.name or "upload.csv")[:255],
        size=file.size,
        sha256=_sha256(file),
        uploaded_by=by,
        stage="Waiting for a worker",
    )
    with storing("file"):
        upload.file.save(upload.file_name, file, save=False)
    upload.save()
    transaction.on_commit(lambda: _enqueue("check", upload.pk))
    return upload


@transaction.atomic
def indicator_import_confirm(*, upload: IndicatorImport, by) -> IndicatorImport:
    """An officer confirms a checked upload: a worker imports it (delivery.tasks.import_apply)."""
    upload = IndicatorImport.objects.select_for_update().select_related("strategy__board").get(pk=upload.pk)
    if not permissions.can_edit(by, upload.strategy):
        raise PermissionDenied("Only the board's officers can import its indicators' data.")
    if upload.status == ImportStatus.IMPORTING or upload.status == ImportStatus.IMPORTED:
        return upload  # Confirmed already (a second click, or another officer).
    if not upload.importable:
        raise ValidationError("This file cannot be imported: see what its check found.")
    upload.status = ImportStatus.IMPORTING
    upload.confirmed_by, upload.confirmed_at = by, timezone.now()
    upload.progress, upload.stage, upload.error = 0, "Waiting for a worker", ""
    upload.updated_at = timezone.now()
    upload.save()
    transaction.on_commit(lambda: _enqueue("apply", upload.pk))
    return upload


@transaction.atomic
def indicator_import_retry(*, upload: IndicatorImport, by) -> IndicatorImport:
    """Check the file again: after a failure, a stopped worker, or data changed since the check."""
    upload = IndicatorImport.objects.select_for_update().select_related("strategy__board").get(pk=upload.pk)
    if not permissions.can_edit(by, upload.strategy):
        raise PermissionDenied("Only the board's officers can import its indicators' data.")
    if upload.status == ImportStatus.IMPORTED:
        raise ValidationError("This file is imported already.")
    if upload.running and not upload.is_stale:
        return upload
    upload.status, upload.progress, upload.error = ImportStatus.CHECKING, 0, ""
    upload.stage, upload.updated_at = "Waiting for a worker", timezone.now()
    upload.confirmed_by = upload.confirmed_at = None
    upload.save()
    transaction.on_commit(lambda: _enqueue("check", upload.pk))
    return upload


def _enqueue(step: str, upload_id: int) -> None:
    """Send a step to the broker; a broker that cannot be reached fails the upload, saying so."""
    from .tasks import import_apply, import_check

    task = import_check if step == "check" else import_apply
    try:
        task.delay(upload_id)
    except Exception:  # The broker's client raises many kinds (kombu, redis, OSError).
        logger.exception("Could not queue the %s of indicator import %s", step, upload_id)
        import_failed(
            upload_id,
            "The background service that checks and imports files is not answering, so the job could not "
            "be started. Try again in a few minutes.",
        )


def import_failed(upload_id: int, error: str) -> None:
    now = timezone.now()
    IndicatorImport.objects.filter(pk=upload_id).exclude(status=ImportStatus.IMPORTED).update(
        status=ImportStatus.FAILED, stage="Failed", error=error[:2000], finished_at=now, updated_at=now
    )


class _Progress:
    """
    Writes a job's progress from a thread with its own database connection, at most once a second,
    so that the page's progress bar moves while the import's own transaction is still open. On SQLite
    (the embedded default, where jobs run in the request) nothing is written while the job runs.
    """

    def __init__(self, upload_id: int, stage: str):
        self.upload_id, self.stage = upload_id, stage
        self.share = 0.0
        self.stop = threading.Event()

    def __call__(self, share: float) -> None:
        self.share = share

    def _write(self) -> None:
        IndicatorImport.objects.filter(pk=self.upload_id).update(
            progress=min(99, int(100 * self.share)), stage=self.stage, updated_at=timezone.now()
        )

    def _run(self) -> None:
        try:
            while not self.stop.wait(PROGRESS_SECONDS):
                self._write()
        except Exception:
            logger.exception("The progress of indicator import %s stopped", self.upload_id)
        finally:
            connections.close_all()  # This thread's own connections only.

    @contextmanager
    def running(self) -> Iterator["_Progress"]:
        if connection.vendor == "sqlite":
            yield self
            return
        thread = threading.Thread(target=self._run, name=f"import-{self.upload_id}-progress", daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.stop.set()
            thread.join(timeout=PROGRESS_SECONDS + 5)


def _claim(upload_id: int, status: str, stage: str) -> IndicatorImport | None:
    """The upload, if it is still at `status` (else a redelivered message: nothing to do)."""
    claimed = IndicatorImport.objects.filter(pk=upload_id, status=status).update(
        stage=stage, progress=0, updated_at=timezone.now()
    )
    if not claimed:
        return None
    return IndicatorImport.objects.select_related("strategy__board").get(pk=upload_id)


def _indicators_mark(strategy: Strategy) -> int:
    """The id of the latest change to the strategy's indicators or their data (core.audit), or 0."""
    entry = (
        AuditEntry.objects.for_scope(strategy)
        .filter(target_type=ContentType.objects.get_for_model(Indicator))
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return entry or 0


def import_check(upload_id: int) -> IndicatorImport | None:
    """
    The worker's check: the file's layout, then every row against the stored data points, recording
    what would change per indicator and every rejected row. Runs again from the start if redelivered.
    """
    upload = _claim(upload_id, ImportStatus.CHECKING, "Checking the file")
    if upload is None:
        return None
    RejectedRow.objects.filter(upload=upload).delete()
    upload.checked_against = _indicators_mark(upload.strategy)
    pending: list[RejectedRow] = []
    count = 0

    def reject(row: Rejected) -> None:
        nonlocal count
        count += 1
        pending.append(RejectedRow(upload=upload, line=row.line, reason=row.reason[:500]))
        if len(pending) >= REJECTED_BATCH:
            RejectedRow.objects.bulk_create(pending)
            pending.clear()

    progress = _Progress(upload.pk, "Checking the file")
    with upload.file.open("rb") as handle:
        try:
            found = _layout(upload.strategy, handle)
        except FileRefused as refused:
            _finish(upload, status=ImportStatus.REFUSED, stage="Refused", error=str(refused))
            return upload
        with progress.running():
            changes = _walk(
                upload.strategy, handle, found, write=False, on_reject=reject, on_progress=progress
            )
    RejectedRow.objects.bulk_create(pending)
    upload.rows, upload.area_name, upload.region_code = found.rows, found.area_name, found.region_code
    upload.summary = [entry.as_json() for entry in changes]
    upload.new = sum(entry.new for entry in changes)
    upload.changed = sum(entry.changed for entry in changes)
    upload.unchanged = sum(entry.unchanged for entry in changes)
    upload.rejected = count
    _finish(upload, status=ImportStatus.CHECKED, stage="Checked")
    return upload


def import_apply(upload_id: int) -> IndicatorImport | None:
    """
    The worker's import, in one transaction under the strategy's row lock: the file is compared again
    (the data may have changed since the check) and written a chunk at a time. A row rejected now (an
    indicator removed since the check) rolls everything back.
    """
    upload = _claim(upload_id, ImportStatus.IMPORTING, "Importing")
    if upload is None:
        return None
    progress = _Progress(upload.pk, "Importing")
    rejected: list[Rejected] = []
    try:
        with transaction.atomic(), upload.file.open("rb") as handle:
            strategy = Strategy.objects.select_for_update().select_related("board").get(pk=upload.strategy_id)
            if not permissions.can_edit(upload.confirmed_by, strategy):
                raise ValidationError(
                    "The officer who confirmed the import can no longer change this strategy."
                )
            if upload.checked_against != _indicators_mark(strategy):
                raise ValidationError(
                    "The strategy's indicators or their data changed after the file was checked, so it "
                    "would not do what its check showed: nothing was imported."
                )
            found = _layout(strategy, handle)
            with progress.running():
                changes = _walk(
                    strategy, handle, found, write=True, on_reject=rejected.append, on_progress=progress
                )
            if rejected:
                raise _refusal(len(rejected))
            _audit_changes(upload.confirmed_by, strategy, changes)
            upload.summary = [entry.as_json() for entry in changes]
            upload.new = sum(entry.new for entry in changes)
            upload.changed = sum(entry.changed for entry in changes)
            upload.unchanged = sum(entry.unchanged for entry in changes)
            _finish(upload, status=ImportStatus.IMPORTED, stage="Imported")
    except (ValidationError, FileRefused) as error:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        import_failed(upload.pk, message + " Check the file again to see what it would change now.")
        return None
    return upload


def _finish(upload: IndicatorImport, *, status: str, stage: str, error: str = "") -> None:
    now = timezone.now()
    upload.status, upload.stage, upload.error = status, stage, error
    upload.progress, upload.finished_at, upload.updated_at = 100, now, now
    upload.save()
