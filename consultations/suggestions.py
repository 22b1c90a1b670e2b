"""
Themes suggested for comments nobody has coded yet, from the comments already coded
(docs/decisions/0021-theme-suggestions-and-agreement.md).

Each comment's words are weighed by TF-IDF (scikit-learn), fitted on the coded and uncoded comments
together; a comment's nearest coded comments are those whose vectors point the same way (cosine
similarity, at least MIN_SIMILARITY); their themes are weighted by that similarity, and the best
PER_COMMENT themes offered for the comment's priority, and not rejected for it, are suggested. Only ever
suggested: an officer ticks one and saves, or says "Not this theme", which sticks.

The work runs in a Celery job (tasks.suggest_themes), one SuggestionRun per consultation, idempotent by
a fingerprint of what it reads: asked again with nothing changed, it computes nothing. The matrices stay
sparse, and the uncoded comments are compared with the coded ones in chunks, so 10,000 comments take
seconds and never an n by n dense matrix.
"""

import hashlib
import json
import logging
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import audit
from core.models import AuditEntry

from .coding import _require_coding
from .models import (
    Coding,
    Comment,
    Consultation,
    Suggestion,
    SuggestionRejection,
    SuggestionRun,
    Theme,
)

logger = logging.getLogger(__name__)

# Part of the fingerprint: a change to how suggestions are computed computes them again.
ALGORITHM = "tfidf-cosine-knn/1"
# How many of the most similar coded comments vote for a comment's themes.
NEIGHBOURS = 5
# Below this cosine similarity, two comments share too few telling words to suggest anything.
MIN_SIMILARITY = 0.1
PER_COMMENT = 3
# Uncoded comments compared with the coded ones at a time: bounds the memory of the sparse product.
CHUNK = 2000


class SuggestionsBusy(ValidationError):
    pass


# The computation, apart from the database ----------------------------------------------------------


@dataclass(frozen=True)
class Found:
    theme_id: int
    score: float  # The share of the neighbours' similarity that carries the theme.
    similarity: float  # The most similar neighbour coded with the theme.


_PLURAL = re.compile(r"(?:(?<=[sxz])|(?<=ch)|(?<=sh))es$|(?<!s)s$")


