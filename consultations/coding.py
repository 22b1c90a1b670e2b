"""
Coding free-text comments with themes (docs/decisions/0019-coding-comments.md).

Officers read each comment, from responses on every channel and from events alike, and code it with
themes they make up as they go: several per comment, each theme of one priority or of the whole
consultation. Every officer's codes of a comment are theirs (unique comment, theme, coder), so that
coding a sample twice to check the frame can come later without changing the data. Coding starts once
the consultation has opened (there are comments then) and goes on after it closes.

The audit trail records theme names and which themes a comment was coded with, never the comment's text
(an immutable trail must not keep what a resident who asks to be erased wrote).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from core import audit
from core.constraints import save_validated
from core.models import AuditEntry

from . import permissions
from .models import (
    THEME_NAME_MAX,
    Change,
    Channel,
    Coding,
    Comment,
    Consultation,
    RespondentType,
    Status,
    Theme,
)

# Comments exist once a consultation has opened; coding goes on after it closes.
CODING_STATUSES = frozenset({Status.OPEN, Status.CLOSED})
# Themes a single comment may carry: enough for any real comment, a bound on a forged form.
THEMES_PER_COMMENT = 20
# "Respondent type" filter value for comments with no respondent type: event comments, and offline
# responses entered without one.
NOT_GIVEN = "not_given"


def _require_coding(by, consultation: Consultation) -> None:
    if not permissions.can_read_responses(by, consultation):
        raise PermissionDenied("Only the board's officers can code comments.")
    if consultation.status not in CODING_STATUSES:
        raise ValidationError(
            f"This consultation is {consultation.get_status_display().lower()}: comments are coded once it "
            "has opened."
        )


def _clean_name(name: str) -> str:
    name = " ".join(str(name).split())
    if not name:
        raise ValidationError({"name": "Enter a name for the theme"})
    if len(name) > THEME_NAME_MAX:
        raise ValidationError({"name": f"A theme's name must be {THEME_NAME_MAX} characters or fewer"})
    if "\x00" in name:  # PostgreSQL refuses it in text.
        raise ValidationError({"name": "A theme's name cannot contain null characters"})
    return name


def _check_priority(consultation: Consultation, priority_id: int | None) -> None:
    if priority_id is not None and priority_id not in {p["id"] for p in consultation.priorities()}:
        raise ValidationError({"priority_id": "Select a priority of the text consulted on"})


def _find(consultation: Consultation, name: str) -> Theme | None:
    return consultation.themes.filter(name__iexact=name).first()


@transaction.atomic
def theme_create(*, consultation: Consultation, by, name: str, priority_id: int | None = None) -> Theme:
    """A new theme, of one priority of the consulted text or (priority_id None) of the whole consultation."""
    _require_coding(by, consultation)
    name = _clean_name(name)
    _check_priority(consultation, priority_id)
    theme = Theme(consultation=consultation, name=name, priority_id=priority_id, created_by=by)
    theme.full_clean()
    save_validated(theme)
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.CREATED,
        scope=consultation.strategy,
        target=theme,
        changes={"theme": [None, name]},
    )
    return theme


@transaction.atomic
def theme_rename(*, theme: Theme, by, name: str) -> Theme:
    consultation = theme.consultation
    _require_coding(by, consultation)
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    name = _clean_name(name)
    old = theme.name
    if old == name:
        return theme
    theme.name = name
    theme.full_clean()
    save_validated(theme)
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATED,
        scope=consultation.strategy,
        target=theme,
        changes={"theme": [old, name]},
    )
    return theme


@transaction.atomic
def theme_merge(*, theme: Theme, into: Theme, by) -> Theme:
    """
    Fold `theme` into `into` (two names for one idea): its codes and the changes linked to it move
    across, and it is deleted.
    """
    consultation = theme.consultation
    _require_coding(by, consultation)
    if into.consultation_id != theme.consultation_id or into.pk == theme.pk:
        raise ValidationError({"into": "Select another theme of this consultation"})
    already = Coding.objects.filter(theme=into, comment=OuterRef("comment"), coder=OuterRef("coder"))
    moving = Coding.objects.filter(theme=theme)
    moved = moving.exclude(Exists(already)).update(theme=into)
    # "You said, we did" changes linked to the theme keep their link, to the theme it became.
    links = Change.themes.through.objects
    linked = links.filter(theme=theme).exclude(change__themes=into).values_list("change_id", flat=True)
    links.bulk_create([links.model(change_id=change_id, theme=into) for change_id in linked])
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=consultation.strategy,
        target=theme,
        changes={"theme": [theme.name, None], "merged_into": [None, into.name], "codes_moved": [0, moved]},
    )
    theme.delete()  # With the codes that `into` already had.
    return into


def theme_priority_for(comment: Comment) -> int | None:
    """The priority a theme made up while coding this comment belongs to: the comment's own, if one."""
    if comment.priority_id is not None:
        return comment.priority_id
    if len(comment.priorities) == 1:
        return comment.priorities[0]
    return None


