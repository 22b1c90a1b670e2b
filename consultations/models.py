"""
Public consultations on a strategy's draft (docs/decisions/0013-consultations.md).

A consultation is set up on a draft strategy and, when it opens, is fixed to the revision frozen by the
strategy's move to "in consultation": the exact text residents answer about. Its survey asks, for each
priority of that revision, how far the respondent agrees and why; plus the officer's general questions,
who they are responding as, and optionally the equality monitoring questions. Every channel (online,
paper, email, phone, event) lands in one set of responses. What a respondent says is kept apart from
who they are: Respondent holds the personal data, and is purged when the retention period ends.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from boards import permissions as board_permissions
from boards.models import Board, Decision
from core.constraints import ConstraintErrorsOnFields
from core.models import ImmutableModel
from core.validators import web_address_name
from strategies.models import Revision, Strategy

VERSION_HELP = "Counts the saves of its text; an edit form sends the version it was loaded from."
# A comment box holds about two pages of text; longer is refused with a message, never cut.
COMMENT_MAX = 5000


class Status(models.TextChoices):
    SETUP = "setup", "Being set up"
    SCHEDULED = "scheduled", "Scheduled"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


# Each allowed move, and the words for it on buttons. Opening and closing also happen by themselves at
# the times set (consultations.tasks.consultations_on_schedule).
TRANSITIONS: dict[str, dict[str, str]] = {
    Status.SETUP: {Status.SCHEDULED: "Schedule the consultation"},
    Status.SCHEDULED: {Status.SETUP: "Stop the schedule and change the set-up", Status.OPEN: "Open it now"},
    Status.OPEN: {Status.CLOSED: "Close it now"},
    Status.CLOSED: {},
}
# The survey and set-up can change only before anyone can answer.
EDITABLE_STATUSES = frozenset({Status.SETUP})
# Residents may read these consultations' pages; one being set up or scheduled is private.
PUBLIC_STATUSES = frozenset({Status.OPEN, Status.CLOSED})


def transition_error(current: str, target: str) -> str | None:
    """Why a consultation `current` may not move to `target`, or None if it may."""
    if target not in Status.values:
        return f"“{target}” is not a consultation status."
    if target in TRANSITIONS[current]:
        return None
    if current == target:
        return f"The consultation is already {Status(current).label.lower()}."
    now, then = Status(current).label.lower(), Status(target).label.lower()
    return f"A consultation that is {now} cannot become {then}."


class Channel(models.TextChoices):
    ONLINE = "online", "Online"
    PAPER = "paper", "Paper"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    EVENT = "event", "Event"


# The channels an officer enters on residents' behalf.
OFFLINE_CHANNELS = (Channel.PAPER, Channel.EMAIL, Channel.PHONE, Channel.EVENT)


class RespondentType(models.TextChoices):
    RESIDENT = "resident", "A resident"
    COUNCILLOR = "councillor", "A councillor"
    HEALTH_PROFESSIONAL = "health_professional", "A health professional"
    CARE_PROFESSIONAL = "care_professional", "A care professional"
    ORGANISATION = "organisation", "On behalf of an organisation"
    OTHER = "other", "Other"


class Agreement(models.IntegerChoices):
    STRONGLY_AGREE = 5, "Strongly agree"
    AGREE = 4, "Agree"
    NEITHER = 3, "Neither agree nor disagree"
    DISAGREE = 2, "Disagree"
    STRONGLY_DISAGREE = 1, "Strongly disagree"


class ConsultationQuerySet(models.QuerySet):
    def public(self) -> "ConsultationQuerySet":
        return self.filter(status__in=PUBLIC_STATUSES)

    def open(self) -> "ConsultationQuerySet":
        return self.filter(status=Status.OPEN)

    def visible_to(self, user) -> "ConsultationQuerySet":
        return self.filter(Q(status__in=PUBLIC_STATUSES) | board_permissions.private_readable_q(user))

    def private_to(self, user) -> "ConsultationQuerySet":
        """Consultations of the boards whose unpublished content the user may read (any status)."""
        return self.filter(board_permissions.private_readable_q(user))

    def editable_by(self, user) -> "ConsultationQuerySet":
        return self.filter(board_permissions.editable_q(user))


class Consultation(ConstraintErrorsOnFields, models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="consultations")
    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="consultations")
    # Set when it opens: the revision frozen by the strategy's move to "in consultation".
    revision = models.OneToOneField(
        Revision, null=True, blank=True, on_delete=models.PROTECT, related_name="consultation", editable=False
    )
    title = models.CharField(max_length=200)
    slug = models.CharField(
        "web address name",
        max_length=100,
        validators=[web_address_name("draft-strategy-2022")],
        help_text="Part of the web address: lower-case letters, numbers and hyphens.",
    )
    opens_at = models.DateTimeField("opens")
    closes_at = models.DateTimeField("closes")
    introduction = models.TextField(
        blank=True, max_length=10000, help_text="Markdown: why the Board is consulting and what happens next."
    )
    other_ways = models.TextField(
        "other ways to respond",
        blank=True,
        max_length=3000,
        help_text="How to ask for a paper copy, or to respond by post, email or phone. Markdown.",
    )
    privacy_notice = models.TextField(
        max_length=10000, help_text="Markdown. Shown before the first question."
    )
    retention_months = models.PositiveSmallIntegerField(
        "keep personal data for (months after closing)",
        default=12,
        validators=[
            MinValueValidator(1, message="Keep personal data for at least 1 month"),
            MaxValueValidator(120, message="Keep personal data for 120 months (10 years) or fewer"),
        ],
    )
    report_expected = models.DateField(
        "report expected", null=True, blank=True, help_text="When residents can expect the report."
    )
    ask_equality = models.BooleanField(
        "ask the equality monitoring questions",
        default=True,
        help_text="Optional questions following the ONS harmonised standards, each with “Prefer not to say”.",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name="Board decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text="The Board's decision to consult on this draft, where one is recorded.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.SETUP, editable=False)
    # Why it did not open on schedule (the scheduling officer lost their role, say); shown to officers.
    schedule_problem = models.CharField(max_length=500, blank=True, editable=False)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # The consultation report (consultations/report.py) is public from this moment; empty: not (yet).
    report_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    report_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "slug"],
                name="consultation_slug_unique_per_board",
                violation_error_code="slug_taken",
                violation_error_message="Another consultation of this board already uses this web address "
                "name. Choose another",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
                violation_error_code="period_order",
                violation_error_message="The closing date must be after the opening date",
            ),
            models.UniqueConstraint(
                fields=["strategy"],
                condition=~Q(status="closed"),
                name="consultation_one_at_a_time",
                violation_error_code="one_at_a_time",
                violation_error_message="This strategy already has a consultation that has not closed",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="consultation_status_valid"),
            models.CheckConstraint(condition=~Q(title=""), name="consultation_title_not_empty"),
            models.CheckConstraint(
                condition=Q(revision__isnull=True) | ~Q(status__in=[Status.SETUP, Status.SCHEDULED]),
                name="consultation_revision_once_open",
            ),
        ]

    constraint_error_fields = {"slug_taken": "slug", "period_order": "closes_at", "one_at_a_time": "strategy"}

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:detail", kwargs={"board_slug": self.board.slug, "slug": self.slug})

    def get_manage_url(self):
        return reverse("consultations:manage", kwargs={"pk": self.pk})

    def clean(self):
        if (
            self.strategy_id is not None
            and self.board_id is not None
            and self.strategy.board_id != self.board_id
        ):
            raise ValidationError({"strategy": "The strategy must be one of this board's"})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def report_is_published(self) -> bool:
        return self.report_published_at is not None

    def get_report_url(self):
        return reverse("consultations:report", kwargs={"board_slug": self.board.slug, "slug": self.slug})

    def allowed_transitions(self) -> dict[str, str]:
        return dict(TRANSITIONS[self.status])

    def text(self) -> dict:
        """The text consulted on: the frozen revision once open, the live draft before (a preview)."""
        if self.revision_id is not None:
            return self.revision.snapshot
        return self.strategy.snapshot()

    def domains(self) -> list[dict]:
        return self.text()["domains"]

    def priorities(self) -> list[dict]:
        return [priority for domain in self.domains() for priority in domain["priorities"]]


class StatusChange(ImmutableModel):
    """One move of a consultation: who (or the schedule), when. Never changed."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status)
    to_status = models.CharField(max_length=20, choices=Status)
    on_schedule = models.BooleanField(default=False, help_text="Made by the schedule, on behalf of `by`.")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["consultation", "at", "pk"]
        verbose_name = "consultation status change"
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=Status.values) & Q(to_status__in=Status.values),
                name="consultation_statuschange_valid",
            ),
        ]

    def __str__(self):
        return f"{self.consultation}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class Question(models.Model):
    """A general question of the survey, asked after the priorities."""

    class Kind(models.TextChoices):
        TEXT = "text", "Free text"
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.TEXT)
    text = models.CharField("question", max_length=300)
    hint = models.CharField(max_length=500, blank=True)
    options = models.JSONField(
        default=list, blank=True, help_text="The choices offered, in order (choice questions only)."
    )
    required = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="question_text_not_empty"),
            models.CheckConstraint(
                condition=Q(kind__in=["text", "single", "multiple"]), name="question_kind_valid"
            ),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        options = [str(option).strip() for option in self.options or []]
        if self.kind == self.Kind.TEXT:
            self.options = []
            return
        if len([option for option in options if option]) < 2:
            raise ValidationError({"options": "Give at least 2 choices, one on each line"})
        if len(set(option.casefold() for option in options)) != len(options):
            raise ValidationError({"options": "Each choice must be different"})
        if any(len(option) > 200 for option in options):
            raise ValidationError({"options": "Each choice must be 200 characters or fewer"})
        if len(options) > 30:
            raise ValidationError({"options": "Offer 30 choices or fewer"})
        self.options = options


