"""
f) Strategy tracking (issue 8): the public performance dashboard, and the import of Fingertips exports.

The data: the demo's Thurrock strategy (its board's ONS area code set to E06000034 where the demo left it
empty) gets INDICATORS Fingertips indicators, each linked to one of its priorities (every fifth to two),
and their data from a generated export of every county and unitary authority (write_export), imported
in one call: PERIODS years each for Thurrock, the East of England and England (1,500 data points).

The export is written as Fingertips writes one (delivery.fingertips.COLUMNS, copying the shape of the
real sample tests/delivery/data/fingertips-93356-county-ua.csv, whose areas and deprivation deciles it
reuses): per indicator and period, England, its 20 deprivation-decile rows, the nine regions
and the 152 counties and unitary authorities, 182 rows of which the import keeps three (the area, its
region and England). Rows one field short of the header, CRLF line endings, a line break inside some
indicator names, regions and deciles without intervals, suppressed values with a value note, and
periods as "2019", "2019/20" and "2017 - 19", as in real exports. Written a row at a time to a file.

- The dashboard: the public page (anonymous, cached through core.pagecache as the strategy page is)
  under gunicorn against the bare Django view on the same gunicorn, as in a) (the same load generator,
  in alternating turns); and the server time of one uncached render (in process, through the test
  client, the cached copy forgotten before each request). Under load, an uncached render of this page
  takes longer than wrk waits for an answer, so it has no throughput figure of its own.
- The import, as an officer's upload goes (delivery.import_jobs): indicator_import_upload, then the worker's
  import_check, the officer's indicator_import_confirm, then the worker's import_apply; for files of
  about 10,000 and 100,000 rows (SIZES: whole groups of 182 rows, so 10,010 and 100,100; the number of
  indicators grows with the file, so the rows the import keeps grow tenfold too), each into a strategy
  with the indicators and no data yet. The check and the import each run in a fresh process of their
  own (as a worker runs them): timed once, then run again from the start under tracemalloc for the
  Python heap's peak, as c) measures the CSV export's (target: within 20% from 10,000 rows to 100,000);
  the process's peak RSS after the timed run is reported too. Then the 100,000-row file is uploaded and
  checked a second time, and imported in one call (indicators_import): nothing changes.
"""

import csv
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import ROOT, ROUNDS, TARGET_PAGE_RATIO, WORKERS, fail, say
from .load import combine, run_python_load, run_wrk
from .page import Gunicorn, free_port, request

AREA, AREA_NAME, REGION, ENGLAND = "E06000034", "Thurrock", "E12000006", "E92000001"
INDICATORS = 50
PERIODS = 10
LAST_YEAR = 2024  # The latest period's first year: ten periods from 2015.
SIZES = (10_000, 100_000)
TARGET_IMPORT_S = 20
TARGET_MEMORY_RATIO = 1.2
COLD_RUNS = 5
SAMPLE = ROOT / "tests" / "delivery" / "data" / "fingertips-93356-county-ua.csv"
AGGREGATED = "Aggregated from all known lower geography values"
# What a real export says where an area's value is given with a neighbour's.
COMBINED = {
    "E06000053": "Value for Cornwall & Isles of Scilly combined",
    "E09000001": "Value for Hackney and City of London combined",
}
SUPPRESSED = "Value suppressed for disclosure control due to small count"
TRENDS = ("Cannot be calculated", "No significant change", "Increasing", "Decreasing")