def _fold(word: str) -> str:
    """English plurals folded (buses, bus; benches, bench; parks, park): a crude stem, not a stemmer."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return _PLURAL.sub("", word)


def _vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer  # Heavy: only in the job.

    words = TfidfVectorizer(strip_accents="unicode", stop_words="english").build_analyzer()
    return TfidfVectorizer(analyzer=lambda text: [_fold(word) for word in words(text)], sublinear_tf=True)


def nearest_themes(
    *,
    coded: list[tuple[str, frozenset[int]]],
    uncoded: list[tuple[str, Callable[[int], bool]]],
) -> list[list[Found]]:
    """
    For each uncoded comment (its text, and whether a theme may be suggested for it), up to PER_COMMENT
    themes from its NEIGHBOURS most similar coded comments (each a text and its themes) that carry a
    theme it may have. Pure: no database.
    """
    if not coded or not uncoded:
        return [[] for _ in uncoded]
    import numpy as np

    try:
        matrix = _vectorizer().fit_transform([text for text, _ in coded] + [text for text, _ in uncoded])
    except ValueError:  # Nothing but stop words anywhere: no vocabulary.
        return [[] for _ in uncoded]
    # Rows are L2-normalised by TfidfVectorizer, so a product of rows is their cosine similarity.
    known, unknown = matrix[: len(coded)].T.tocsc(), matrix[len(coded) :].tocsr()
    results: list[list[Found]] = []
    for start in range(0, len(uncoded), CHUNK):
        similarities = (unknown[start : start + CHUNK] @ known).tocsr()  # Sparse: only shared words.
        for row in range(similarities.shape[0]):
            allowed = uncoded[start + row][1]
            begin, end = similarities.indptr[row], similarities.indptr[row + 1]
            values, columns = similarities.data[begin:end], similarities.indices[begin:end]
            keep = values >= MIN_SIMILARITY
            values, columns = values[keep], columns[keep]
            # The best few, more than NEIGHBOURS: some carry only themes this comment may not have.
            if len(values) > 4 * NEIGHBOURS:
                best = np.argpartition(-values, 4 * NEIGHBOURS)[: 4 * NEIGHBOURS]
                values, columns = values[best], columns[best]
            order = np.argsort(-values, kind="stable")
            weights: dict[int, float] = defaultdict(float)
            nearest: dict[int, float] = {}
            total, used = 0.0, 0
            for index in order:
                themes = [theme for theme in coded[columns[index]][1] if allowed(theme)]
                if not themes:
                    continue
                similarity = float(values[index])
                total += similarity
                for theme in themes:
                    weights[theme] += similarity
                    nearest[theme] = max(nearest.get(theme, 0.0), similarity)
                used += 1
                if used == NEIGHBOURS:
                    break
            ranked = sorted(weights, key=lambda theme: (-weights[theme], -nearest[theme], theme))
            results.append(
                [Found(theme, weights[theme] / total, nearest[theme]) for theme in ranked[:PER_COMMENT]]
            )
    return results


# Reading the consultation ----------------------------------------------------------------------------


def listed_comments(consultation: Consultation):
    """The comments officers code: from sent responses and from events (not a started response's)."""
    return consultation.comments.filter(Q(event__isnull=False) | Q(response__submitted_at__isnull=False))


def comment_priorities(priority_id: int | None, priorities: list | None) -> frozenset[int]:
    """The priorities a comment is about: its own, or an event comment's (none: a general question's)."""
    return frozenset({priority_id} if priority_id else priorities or [])


@dataclass
class Data:
    comments: list[tuple[int, str, frozenset[int]]]
    codes: dict[int, set[int]]
    themes: dict[int, int | None]
    rejected: set[tuple[int, int]]
    fingerprint: str


def read(consultation: Consultation) -> Data:
    """Everything the suggestions depend on, in four queries, and its fingerprint."""
    comments = [
        (pk, text, comment_priorities(priority_id, priorities))
        for pk, text, priority_id, priorities in listed_comments(consultation)
        .order_by("pk")
        .values_list("pk", "text", "priority_id", "priorities")
    ]
    codes: dict[int, set[int]] = defaultdict(set)
    for comment_id, theme_id in (
        Coding.objects.filter(comment__consultation=consultation)
        .values_list("comment_id", "theme_id")
        .distinct()
    ):
        codes[comment_id].add(theme_id)
    themes = dict(consultation.themes.values_list("pk", "priority_id"))
    rejected = set(
        SuggestionRejection.objects.filter(comment__consultation=consultation).values_list(
            "comment_id", "theme_id"
        )
    )
    digest = hashlib.sha256(ALGORITHM.encode())
    for pk, text, priorities in comments:
        digest.update(json.dumps([pk, sorted(priorities), sorted(codes.get(pk, ()))]).encode())
        digest.update(hashlib.sha256(text.encode()).digest())
    digest.update(json.dumps([sorted(themes.items(), key=lambda item: item[0]), sorted(rejected)]).encode())
    return Data(comments, dict(codes), themes, rejected, digest.hexdigest())


def compute(data: Data) -> dict[int, list[Found]]:
    """The suggestions for each uncoded comment that has any."""
    coded = [(text, frozenset(data.codes[pk])) for pk, text, _ in data.comments if pk in data.codes]
    uncoded = [(pk, text, priorities) for pk, text, priorities in data.comments if pk not in data.codes]

    def allowed_for(pk: int, priorities: frozenset[int]) -> Callable[[int], bool]:
        def allowed(theme: int) -> bool:
            if (pk, theme) in data.rejected or theme not in data.themes:
                return False
            priority = data.themes[theme]
            return priority is None or priority in priorities

        return allowed

    found = nearest_themes(
        coded=coded, uncoded=[(text, allowed_for(pk, priorities)) for pk, text, priorities in uncoded]
    )
    return {pk: themes for (pk, _, _), themes in zip(uncoded, found, strict=True) if themes}


# The job -------------------------------------------------------------------------------------------


def suggestions_request(*, consultation: Consultation, by) -> SuggestionRun:
    """
    Ask for themes to be suggested (again); the job is queued once the surrounding transaction commits.
    Refused while a job is under way, unless it has gone stale (its worker died).
    """
    _require_coding(by, consultation)
    with transaction.atomic():
        run, created = SuggestionRun.objects.get_or_create(consultation=consultation)
        run = SuggestionRun.objects.select_for_update().get(pk=run.pk)
        if not created and run.in_progress and not run.is_stale:
            raise SuggestionsBusy("Themes are already being suggested. Wait for it to finish.")
        run.status = SuggestionRun.Status.PENDING
        run.error = ""
        run.requested_at = timezone.now()
        run.requested_by = by
        run.finished_at = None
        run.save()
        transaction.on_commit(partial(_enqueue, run.pk), robust=True)
    return run


def _enqueue(run_id: int) -> None:
    """Send the job to the broker; if it cannot be reached, the job shows as failed, with "Try again"."""
    from .tasks import suggest_themes

    try:
        suggest_themes.delay(run_id)
    except Exception:  # The broker's client raises many kinds (kombu, redis, OSError).
        logger.exception("Could not queue the theme suggestions %s", run_id)
        suggestions_failed(
            run_id,
            "The background service is not answering, so the suggestions could not be started. "
            "Try again in a few minutes.",
        )


def suggestions_failed(run_id: int, error: str) -> None:
    now = timezone.now()
    SuggestionRun.objects.filter(pk=run_id).exclude(status=SuggestionRun.Status.READY).update(
        status=SuggestionRun.Status.FAILED, error=error[:2000], finished_at=now, updated_at=now
    )


def suggestions_compute(run_id: int) -> int | None:
    """
    Compute and store the suggestions of the run's consultation, unless the data they were computed
    from has not changed (a job redelivered, or asked for twice). Returns how many comments have some.
    """
    run = SuggestionRun.objects.select_related("consultation").filter(pk=run_id).first()
    if run is None:
        return None
    SuggestionRun.objects.filter(pk=run_id).update(
        status=SuggestionRun.Status.RUNNING, updated_at=timezone.now()
    )
    data = read(run.consultation)
    # Slow: outside the row lock. Nothing to do if the stored suggestions came from the same data.
    found = compute(data) if run.fingerprint != data.fingerprint else None
    with transaction.atomic():
        run = SuggestionRun.objects.select_for_update().get(pk=run_id)
        if run.fingerprint != data.fingerprint:  # Else another worker got there first, or nothing changed.
            _store(run, data, found if found is not None else compute(data))
        run.status = SuggestionRun.Status.READY
        run.finished_at = timezone.now()
        run.save()
    return run.suggested


def _store(run: SuggestionRun, data: Data, found: dict[int, list[Found]]) -> None:
    # A rejection made while the job ran still counts (and changes the fingerprint for the next run).
    rejected = set(
        SuggestionRejection.objects.filter(comment__consultation=run.consultation_id).values_list(
            "comment_id", "theme_id"
        )
    )
    live_themes = set(Theme.objects.filter(consultation=run.consultation_id).values_list("pk", flat=True))
    Suggestion.objects.filter(comment__consultation=run.consultation_id).delete()
    now = timezone.now()
    Suggestion.objects.bulk_create(
        Suggestion(
            comment_id=pk,
            theme_id=item.theme_id,
            score=round(item.score, 4),
            similarity=round(item.similarity, 4),
            computed_at=now,
        )
        for pk, items in found.items()
        for item in items
        if (pk, item.theme_id) not in rejected and item.theme_id in live_themes
    )
    run.fingerprint = data.fingerprint
    run.suggested = len(found)
    run.coded = len(data.codes)


# Officers' answers ---------------------------------------------------------------------------------


@transaction.atomic
def suggestion_reject(*, comment: Comment, theme: Theme, by) -> SuggestionRejection:
    """`theme` is not the comment's: its suggestion goes, and it is never suggested for the comment again."""
    _require_coding(by, comment.consultation)
    if theme.consultation_id != comment.consultation_id:
        raise ValidationError({"theme": "Select a theme of this consultation"})
    rejection, created = SuggestionRejection.objects.get_or_create(
        comment=comment, theme=theme, defaults={"by": by}
    )
    Suggestion.objects.filter(comment=comment, theme=theme).delete()
    if created:
        # The theme is the target: a comment's text (its str) must never reach the audit trail.
        audit.audit_record(
            actor=by,
            action=AuditEntry.Action.UPDATED,
            scope=comment.consultation.strategy,
            target=theme,
            changes={"not_suggested_for_comment": [None, comment.pk]},
        )
    return rejection


def run_for(consultation: Consultation) -> SuggestionRun | None:
    return SuggestionRun.objects.filter(consultation=consultation).first()
