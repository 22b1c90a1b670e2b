"""The officers' forms for meetings, their agendas and papers (boards/views/agenda.py)."""

import datetime
import re

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils import timezone

from core.documents import board_documents
from core.forms import GovukDateField, HiddenErrorsMixin, HiddenNumberField, IdModelChoiceField
from core.formtokens import FormTokenField
from core.upload_limits import size_text

from ..models import (
    EXEMPT_PARAGRAPHS,
    AgendaItem,
    Board,
    Meeting,
    MeetingStatus,
    Organisation,
    Paper,
    Purpose,
)

_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.]?(?P<minute>\d{2}))?\s*(?P<half>[ap])?\.?\s*(?:m\.?)?$")


def parse_time(text: str) -> datetime.time | None:
    """A time of day as people type it: 14:00, 14.30, 1430, 2pm, 2:30 pm, 9.15am, midday, midnight."""
    text = text.strip().lower()
    if text in ("midday", "noon", "12 noon"):
        return datetime.time(12, 0)
    if text == "midnight":
        return datetime.time(0, 0)
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    elif match["minute"] is None:
        return None  # "14" alone: an hour, or a day of the month typed in the wrong box?
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


def _bound(args: tuple, kwargs: dict) -> bool:
    """Whether a form is given data: views pass `request.POST or None` as the first argument."""
    data = args[0] if args else kwargs.get("data")
    return data is not None


class TimeOfDayField(forms.CharField):
    """A time of day typed in one box, with GOV.UK's kind of message naming what is wanted."""

    def __init__(self, *, noun: str, **kwargs):
        self.noun = noun
        kwargs.setdefault("help_text", "For example, 14:00 or 2pm")
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = "20"
        self.widget.attrs.update(
            {"class": "govuk-input--width-5", "autocomplete": "off", "spellcheck": "false"}
        )
        self.error_messages["required"] = f"Enter {noun}"
        self.error_messages["max_length"] = self.error_messages["invalid"] = (
            f"Enter {noun} as a time of day, like 14:00 or 2pm"
        )

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        found = parse_time(value) if len(value) <= 20 else None
        if found is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return found


def _board_field() -> IdModelChoiceField:
    return IdModelChoiceField(
        queryset=Board.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose the board that meets",
            "invalid_choice": "Choose one of your own boards",
        },
    )


