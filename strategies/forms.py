import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from boards.models import Board, Decision
from core.forms import IdModelChoiceField, parse_id

from .models import STRATEGY_FIELDS, Domain, Priority, Status, Strategy


def _messages(label: str, limit: int | None = None) -> dict[str, str]:
    messages = {"required": f"Enter {label}"}
    if limit:
        messages["max_length"] = f"{label[0].upper()}{label[1:]} must be {limit} characters or fewer"
    return messages


class StrategyForm(forms.ModelForm):
    """Create or edit a strategy's details. On create, the board is chosen from the officer's own boards."""

    board = IdModelChoiceField(
        queryset=Board.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of your own boards"},
    )

    class Meta:
        model = Strategy
        fields = list(STRATEGY_FIELDS)
        labels = {
            "slug": "Web address name",
            "domain_label": "Name for its top-level areas (singular)",
            "domain_label_plural": "Name for its top-level areas (plural)",
        }
        help_texts = {"slug": "Leave blank to make one from the title and period."}
        error_messages = {
            "title": _messages("a title", 200),
            "start_year": {"required": "Enter the year the strategy starts"},
            "end_year": {"required": "Enter the year the strategy ends"},
            "domain_label": _messages("what the strategy calls its top-level areas", 40),
            "domain_label_plural": _messages("the plural of that name", 40),
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "vision": forms.Textarea(attrs={"rows": 8})}
        field_classes = {"predecessor": IdModelChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if self.instance.pk:
            del self.fields["board"]
            board_id = self.instance.board_id
        else:
            self.fields["board"].queryset = Board.objects.editable_by(user)
            board_id = parse_id(self.data.get("board")) if self.is_bound else None
            if not self.is_bound:
                first = self.fields["board"].queryset.first()
                board_id = first.pk if first else None
        predecessors = Strategy.objects.filter(board_id=board_id) if board_id else Strategy.objects.none()
        if self.instance.pk:
            predecessors = predecessors.exclude(pk=self.instance.pk)
        self.fields["predecessor"].queryset = predecessors
        self.fields["predecessor"].required = False
        self.fields["predecessor"].error_messages["invalid_choice"] = (
            "Choose an earlier strategy of the same board"
        )
        self.fields[
            "predecessor"
        ].help_text = "The strategy this one replaces; it is marked superseded on publishing."
        for name in ("start_year", "end_year"):
            # The model's range, checked by the form so that the messages below are the ones shown.
            self.fields[name].validators += Strategy._meta.get_field(name).validators
        self.fields["start_year"].error_messages.update(
            {
                "min_value": "The start year must be 2000 or later",
                "max_value": "The start year must be 2100 or earlier",
            }
        )
        self.fields["end_year"].error_messages.update(
            {
                "min_value": "The end year must be 2000 or later",
                "max_value": "The end year must be 2100 or earlier",
            }
        )
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("domain_label", "domain")
            self.initial.setdefault("domain_label_plural", "domains")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", "The end year must be the same as or after the start year")
        if not data.get("slug") and data.get("title") and start and end:
            title = data["title"]
            period = "" if str(start) in title and str(end) in title else f" {start} {end}"
            data["slug"] = slugify(f"{title}{period}")[:100].strip("-")
        board = data.get("board") if "board" in self.fields else self.instance.board
        slug = data.get("slug")
        if board and slug:
            clash = Strategy.objects.filter(board=board, slug=slug).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("slug", f"Another strategy of {board} already uses “{slug}”. Choose another")
        return data

    def _post_clean(self):
        # The service validates the whole model (constraints included); the form checks its own fields.
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ItemForm(forms.Form):
    """A domain's or priority's title and description."""

    description = forms.CharField(required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, noun: str, title_limit: int, autofocus: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, not declared, because the limit differs between domains and priorities.
        self.fields = {
            "title": forms.CharField(
                max_length=title_limit,
                label=f"Title of the {noun}",
                error_messages={
                    "required": f"Enter a title for the {noun}",
                    "max_length": f"The title must be {title_limit} characters or fewer",
                },
            ),
            **self.fields,
        }
        if autofocus:
            # Inline editing swaps the form in where the text was: put the cursor where the user will type.
            self.fields["title"].widget.attrs["autofocus"] = True
        self.fields["description"].label = "Description"
        self.fields["description"].help_text = "Markdown: paragraphs, bullet lists and links."
        self.fields["description"].error_messages = {
            "max_length": "The description must be 10,000 characters or fewer"
        }


def domain_form(strategy: Strategy, *args, **kwargs) -> ItemForm:
    return ItemForm(
        *args, noun=strategy.domain_label, title_limit=Domain._meta.get_field("title").max_length, **kwargs
    )


def priority_form(*args, **kwargs) -> ItemForm:
    return ItemForm(
        *args, noun="priority", title_limit=Priority._meta.get_field("title").max_length, **kwargs
    )


class IdListField(forms.CharField):
    """A comma-separated list of ids, as the reorder buttons send them."""

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return [int(part) for part in value.split(",") if part.strip()]
        except ValueError as error:
            raise forms.ValidationError(
                "The order sent was not a list of items. Reload the page and try again"
            ) from error


class ReorderForm(forms.Form):
    """
    A new order for a list, sent either whole (`order`) or as one move (`move`: "<id>:up" or "<id>:down",
    what the buttons send). `seen` is the order as the page showed it, so a stale list is refused.
    """

    seen = IdListField(error_messages={"required": "The list was not sent. Reload the page and try again"})
    order = IdListField(required=False)
    move = forms.RegexField(regex=r"^\d+:(up|down)$", required=False)

    def error_text(self) -> str:
        """Every error of the form as one sentence (the page shows it next to the list)."""
        return " ".join(message for errors in self.errors.values() for message in errors)

    def clean(self):
        data = super().clean()
        seen = data.get("seen")
        if seen is None:
            return data
        if data.get("move"):
            item, direction = data["move"].split(":")
            order = list(seen)
            if int(item) not in order:
                raise forms.ValidationError(
                    "That item is no longer in the list. Reload the page and try again"
                )
            index = order.index(int(item))
            other = index - 1 if direction == "up" else index + 1
            if 0 <= other < len(order):
                order[index], order[other] = order[other], order[index]
            data["order"] = order
        elif not data.get("order"):
            raise forms.ValidationError("Choose an item to move")
        return data


class TransitionForm(forms.Form):
    # A CharField, not a ChoiceField: any value reaches the lifecycle, which explains why a move is refused.
    to_status = forms.CharField(
        label="Move the strategy to",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status the strategy moves to"},
    )
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the strategy's history, with your name and the time.",
        error_messages={
            "required": "Enter the reason for this change",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )
    decision = IdModelChoiceField(
        queryset=Decision.objects.none(),
        required=False,
        label="Board decision (optional)",
        help_text="The Board resolution that made this change, if there was one.",
        error_messages={"invalid_choice": "Choose a decision of this strategy's board"},
    )

    on = forms.DateField(
        required=False,
        label="Date of the move (optional)",
        help_text="Leave blank for today. Give the date for a move made before the strategy was in the "
        "portal, for example 15/06/2022.",
        input_formats=["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": "Enter the date as day/month/year, for example 15/06/2022"},
    )

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = strategy.allowed_transitions()
        self.fields["to_status"].widget.choices = [(value, Status(value).label) for value in allowed]
        if len(allowed) == 1:
            self.initial.setdefault("to_status", next(iter(allowed)))
        self.fields["decision"].queryset = Decision.objects.filter(
            agenda_item__meeting__board=strategy.board
        ).select_related("agenda_item__meeting__board", "agenda_item")
        self.fields["decision"].label_from_instance = lambda d: (
            f"{d.agenda_item.meeting}: {d.agenda_item.title}"
        )

    def service_arguments(self) -> dict:
        """The service's keywords: a date becomes noon that day, local time; none means now."""
        data = dict(self.cleaned_data)
        on = data.pop("on")
        data["at"] = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12))) if on else None
        return data

    def add_error(self, field, error):
        # The service names the move's time `at`; on this form it is the date field.
        if isinstance(error, ValidationError) and hasattr(error, "error_dict") and "at" in error.error_dict:
            error.error_dict["on"] = error.error_dict.pop("at")
        super().add_error(field, error)