# Indicators as Fingertips names them: (name, unit, polarity, kind of period, England's first value, age).
TOPICS = (
    ("Smoking Prevalence in adults (18+) - current smokers (APS)", "%", "lower_is_better", "year", 16.9,
     "18+ yrs"),
    ("Percentage of physically active adults", "%", "higher_is_better", "financial", 65.9, "19+ yrs"),
    ("Admission episodes for alcohol-specific conditions", "per 100,000", "lower_is_better", "financial",
     570.0, "All ages"),
    ("Under 75 mortality rate from cardiovascular diseases considered preventable", "per 100,000",
     "lower_is_better", "rolling", 29.0, "<75 yrs"),
    ("Suicide rate", "per 100,000", "lower_is_better", "rolling", 10.1, "10+ yrs"),
    ("Reception prevalence of overweight (including obesity)", "%", "lower_is_better", "financial", 22.1,
     "4-5 yrs"),
    ("Year 6 prevalence of obesity (including severe obesity)", "%", "lower_is_better", "financial", 19.8,
     "10-11 yrs"),
    ("Emergency hospital admissions due to falls in people aged 65 and over", "per 100,000",
     "lower_is_better", "financial", 2100.0, "65+ yrs"),
    ("Campylobacter incidence rate/100,000", "per 100,000", "no_judgement", "year", 94.7, "All ages"),
    ("Self-reported wellbeing: people with a low happiness score", "%", "lower_is_better", "financial", 8.7,
     "16+ yrs"),
    ("Cancer screening coverage: breast cancer", "%", "higher_is_better", "year", 75.4, "53-70 yrs"),
    ("Households owed a duty under the Homelessness Reduction Act", "per 1,000", "lower_is_better",
     "financial", 11.5, "18+ yrs"),
)  # fmt: skip


@dataclass(frozen=True)
class Spec:
    fingertips_id: int
    title: str
    unit: str
    polarity: str
    periods: str  # "year" (2019), "financial" (2019/20) or "rolling" (2017 - 19)
    base: float  # England's value in the first period
    slope: float  # England's change a year, as a share of its first value
    age: str
    broken_name: bool  # Written with a line break inside its quotes, as some real exports are


def specs(count: int, *, first_id: int = 91000) -> list[Spec]:
    rng = random.Random(count)
    made = []
    for index in range(count):
        name, unit, polarity, periods, base, age = TOPICS[index % len(TOPICS)]
        round_ = index // len(TOPICS)
        made.append(
            Spec(
                fingertips_id=first_id + index,
                title=name if not round_ else f"{name} ({round_ + 1})",
                unit=unit,
                polarity=polarity,
                periods=periods,
                base=base * rng.uniform(0.8, 1.2),
                slope=rng.uniform(-0.03, 0.02),
                age=age,
                broken_name=index % 6 == 0,
            )
        )
    return made


def period(kind: str, year: int) -> tuple[str, str]:
    """The period's label and its "Time period Sortable"."""
    if kind == "financial":
        return f"{year}/{(year + 1) % 100:02d}", f"{year}0000"
    if kind == "rolling":
        return f"{year - 2} - {year % 100:02d}", f"{year - 2}0000"
    return str(year), f"{year}0000"


@dataclass(frozen=True)
class Areas:
    deciles: list[tuple[str, str]]  # (category type, category)
    regions: list[tuple[str, str]]  # (code, name)
    local: list[tuple[str, str, str, str, str]]  # (parent code, parent name, code, name, area type)


def sample_areas() -> Areas:
    """England's deciles, the regions and the counties and UAs of the real sample export, in its order."""
    from delivery import fingertips as ft

    deciles, regions, local = [], [], []
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for fields in reader:
            if fields[ft.TIME_PERIOD] != "2015" or fields[ft.AGE] != "All ages":
                continue
            if fields[ft.CATEGORY_TYPE]:
                deciles.append((fields[ft.CATEGORY_TYPE], fields[ft._CATEGORY]))
            elif fields[ft.AREA_TYPE] == "Region":
                regions.append((fields[ft.AREA_CODE_COLUMN], fields[ft.AREA_NAME]))
            elif fields[ft.AREA_TYPE] != "Country":
                local.append(
                    (
                        fields[ft.PARENT_CODE],
                        fields[ft._PARENT_NAME],
                        fields[ft.AREA_CODE_COLUMN],
                        fields[ft.AREA_NAME],
                        fields[ft.AREA_TYPE],
                    )
                )
    if not any(code == AREA for _, _, code, _, _ in local):
        fail(f"The sample export {SAMPLE} has no rows for {AREA_NAME}.")
    return Areas(deciles, regions, local)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.15g}"