@transaction.atomic
def comment_code(
    *, comment: Comment, by, themes: list[Theme], new_names: list[str] | tuple = ()
) -> list[Theme]:
    """
    Code a comment: `by`'s themes for it become `themes` plus the themes named in `new_names` (an
    existing theme, whatever its case, else a new one, of the comment's priority). Other officers' codes
    are left alone. Returns the comment's themes as `by` coded it, by name.
    """
    consultation = comment.consultation
    _require_coding(by, consultation)
    if any(theme.consultation_id != consultation.pk for theme in themes):
        raise ValidationError({"themes": "Select themes of this consultation"})
    chosen = {theme.pk: theme for theme in themes}
    created = []
    for raw in new_names:
        if not str(raw).strip():
            continue
        name = _clean_name(raw)
        theme = _find(consultation, name)
        if theme is None:
            theme = theme_create(
                consultation=consultation, by=by, name=name, priority_id=theme_priority_for(comment)
            )
            created.append(theme.name)
        chosen[theme.pk] = theme
    if len(chosen) > THEMES_PER_COMMENT:
        raise ValidationError({"themes": f"Code a comment with {THEMES_PER_COMMENT} themes or fewer"})
    # Lock the comment: two saves of the same coder's codes (two tabs) then replace, never interleave.
    Comment.objects.select_for_update().filter(pk=comment.pk).first()
    mine = Coding.objects.filter(comment=comment, coder=by)
    before = sorted(mine.values_list("theme__name", flat=True), key=str.casefold)
    mine.exclude(theme__in=list(chosen)).delete()
    have = set(mine.values_list("theme_id", flat=True))
    Coding.objects.bulk_create(
        [Coding(comment=comment, theme_id=pk, coder=by) for pk in chosen if pk not in have]
    )
    after = sorted((theme.name for theme in chosen.values()), key=str.casefold)
    if before != after:
        audit.audit_record(
            actor=by,
            action=AuditEntry.Action.UPDATED,
            scope=consultation.strategy,
            target=comment,
            changes={"themes": [before, after]},
        )
    return sorted(chosen.values(), key=lambda theme: theme.name.casefold())


# Reading: the comments to code, filtered, and the progress ------------------------------------------


@dataclass(frozen=True)
class CommentFilters:
    """Which comments to show: each filter is optional; together they narrow (and)."""

    theme: int | None = None
    priority: int | None = None
    channel: str = ""
    respondent_type: str = ""
    uncoded: bool = False
    # A second, blind coding: comments another officer has coded and the viewer has not.
    second: bool = False

    def __bool__(self) -> bool:
        return bool(
            self.theme or self.priority or self.channel or self.respondent_type or self.uncoded or self.second
        )


def is_coded() -> Exists:
    return Exists(Coding.objects.filter(comment=OuterRef("pk")))


def coded_by(user) -> Exists:
    return Exists(Coding.objects.filter(comment=OuterRef("pk"), coder=user))


