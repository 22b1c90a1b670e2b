"""
The consultation report's figures (docs/decisions/0018-you-said-we-did-and-the-report.md), from the
monitoring figures (analysis.py) plus what only the report shows: the equality monitoring answers in
aggregate with small numbers suppressed, the events, and "you said, we did".

Small numbers: an equality count below SMALL (5) is shown as "fewer than 5", zero included (so that a
0 cannot be told from a 1). Each question's rows add up to the number of responses, which the report
states, so suppressed counts could be worked out by subtraction (one alone; or two whose sum can only be
made one way): the next smallest count of that question is then suppressed too (secondary suppression),
as the ONS does, and shown as "withheld": never as "fewer than 5", which would be untrue of a count
that may be large.

Duplicates and campaigns (docs/decisions/0020): responses marked as duplicates are in no figure, and
the report says how many there were; the confirmed campaigns are listed with their counts, their
responses counted like any other (each is a person).

Themes: each theme coded on comments with the number of comments coded with it (by anyone), grouped by
priority, and up to EXAMPLES comments quoted, redacted (anonymise.py), from themes of at least SMALL
comments. A theme's count is not suppressed: it says how many comments raised something, not who
responded; a quotation from a theme only one or two people raised is what could point at them. Only
counted comments (Comment.objects.counted(): no duplicate's) are counted or quoted.

Queries: the monitoring figures' three, one per equality question, one for the events, two for the
changes and their evidence, two for the campaigns, two for the themes and their examples. None grows
with the number of responses.
"""

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery, Window
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import DenseRank, Length

from strategies.models import Priority

from . import analysis, campaigns, figures
from .analysis import PriorityAgreement
from .anonymise import redact
from .compare import recorded_changes
from .equality import QUESTIONS as EQUALITY_QUESTIONS
from .models import Campaign, Coding, Comment, Consultation
from .privacy import ERASED_NOTE

SMALL = 5
FEWER = f"fewer than {SMALL}"
WITHHELD = "withheld"
NOT_ANSWERED = "Not answered"


@dataclass(frozen=True)
class Cell:
    label: str
    count: int | None  # None: suppressed (a small number, or one that would reveal one).
    withheld: bool = False  # Suppressed though not small: it alone would reveal a small one.

    @property
    def shown(self) -> str:
        if self.count is not None:
            return str(self.count)
        return WITHHELD if self.withheld else FEWER


@dataclass(frozen=True)
class EqualityTable:
    key: str
    question: str
    rows: list[Cell]
    total: int


def suppress(counts: list[tuple[str, int]]) -> list[Cell]:
    """
    The rows of one table with every count below SMALL suppressed, and the smallest of the others
    withheld as well where the hidden ones could be worked out from the known total: one alone, or
    several whose sum can be made only one way (all 0, or all 4: two hidden counts of 8 in all are
    4 and 4). With a count of 5 or more among the hidden, no sum gives them away.
    """
    small = {index for index, (_, count) in enumerate(counts) if count < SMALL}
    hidden_sum = sum(counts[index][1] for index in small)
    withheld = set()
    revealing = len(small) == 1 or hidden_sum in (0, (SMALL - 1) * len(small))
    if small and revealing and len(small) < len(counts):
        others = sorted((count, index) for index, (_, count) in enumerate(counts) if index not in small)
        withheld.add(others[0][1])
    return [
        Cell(label, None, withheld=True)
        if index in withheld
        else Cell(label, None if index in small else count)
        for index, (label, count) in enumerate(counts)
    ]


def equality_tables(consultation: Consultation) -> list[EqualityTable]:
    """Each equality question's answers over the counted responses, small numbers suppressed."""
    responses = analysis.counted_responses(consultation).order_by()
    tables = []
    for question in EQUALITY_QUESTIONS:
        given = dict(
            responses.annotate(answer=KeyTextTransform(question.key, "equality"))
            .values("answer")
            .annotate(n=Count("*"))
            .values_list("answer", "n")
        )
        total = sum(given.values())
        counts = [(choice, given.get(choice, 0)) for choice in question.choices]
        # An answer no longer offered (the options changed since) is counted with no answer, never shown
        # under a label nobody chose; None: the question was skipped, or not asked.
        counted = sum(count for _, count in counts)
        counts.append((NOT_ANSWERED, total - counted))
        tables.append(EqualityTable(question.key, question.text, suppress(counts), total))
    return tables