class _Group:
    """The rows of one indicator and period: England, its deciles, the regions, the counties and UAs."""

    def __init__(self, spec: Spec, step: int, periods: int, world: "_World"):
        self.spec, self.world = spec, world
        self.name = spec.title + ("\n" if spec.broken_name else "")
        self.per = {"%": 100.0, "per 1,000": 1000.0}.get(spec.unit, 100_000.0)
        self.label, self.sortable = period(spec.periods, LAST_YEAR - periods + 1 + step)
        self.latest = step == periods - 1
        self.england = spec.base * (1 + spec.slope * step)

    def measured(self, code: str, factor: float, part: float = 1.0) -> tuple[float, int, int]:
        """(value, count, denominator) for an area (or a `part` of it), with a count of 10 or more."""
        # A percentage from a survey of about one in a hundred; a rate of the whole population.
        denominator = round(self.world.people[code] * part * (0.01 if self.spec.unit == "%" else 1.0))
        value = self.england * factor * self.world.rng.uniform(0.96, 1.04)
        count = max(10, round(min(value, self.per * 0.95) * denominator / self.per))
        return count / denominator * self.per, count, denominator

    def interval(self, count: int, denominator: int):
        from delivery import statistics

        if self.spec.unit == "%":
            return statistics.wilson(count, denominator)
        return statistics.byar_rate(count, denominator, multiplier=self.per)

    def compared(self, value: float, limits, than: float) -> str:
        """As Fingertips compares: similar when `than` is inside the interval, else by the polarity."""
        if limits.lower <= than <= limits.upper:
            return "Similar"
        higher = value > than
        if self.spec.polarity == "no_judgement":
            return "Higher" if higher else "Lower"
        return "Better" if higher == (self.spec.polarity == "higher_is_better") else "Worse"

    def row(self, parent, parent_name, code, area_name, area_type, category=("", ""), **values) -> list:
        return [
            self.spec.fingertips_id, self.name, parent, parent_name, code, area_name, area_type,
            "Persons", self.spec.age, category[0], category[1], self.label,
            values.get("value", ""), values.get("lower", ""), values.get("upper", ""), "", "",
            values.get("count", ""), values.get("denominator", ""), values.get("note", ""),
            values.get("trend", ""), values.get("england", "Not compared"),
            values.get("regional", "Not compared"), self.sortable, "New data" if self.latest else "",
        ]  # fmt: skip  # 25 fields: real exports leave out the last, empty one.

    def rows(self, number: int, step: int) -> list[list]:
        areas = self.world.areas
        value, count, denominator = self.measured(ENGLAND, 1.0)
        limits = self.interval(count, denominator)
        self.england = value
        lines = [
            self.row(
                "", "", ENGLAND, "England", "Country",
                value=_number(value), lower=_number(limits.lower), upper=_number(limits.upper),
                count=count, denominator=denominator,
            )
        ]  # fmt: skip
        for index, category in enumerate(areas.deciles):
            value, count, denominator = self.measured(ENGLAND, 1.25 - 0.05 * (index % 10), 0.1)
            lines.append(
                self.row(
                    "", "", ENGLAND, "England", "Country", category, value=_number(value),
                    count=count, denominator=denominator, note=AGGREGATED,
                )
            )  # fmt: skip
        regions = {}
        for code, name in areas.regions:
            value, count, denominator = self.measured(code, self.world.lean[code])
            regions[code] = value
            lines.append(
                self.row(
                    ENGLAND, "England", code, name, "Region", value=_number(value),
                    count=count, denominator=denominator, note=AGGREGATED,
                )
            )  # fmt: skip
        for parent, parent_name, code, name, area_type in areas.local:
            place = (parent, parent_name, code, name, area_type)
            if code in COMBINED:
                lines.append(self.row(*place, note=COMBINED[code]))
                continue
            if code == AREA and number % 17 == 3 and step == 2:
                lines.append(self.row(*place, note=SUPPRESSED))
                continue
            value, count, denominator = self.measured(code, self.world.lean[code] * self.world.lean[parent])
            limits = self.interval(count, denominator)
            lines.append(
                self.row(
                    *place,
                    value=_number(value), lower=_number(limits.lower), upper=_number(limits.upper),
                    count=count, denominator=denominator,
                    trend=TRENDS[(number + len(code)) % len(TRENDS)] if self.latest else "",
                    england=self.compared(value, limits, self.england),
                    regional=self.compared(value, limits, regions.get(parent, self.england)),
                )
            )  # fmt: skip
        return lines


