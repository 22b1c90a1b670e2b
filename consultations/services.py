"""Every write to consultations goes through here: keyword-only, atomic, audited, rule-checked."""

import logging
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from boards.models import Decision
from core import audit
from core.constraints import save_validated
from core.models import AuditEntry
from core.versions import apply_edit
from strategies import services as strategy_services
from strategies.models import Status as StrategyStatus
from strategies.models import Strategy, decision_error

from . import permissions

# The officers' entries and events live apart (offline.py, events.py) and are exported here, where every
# service is taken from.
from .events import (  # noqa: F401
    event_comment_add,
    event_comment_delete,
    event_create,
    event_delete,
    event_update,
)
from .models import (
    EDITABLE_STATUSES,
    Consultation,
    Question,
    Status,
    StatusChange,
    transition_error,
)
from .offline import (  # noqa: F401
    response_delete,
    response_enter,
    response_update,
)

log = logging.getLogger(__name__)

CONSULTATION_FIELDS = (
    "title",
    "slug",
    "opens_at",
    "closes_at",
    "introduction",
    "other_ways",
    "privacy_notice",
    "retention_months",
    "report_expected",
    "ask_equality",
    "decision",
)
QUESTION_FIELDS = ("kind", "text", "hint", "options", "required")


class StaleOrder(ValidationError):
    """The list the user reordered is not the list as it now stands."""


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_edit(by, consultation: Consultation) -> None:
    _require(
        permissions.can_edit(by, consultation), "Only the board's officers can change this consultation."
    )


def _require_editable(consultation: Consultation) -> None:
    if consultation.status not in EDITABLE_STATUSES:
        raise ValidationError(
            f"This consultation is {consultation.get_status_display().lower()}, so its set-up and survey can "
            "no longer be changed. Stop the schedule first, if it has not opened yet."
        )
    if consultation.responses.exists():
        raise ValidationError("The survey cannot change once a response exists.")


def _locked(consultation: Consultation) -> Consultation:
    return (
        Consultation.objects.select_for_update().select_related("board", "strategy").get(pk=consultation.pk)
    )


@transaction.atomic
def consultation_create(*, strategy: Strategy, by, **fields) -> Consultation:
    """Set up a consultation on a strategy's draft."""
    _require(permissions.can_create(by, strategy), "Only the board's officers can set up a consultation.")
    unknown = set(fields) - set(CONSULTATION_FIELDS)
    if unknown:
        raise ValueError(f"Not set here: {', '.join(sorted(unknown))}")
    if strategy.status != StrategyStatus.DRAFT:
        raise ValidationError(
            {"strategy": f"This strategy is {strategy.status_in_words}: a consultation is set up on a draft."}
        )
    consultation = Consultation(board_id=strategy.board_id, strategy=strategy, created_by=by, **fields)
    consultation.full_clean()
    _check_decision(consultation)
    save_validated(consultation)
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.CREATED,
        scope=strategy,
        target=consultation,
        changes={"title": [None, consultation.title]},
    )
    return consultation


@transaction.atomic
def consultation_update(
    *, consultation: Consultation, by, version: int | None = None, **fields
) -> Consultation:
    """Change the set-up; `version` is the one the form was loaded from (core.versions.EditConflict)."""
    consultation = _locked(consultation)
    _require_edit(by, consultation)
    _require_editable(consultation)
    changes = apply_edit(
        consultation, fields=fields, version=version, noun="consultation", allowed=CONSULTATION_FIELDS
    )
    if "decision" in changes:
        _check_decision(consultation)
    if changes:
        save_validated(consultation)
        audit.audit_record(
            actor=by,
            action=AuditEntry.Action.UPDATED,
            scope=consultation.strategy,
            target=consultation,
            changes=changes,
        )
    return consultation


def _next_position(queryset) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def question_create(
    *,
    consultation: Consultation,
    by,
    text: str,
    kind: str = Question.Kind.TEXT,
    hint: str = "",
    options: list[str] | None = None,
    required: bool = False,
) -> Question:
    """Add a general question at the end of the survey."""
    consultation = _locked(consultation)
    _require_edit(by, consultation)
    _require_editable(consultation)
    question = Question(
        consultation=consultation, kind=kind, text=text, hint=hint, options=options or [], required=required
    )
    question.position = _next_position(consultation.questions.all())
    question.full_clean()
    question.save()
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.CREATED,
        scope=consultation.strategy,
        target=question,
        changes={"question": [None, text], "kind": [None, question.get_kind_display()]},
    )
    return question