# Each answer's label on a line of its own above its bar, so that the chart can scale down to a phone's
# width (it is 100% wide up to CHART_WIDTH: app.scss, .app-chart) with its words still readable, and
# a long label never squeezes the bars. In the SVG's own units; the number follows its bar.
CHART_WIDTH, CHART_BAR_WIDTH, CHART_ROW = 360, 310, 54


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: int
    y: int
    width: float


@dataclass(frozen=True)
class Chart:
    """One priority's agreement as a server-rendered SVG bar chart, with its text summary."""

    priority: PriorityAgreement
    bars: list[Bar]
    summary: str
    height: int
    width: int = CHART_WIDTH


def chart(priority: PriorityAgreement) -> Chart:
    levels = [*priority.levels, analysis.Tally("none", "No answer", priority.no_answer, priority.total)]
    top = max((level.count for level in levels), default=0) or 1
    bars = [
        Bar(level.label, level.count, level.percent, index * CHART_ROW, CHART_BAR_WIDTH * level.count / top)
        for index, level in enumerate(levels)
    ]
    if priority.agreeing_percent is None:
        summary = f"Nobody answered the question on “{priority.title}”."
    else:
        summary = (
            f"{priority.agreeing_percent}% of the {priority.answered} who answered agreed or strongly agreed "
            f"with “{priority.title}” ({round(100 * priority.agreeing / priority.total)}% of all "
            f"{priority.total} responses, the table's base); {priority.no_answer} gave no answer."
        )
    return Chart(priority, bars, summary, len(bars) * CHART_ROW)


@dataclass(frozen=True)
class Events:
    count: int
    people_reached: int
    events: list


@dataclass(frozen=True)
class ThemeRow:
    name: str
    count: int  # Comments coded with it, by anyone.
    examples: list["Quote"]  # Redacted quotations; none for a theme of fewer than SMALL comments.


@dataclass(frozen=True)
class Quote:
    """A comment quoted in the report, redacted; which comment it is, for officers who withhold it."""

    comment_id: int
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ThemeGroup:
    key: str  # "priority-<id>" or "consultation"
    title: str
    themes: list[ThemeRow]


@dataclass(frozen=True)
class Report:
    consultation: Consultation
    overview: analysis.Overview
    charts: list[Chart]
    equality: list[EqualityTable]
    events: Events
    changes: list[dict]
    campaigns: campaigns.CampaignFigures

    @property
    def duplicates(self) -> int:
        return self.overview.duplicates

    themes: list[ThemeGroup]


def changes(consultation: Consultation) -> list[dict]:
    """
    The "you said, we did" rows in order, each with the priority's title, its evidence count and its
    themes. A priority added since the consultation is not in the text consulted on: its title is the
    strategy's (one query more, only then).
    """
    priorities = {priority["id"]: priority for priority in consultation.priorities()}
    rows = recorded_changes(consultation)
    added = {change.priority_id for change in rows} - set(priorities) - {None}
    if added:
        priorities.update(
            (pk, {"id": pk, "title": title})
            for pk, title in Priority.objects.filter(
                pk__in=added, domain__strategy_id=consultation.strategy_id
            ).values_list("pk", "title")
        )
    return [
        {
            "change": change,
            "priority": change.priority_title(priorities),
            "evidence": change.evidence,
            "themes": list(change.themes.all()),
        }
        for change in rows
    ]


# Examples quoted per theme, and the lengths of comment quoted: long enough to say something, short enough
# to read in a table.
EXAMPLES, EXAMPLE_MIN, EXAMPLE_MAX = 2, 40, 600