@dataclass
class _World:
    """The areas, each area's population and how it fares against England, fixed for a whole file."""

    areas: Areas
    rng: random.Random
    people: dict[str, int]
    lean: dict[str, float]

    @classmethod
    def make(cls, seed: int) -> "_World":
        areas, rng = sample_areas(), random.Random(seed)
        people = {code: rng.randint(60_000, 1_500_000) for _, _, code, _, _ in areas.local}
        people[AREA] = 176_000
        people.update({code: rng.randint(2_600_000, 9_300_000) for code, _ in areas.regions})
        people[ENGLAND] = 56_500_000
        lean = {code: rng.uniform(0.8, 1.2) for code in people}
        lean[ENGLAND] = 1.0
        return cls(areas, rng, people, lean)


def write_export(path: Path, indicators: list[Spec], *, periods: int = PERIODS, max_rows: int = 0) -> dict:
    """
    A Fingertips export of every county and UA for the indicators, streamed to `path`: per indicator
    and period, 182 rows (England, its deciles, the regions, the counties and UAs). With `max_rows`, it
    stops after the indicator and period that reach it. Returns the data rows written, the rows the
    import keeps (the area's, its region's and England's own), the indicators and the file's size.
    """
    from delivery.fingertips import COLUMNS

    world = _World.make(len(indicators) * 1000 + periods)
    written = kept = 0
    seen: set[int] = set()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for number, spec in enumerate(indicators):
            for step in range(periods):
                if max_rows and written >= max_rows:
                    break
                lines = _Group(spec, step, periods, world).rows(number, step)
                writer.writerows(lines)
                seen.add(spec.fingertips_id)
                written += len(lines)
                kept += sum(1 for line in lines if line[4] in (AREA, REGION, ENGLAND) and not line[9])
    return {"rows": written, "kept": kept, "indicators": len(seen), "bytes": path.stat().st_size}


# The data on the bench database ------------------------------------------------------------------------


def _officer(board):
    from django.contrib.auth import get_user_model

    from boards.models import BoardRole

    officer, _ = get_user_model().objects.get_or_create(username="bench-delivery-officer")
    BoardRole.objects.get_or_create(user=officer, board=board, role=BoardRole.Role.OFFICER)
    return officer


def _add_indicators(strategy, officer, made: list[Spec], *, link: bool) -> None:
    from delivery.models import Indicator
    from strategies.models import Priority

    priorities = list(
        Priority.objects.filter(domain__strategy=strategy)
        .order_by("domain__position", "domain__pk", "position", "pk")
        .values_list("pk", flat=True)
    )
    for position, spec in enumerate(made):
        judged = spec.polarity != "no_judgement"
        better = 1.1 if spec.polarity == "higher_is_better" else 0.9
        indicator = Indicator.objects.create(
            strategy=strategy,
            title=spec.title,
            definition=f"{spec.title}, as OHID Fingertips publishes it.",
            fingertips_id=spec.fingertips_id,
            unit=spec.unit,
            polarity=spec.polarity,
            baseline_value=round(spec.base, 1),
            baseline_period=period(spec.periods, LAST_YEAR - PERIODS + 1)[0],
            target_value=round(spec.base * better, 1) if judged else None,
            target_date=date(2030, 3, 31) if judged else None,
            position=position,
            created_by=officer,
        )
        if link and priorities:
            linked = {priorities[position % len(priorities)]}
            if position % 5 == 4:
                linked.add(priorities[(position + 1) % len(priorities)])
            indicator.priorities.set(linked)


