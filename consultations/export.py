"""
All of a consultation's submitted responses as CSV, one row per response, written as it is read.

The responses are read through a server-side cursor a chunk at a time, and each chunk's answers, choices
and comments fetched in one query apiece, as plain tuples (a model instance for each of a hundred thousand
responses' sixteen answers would cost more than the rest of the export), so memory stays the same
whatever the number of responses, and the queries grow by chunk, never by response. The text starts
with a byte order mark so that Excel reads it as UTF-8.

Columns: the response's reference, channel, dates and who it responds as; whether an officer marked it
as a duplicate (of which response, and why: the row is kept, and no figure counts it); for each priority
of the consulted text its agreement (as words) and comment; for each general question its answer, or for a
choice question a column per option marked 1 when chosen (so the figures count options, not
combinations); the equality answers as given; and, only when asked for by someone who may read responses,
the respondent's personal data.
"""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone

from .analysis import UK
from .equality import QUESTIONS as EQUALITY_QUESTIONS
from .models import Agreement, Choice, Comment, Consultation, PriorityAnswer, Question, Response

BOM = "\ufeff"
# Responses read, and their answers fetched, this many at a time.
CHUNK_SIZE = 1000
# Rows written to the network together: fewer, larger writes than one per row.
ROWS_PER_WRITE = 100
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection); such a cell is
# written with a single quote in front, which the spreadsheet shows as text (OWASP's advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
AGREEMENT_LABELS = dict(Agreement.choices)


def safe(value: object) -> str:
    """A cell's text, defused if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Layout:
    """The columns, worked out once from the consultation's text and questions."""

    priorities: list[dict]
    questions: list[Question]
    equality: bool
    personal: bool

    def header(self) -> list[str]:
        columns = ["Reference", "Channel", "Received on", "Submitted at", "Responding as", "Organisation"]
        columns += ["Duplicate of", "Duplicate reason"]
        for priority in self.priorities:
            columns += [f"{priority['title']}: agreement", f"{priority['title']}: comment"]
        for question in self.questions:
            if question.kind == Question.Kind.TEXT:
                columns.append(question.text)
            else:
                columns += [f"{question.text}: {option}" for option in question.options]
        if self.equality:
            columns += [question.text for question in EQUALITY_QUESTIONS]
        if self.personal:
            columns += ["Name", "Email address", "Organisation contact", "Wants updates"]
        return columns

    def row(self, response: Response, answers: "Answers") -> list[object]:
        submitted = timezone.localtime(response.submitted_at, UK)
        cells: list[object] = [
            response.reference,
            response.get_channel_display(),
            response.received_on.isoformat() if response.received_on else "",
            submitted.strftime("%Y-%m-%d %H:%M:%S"),
            response.responding_as(),
            response.organisation,
            # "Yes" when marked without naming the response it duplicates.
            (response.duplicate_of_reference or "Yes") if response.is_duplicate else "",
            response.duplicate_reason,
        ]
        # All from the chunk's answers: no query per response.
        agreements, priority_comments = answers.agreements, answers.priority_comments
        chosen = answers.chosen
        for priority in self.priorities:
            agreement = agreements.get(priority["id"])
            cells += [AGREEMENT_LABELS.get(agreement, ""), priority_comments.get(priority["id"], "")]
        for question in self.questions:
            if question.kind == Question.Kind.TEXT:
                cells.append(answers.question_answers.get(question.pk, ""))
            else:
                cells += [1 if (question.pk, option) in chosen else "" for option in question.options]
        if self.equality:
            cells += [response.equality.get(question.key, "") for question in EQUALITY_QUESTIONS]
        if self.personal:
            respondent = getattr(response, "respondent", None)
            if respondent is None:  # Never given, or erased.
                cells += ["", "", "", ""]
            else:
                wants = "Yes" if respondent.wants_updates else "No"
                cells += [respondent.name, respondent.email, respondent.contact, wants]
        return cells


@dataclass
class Answers:
    """One response's answers, from its chunk's queries: {priority id: level}, comments, choices."""

    agreements: dict = field(default_factory=dict)
    priority_comments: dict = field(default_factory=dict)
    question_answers: dict = field(default_factory=dict)
    chosen: set = field(default_factory=set)


def responses_for_export(consultation: Consultation, *, personal: bool) -> Iterator[tuple[Response, Answers]]:
    """Each submitted response with its answers, oldest first, read a chunk at a time."""
    responses = (
        Response.objects.submitted()
        .filter(consultation=consultation)
        .annotate(duplicate_of_reference=F("duplicate_of__reference"))
        .order_by("submitted_at", "pk")
    )
    if personal:
        responses = responses.select_related("respondent")
    chunk: list[Response] = []
    for response in responses.iterator(chunk_size=CHUNK_SIZE):
        chunk.append(response)
        if len(chunk) == CHUNK_SIZE:
            yield from _with_answers(chunk)
            chunk = []
    if chunk:
        yield from _with_answers(chunk)


def _with_answers(chunk: list[Response]) -> Iterator[tuple[Response, Answers]]:
    found = {response.pk: Answers() for response in chunk}
    ids = list(found)
    for response_id, priority_id, agreement in PriorityAnswer.objects.filter(response_id__in=ids).values_list(
        "response_id", "priority_id", "agreement"
    ):
        found[response_id].agreements[priority_id] = agreement
    for response_id, priority_id, question_id, text in Comment.objects.filter(
        response_id__in=ids
    ).values_list("response_id", "priority_id", "question_id", "text"):
        if priority_id is not None:
            found[response_id].priority_comments[priority_id] = text
        elif question_id is not None:
            found[response_id].question_answers[question_id] = text
    for response_id, question_id, option in Choice.objects.filter(response_id__in=ids).values_list(
        "response_id", "question_id", "option"
    ):
        found[response_id].chosen.add((question_id, option))
    for response in chunk:
        yield response, found[response.pk]


class _Line:
    """csv.writer writes into this; each row's text is taken back at once."""

    def write(self, text: str) -> str:
        return text


def csv_text(consultation: Consultation, *, personal: bool) -> Iterator[str]:
    """The CSV, a few rows at a time: the byte order mark and header first."""
    layout = Layout(
        priorities=consultation.priorities(),
        questions=list(consultation.questions.all()),
        equality=consultation.ask_equality,
        personal=personal,
    )
    writer = csv.writer(_Line())
    yield BOM + writer.writerow([safe(column) for column in layout.header()])
    yield from _batched(
        writer.writerow([safe(cell) for cell in layout.row(response, answers)])
        for response, answers in responses_for_export(consultation, personal=personal)
    )


def _batched(lines: Iterable[str]) -> Iterator[str]:
    batch = []
    for line in lines:
        batch.append(line)
        if len(batch) == ROWS_PER_WRITE:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)
