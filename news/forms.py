"""An update's form: its text, the strategy it is about, and whether and when it is published."""

import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings

from boards.models import Board
from consultations.forms import TimeOfDayField
from core.forms import GovukDateField, HiddenErrorsMixin, HiddenNumberField, IdModelChoiceField, parse_id
from core.formtokens import FormTokenField
from strategies.models import Strategy

from .models import BODY_LENGTH, SUMMARY_LENGTH, TITLE_LENGTH, NewsItem, NewsStatus

PUBLISH_CHOICES = [
    (NewsStatus.DRAFT.value, "Save as a draft: only the board's officers can see it"),
    (NewsStatus.PUBLISHED.value, "Publish it: now, or at the date and time below"),
]


class NewsForm(HiddenErrorsMixin, forms.Form):
    """
    An update. On create, the board it is for, from the officer's own boards (an officer of one board is
    not asked), and a one-time token; on edit, the version loaded. The publish date and time are in UK
    time; left blank, a published update is published now.
    """

    board = IdModelChoiceField(
        queryset=Board.objects.none(),
        empty_label=None,
        label="Board",
        error_messages={"required": "Choose the board", "invalid_choice": "Choose one of your own boards"},
    )
    title = forms.CharField(
        max_length=TITLE_LENGTH,
        label="Title",
        help_text="For example, “Have your say on the draft strategy”",
        error_messages={
            "required": "Enter a title",
            "max_length": f"The title must be {TITLE_LENGTH} characters or fewer",
        },
    )
    summary = forms.CharField(
        max_length=SUMMARY_LENGTH,
        label="Summary",
        help_text="One or two sentences, shown in lists of updates and in feeds",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Enter a summary",
            "max_length": f"The summary must be {SUMMARY_LENGTH} characters or fewer",
        },
    )
    body = forms.CharField(
        max_length=BODY_LENGTH,
        label="Update",
        help_text="Paragraphs separated by a blank line; **bold**, lists starting with “- ”, links as "
        "[words](https://example.org)",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": "Enter the update",
            "max_length": f"The update must be {BODY_LENGTH:,} characters or fewer",
        },
    )
    strategy = IdModelChoiceField(
        queryset=Strategy.objects.none(),
        required=False,
        empty_label="None: it is about the board",
        label="About a strategy",
        help_text="It will be listed on the strategy's page too, once the strategy is public",
        error_messages={"invalid_choice": "Choose one of the board's strategies"},
    )
    status = forms.ChoiceField(
        choices=PUBLISH_CHOICES,
        widget=forms.RadioSelect,
        label="Publish",
        initial=NewsStatus.DRAFT.value,
        error_messages={
            "required": "Choose whether to publish it",
            "invalid_choice": "Choose whether to publish it",
        },
    )
    publish_on = GovukDateField(
        noun="the publish date",
        label="Publish date",
        help_text="Leave blank to publish now. A date to come schedules it: it appears by itself then. "
        "For example, 15 1 2027",
        required=False,
    )
    publish_time = TimeOfDayField(
        noun="the publish time",
        label="Publish time",
        help_text="UK time, for example 9am or 17:30. Left blank with a date: 9am",
        required=False,
    )
    form_token = FormTokenField()
    version = HiddenNumberField()

    service_error_fields = {"publish_at": "publish_on"}
    single_board: Board | None = None

    def __init__(self, *args, user, item: NewsItem | None = None, **kwargs):
        bound = bool(args and args[0] is not None or kwargs.get("data") is not None)
        if item is not None and not bound:
            initial = {
                "title": item.title,
                "summary": item.summary,
                "body": item.body,
                "strategy": item.strategy_id,
                "status": item.status,
                "version": item.version,
            }
            if item.publish_at:
                local = item.publish_at.astimezone(ZoneInfo(settings.TIME_ZONE))
                initial |= {"publish_on": local.date(), "publish_time": f"{local:%H:%M}"}
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.item = item
        if item is not None:
            del self.fields["board"], self.fields["form_token"]
            board_id = item.board_id
        else:
            del self.fields["version"]
            boards = Board.objects.editable_by(user).order_by("name")
            if boards.count() == 1:
                self.single_board = boards.first()
                del self.fields["board"]
                board_id = self.single_board.pk
            else:
                self.fields["board"].queryset = boards
                board_id = parse_id(self.data.get(self.add_prefix("board"))) if self.is_bound else None
        strategies = Strategy.objects.select_related("board").order_by("board__name", "-start_year", "title")
        if board_id is not None:
            strategies = strategies.filter(board_id=board_id)
        else:  # Several boards, none chosen yet: every strategy of the officer's boards, with its board.
            strategies = strategies.filter(board__in=Board.objects.editable_by(user))
        self.fields["strategy"].queryset = strategies
        self.fields["strategy"].label_from_instance = lambda strategy: (
            f"{strategy.title}" if board_id is not None else f"{strategy.title} ({strategy.board.name})"
        )

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("publish_on"), cleaned.get("publish_time")
        if time is not None and day is None and "publish_on" not in self.errors:
            self.add_error("publish_on", "Enter the publish date, or leave the time blank too")
        return cleaned

    def board_chosen(self) -> Board | None:
        return self.single_board or self.cleaned_data.get("board")

    def publish_at(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("publish_on")
        if day is None:
            return None
        time = self.cleaned_data.get("publish_time") or datetime.time(9, 0)
        moment = datetime.datetime.combine(day, time, tzinfo=ZoneInfo(settings.TIME_ZONE))
        kept = self.item.publish_at if self.item is not None else None
        if kept is not None and kept.replace(second=0, microsecond=0) == moment:
            return kept  # The minute the form showed: the time saved, to the second, is unchanged.
        return moment

    def news_fields(self) -> dict:
        return {
            "title": self.cleaned_data["title"],
            "summary": self.cleaned_data["summary"],
            "body": self.cleaned_data["body"],
            "strategy": self.cleaned_data.get("strategy"),
            "status": self.cleaned_data["status"],
            "publish_at": self.publish_at(),
        }


class NewsSubscriptionForm(forms.Form):
    """A subscriber's choice: the board's news by email too, or not."""

    news = forms.ChoiceField(
        choices=[("yes", "Yes, email me the board's news"), ("no", "No, only what I subscribed to")],
        widget=forms.RadioSelect,
        label="Do you also want the board's news by email?",
        error_messages={"required": "Choose yes or no", "invalid_choice": "Choose yes or no"},
    )
