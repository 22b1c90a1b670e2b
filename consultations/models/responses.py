"""What respondents say, on every channel: responses, their answers and comments, who they are, events."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .consultation import Consultation, Question

# A comment box holds about two pages of text; longer is refused with a message, never cut.
COMMENT_MAX = 5000


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


def new_reference() -> str:
    """A reference a resident can read out on the phone: 8 characters, no 0/O or 1/I to confuse."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    code = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


# A reason for marking a response as a duplicate: a sentence or two.
DUPLICATE_REASON_MAX = 500


class ResponseQuerySet(models.QuerySet):
    def submitted(self) -> "ResponseQuerySet":
        return self.filter(submitted_at__isnull=False)

    def counted(self) -> "ResponseQuerySet":
        """The responses every figure counts: submitted, and not marked as a duplicate of another."""
        return self.filter(submitted_at__isnull=False, duplicate_marked_at__isnull=True)


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
    # Marked by an officer as a duplicate (docs/decisions/0020): kept, shown in the export, never counted.
    # The response it duplicates is optional (the officer may not know which one); the reason is not.
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    duplicate_reason = models.CharField(max_length=DUPLICATE_REASON_MAX, blank=True)
    duplicate_marked_at = models.DateTimeField(null=True, blank=True, editable=False)
    duplicate_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

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
            # Marked with a reason, or not marked at all: never a mark without its reason, nor a leftover.
            models.CheckConstraint(
                condition=Q(duplicate_marked_at__isnull=False) & ~Q(duplicate_reason="")
                | Q(duplicate_marked_at__isnull=True, duplicate_reason="", duplicate_of__isnull=True),
                name="response_duplicate_has_reason",
            ),
            models.CheckConstraint(condition=~Q(duplicate_of=F("pk")), name="response_not_own_duplicate"),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_marked_at is not None

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


class CommentQuerySet(models.QuerySet):
    def counted(self) -> "CommentQuerySet":
        """
        The comments analysed: those of counted responses (submitted, not duplicates), and every event
        comment.
        """
        return self.filter(
            Q(event__isnull=False)
            | Q(response__submitted_at__isnull=False, response__duplicate_marked_at__isnull=True)
        )


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
    # An officer's choice that the report never quotes it (a name, a detail that could point at someone):
    # it is still counted and coded. consultations/quotes.py.
    quote_withheld = models.BooleanField("never quoted in the report", default=False, editable=False)

    objects = CommentQuerySet.as_manager()

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
        # Never the text: this is what the audit trail keeps of a coded comment (its target), and an
        # immutable trail must not keep what a resident who later asks to be erased wrote.
        return f"Comment {self.pk}"


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