def _prepare_dashboard(strategy, workdir: Path) -> dict:
    """The demo strategy's indicators replaced by INDICATORS of the bench's, with their data imported."""
    from django.db.models import Max, ProtectedError

    from boards.models import Board
    from delivery.imports import indicators_import
    from delivery.models import DataPoint

    board = strategy.board
    if not board.area_code:
        Board.objects.filter(pk=board.pk).update(area_code=AREA)
        board.area_code = AREA
    elif board.area_code != AREA:
        fail(f"The demo's {board.name} has the area code {board.area_code}, not {AREA} ({AREA_NAME}).")
    officer = _officer(board)
    try:
        strategy.indicators.all().delete()
    except ProtectedError:
        say("WARNING: the demo's own indicators cannot be deleted: the dashboard shows them too")
    taken = strategy.indicators.aggregate(last=Max("fingertips_id"))["last"] or 0
    made = specs(INDICATORS, first_id=max(91000, taken + 1))
    _add_indicators(strategy, officer, made, link=True)
    path = workdir / "dashboard.csv"
    say(f"Delivery: writing an all-area export of {INDICATORS} indicators, {PERIODS} years each")
    written = write_export(path, made)
    say(f"Delivery: importing it into {strategy.title} ({written['rows']:,} rows)")
    started = time.perf_counter()
    with path.open("rb") as handle:
        plan = indicators_import(strategy=strategy, by=officer, handle=handle)
    seconds = time.perf_counter() - started
    points = DataPoint.objects.filter(indicator__strategy=strategy).count()
    if points != written["kept"] or plan.new != written["kept"]:
        fail(f"The dashboard's import kept {plan.new} rows ({points} stored), not {written['kept']}.")
    return {**written, "import_s": seconds, "indicators": strategy.indicators.count(), "points": points}


# The dashboard under gunicorn ---------------------------------------------------------------------------


def _cold_render(strategy, path: str) -> dict:
    """The server time of one uncached anonymous request, in process: median of COLD_RUNS, after one."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.pagecache import page_forget
    from delivery.caching import public_cache_key

    client = Client(HTTP_HOST="127.0.0.1")  # The bench's ALLOWED_HOSTS.
    key = public_cache_key(strategy.board.slug, strategy.slug)
    page_forget(key)
    client.get(path)  # Warm: imports, templates, the database's caches.
    timings = []
    for _ in range(COLD_RUNS):
        page_forget(key)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            fail(f"{path} answered {response.status_code}, not 200.")
    page_forget(key)
    return {"cold_ms": statistics.median(timings), "cold_all_ms": timings, "queries": len(queries)}


def bench_dashboard(env: dict[str, str], strategy, *, seconds: int, tool: str | None) -> dict:
    from django.urls import reverse

    path = reverse("delivery:dashboard", kwargs={"board_slug": strategy.board.slug, "slug": strategy.slug})
    say("Delivery: the dashboard's uncached render, in process")
    results = {"page": path, **_cold_render(strategy, path)}
    port = free_port()
    say(f"Delivery: starting gunicorn ({WORKERS} sync workers) on 127.0.0.1:{port}")
    main = Gunicorn(env, port)
    try:
        main.wait_ready("/bench/bare")
        status, headers, body = request(main.port, path)
        if status != 200:
            fail(f"{path} answered {status}, not 200. gunicorn's log:\n{main.read_log()}")
        status, headers, _ = request(main.port, path)
        results["page_bytes"] = len(body)
        results["etag"] = headers.get("ETag", "")
        if not results["etag"]:
            say("WARNING: the dashboard has no ETag, so it is not being cached")

        # As a browser asks: the cached page is sent compressed (core.pagecache).
        browser = {"Accept-Encoding": "gzip, deflate, br"}

        def measure(target: str, duration: int) -> dict:
            if tool:
                return run_wrk(tool, port, target, duration, headers=browser)
            return run_python_load(port, target, duration, headers=browser)

        say("Delivery: warming up")
        measure("/bench/bare", 2)
        measure(path, 2)
        cases = {"bare": "/bench/bare", "public": path}
        # In alternating turns, as in a): other work on the machine slows both alike.
        turn = max(2, round(seconds / ROUNDS))
        slices: dict[str, list[dict]] = {name: [] for name in cases}
        for round_number in range(ROUNDS):
            for name, target in cases.items():
                say(f"Delivery: round {round_number + 1} of {ROUNDS}: {name} ({target}) for {turn} s")
                slices[name].append(measure(target, turn))
        for name, measured in slices.items():
            results[name] = combine(measured)
        results["ratios_by_round"] = [
            public["rps"] / bare["rps"] for public, bare in zip(slices["public"], slices["bare"], strict=True)
        ]
        return results
    finally:
        main.stop()


# The import, as a worker runs it ------------------------------------------------------------------------

_WORKER = """
import json, sys, time, tracemalloc
import django
django.setup()
from delivery import import_jobs
from delivery.models import DataPoint, IndicatorImport
upload_id, step = int(sys.argv[1]), sys.argv[2]
run = import_jobs.import_check if step == "check" else import_jobs.import_apply
status = "checking" if step == "check" else "importing"
upload = IndicatorImport.objects.get(pk=upload_id)
started = time.perf_counter()
done = run(upload_id)
seconds = time.perf_counter() - started
# This process's peak resident memory. Not getrusage's ru_maxrss: Linux carries that over from the
# parent across fork and exec, so it would be at least the bench's own.
with open("/proc/self/status") as lines:
    rss = next(int(line.split()[1]) for line in lines if line.startswith("VmHWM:")) / 1024