def new_reference() -> str:
    """A reference a resident can read out on the phone: 8 characters, no 0/O or 1/I to confuse."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    code = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


class ResponseQuerySet(models.QuerySet):
    def submitted(self) -> "ResponseQuerySet":
        return self.filter(submitted_at__isnull=False)


class Response(models.Model):
    """
    One person's or organisation's answers, from any channel. An online response is saved page by page
    while it is started (`submitted_at` empty), and counts once submitted. Personal data is apart, in
    Respondent.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="responses")
    reference = models.CharField(max_length=9, unique=True, default=new_reference, editable=False)
    channel = models.CharField(max_length=10, choices=Channel, default=Channel.ONLINE)
    received_on = models.DateField("date received", null=True, blank=True)
    respondent_type = models.CharField("responding as", max_length=30, choices=RespondentType, blank=True)
    organisation = models.CharField("organisation name", max_length=200, blank=True)
    respondent_type_other = models.CharField("responding as (other)", max_length=200, blank=True)
    # The equality monitoring answers as given (the label shown), keyed by question: kept as they were
    # asked at the time of the response, whatever the questions become later.
    equality = models.JSONField(default=dict, blank=True)
    # A started online response is found again by this secret (in the session, or a resume link).
    resume_key = models.CharField(max_length=43, unique=True, default=secrets.token_urlsafe, editable=False)
    # The one-time key of the form that created it: a resubmitted form finds this response again.
    form_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    event = models.ForeignKey(
        "Event", null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "submitted_at", "pk"]
        indexes = [models.Index(fields=["consultation", "submitted_at"], name="response_submitted")]
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="response_channel_valid"),
            models.CheckConstraint(
                condition=Q(channel="online") | Q(received_on__isnull=False),
                name="response_offline_received_on",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def responding_as(self) -> str:
        if self.respondent_type == RespondentType.ORGANISATION and self.organisation:
            return f"On behalf of {self.organisation}"
        if self.respondent_type == RespondentType.OTHER and self.respondent_type_other:
            return self.respondent_type_other
        return self.get_respondent_type_display()


class PriorityAnswer(models.Model):
    """How far the respondent agrees with one priority of the consulted revision (ids from its snapshot)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="priority_answers")
    priority_id = models.PositiveIntegerField()
    agreement = models.PositiveSmallIntegerField(choices=Agreement, null=True, blank=True)

    class Meta:
        # Also carries the agreement, so that counting a consultation's answers reads them from the index
        # alone, by response (consultations.analysis). A plain index, not the unique constraint's INCLUDE:
        # SQLite (make run's default) has no INCLUDE and would then drop the uniqueness itself.
        indexes = [
            models.Index(fields=["response", "priority_id", "agreement"], name="priorityanswer_counts")
        ]
        constraints = [
            models.UniqueConstraint(fields=["response", "priority_id"], name="priorityanswer_once"),
            models.CheckConstraint(
                condition=Q(agreement__isnull=True) | Q(agreement__gte=1, agreement__lte=5),
                name="priorityanswer_agreement_valid",
            ),
        ]

    def __str__(self):
        return f"{self.response}: priority {self.priority_id}"


class Choice(models.Model):
    """One option a respondent chose for a choice question: one row each, so results count options."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="choices")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="choices")
    option = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question", "option"], name="choice_once"),
        ]

    def __str__(self):
        return self.option


