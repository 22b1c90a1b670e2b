"""
The progress report (issue 8): a strategy's delivery plan and indicators as one tagged PDF for the Board,
made by the document job (core.documents, docs/decisions/0006) when an officer asks for it, kept as
versions, and offered as an agenda item's report (DocumentKind.board_objects, decision 0023).

It is a cover; a summary (the plan's roll-ups, each domain's, and the indicators' judgements counted);
the actions overdue or at risk or off track; the delivery plan by domain and priority, each action with
its lead, due date, status and latest update; and every indicator by domain and priority, with its chart
(the dashboard's SVG, delivery/_chart.html: vector in the PDF), its summary and its data table. Built from
delivery_plan() and dashboard(), as the pages are: a fixed number of queries, whatever the plan's size.

The date it is "as at". The report depends on the day as well as the data: an action is overdue from the
day after its due date, with nothing else changing. So the cover cannot print the day it was generated,
or every request would make a new version differing only by that date (the content hash covers the
HTML), and it cannot print the data's last change either: a deleted action or a changed data point
leaves no date behind, and an action falling overdue is not a change in the data at all. The report is
"as at" the day it was first generated with what it shows: build() renders it first with the date of the
current version (kept in its file name, "...-progress-report-2026-03-03.pdf") and, when that is exactly
the current version, nothing has changed since that day and the job stores nothing ("up to date");
otherwise it is a new version, as at today. So a report asked for again on a later day with nothing
changed is the same file, and its date is the day since which everything in it has held.

Who has it: the board's officers ask for it; the board's members and officers download it and its
versions (delivery/permissions.py). It is not public, even for a published strategy: the public dashboard
and plan already say it all, and the report reaches the public as a paper of a public agenda item, the
way every board paper does.
"""

import datetime
import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify

from core.documents import DocumentKind, HtmlPart, Source, find, register
from strategies.documents import board_strategies
from strategies.models import Priority, Strategy

from . import permissions, statistics
from .dashboard import Dashboard, Target, dashboard
from .models import CONCERNS, Action, today
from .plan import STATUS_TAGS, Plan, delivery_plan

REPORT_KIND = "delivery_progress_report"
AS_AT = re.compile(r"-(\d{4}-\d{2}-\d{2})\.pdf$")


@dataclass(frozen=True)
class Flagged:
    """An action the summary lists: overdue, or at risk or off track."""

    action: Action
    priority: Priority


@dataclass(frozen=True)
class Count:
    label: str
    count: int


def _flagged(plan: Plan) -> list[Flagged]:
    return [
        Flagged(action, entry.priority)
        for domain in plan.domains
        for entry in domain.priorities
        for action in entry.actions
        if action.overdue or action.status in CONCERNS
    ]


# Counted in the summary even when none is: the three judgements of an indicator with a direction.
ALWAYS_COUNTED = (statistics.Comparison.BETTER, statistics.Comparison.SIMILAR, statistics.Comparison.WORSE)


def _judgements(indicators: Dashboard) -> tuple[list[Count], list[Count]]:
    """The indicators counted by their comparison with England, and by their target: the summary's tables."""
    counts = indicators.counts
    comparisons = [
        Count(comparison.label, counts.get(comparison.value, 0))
        for comparison in statistics.Comparison
        if counts.get(comparison.value) or comparison in ALWAYS_COUNTED
    ]
    targets = [
        Count(label, counts.get(label, 0)) for label in (Target.MET, Target.ON, Target.OFF, Target.NONE)
    ]
    return comparisons, targets


def report_context(strategy: Strategy, *, on: datetime.date) -> dict:
    """Everything the report shows, as at `on` (the day that decides which actions are overdue)."""
    plan = delivery_plan(strategy, on=on)
    indicators = dashboard(strategy)
    comparisons, targets = _judgements(indicators)
    return {
        "strategy": strategy,
        "board": strategy.board,
        "plan": plan,
        "dashboard": indicators,
        "flagged": _flagged(plan),
        "comparisons": comparisons,
        "targets": targets,
        "status_tags": STATUS_TAGS,
    }


def _source(strategy: Strategy, context: dict, *, as_at: datetime.date) -> Source:
    title = f"{strategy.title}: progress report, {as_at:%-d %B %Y}"
    html = render_to_string("delivery/pdf/report.html", {**context, "title": title, "as_at": as_at})
    return Source(
        title=title,
        filename=f"{slugify(strategy.board.name)}-{strategy.slug}-progress-report-{as_at:%Y-%m-%d}.pdf",
        parts=[HtmlPart(title=title, html=html)],
    )


def _as_at(filename: str) -> datetime.date | None:
    """The date a version of the report is as at, from its file name (None for a name not of this module)."""
    match = AS_AT.search(filename)
    if match is None:
        return None
    try:
        return datetime.date.fromisoformat(match[1])
    except ValueError:
        return None


def _load(strategy_id: int) -> Strategy | None:
    return Strategy.objects.select_related("board").filter(pk=strategy_id).first()


def build_progress_report(strategy_id: int, *, on: datetime.date | None = None) -> Source | None:
    """
    The report as at the day its content was first generated: the current version's date when nothing
    has changed since (the job then stores nothing), otherwise `on` (today). See the module's docstring.
    """
    strategy = _load(strategy_id)
    if strategy is None:
        return None
    on = on or today()
    context = report_context(strategy, on=on)
    document = find(REPORT_KIND, strategy_id)
    current = document.current if document is not None else None
    kept = _as_at(current.filename) if current is not None else None
    if kept is not None and kept < on:
        unchanged = _source(strategy, context, as_at=kept)
        if unchanged.content_hash() == current.source_hash:
            return unchanged
    return _source(strategy, context, as_at=on)


REPORT = register(
    DocumentKind(
        name=REPORT_KIND,
        build=build_progress_report,
        load=_load,
        can_download=permissions.can_read_report,
        can_see_versions=permissions.can_read_report,
        can_request=permissions.can_request_report,
        page_url=lambda strategy: reverse("delivery:dashboard_manage", kwargs={"pk": strategy.pk}),
        # The strategies' own PDF kinds' hook: core.documents.board_documents asks a hook once for all the
        # kinds that share it, so offering the report as a paper costs no query more.
        board_objects=board_strategies,
        label="Progress report PDF",
        noun="the progress report",
        # Thurrock's plan with 5 indicators renders in about 6 seconds (15 pages); 50 indicators of 10 years
        # each in about 30 (63 pages).
        soft_time_limit=240,
        time_limit=300,
    )
)