def _examples(consultation: Consultation, theme_ids: list[int]) -> dict[int, list[Quote]]:
    """
    Up to EXAMPLES different comments of each theme, the shortest of EXAMPLE_MIN characters or more
    first: one query, ranked in the database. The same words sent by many never fill a theme's
    quotations: they are quoted once (as the lowest numbered), and so are texts that differ only in
    what campaigns.fingerprint sets aside (a greeting, a sign-off, punctuation) and the comments of one
    campaign (near-identical copies of a template). Two officers' codings of one comment rank alike too.
    Never a comment an officer withheld, nor any with the same words as one.
    """
    if not theme_ids:
        return {}
    withheld = Comment.objects.filter(consultation=consultation, quote_withheld=True).values("text")
    rows = (
        Coding.objects.filter(theme_id__in=theme_ids)
        .filter(comment__in=Comment.objects.counted())
        .exclude(comment__text__startswith=ERASED_NOTE)
        .exclude(comment__text__in=withheld)
        .annotate(length=Length("comment__text"))
        .filter(length__gte=EXAMPLE_MIN, length__lte=EXAMPLE_MAX)
        .annotate(
            rank=Window(DenseRank(), partition_by=F("theme_id"), order_by=[F("length"), F("comment__text")])
        )
        .filter(rank__lte=CANDIDATES)
        .annotate(campaign=Subquery(_campaign_of.values("campaign_id")[:1]))
        .values_list("theme_id", "rank", "comment_id", "comment__text", "campaign")
    )
    # What an officer withheld goes with its copies: the same letter with another greeting, and the
    # other comments of its campaign.
    never: set[object] = set()
    for text, campaign in withheld.values_list("text", "campaigns"):
        never |= {campaigns.fingerprint(text) or text, ("campaign", campaign) if campaign else None}
    examples: dict[int, dict[object, Quote]] = {}
    for theme_id, _rank, comment_id, text, campaign in sorted(rows, key=lambda row: row[:3]):
        quotes = examples.setdefault(theme_id, {})
        same = ("campaign", campaign) if campaign else (campaigns.fingerprint(text) or text)
        if len(quotes) < EXAMPLES and not {same, campaigns.fingerprint(text) or text} & never:
            quotes.setdefault(same, Quote(comment_id, redact(text)))
    return {theme_id: list(quotes.values()) for theme_id, quotes in examples.items()}


# Candidates ranked per theme, so that EXAMPLES different ones remain once copies are set aside.
CANDIDATES = EXAMPLES * 5
_campaign_of = Campaign.comments.through.objects.filter(comment_id=OuterRef("comment_id")).order_by(
    "campaign_id"
)


def themes(consultation: Consultation) -> list[ThemeGroup]:
    """
    The themes coded on the counted comments, each with its number of comments, grouped by the priority
    it belongs to (in the order of the text consulted on), then the consultation's own themes; the most
    raised first. Themes no counted comment has are left out.
    """
    counted = Q(codings__comment__event__isnull=False) | Q(
        codings__comment__response__submitted_at__isnull=False,
        codings__comment__response__duplicate_marked_at__isnull=True,
    )
    rows = list(
        consultation.themes.annotate(count=Count("codings__comment", distinct=True, filter=counted))
        .filter(count__gt=0)
        .order_by("-count", "name", "pk")
    )
    examples = _examples(consultation, [theme.pk for theme in rows if theme.count >= SMALL])
    priorities = consultation.priorities()
    known = {priority["id"] for priority in priorities}
    groups = []
    for key, title, members in [
        *(
            (f"priority-{p['id']}", p["title"], [t for t in rows if t.priority_id == p["id"]])
            for p in priorities
        ),
        ("consultation", "Across the consultation", [t for t in rows if t.priority_id not in known]),
    ]:
        if members:
            groups.append(
                ThemeGroup(key, title, [ThemeRow(t.name, t.count, examples.get(t.pk, [])) for t in members])
            )
    return groups


def build(consultation: Consultation, *, kept: bool = False) -> Report:
    """
    Every figure of the report, in a fixed number of queries. kept: a large consultation's response
    figures as last counted (consultations.figures), for pages; the PDF counts them afresh.
    """
    if kept:
        overview = figures.kept("overview", consultation).value
        equality = figures.kept("equality", consultation).value if consultation.ask_equality else []
    else:
        overview = analysis.overview(consultation)
        equality = equality_tables(consultation) if consultation.ask_equality else []
    event_rows = list(consultation.events.all())
    return Report(
        consultation=consultation,
        overview=overview,
        charts=[chart(priority) for priority in overview.priorities],
        equality=equality,
        events=Events(len(event_rows), sum(event.people_reached for event in event_rows), event_rows),
        changes=changes(consultation),
        campaigns=campaigns.confirmed_figures(consultation),
        themes=themes(consultation),
    )
