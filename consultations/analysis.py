"""
What a consultation's responses add up to: the figures of the monitoring page, computed in the database.

Only submitted responses count, and not those an officer marked as duplicates (docs/decisions/0020):
the first query counts those apart, for the pages and the report to say so. Every figure can be narrowed
to one channel and one respondent type (the
channel a filter everywhere: issue 6). Three queries whatever the number of responses: the responses
counted by channel and respondent type together (the totals, and both breakdowns, are sums of those few
rows), by day, and the priority answers counted by priority and agreement level.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from .models import Agreement, Channel, Consultation, PriorityAnswer, RespondentType, Response

# A response's day is its day in the UK, whatever the server's clock: one sent at 00:30 BST on 1 June
# was sent on 1 June (it is 23:30 UTC on 31 May).
UK = ZoneInfo(settings.TIME_ZONE)
# Respondent type "" (an offline response entered without it): counted, and filterable, as this.
NOT_GIVEN = "not_given"
NOT_GIVEN_LABEL = "Not given"
# The agreement levels from most to least agreeing, as the monitoring page and the export show them.
LEVELS = sorted(Agreement, reverse=True)
AGREEING = frozenset({Agreement.AGREE, Agreement.STRONGLY_AGREE})
# Of the submitted responses, those counted: not marked as duplicates.
COUNTED = Q(duplicate_marked_at__isnull=True)


@dataclass(frozen=True)
class Filters:
    """Which responses to count: all of them, or those of one channel and / or respondent type."""

    channel: str = ""
    respondent_type: str = ""  # A RespondentType value, or NOT_GIVEN.

    def __bool__(self) -> bool:
        return bool(self.channel or self.respondent_type)

    def apply(self, responses: QuerySet, prefix: str = "") -> QuerySet:
        if self.channel:
            responses = responses.filter(**{f"{prefix}channel": self.channel})
        if self.respondent_type:
            value = "" if self.respondent_type == NOT_GIVEN else self.respondent_type
            responses = responses.filter(**{f"{prefix}respondent_type": value})
        return responses

    def describe(self, count: int) -> str:
        """
        So many responses, with the filters in words, for headings and announcements: "1 paper
        response", "12 responses responding as “a councillor”".
        """
        noun = "response" if count == 1 else "responses"
        parts = [str(count)]
        if self.channel:
            parts.append(f"{Channel(self.channel).label.lower()} {noun}")
        else:
            parts.append(noun)
        if self.respondent_type:
            label = respondent_type_label(self.respondent_type)
            parts.append(f"responding as “{label[0].lower()}{label[1:]}”")
        return " ".join(parts)


def respondent_type_label(value: str) -> str:
    return NOT_GIVEN_LABEL if value in ("", NOT_GIVEN) else RespondentType(value).label


@dataclass(frozen=True)
class Tally:
    """One row of a breakdown: what is counted, how many, and its share of the total."""

    value: str
    label: str
    count: int
    total: int

    @property
    def percent(self) -> int:
        """Whole per cent, for the bar's width and the text beside it."""
        return round(100 * self.count / self.total) if self.total else 0


@dataclass(frozen=True)
class PriorityAgreement:
    """How the counted respondents answered one priority's agreement question."""

    id: int
    title: str
    domain: str
    levels: list[Tally]  # Strongly agree first; each level's count, of all counted responses.
    no_answer: int
    total: int  # The responses counted (whether or not they answered this question).

    @property
    def answered(self) -> int:
        return self.total - self.no_answer

    @property
    def agreeing(self) -> int:
        return sum(level.count for level in self.levels if int(level.value) in AGREEING)

    @property
    def agreeing_percent(self) -> int | None:
        """The share of those who answered who agree or strongly agree; None when nobody answered."""
        return round(100 * self.agreeing / self.answered) if self.answered else None


@dataclass(frozen=True)
class Overview:
    total: int
    by_channel: list[Tally]
    by_respondent_type: list[Tally]
    by_day: list[Tally]
    priorities: list[PriorityAgreement] = field(default_factory=list)
    duplicates: int = 0  # Submitted responses marked as duplicates: not in any figure above.


def submitted_responses(consultation: Consultation, filters: Filters = Filters()) -> QuerySet:
    """The consultation's submitted responses that the filters select, duplicates included."""
    return filters.apply(Response.objects.submitted().filter(consultation=consultation))


