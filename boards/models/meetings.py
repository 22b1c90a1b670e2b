"""
The Board's business: meetings, their agendas and papers, who attended, declarations of interest,
minutes and decisions (docs/decisions/0022-meetings-in-boards.md).

A meeting's agenda is published, and then supplemented: each publication is an AgendaPublication
(0 for the agenda, 1, 2... for supplementary agendas) with packs of its own. Items keep the number they
were published with, whatever happens later (reordering, an exempt item made public).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone

from .board import Board, Membership, Organisation


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


# The moves a meeting may make; anything else is refused (meeting_transition_error).
MEETING_TRANSITIONS: dict[str, dict[str, str]] = {
    MeetingStatus.SCHEDULED: {
        MeetingStatus.HELD: "Record that it was held",
        MeetingStatus.CANCELLED: "Cancel",
    },
    MeetingStatus.CANCELLED: {MeetingStatus.SCHEDULED: "Reinstate"},
    MeetingStatus.HELD: {},
}


def meeting_transition_error(current: str, target: str) -> str | None:
    """None when a meeting may move from `current` to `target`; otherwise why not, in a sentence."""
    if target in MEETING_TRANSITIONS[current]:
        return None
    if current == target:
        return f"The meeting is already {MeetingStatus(current).label.lower()}."
    if current == MeetingStatus.HELD:
        return "The meeting has been held: its status cannot change."
    return (
        f"A {MeetingStatus(current).label.lower()} meeting cannot be marked "
        f"{MeetingStatus(target).label.lower()}."
    )


class Meeting(models.Model):
    """A Board meeting: when and where, its status, its agenda (items), attendance and minutes."""

    Status = MeetingStatus

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Leave blank for the board's name; e.g. “Extraordinary meeting”.",
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(blank=True, help_text="A link to join or watch online.")
    status = models.CharField(max_length=10, choices=Status, default=Status.SCHEDULED)
    cancelled_reason = models.TextField(blank=True)
    quorum = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The board's quorum when the meeting was recorded as held: a later change leaves it be.",
    )
    # iCalendar: bumped on every change a calendar should pick up (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(db_default=Now())
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["scheduled", "held", "cancelled"]), name="meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancelled_reason=""),
                name="meeting_cancelled_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {timezone.localtime(self.starts_at):%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("boards:meeting", kwargs={"board_slug": self.board.slug, "pk": self.pk})

    @property
    def name(self) -> str:
        return self.title or self.board.name

    def transition_error(self, target: str) -> str | None:
        return meeting_transition_error(self.status, target)


class AgendaPublication(models.Model):
    """
    One publication of a meeting's agenda: number 0 is the agenda, 1, 2... supplementary agendas, each
    with the items first published in it and packs of its own. Never changed once made.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="publications")
    number = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The last moment that met the five clear working days' notice (Local Government Act 1972 s.100B),
    # as it was when published: a late publication says so for ever, whatever the meeting's date later.
    deadline = models.DateTimeField()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agendapublication_number_unique"),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.label}"

    @property
    def label(self) -> str:
        return "Agenda" if self.number == 0 else f"Supplementary agenda {self.number}"

    @property
    def late(self) -> bool:
        return self.published_at > self.deadline


class Purpose(models.TextChoices):
    DECISION = "decision", "For decision"
    INFORMATION = "information", "For information"
    DISCUSSION = "discussion", "For discussion"


# Local Government Act 1972, Schedule 12A, Part 1: the descriptions of exempt information.
EXEMPT_PARAGRAPHS = {
    1: "Information relating to any individual.",
    2: "Information which is likely to reveal the identity of an individual.",
    3: "Information relating to the financial or business affairs of any particular person "
    "(including the authority holding that information).",
    4: "Information relating to any consultations or negotiations, or contemplated consultations or "
    "negotiations, in connection with any labour relations matter arising between the authority or a "
    "Minister of the Crown and employees of, or office holders under, the authority.",
    5: "Information in respect of which a claim to legal professional privilege could be maintained in "
    "legal proceedings.",
    6: "Information which reveals that the authority proposes (a) to give under any enactment a notice under "
    "or by virtue of which requirements are imposed on a person; or (b) to make an order or direction "
    "under any enactment.",
    7: "Information relating to any action taken or to be taken in connection with the prevention, "
    "investigation or prosecution of crime.",
}