@transaction.atomic
def question_update(*, question: Question, by, version: int | None = None, **fields) -> Question:
    consultation = _locked(question.consultation)
    _require_edit(by, consultation)
    _require_editable(consultation)
    question = Question.objects.filter(pk=question.pk).first()
    if question is None:
        raise ValidationError("Someone else deleted this question while you were editing it.")
    changes = apply_edit(question, fields=fields, version=version, noun="question", allowed=QUESTION_FIELDS)
    if changes:
        question.save()
        audit.audit_record(
            actor=by,
            action=AuditEntry.Action.UPDATED,
            scope=consultation.strategy,
            target=question,
            changes=changes,
        )
    return question


@transaction.atomic
def question_delete(*, question: Question, by) -> None:
    consultation = _locked(question.consultation)
    _require_edit(by, consultation)
    _require_editable(consultation)
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=consultation.strategy,
        target=question,
        changes={"question": [question.text, None]},
    )
    question.delete()


@transaction.atomic
def questions_reorder(
    *, consultation: Consultation, by, order: list[int], seen: list[int] | None = None
) -> None:
    """Put the general questions in the given order of ids (refused if the list changed meanwhile)."""
    consultation = _locked(consultation)
    _require_edit(by, consultation)
    _require_editable(consultation)
    items = {item.pk: item for item in consultation.questions.select_for_update()}
    current = sorted(items, key=lambda pk: (items[pk].position, pk))
    if (
        (seen is not None and list(seen) != current)
        or len(order) != len(set(order))
        or set(order) != set(items)
    ):
        raise StaleOrder(
            "The list has changed since you opened this page (someone added, removed or moved a question). "
            "Reload the page and try again."
        )
    changed = []
    for position, pk in enumerate(order, start=1):
        if items[pk].position != position:
            items[pk].position = position
            changed.append(items[pk])
    if not changed:
        return
    Question.objects.bulk_update(changed, ["position"])
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.REORDERED,
        scope=consultation.strategy,
        target=consultation,
        changes={"questions": [[items[pk].text for pk in current], [items[pk].text for pk in order]]},
    )


def _record(consultation: Consultation, *, to_status: str, by, at: datetime, on_schedule: bool) -> None:
    from_status = consultation.status
    StatusChange.objects.create(
        consultation=consultation,
        from_status=from_status,
        to_status=to_status,
        by=by,
        at=at,
        on_schedule=on_schedule,
    )
    consultation.status = to_status
    consultation.save(update_fields=["status", "revision", "scheduled_by", "schedule_problem", "updated_at"])
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATED,
        scope=consultation.strategy,
        target=consultation,
        changes={"status": [Status(from_status).label, Status(to_status).label]},
    )


def _schedule_errors(consultation: Consultation, now: datetime) -> list[str]:
    errors = []
    if consultation.closes_at <= now:
        errors.append("The closing date has passed: set a later one before scheduling.")
    strategy = consultation.strategy
    if strategy.status not in (StrategyStatus.DRAFT, StrategyStatus.IN_CONSULTATION):
        errors.append(f"The strategy is {strategy.status_in_words}: it can no longer be consulted on.")
    if not consultation.priorities():
        errors.append(
            f"The strategy has no priorities to ask about yet: add its {strategy.domain_label_plural}."
        )
    if strategy.status == StrategyStatus.DRAFT:
        # Opening sends the draft out to consultation, which only a Board decision can do: said now,
        # rather than when the schedule tries to open it.
        if consultation.decision is None:
            errors.append(
                "Choose the Board decision that approved the draft for consultation, in the set-up: a "
                "consultation opens only on an approving decision of the board."
            )
        else:
            error = decision_error(strategy, StrategyStatus.IN_CONSULTATION, consultation.decision, now)
            if error:
                errors.append(f"The Board decision chosen in the set-up cannot open it. {error}")
    return errors


def _check_decision(consultation: Consultation) -> None:
    """The decision to consult, if given: an approving one of the board's, for consultation."""
    decision = consultation.decision
    if decision is None:
        return
    approving = Decision.objects.approving(Decision.Effect.CONSULTATION, consultation.board_id)
    if not approving.filter(pk=decision.pk).exists():
        raise ValidationError(
            {"decision": "Choose a decision of this board that approved the draft for consultation"}
        )