class MeetingForm(HiddenErrorsMixin, forms.Form):
    """
    A meeting's date, time and place. On create the board is chosen from the officer's own (not asked
    when there is one); the form carries a one-time token then, and the meeting's version on edit.
    """

    board = _board_field()
    title = forms.CharField(
        required=False,
        max_length=200,
        label="Title",
        help_text="Leave blank to call it a meeting of the board. For example, “Extraordinary meeting”.",
        error_messages={"max_length": "The title must be 200 characters or fewer"},
    )
    date = GovukDateField(
        noun="the date of the meeting",
        label="Date",
        help_text="For example, 16 1 2025",
        after=datetime.date(1999, 12, 31),
    )
    starts = TimeOfDayField(noun="the time the meeting starts", label="Start time")
    ends = TimeOfDayField(noun="the time the meeting ends", label="End time", required=False)
    venue = forms.CharField(
        required=False,
        max_length=300,
        label="Venue",
        help_text="The room and building, with the address. Leave blank for a meeting held only online.",
        error_messages={"max_length": "The venue must be 300 characters or fewer"},
    )
    online_url = forms.URLField(
        required=False,
        max_length=200,
        label="Link to join or watch online",
        help_text="The full web address, starting https://",
        assume_scheme="https",
        validators=[RegexValidator(r"^https://", code="not_https")],
        error_messages={
            "invalid": "Enter the link as a full web address, like https://www.example.gov.uk/live",
            "not_https": "Enter a secure link, starting https://",
            "max_length": "The link must be 200 characters or fewer",
        },
    )
    form_token = FormTokenField()
    version = HiddenNumberField()

    # The service's names for the fields that are made of two of the form's.
    service_error_fields = {"starts_at": "starts", "ends_at": "ends"}
    single_board: Board | None = None

    def __init__(self, *args, user, meeting: Meeting | None = None, **kwargs):
        if meeting is not None and not _bound(args, kwargs):
            starts, ends = timezone.localtime(meeting.starts_at), meeting.ends_at
            kwargs["initial"] = {
                "title": meeting.title,
                "date": starts.date(),
                "starts": f"{starts:%H:%M}",
                "ends": f"{timezone.localtime(ends):%H:%M}" if ends else "",
                "venue": meeting.venue,
                "online_url": meeting.online_url,
                "version": meeting.version,
            }
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if meeting is not None:
            del self.fields["board"]
            del self.fields["form_token"]
            return
        del self.fields["version"]
        field = self.fields["board"]
        field.queryset = Board.objects.editable_by(user)
        boards = list(field.queryset[:2])
        if len(boards) == 1:
            self.single_board = boards[0]
            field.widget = forms.HiddenInput()
            field.initial = self.single_board.pk
            field.error_messages["required"] = "The page was sent incomplete. Reload the page and try again"

    def clean(self):
        data = super().clean()
        date, starts, ends = data.get("date"), data.get("starts"), data.get("ends")
        if date and starts:
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(date, starts))
        if date and ends:
            data["ends_at"] = timezone.make_aware(datetime.datetime.combine(date, ends))
            if starts and ends <= starts:
                self.add_error("ends", "The meeting must end after it starts")
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data.get("ends_at"),
            "venue": data["venue"],
            "online_url": data["online_url"],
        }

    def service_arguments(self) -> dict:
        return {"version": self.cleaned_data["version"], **self.service_fields()}


class MeetingTransitionForm(forms.Form):
    """A move of the meeting's status: the moves MEETING_TRANSITIONS allows from where it is."""

    # A CharField: any value reaches the service, which says why a move is refused.
    to_status = forms.CharField(
        label="What happens to the meeting",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens to the meeting"},
    )
    reason = forms.CharField(
        required=False,
        max_length=2000,
        label="Why is the meeting cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="If you cancel it. The public meeting page and calendars show this.",
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        from ..models import MEETING_TRANSITIONS

        self.moves = list(MEETING_TRANSITIONS[meeting.status].items())
        self.fields["to_status"].widget.choices = self.moves
        self.fields["reason"].needed_if = MeetingStatus.CANCELLED
        if MeetingStatus.CANCELLED not in dict(self.moves):
            del self.fields["reason"]


def _exempt_choices() -> list[tuple[str, str]]:
    return [("", "Public: open to the press and public")] + [
        (str(number), f"Exempt, paragraph {number}: {text}")
        for number, text in sorted(EXEMPT_PARAGRAPHS.items())
    ]


class AgendaItemForm(HiddenErrorsMixin, forms.Form):
    """An item: its title, lead, purpose and whether it is exempt. A token to add, a version to edit."""

    title = forms.CharField(
        max_length=300,
        label="Title of the item",
        error_messages={
            "required": "Enter the title of the item",
            "max_length": "The title must be 300 characters or fewer",
        },
    )
    lead_name = forms.CharField(
        required=False,
        max_length=200,
        label="Lead",
        help_text="Who presents it, for example “Jo Broadbent, Director of Public Health”",
        error_messages={"max_length": "The lead must be 200 characters or fewer"},
    )
    lead_organisation = IdModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label="Lead organisation",
        error_messages={"invalid_choice": "Choose one of the board's organisations"},
    )
    purpose = forms.ChoiceField(
        choices=Purpose.choices,
        initial=Purpose.INFORMATION,
        widget=forms.RadioSelect,
        label="Purpose",
        error_messages={
            "required": "Choose whether the item is for decision, for information or for discussion",
            "invalid_choice": "Choose whether the item is for decision, for information or for discussion",
        },
    )
    exempt_paragraph = forms.TypedChoiceField(
        choices=_exempt_choices,
        coerce=int,
        empty_value=None,
        required=False,
        label="Public or exempt",
        help_text="An exempt item (Local Government Act 1972, Schedule 12A) is listed publicly by its "
        "number and title only: its papers and minutes are for the board's members.",
        error_messages={"invalid_choice": "Choose public, or the paragraph of Schedule 12A that applies"},
    )
    form_token = FormTokenField()
    version = HiddenNumberField()

    def __init__(self, *args, board: Board, item: AgendaItem | None = None, **kwargs):
        if item is not None and not _bound(args, kwargs):
            kwargs["initial"] = {
                "title": item.title,
                "lead_name": item.lead_name,
                "lead_organisation": item.lead_organisation_id,
                "purpose": item.purpose,
                "exempt_paragraph": item.exempt_paragraph or "",
                "version": item.version,
            }
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = board.organisations.all()
        # Required in effect (a radio is always chosen), labelled without "(optional)".
        self.fields["exempt_paragraph"].needed_if = True
        if item is None:
            del self.fields["version"]
        else:
            del self.fields["form_token"]

    def item_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("title", "lead_name", "lead_organisation", "purpose", "exempt_paragraph")
        }

    def service_arguments(self) -> dict:
        return {"version": self.cleaned_data["version"], **self.item_fields()}