class AgendaItem(models.Model):
    """
    A numbered item of a meeting's agenda. `number` is what the agenda prints; it follows `position` until
    the item is published and never changes after. An exempt item (Schedule 12A) is listed publicly by
    number and title; its papers, minutes and declarations are for the board's members only.
    """

    Purpose = Purpose

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    number = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    lead_name = models.CharField("Lead", max_length=200, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(max_length=12, choices=Purpose, default=Purpose.INFORMATION)
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=sorted(EXEMPT_PARAGRAPHS.items()), help_text="Schedule 12A paragraph."
    )
    made_public_at = models.DateTimeField(null=True, blank=True)
    publication = models.ForeignKey(
        AgendaPublication, null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    minutes = models.TextField(blank=True, help_text="Markdown.")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(db_default=Now())
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agendaitem_number_unique"),
            models.CheckConstraint(
                condition=Q(exempt_paragraph__isnull=True)
                | Q(exempt_paragraph__gte=1, exempt_paragraph__lte=7),
                name="agendaitem_exempt_paragraph_valid",
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=["decision", "information", "discussion"]),
                name="agendaitem_purpose_valid",
            ),
        ]

    def __str__(self):
        return f"Item {self.number}: {self.title}"

    @property
    def exempt(self) -> bool:
        return self.exempt_paragraph is not None

    @property
    def exemption(self) -> str:
        """How the public agenda cites the exemption."""
        if not self.exempt:
            return ""
        return (
            f"Exempt under paragraph {self.exempt_paragraph} of Part 1 of Schedule 12A to the "
            "Local Government Act 1972"
        )

    @property
    def late(self) -> bool:
        """Added after the agenda was first published (it is in a supplementary agenda)."""
        return self.publication is not None and self.publication.number > 0


class Paper(models.Model):
    """
    An item's report or an appendix: an uploaded PDF, or a document the portal produces (a strategy
    revision's PDF, a consultation report) included as its latest version when the pack is made.
    """

    class Role(models.TextChoices):
        REPORT = "report", "Report"
        APPENDIX = "appendix", "Appendix"

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="papers")
    role = models.CharField(max_length=10, choices=Role, default=Role.REPORT)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to="boards/papers/%Y/", blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    tagged = models.BooleanField(default=False)
    document = models.ForeignKey(
        "core.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="board_papers"
    )
    created_at = models.DateTimeField(db_default=Now())
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["item", "position", "pk"]
        constraints = [
            # An upload or a portal document: exactly one.
            models.CheckConstraint(
                condition=(~Q(file="") & Q(document__isnull=True)) | (Q(file="") & Q(document__isnull=False)),
                name="paper_file_or_document",
            ),
            models.CheckConstraint(condition=Q(role__in=["report", "appendix"]), name="paper_role_valid"),
        ]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """
    Who was at a meeting: a member (present, apologies, absent), a substitute for a member, or someone in
    attendance (an officer presenting an item). A substitute present for a voting member counts towards
    the quorum in their place.
    """

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        IN_ATTENDANCE = "in_attendance", "In attendance"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="attendance"
    )
    name = models.CharField(max_length=200, blank=True, help_text="For someone who is not a member.")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=15, choices=Status)
    substitute_for = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="substituted_by"
    )

    class Meta:
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                condition=Q(membership__isnull=False),
                name="attendance_member_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "substitute_for"],
                condition=Q(substitute_for__isnull=False),
                name="attendance_one_substitute_per_member",
            ),
            # A member is named by their membership; anyone else by name.
            models.CheckConstraint(
                condition=Q(membership__isnull=False) | ~Q(name=""), name="attendance_member_or_name"
            ),
            # A substitute stands in for a member who is not there: they are present.
            models.CheckConstraint(
                condition=Q(substitute_for__isnull=True) | Q(status="present"),
                name="attendance_substitute_present",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["present", "apologies", "absent", "in_attendance"]),
                name="attendance_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"

    @property
    def person(self) -> str:
        return self.membership.name if self.membership_id else self.name