@transaction.atomic
def consultation_transition(
    *, consultation: Consultation, to_status: str, by, on_schedule: bool = False
) -> Consultation:
    """
    Move a consultation on: schedule it (it then opens and closes by itself at the times set), stop the
    schedule, open it now, close it now. Opening freezes the text consulted on: it moves the strategy to
    "in consultation" (on the Board decision chosen in the set-up, which it needs) and fixes the
    consultation to the revision that move froze. `on_schedule` records that the schedule made the move
    on `by`'s behalf.
    """
    consultation = _locked(consultation)
    _require_edit(by, consultation)
    error = transition_error(consultation.status, to_status)
    if error:
        raise ValidationError({"to_status": error})
    now = timezone.now()
    if to_status == Status.SCHEDULED:
        errors = _schedule_errors(consultation, now)
        if errors:
            raise ValidationError({"to_status": errors})
        consultation.scheduled_by = by
        consultation.schedule_problem = ""
    elif to_status == Status.SETUP:
        consultation.scheduled_by = None
    elif to_status == Status.OPEN:
        consultation.revision = _freeze_text(consultation, by=by)
        consultation.schedule_problem = ""
    _record(consultation, to_status=to_status, by=by, at=now, on_schedule=on_schedule)
    return consultation


def _freeze_text(consultation: Consultation, *, by):
    """The revision consulted on: frozen by moving the strategy to "in consultation"."""
    strategy = consultation.strategy
    if strategy.status == StrategyStatus.IN_CONSULTATION:
        # Already moved (by hand, before the portal ran consultations): consult on the revision it froze.
        return strategy.revisions.filter(status=StrategyStatus.IN_CONSULTATION).latest("number")
    errors = _schedule_errors(consultation, timezone.now())
    if errors:
        raise ValidationError({"to_status": errors})
    change = strategy_services.strategy_transition(
        strategy=strategy,
        to_status=StrategyStatus.IN_CONSULTATION,
        by=by,
        reason=f"The consultation “{consultation.title}” opened.",
        decision=consultation.decision,
    )
    return change.revision


def consultations_on_schedule(*, now: datetime | None = None) -> dict[str, int]:
    """
    Open the scheduled consultations whose opening time has come, and close the open ones whose closing
    time has passed (the beat job, every minute). Each move is made on behalf of the officer who scheduled
    it, under their rules at that moment: a consultation whose officer can no longer open it stays
    scheduled, with the reason shown to the board's officers. Each consultation moves in a transaction of
    its own, so one failure does not hold back the others.
    """
    now = now or timezone.now()
    opened = closed = failed = 0
    for consultation in Consultation.objects.filter(
        status=Status.SCHEDULED, opens_at__lte=now
    ).select_related("scheduled_by"):
        try:
            consultation_transition(
                consultation=consultation,
                to_status=Status.OPEN,
                by=consultation.scheduled_by,
                on_schedule=True,
            )
            opened += 1
        except (PermissionDenied, ValidationError) as error:
            failed += 1
            problem = _problem(error)
            log.warning("Consultation %s did not open on schedule: %s", consultation.pk, problem)
            Consultation.objects.filter(pk=consultation.pk).update(schedule_problem=problem[:500])
    for consultation in Consultation.objects.filter(status=Status.OPEN, closes_at__lte=now).select_related(
        "scheduled_by", "created_by"
    ):
        try:
            # Closing needs no one's authority but the clock's: it is what was announced to residents.
            with transaction.atomic():
                locked = _locked(consultation)
                if locked.status == Status.OPEN:
                    _record(
                        locked,
                        to_status=Status.CLOSED,
                        by=locked.scheduled_by or locked.created_by,
                        at=now,
                        on_schedule=True,
                    )
                    closed += 1
        except Exception:  # Logged; the next run tries again.
            failed += 1
            log.exception("Consultation %s did not close on schedule", consultation.pk)
    return {"opened": opened, "closed": closed, "failed": failed}


def _problem(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, PermissionDenied):
        return (
            "The officer who scheduled it may no longer open it. Another officer of the board needs to "
            "schedule it again."
        )
    return str(error)


# "You said, we did" and the consultation report, once closed (changes.py); respondents' personal data:
# the purge, subject access and erasure (privacy.py); coding comments with themes (coding.py); duplicates
# and campaigns, flagged, never deleted (duplicates.py, campaigns.py). Exported here, with every other
# service.
from .campaigns import campaign_review, campaigns_detect  # noqa: E402, F401
from .changes import (  # noqa: E402, F401
    change_add,
    change_delete,
    change_update,
    changes_reorder,
    report_publish,
    report_withdraw,
)
from .coding import comment_code, theme_create, theme_merge, theme_rename  # noqa: E402, F401
from .duplicates import response_mark_duplicate, response_unmark_duplicate  # noqa: E402, F401
from .privacy import (  # noqa: E402, F401
    personal_data_purge_due,
    respondent_erase,
    respondent_export,
)
from .quotes import comment_quote_withhold  # noqa: E402, F401
from .suggestions import suggestion_reject, suggestions_request  # noqa: E402, F401