class PaperForm(HiddenErrorsMixin, forms.Form):
    """A paper for an item: an uploaded PDF or one of the board's portal documents, its title and role."""

    form_token = FormTokenField()
    role = forms.ChoiceField(
        choices=Paper.Role.choices,
        widget=forms.RadioSelect,
        label="Is it the report or an appendix?",
        error_messages={
            "required": "Choose whether the paper is the report or an appendix",
            "invalid_choice": "Choose whether the paper is the report or an appendix",
        },
    )
    file = forms.FileField(
        required=False,
        label="Upload a PDF",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"invalid": "The selected file could not be read: choose it again"},
    )
    document = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        label="Or choose a document the portal makes",
        help_text="A strategy's PDF, a consultation report or a progress report of this board: the pack "
        "includes its latest version.",
        error_messages={"invalid_choice": "Choose a document of this board"},
    )
    title = forms.CharField(
        required=False,
        max_length=300,
        label="Title of the paper",
        help_text="Leave blank to use the file's name or the document's title.",
        error_messages={"max_length": "The title must be 300 characters or fewer"},
    )

    def __init__(self, *args, item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = {found.document.pk: found for found in board_documents(item.meeting.board_id)}
        self.fields["document"].choices = [("", "None")] + [
            (pk, found.title) for pk, found in self.offered.items()
        ]
        if not self.offered:
            del self.fields["document"]
        self.fields[
            "file"
        ].help_text = (
            f"A PDF of up to {size_text(settings.BOARD_PAPER_MAX_BYTES)} that opens without a password."
        )
        self.fields["role"].initial = (
            Paper.Role.APPENDIX if item.papers.filter(role=Paper.Role.REPORT).exists() else Paper.Role.REPORT
        )

    @classmethod
    def refusing_file(cls, message: str, *, item: AgendaItem) -> "PaperForm":
        """A fresh form saying why the file was refused (a request too big to read: nothing of it is kept)."""
        form = cls(item=item)
        form.cleaned_data = {}  # Unbound: add_error() expects it.
        form.add_error("file", message)
        return form

    def clean(self):
        data = super().clean()
        document = data.get("document")
        if document is not None:
            data["document"] = self.offered[document].document
        if not self.errors and bool(data.get("file")) == bool(data.get("document")):
            self.add_error("file", "Upload a PDF or choose a portal document (one, not both)")
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "role": data["role"],
            "file": data.get("file"),
            "document": data.get("document"),
        }