def counted_responses(consultation: Consultation, filters: Filters = Filters()) -> QuerySet:
    """The responses the figures count: submitted, not marked as duplicates, selected by the filters."""
    return filters.apply(Response.objects.counted().filter(consultation=consultation))


def overview(consultation: Consultation, filters: Filters = Filters()) -> Overview:
    """Every figure of the monitoring page, in three queries."""
    rows = list(
        submitted_responses(consultation, filters)
        .order_by()
        .values("channel", "respondent_type")
        .annotate(n=Count("pk", filter=COUNTED), duplicates=Count("pk", filter=~COUNTED))
    )
    counts: dict[tuple[str, str], int] = {(row["channel"], row["respondent_type"]): row["n"] for row in rows}
    total = sum(counts.values())
    by_channel = [
        Tally(channel.value, channel.label, sum(n for (c, _), n in counts.items() if c == channel), total)
        for channel in Channel
    ]
    type_values = [*RespondentType.values, ""]
    by_respondent_type = [
        Tally(
            value or NOT_GIVEN,
            respondent_type_label(value),
            sum(n for (_, t), n in counts.items() if t == value),
            total,
        )
        for value in type_values
    ]
    # An offline response entered without a type is shown as "Not given"; with none, the row is left out.
    by_respondent_type = [row for row in by_respondent_type if row.value != NOT_GIVEN or row.count]
    return Overview(
        total=total,
        by_channel=by_channel,
        by_respondent_type=by_respondent_type,
        by_day=responses_by_day(consultation, counted_responses(consultation, filters), total),
        priorities=priority_agreement(consultation, filters, total),
        duplicates=sum(row["duplicates"] for row in rows),
    )


def responses_by_day(consultation: Consultation, responses: QuerySet, total: int) -> list[Tally]:
    """
    Responses received each day: the day an online response was submitted (UK time), the day an
    officer's entered response was received (post can take a week to be typed in). Every day from the
    first to the last shown, those with none included: from the day it opened (or the first response,
    if earlier) to today while it is open, else to the last response.
    """
    per_day = dict(
        responses.order_by()
        .annotate(day=Coalesce("received_on", TruncDate("submitted_at", tzinfo=UK)))
        .values("day")
        .annotate(n=Count("*"))
        .values_list("day", "n")
    )
    days = set(per_day)
    today = timezone.localdate(timezone=UK)
    # Not the opening date if it is still to come: opened early, by hand ("Open it now").
    if consultation.is_public:
        days.add(min(timezone.localtime(consultation.opens_at, UK).date(), today))
    if consultation.is_open:
        days.add(today)
    if not days:
        return []
    first, last = min(days), max(days)
    return [
        Tally(day.isoformat(), day.strftime("%a %-d %b %Y"), per_day.get(day, 0), total)
        for day in _dates(first, last)
    ]


def _dates(first: datetime.date, last: datetime.date):
    for offset in range((last - first).days + 1):
        yield first + datetime.timedelta(days=offset)


def priority_agreement(consultation: Consultation, filters: Filters, total: int) -> list[PriorityAgreement]:
    """
    For each priority of the consulted text, in its order: how many counted responses gave each level,
    and how many gave none (no answer row, or an empty one). Answers to ids the text does not have are
    not counted.
    """
    rows = filters.apply(
        PriorityAnswer.objects.filter(
            response__consultation=consultation,
            response__submitted_at__isnull=False,
            response__duplicate_marked_at__isnull=True,
            agreement__isnull=False,
        ),
        prefix="response__",
    )
    counts: dict[tuple[int, int], int] = {
        (row["priority_id"], row["agreement"]): row["n"]
        for row in rows.order_by().values("priority_id", "agreement").annotate(n=Count("*"))
    }
    result = []
    for domain in consultation.domains():
        for priority in domain["priorities"]:
            levels = [
                Tally(str(level.value), level.label, counts.get((priority["id"], level.value), 0), total)
                for level in LEVELS
            ]
            answered = sum(level.count for level in levels)
            result.append(
                PriorityAgreement(
                    id=priority["id"],
                    title=priority["title"],
                    domain=domain["title"],
                    levels=levels,
                    no_answer=total - answered,
                    total=total,
                )
            )
    return result
