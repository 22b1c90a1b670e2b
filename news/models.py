"""
A board's news: dated updates its officers write, optionally about one of its strategies
(docs/decisions/0032-news-and-feeds.md).

An update is a draft, or published from its publish time on: one whose time is still to come is
"scheduled", and becomes public by itself when the time comes, because every public read filters on
the time (NewsItem.objects.public()), not because a task moved it. The task that emails subscribers
(news.tasks.news_announce_due) only announces what the filter already shows.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from boards import permissions as board_permissions
from boards.models import Board
from consultations.models import Subscriber
from core.constraints import ConstraintErrorsOnFields
from core.text import render_markdown
from strategies.models import Strategy

VERSION_HELP = "Counts the saves of its text; an edit form sends the version it was loaded from."
# The fields of an update an officer edits.
NEWS_FIELDS = ("title", "summary", "body", "strategy", "status", "publish_at")
TITLE_LENGTH, SUMMARY_LENGTH, BODY_LENGTH = 200, 300, 20_000


class NewsStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class NewsItemQuerySet(models.QuerySet):
    def public(self, now=None) -> "NewsItemQuerySet":
        """What anyone may read: published, its publish time now or past (never a draft or scheduled)."""
        return self.filter(status=NewsStatus.PUBLISHED, publish_at__lte=now or timezone.now())

    def editable_by(self, user) -> "NewsItemQuerySet":
        return self.filter(board_permissions.editable_q(user))

    def visible_to(self, user) -> "NewsItemQuerySet":
        """Public updates, and every update of the boards whose content the user edits (their previews)."""
        return self.filter(
            Q(status=NewsStatus.PUBLISHED, publish_at__lte=timezone.now())
            | board_permissions.editable_q(user)
        )


class NewsItem(ConstraintErrorsOnFields, models.Model):
    """One dated update of a board, in Markdown (rendered and sanitised by core.text)."""

    Status = NewsStatus

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="news_items")
    strategy = models.ForeignKey(
        Strategy,
        null=True,
        blank=True,
        # A draft strategy removed takes nothing with it: the update stays, about the board.
        on_delete=models.SET_NULL,
        related_name="news_items",
        verbose_name="about the strategy",
    )
    title = models.CharField(max_length=TITLE_LENGTH)
    summary = models.CharField(max_length=SUMMARY_LENGTH, help_text="One or two sentences, shown in lists.")
    body = models.TextField(max_length=BODY_LENGTH, help_text="Markdown.")
    status = models.CharField(max_length=10, choices=NewsStatus, default=NewsStatus.DRAFT)
    publish_at = models.DateTimeField("publish date and time", null=True, blank=True)
    # When its subscribers were sent it (news.emails.news_announce): set once, so never sent twice.
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = NewsItemQuerySet.as_manager()

    constraint_error_fields = {"news_title_not_empty": "title", "news_published_has_time": "publish_at"}

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = "news update"
        indexes = [models.Index(fields=["board", "status", "-publish_at"], name="news_board_public")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=NewsStatus.values), name="news_status_valid"),
            models.CheckConstraint(
                condition=Q(status=NewsStatus.DRAFT) | Q(publish_at__isnull=False),
                name="news_published_has_time",
                violation_error_code="news_published_has_time",
                violation_error_message="Enter when to publish the update",
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="news_title_not_empty",
                violation_error_code="news_title_not_empty",
                violation_error_message="Enter a title",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"board_slug": self.board.slug, "pk": self.pk})

    def get_manage_url(self):
        return reverse("news:edit", kwargs={"pk": self.pk})

    def clean(self):
        if (
            self.strategy_id is not None
            and self.board_id is not None
            and self.strategy.board_id != self.board_id
        ):
            raise ValidationError({"strategy": "Choose one of this board's strategies"})

    @property
    def is_public(self) -> bool:
        return self.status == NewsStatus.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.status == NewsStatus.PUBLISHED and self.publish_at > timezone.now()

    @property
    def state(self) -> str:
        """Draft, Scheduled or Published, as officers' pages say it."""
        if self.status == NewsStatus.DRAFT:
            return "Draft"
        return "Scheduled" if self.is_scheduled else "Published"

    @cached_property
    def body_html(self):
        return render_markdown(self.body)


class NewsSubscription(models.Model):
    """
    A subscriber (consultations.Subscriber: double opt-in, one-click unsubscribe) who chose to get their
    board's news by email too. Emails go only while the subscriber is confirmed and subscribed.
    """

    subscriber = models.OneToOneField(Subscriber, on_delete=models.CASCADE, related_name="news_subscription")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self):
        return f"News of {self.board} for subscriber {self.subscriber_id}"


class NewsEmail(models.Model):
    """
    One update emailed to one subscriber, recorded before it is sent and marked once it is, unique per
    update and subscriber: however often the announcing task runs, each subscriber gets each update once.
    It holds no address: that is read from the subscriber when sending (none once they unsubscribed).
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        NOT_SENT = "not_sent", "Not sent: no address to send it to"
        FAILED = "failed", "Failed"

    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="emails", editable=False)
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="news_emails", editable=False
    )
    state = models.CharField(max_length=10, choices=State, default=State.PENDING, editable=False)
    # Why it failed, as the error's type: an SMTP server's message may quote the address.
    failure = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "subscriber"], name="newsemail_once"),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sent", "not_sent", "failed"]), name="newsemail_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.item} to subscriber {self.subscriber_id}"