class Comment(models.Model):
    """
    Free text, whatever its source: a response's comment on a priority or answer to a text question, or a
    comment captured at an event (which may speak to several priorities). One table, so every comment is
    coded, filtered and reported the same way.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="comments")
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    event = models.ForeignKey(
        "Event", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    priority_id = models.PositiveIntegerField(null=True, blank=True)
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    # The priorities an event comment speaks to (snapshot ids); a response's comment has its one priority_id.
    priorities = models.JSONField(default=list, blank=True)
    text = models.TextField(max_length=COMMENT_MAX)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["consultation", "priority_id"], name="comment_priority")]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="comment_not_empty"),
            models.CheckConstraint(
                condition=Q(response__isnull=False, event__isnull=True)
                | Q(response__isnull=True, event__isnull=False),
                name="comment_from_response_or_event",
            ),
            models.UniqueConstraint(
                fields=["response", "priority_id"],
                condition=Q(response__isnull=False, priority_id__isnull=False),
                name="comment_once_per_priority",
            ),
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(response__isnull=False, question__isnull=False),
                name="comment_once_per_question",
            ),
        ]

    def __str__(self):
        return self.text[:60]


class Respondent(models.Model):
    """
    Who a respondent is, apart from what they said: an email address (for a confirmation, a resume link,
    updates if they consent), a name, an organisation's contact. Deleted when the consultation's retention
    period ends, or on request; the response's anonymous answers stay.
    """

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="respondent")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField("email address", blank=True)
    contact = models.CharField("organisation contact details", max_length=500, blank=True)
    wants_updates = models.BooleanField(
        "send me updates", default=False, help_text="Consent to hear how the work progresses."
    )
    consented_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(wants_updates=False) | (~Q(email="") & Q(consented_at__isnull=False)),
                name="respondent_updates_need_email_and_consent",
            ),
        ]

    def __str__(self):
        return f"Respondent to {self.response.reference}"


class Event(models.Model):
    """An engagement event: a drop-in, workshop, or presentation at a partnership meeting."""

    class Kind(models.TextChoices):
        DROP_IN = "drop_in", "Drop-in"
        WORKSHOP = "workshop", "Workshop"
        PRESENTATION = "presentation", "Presentation at a meeting"
        OTHER = "other", "Other"

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.DROP_IN)
    title = models.CharField(max_length=200)
    held_on = models.DateField("date")
    place = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True, help_text="Who held or hosted it.")
    people_reached = models.PositiveIntegerField(default=0)
    notes = models.TextField(blank=True, max_length=10000)

    class Meta:
        ordering = ["held_on", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="event_title_not_empty")]

    def __str__(self):
        return self.title


EMAIL_KINDS = ["confirmation", "resume_link", "subscription", "report_published", "strategy_published"]


class Email(models.Model):
    """
    One email to a respondent (their confirmation, a link to come back to their response), recorded
    before it is sent and marked once it is, so that the task sending it, retried or delivered twice,
    sends it once. It holds no address and no text: the address is read from the Respondent when
    sending (an erased respondent is never written to), the text rendered from templates.
    """

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", "Confirmation of a response"
        RESUME_LINK = "resume_link", "Link to come back to a response"
        # To subscribers (Subscriber): the double opt-in, then the news they asked for.
        SUBSCRIPTION = "subscription", "Link to confirm a subscription"
        REPORT_PUBLISHED = "report_published", "The consultation report is published"
        STRATEGY_PUBLISHED = "strategy_published", "The final strategy is published"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        NOT_SENT = "not_sent", "Not sent: no address to send it to"
        FAILED = "failed", "Failed"

    # What makes it this email and no other: a confirmation's response, a resume form's one-time key.
    key = models.CharField(max_length=100, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind, editable=False)
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.CASCADE, related_name="emails", editable=False
    )
    subscriber = models.ForeignKey(
        "Subscriber", null=True, blank=True, on_delete=models.CASCADE, related_name="emails", editable=False
    )
    state = models.CharField(max_length=10, choices=State, default=State.PENDING, editable=False)
    # Why it failed, as the error's type: an SMTP server's message may quote the address.
    failure = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "email to a respondent"
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EMAIL_KINDS), name="email_kind_valid"),
            models.CheckConstraint(
                condition=Q(response__isnull=False, subscriber__isnull=True)
                | Q(response__isnull=True, subscriber__isnull=False),
                name="email_to_respondent_or_subscriber",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sent", "not_sent", "failed"]), name="email_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state="sent", sent_at__isnull=False) | ~Q(state="sent"), name="email_sent_at_set"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.key})"


class Subscriber(models.Model):
    """
    Someone who asked to hear when a consultation's report, or a strategy's final version, is
    published. Double opt-in: nothing but the confirmation link is sent until they confirm. Their
    address is their own consent's, apart from any response; unsubscribing keeps the row (so that a
    notification queued meanwhile is not sent) and blanks the address.
    """

    consultation = models.ForeignKey(
        Consultation, null=True, blank=True, on_delete=models.CASCADE, related_name="subscribers"
    )
    strategy = models.ForeignKey(
        Strategy, null=True, blank=True, on_delete=models.CASCADE, related_name="subscribers"
    )
    email = models.EmailField("email address", blank=True)
    # The secret in their links (signed as well: consultations.subscribers.signed_token).
    token = models.CharField(max_length=43, unique=True, default=secrets.token_urlsafe, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consultation__isnull=False, strategy__isnull=True)
                | Q(consultation__isnull=True, strategy__isnull=False),
                name="subscriber_one_scope",
            ),
            models.CheckConstraint(
                condition=Q(unsubscribed_at__isnull=False) | ~Q(email=""),
                name="subscriber_email_until_unsubscribed",
            ),
            models.UniqueConstraint(
                fields=["consultation", "email"],
                condition=Q(unsubscribed_at__isnull=True, consultation__isnull=False),
                name="subscriber_once_per_consultation",
            ),
            models.UniqueConstraint(
                fields=["strategy", "email"],
                condition=Q(unsubscribed_at__isnull=True, strategy__isnull=False),
                name="subscriber_once_per_strategy",
            ),
        ]

    def __str__(self):
        return f"Subscriber {self.pk} to {self.consultation or self.strategy}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Change(models.Model):
    """
    "You said, we did": one change made to the strategy because of what residents said, with the
    comments behind it as evidence, and the priority of the consulted revision it changed (a snapshot id,
    as PriorityAnswer's), or none for a change to the whole strategy. Recorded once the consultation has
    closed, in the order the report shows them.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="changes")
    priority_id = models.PositiveIntegerField(null=True, blank=True)
    you_said = models.TextField("you said", max_length=3000, help_text="What residents told the Board.")
    we_did = models.TextField("we did", max_length=3000, help_text="What the Board changed because of it.")
    comments = models.ManyToManyField(Comment, blank=True, related_name="changes")
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["consultation", "position", "pk"]
        verbose_name = "“you said, we did” change"
        constraints = [
            models.CheckConstraint(condition=~Q(you_said=""), name="change_you_said_not_empty"),
            models.CheckConstraint(condition=~Q(we_did=""), name="change_we_did_not_empty"),
        ]

    def __str__(self):
        return self.we_did[:60]

    def priority_title(self, priorities: dict[int, dict] | None = None) -> str:
        """The changed priority's title in the consulted text, or "The whole strategy"."""
        if self.priority_id is None:
            return "The whole strategy"
        if priorities is None:
            priorities = {priority["id"]: priority for priority in self.consultation.priorities()}
        priority = priorities.get(self.priority_id)
        return priority["title"] if priority else "A priority no longer in the consulted text"


# Coding free-text comments with themes (docs/decisions/0019-coding-comments.md).

THEME_NAME_MAX = 100


class Theme(ConstraintErrorsOnFields, models.Model):
    """
    A theme officers code comments with, made up as they read (on the fly, from the coding screen). It may
    belong to one priority of the consulted text (a snapshot id), or to none: a theme of the whole
    consultation. Names are unique within a consultation whatever their case: "Transport" and "transport"
    are one theme.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="themes")
    name = models.CharField(max_length=THEME_NAME_MAX)
    priority_id = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = [models.functions.Lower("name"), "pk"]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("name"),
                "consultation",
                name="theme_name_unique_per_consultation",
                violation_error_code="theme_taken",
                violation_error_message="This consultation already has a theme with this name",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="theme_name_not_empty"),
        ]

    constraint_error_fields = {"theme_taken": "name"}

    def __str__(self):
        return self.name


class Coding(models.Model):
    """One officer's coding of one comment with one theme. An officer's codes of a comment change together."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="codings")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="codings")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["comment", "theme", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "theme", "coder"], name="coding_once"),
        ]
        indexes = [models.Index(fields=["theme", "comment"], name="coding_theme")]

    def __str__(self):
        return f"{self.comment_id}: {self.theme}"