class Declaration(models.Model):
    """A member's declaration of interest in an agenda item, as minuted."""

    class Interest(models.TextChoices):
        PECUNIARY = "pecuniary", "Disclosable pecuniary interest"
        REGISTRABLE = "registrable", "Other registrable interest"
        NON_REGISTRABLE = "non_registrable", "Non-registrable interest"

    class Action(models.TextChoices):
        LEFT = "left", "Left the meeting for the item"
        NO_PART = "no_part", "Took no part in the discussion or vote"
        SPOKE = "spoke", "Spoke but did not vote"
        REMAINED = "remained", "Remained and took part"

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="declarations")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="declarations")
    interest = models.CharField(max_length=16, choices=Interest)
    description = models.TextField()
    action = models.CharField(max_length=10, choices=Action)
    recorded_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["item", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "membership"], name="declaration_once_per_member_item"),
        ]

    def __str__(self):
        return f"{self.membership.name}: {self.get_interest_display()} ({self.item})"


class DecisionQuerySet(models.QuerySet):
    def approving(self, effect: str, board) -> "DecisionQuerySet":
        """Approved resolutions with `effect` taken by `board` at a meeting it held."""
        return self.filter(
            effect=effect,
            outcome=Decision.Outcome.APPROVED,
            agenda_item__meeting__board=board,
            agenda_item__meeting__status=MeetingStatus.HELD,
        )


class Decision(models.Model):
    """
    One lettered resolution on an agenda item ("a) That the draft strategy be approved for consultation"),
    with its outcome. `effect` says what an approved one moves on: a strategy into consultation, a final
    strategy to approved, or a previous meeting's minutes to approved as a correct record.
    """

    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approved"
        NOTED = "noted", "Noted"
        DEFERRED = "deferred", "Deferred"
        REJECTED = "rejected", "Rejected"

    class Effect(models.TextChoices):
        NONE = "", "None"
        CONSULTATION = "consultation", "Approves a draft strategy for consultation"
        STRATEGY = "strategy", "Approves a final strategy"
        MINUTES = "minutes", "Approves the minutes of a previous meeting"

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    letter = models.CharField(max_length=3, default="a")
    text = models.TextField(help_text="The resolution, as minuted: “That the draft strategy be approved…”.")
    outcome = models.CharField(max_length=10, choices=Outcome)
    effect = models.CharField(max_length=12, choices=Effect, blank=True, default="")
    minutes_of = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="minutes_approvals"
    )
    recorded_at = models.DateTimeField(db_default=Now())
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Counts the saves of its text, outcome and effect (core.versions: the edit form's version).
    version = models.PositiveIntegerField(default=1)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item", "letter"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "letter"], name="decision_letter_unique"),
            models.CheckConstraint(
                condition=Q(outcome__in=["approved", "noted", "deferred", "rejected"]),
                name="decision_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(effect__in=["", "consultation", "strategy", "minutes"]),
                name="decision_effect_valid",
            ),
            models.CheckConstraint(
                condition=Q(effect="minutes", minutes_of__isnull=False)
                | (~Q(effect="minutes") & Q(minutes_of__isnull=True)),
                name="decision_minutes_name_their_meeting",
            ),
            # A meeting's minutes are approved as a correct record once.
            models.UniqueConstraint(
                fields=["minutes_of"],
                condition=Q(outcome="approved", minutes_of__isnull=False),
                name="decision_minutes_approved_once",
            ),
        ]

    def __str__(self):
        item = self.agenda_item
        return f"{item.meeting}, item {item.number} {self.letter}) ({self.get_outcome_display()})"

    def get_absolute_url(self):
        meeting = self.agenda_item.meeting
        return reverse(
            "boards:decision", kwargs={"board_slug": meeting.board.slug, "meeting": meeting.pk, "pk": self.pk}
        )

    @property
    def meeting(self) -> Meeting:
        return self.agenda_item.meeting