if done is None or done.status not in ("checked", "imported"):
    sys.exit(f"The {step} did not finish: {IndicatorImport.objects.get(pk=upload_id).error}")
figures = {"seconds": seconds, "rss_mb": rss, "new": done.new, "changed": done.changed,
           "unchanged": done.unchanged, "rejected": done.rejected, "rows": done.rows}
# Again from the start, as a redelivered job runs, under tracemalloc: the Python heap's peak.
mark = {}
if step == "apply":
    DataPoint.objects.filter(indicator__strategy=upload.strategy_id).delete()
    # The first run's own history moved the mark the check recorded: as checked again, against it now.
    mark = {"checked_against": import_jobs._indicators_mark(upload.strategy)}
IndicatorImport.objects.filter(pk=upload_id).update(status=status, **mark)
tracemalloc.start()
run(upload_id)
_, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
figures["peak_mb"] = peak / 1_000_000
print(json.dumps(figures))
"""


def _worker(env: dict, upload_id: int, step: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-c", _WORKER, str(upload_id), step],
        env={**env, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if output.returncode != 0:
        fail(f"The import's {step} failed:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def _upload(strategy, officer, path: Path):
    from django.core.files.uploadedfile import UploadedFile

    from delivery.import_jobs import indicator_import_upload

    with path.open("rb") as handle:
        file = UploadedFile(handle, name=path.name, content_type="text/csv", size=path.stat().st_size)
        started = time.perf_counter()
        upload = indicator_import_upload(strategy=strategy, by=officer, file=file)
        return upload, time.perf_counter() - started


def _import_strategy(board, officer, made: list[Spec], size: int):
    from strategies.models import Strategy

    strategy = Strategy.objects.create(
        board=board,
        title=f"Bench import of {size:,} rows",
        slug=f"bench-import-{size}",
        start_year=2026,
        end_year=2030,
        created_by=officer,
    )
    _add_indicators(strategy, officer, made, link=False)
    return strategy


def import_specs() -> list[Spec]:
    """Enough indicators for the largest file of SIZES, at 182 rows per indicator and period."""
    areas = sample_areas()
    per_period = 1 + len(areas.deciles) + len(areas.regions) + len(areas.local)
    return specs(math.ceil(max(SIZES) / per_period / PERIODS))


def bench_import(env: dict[str, str], board, workdir: Path) -> dict:
    from django.db import connections

    from delivery import import_jobs, imports
    from delivery.models import DataPoint

    officer = _officer(board)
    made = import_specs()
    figures: dict = {"sizes": {}}
    for size in SIZES:
        path = workdir / f"export-{size}.csv"
        say(f"Delivery: writing an all-area export of about {size:,} rows")
        written = write_export(path, made, max_rows=size)
        strategy = _import_strategy(board, officer, made, size)
        upload, upload_s = _upload(strategy, officer, path)
        connections.close_all()
        say(f"Delivery: checking {written['rows']:,} rows as a worker does (a process of its own)")
        check = _worker(env, upload.pk, "check")
        upload.refresh_from_db()
        if check["rejected"] or check["new"] != written["kept"]:
            fail(f"The check of {path.name} rejected {check['rejected']} rows and found {check['new']} new.")
        started = time.perf_counter()
        import_jobs.indicator_import_confirm(upload=upload, by=officer)
        confirm_s = time.perf_counter() - started
        connections.close_all()
        say(f"Delivery: importing {written['rows']:,} rows as a worker does (a process of its own)")
        apply = _worker(env, upload.pk, "apply")
        stored = DataPoint.objects.filter(indicator__strategy=strategy).count()
        if stored != written["kept"]:
            fail(f"The import of {path.name} stored {stored} data points, not {written['kept']}.")
        figures["sizes"][size] = {
            **written,
            "upload_s": upload_s,
            "check_s": check["seconds"],
            "check_peak_mb": check["peak_mb"],
            "check_rss_mb": check["rss_mb"],
            "confirm_s": confirm_s,
            "import_s": apply["seconds"],
            "import_peak_mb": apply["peak_mb"],
            "import_rss_mb": apply["rss_mb"],
            "whole_s": upload_s + check["seconds"] + confirm_s + apply["seconds"],
        }
        if size == max(SIZES):
            say("Delivery: the same file again: uploaded and checked, then imported in one call")
            again, again_upload_s = _upload(strategy, officer, path)
            started = time.perf_counter()
            checked = import_jobs.import_check(again.pk)
            again_check_s = time.perf_counter() - started
            started = time.perf_counter()
            with path.open("rb") as handle:
                plan = imports.indicators_import(strategy=strategy, by=officer, handle=handle)
            figures["again"] = {
                "upload_s": again_upload_s,
                "check_s": again_check_s,
                "check_new": checked.new,
                "check_changed": checked.changed,
                "check_importable": checked.importable,
                "import_s": time.perf_counter() - started,
                "new": plan.new,
                "changed": plan.changed,
                "unchanged": plan.unchanged,
            }
        path.unlink()
    return figures


def bench_delivery(env: dict[str, str], strategy, *, seconds: int, tool: str | None) -> dict:
    from django.db import connections

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="hwb-bench-delivery-") as directory:
        workdir = Path(directory)
        data = _prepare_dashboard(strategy, workdir)
        strategy.refresh_from_db()
        connections.close_all()
        dashboard = bench_dashboard(env, strategy, seconds=seconds, tool=tool)
        imported = bench_import(env, strategy.board, workdir)
    connections.close_all()
    return {"data": data, "dashboard": dashboard, **imported, "seconds": time.monotonic() - started}


def delivery_lines(figures: dict) -> list[str]:
    if not figures:
        return []
    data, page = figures["data"], figures["dashboard"]
    bare = page["bare"]["rps"]
    lines = [
        "",
        f"f) Strategy tracking: the public dashboard of {data['indicators']} indicators, "
        f"{data['points']:,} data points ({page['page']}, {page['page_bytes']:,} bytes)",
        f"{'   Throughput':<44}{'req/s':>9}{'vs bare':>9}{'p50':>10}{'p99':>10}  target",
    ]
    rows = (
        ("   bare Django view (/bench/bare)", page["bare"], None),
        ("   public dashboard (anonymous, cached)", page["public"], TARGET_PAGE_RATIO),
    )
    for label, measured, target in rows:
        ratio = measured["rps"] / bare if bare else 0
        verdict = f">= {target}: {'met' if ratio >= target else 'NOT MET'}" if target is not None else ""
        latency = f"{measured['p50_ms']:>8.1f}ms{measured['p99_ms']:>8.1f}ms"
        lines.append(f"{label:<44}{measured['rps']:>9.0f}{ratio:>9.2f}{latency}  {verdict}")
        if measured["bad_responses"] or measured["socket_errors"]:
            errors = f"{measured['bad_responses']} error responses, {measured['socket_errors']} socket errors"
            lines.append(f"    ! {errors}")
    by_round = ", ".join(f"{ratio:.2f}" for ratio in page["ratios_by_round"])
    lines += [
        f"    dashboard / bare, round by round: {by_round}",
        f"   one uncached render, server-side: {page['cold_ms']:.0f} ms (median of {COLD_RUNS}: "
        + ", ".join(f"{ms:.0f}" for ms in page["cold_all_ms"])
        + f"), {page['queries']} queries",
        f"   its data: an all-area export of {data['rows']:,} rows ({data['bytes'] / 1e6:.1f} MB), "
        f"{data['kept']:,} kept, imported in one call (indicators_import) in {data['import_s']:.1f} s",
        "",
        "   Import of a Fingertips export of every county and UA, as an officer's upload goes: upload, the"
        " worker's check, confirm, the worker's import",
        f"   {'rows':>9}{'kept':>7}{'MB':>6}{'upload':>8}{'check':>8}{'import':>8}{'whole':>8}"
        f"{'check peak':>12}{'import peak':>13}{'RSS check/import':>19}",
    ]
    sizes = figures["sizes"]
    for row in sizes.values():
        lines.append(
            f"   {row['rows']:>9,}{row['kept']:>7,}{row['bytes'] / 1e6:>6.1f}{row['upload_s']:>7.2f}s"
            f"{row['check_s']:>7.2f}s{row['import_s']:>7.2f}s{row['whole_s']:>7.2f}s"
            f"{row['check_peak_mb']:>9.1f} MB{row['import_peak_mb']:>10.1f} MB"
            f"{row['check_rss_mb']:>9.0f} /{row['import_rss_mb']:>4.0f} MB"
        )
    small, large = (sizes[size] for size in SIZES)
    slowest = max(large["check_s"], large["import_s"])
    lines.append(
        f"   at {large['rows']:,} rows: check {large['check_s']:.1f} s, import {large['import_s']:.1f} s "
        f"(target under {TARGET_IMPORT_S} s each: {'met' if slowest < TARGET_IMPORT_S else 'NOT MET'}); "
        f"the whole path {large['whole_s']:.1f} s"
    )
    for step in ("check", "import"):
        ratio = large[f"{step}_peak_mb"] / small[f"{step}_peak_mb"] if small[f"{step}_peak_mb"] else 0
        verdict = "met" if ratio <= TARGET_MEMORY_RATIO else "NOT MET"
        lines.append(
            f"   {step} peak memory at {large['rows']:,} rows against {small['rows']:,}: {ratio:.2f} "
            f"(target at most {TARGET_MEMORY_RATIO}: {verdict})"
        )
    again = figures["again"]
    changes = "nothing changes" if not (again["new"] or again["changed"]) else "CHANGES"
    lines += [
        f"   the {large['rows']:,}-row file again: upload {again['upload_s']:.2f} s, "
        f"check {again['check_s']:.1f} s"
        f" ({again['check_new']} new, {again['check_changed']} changed: nothing to confirm); imported in one"
        f" call {again['import_s']:.1f} s ({again['new']} new, {again['changed']} changed, "
        f"{again['unchanged']:,} unchanged: {changes})",
        "   (peak: the Python heap's, by tracemalloc, while the step runs again in its process, as c)"
        " measures the CSV export's; RSS: the worker process's peak, Django included)",
        f"   f) took {figures['seconds']:.0f} s",
    ]
    return lines
