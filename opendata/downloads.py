"""
The bulk downloads, streamed as they are read (a row at a time from the database, a hundred rows to
the network at a time), so that memory stays flat whatever the number of rows. Every cell that a
spreadsheet would take for a formula is defused as the consultation export does (consultations.export.safe).

- indicators.csv: every indicator of every published strategy's dashboard, with all its data, in the
  layout of an OHID Fingertips export (delivery.export.fingertips_rows, the layout of each dashboard's
  own download), after two columns naming the board and the strategy.
- decisions.csv: every public decision of every board (boards.public_meetings.public_decisions).
"""

import csv
from collections.abc import Callable, Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone

from boards import public_meetings
from consultations.export import BOM, safe
from delivery.export import fingertips_rows
from delivery.fingertips import COLUMNS
from strategies.models import Strategy

ROWS_PER_WRITE = 100
DECISION_COLUMNS = [
    "Board",
    "Meeting date",
    "Meeting",
    "Item number",
    "Item",
    "Resolution",
    "Outcome",
    "Decision",
    "Link",
]


class _Line:
    """A file-like object whose write() returns what was written: csv.writer's output as strings."""

    def write(self, text: str) -> str:
        return text


def _written(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield BOM + writer.writerow(header)
    lines = []
    for row in rows:
        lines.append(writer.writerow(row))
        if len(lines) >= ROWS_PER_WRITE:
            yield "".join(lines)
            lines.clear()
    if lines:
        yield "".join(lines)


def indicator_rows() -> Iterator[list]:
    strategies = (
        Strategy.objects.public().select_related("board").order_by("board__name", "-start_year", "pk")
    )
    for strategy in strategies:
        named = [safe(strategy.board.name), safe(strategy.title)]
        for row in fingertips_rows(strategy, strategy.indicators.all()):
            yield named + row


def decision_rows(absolute: Callable[[str], str]) -> Iterator[list]:
    decisions = (
        public_meetings.public_decisions()
        .select_related("agenda_item__meeting__board")
        .order_by(
            "agenda_item__meeting__board__name",
            "agenda_item__meeting__starts_at",
            "agenda_item__meeting_id",
            "agenda_item__number",
            "letter",
        )
    )
    for decision in decisions.iterator(chunk_size=1000):
        item = decision.agenda_item
        meeting = item.meeting
        yield [
            safe(meeting.board.name),
            timezone.localdate(meeting.starts_at).isoformat(),
            safe(meeting.name),
            item.number,
            safe(item.title),
            decision.letter,
            decision.get_outcome_display(),
            safe(decision.text),
            absolute(decision.get_absolute_url()),
        ]


def _response(lines: Iterator[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def indicators_response() -> StreamingHttpResponse:
    return _response(_written(["Board", "Strategy", *COLUMNS], indicator_rows()), "indicators.csv")


def decisions_response(absolute: Callable[[str], str]) -> StreamingHttpResponse:
    """`absolute`: makes a path a full address (the request's build_absolute_uri)."""
    return _response(_written(DECISION_COLUMNS, decision_rows(absolute)), "decisions.csv")