def _event_priority_sets(consultation: Consultation) -> list[list[int]]:
    """The distinct sets of priorities event comments speak to: few, whatever the number of comments."""
    return list(
        consultation.comments.filter(event__isnull=False)
        .order_by()
        .values_list("priorities", flat=True)
        .distinct()
    )


def about_priority(consultation: Consultation, priority_id: int) -> Q:
    """
    Comments about one priority: a response's comment on it, or an event comment speaking to it among
    others. Event comments are matched on their exact sets of priorities (found first), which every
    database can compare, rather than by looking inside JSON, which SQLite cannot.
    """
    sets = [chosen for chosen in _event_priority_sets(consultation) if priority_id in (chosen or [])]
    query = Q(priority_id=priority_id)
    for chosen in sets:
        query |= Q(event__isnull=False, priorities=chosen)
    return query


def comments_to_code(consultation: Consultation, filters: CommentFilters, user=None) -> QuerySet:
    """
    The comments listed for coding, each with `coded`: whether anyone has coded it, or, in a second
    coding (`filters.second`, for `user`), whether `user` has.
    """
    comments = consultation.comments.counted()
    if filters.second and user is not None:
        others = Exists(Coding.objects.filter(comment=OuterRef("pk")).exclude(coder=user))
        comments = comments.filter(others).annotate(coded=coded_by(user))
        comments = comments.filter(coded=False)
    else:
        comments = comments.annotate(coded=is_coded())
    if filters.theme:
        comments = comments.filter(Exists(Coding.objects.filter(comment=OuterRef("pk"), theme=filters.theme)))
    if filters.priority:
        comments = comments.filter(about_priority(consultation, filters.priority))
    if filters.channel == Channel.EVENT:
        comments = comments.filter(Q(event__isnull=False) | Q(response__channel=Channel.EVENT))
    elif filters.channel:
        comments = comments.filter(response__channel=filters.channel)
    if filters.respondent_type == NOT_GIVEN:
        comments = comments.filter(Q(event__isnull=False) | Q(response__respondent_type=""))
    elif filters.respondent_type in RespondentType.values:
        comments = comments.filter(response__respondent_type=filters.respondent_type)
    if filters.uncoded:
        comments = comments.filter(coded=False)
    return comments.select_related("response", "event", "question").order_by("pk")


@dataclass(frozen=True)
class Share:
    label: str
    coded: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.coded / self.total) if self.total else 0


@dataclass(frozen=True)
class Progress:
    overall: Share
    priorities: list[Share]


def coding_progress(consultation: Consultation) -> Progress:
    """
    The share of comments coded (with at least one theme, by anyone), overall and per priority, counted
    in the database: two grouped queries whatever the number of comments. A response's comment counts
    for its priority; an event comment for each priority it speaks to (its rows are grouped by their set
    of priorities, which are few).
    """
    comments = consultation.comments.counted().annotate(coded=is_coded())
    by_priority = {
        row["priority_id"]: row
        for row in comments.filter(event__isnull=True)
        .order_by()
        .values("priority_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(coded=True)))
    }
    by_set = list(
        comments.filter(event__isnull=False)
        .order_by()
        .values("priorities")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(coded=True)))
    )
    total = sum(row["total"] for row in by_priority.values()) + sum(row["total"] for row in by_set)
    done = sum(row["done"] for row in by_priority.values()) + sum(row["done"] for row in by_set)
    shares = []
    for priority in consultation.priorities():
        row = by_priority.get(priority["id"], {"total": 0, "done": 0})
        events = [other for other in by_set if priority["id"] in (other["priorities"] or [])]
        shares.append(
            Share(
                label=priority["title"],
                coded=row["done"] + sum(other["done"] for other in events),
                total=row["total"] + sum(other["total"] for other in events),
            )
        )
    return Progress(overall=Share(label="All comments", coded=done, total=total), priorities=shares)


def themes_for(consultation: Consultation) -> QuerySet:
    return consultation.themes.order_by(Lower("name"), "pk")
