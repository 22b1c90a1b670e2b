"""The delivery plan's forms: an action, a progress update, and the plan's filters."""

from django import forms

from core.forms import GovukDateField, HiddenErrorsMixin, HiddenNumberField, IdModelChoiceField, parse_id
from core.formtokens import FormTokenField
from strategies.models import Strategy

from .freshness import board_officers
from .models import Action, ActionStatus, UpdateEvery
from .plan import Filters


class ActionForm(HiddenErrorsMixin, forms.Form):
    """An action's details. A token to add one, the version it was loaded from to edit one."""

    title = forms.CharField(
        max_length=300,
        label="What will be done",
        help_text="For example, “Falls prevention classes in every library”",
        error_messages={
            "required": "Enter what will be done",
            "max_length": "What will be done must be 300 characters or fewer",
        },
    )
    description = forms.CharField(
        required=False,
        max_length=5000,
        label="More detail",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The detail must be 5,000 characters or fewer"},
    )
    lead_organisation = IdModelChoiceField(
        queryset=None,
        label="Lead organisation",
        empty_label="Choose an organisation",
        error_messages={
            "required": "Choose the organisation that leads the action",
            "invalid_choice": "Choose one of the board's member organisations",
        },
    )
    lead_officer = forms.CharField(
        max_length=200,
        label="Lead officer",
        help_text="The person who reports on it, for example “Jo Broadbent, Director of Public Health”",
        error_messages={
            "required": "Enter the lead officer's name",
            "max_length": "The lead officer must be 200 characters or fewer",
        },
    )
    starts_on = GovukDateField(
        noun="the start date", required=False, label="Start date", help_text="For example, 1 4 2026"
    )
    due_on = GovukDateField(noun="the due date", label="Due date", help_text="For example, 31 3 2027")
    owner = IdModelChoiceField(
        queryset=None,
        label="Owner in the portal",
        help_text="The board's officer who records its progress here, and is emailed when an update is due.",
        empty_label="Choose an officer",
        error_messages={
            "required": "Choose the officer who keeps the action up to date",
            "invalid_choice": "Choose one of the board's officers",
        },
    )
    update_every = forms.TypedChoiceField(
        coerce=int,
        choices=UpdateEvery.choices,
        initial=UpdateEvery.QUARTER,
        label="Progress is updated",
        error_messages={
            "required": "Choose how often progress is updated",
            "invalid_choice": "Choose how often progress is updated",
        },
    )
    form_token = FormTokenField()
    version = HiddenNumberField()

    def __init__(self, *args, strategy: Strategy, action: Action | None = None, user=None, **kwargs):
        if action is not None and not (args and args[0] is not None or kwargs.get("data") is not None):
            kwargs["initial"] = {
                "title": action.title,
                "description": action.description,
                "lead_organisation": action.lead_organisation_id,
                "lead_officer": action.lead_officer,
                "starts_on": action.starts_on,
                "due_on": action.due_on,
                "owner": action.owner_id,
                "update_every": action.update_every,
                "version": action.version,
            }
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = strategy.board.organisations.order_by("name")
        self.fields["owner"].queryset = board_officers(strategy.board)
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.username
        if action is None:
            del self.fields["version"]
            self.fields["owner"].initial = user.pk if user is not None else None
        else:
            del self.fields["form_token"]

    def clean(self):
        cleaned = super().clean()
        starts, due = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts and due and due < starts:
            self.add_error("due_on", "The due date must be the same as or after the start date")
        return cleaned

    def action_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "title",
                "description",
                "lead_organisation",
                "lead_officer",
                "starts_on",
                "due_on",
                "owner",
                "update_every",
            )
        }


class ProgressForm(forms.Form):
    """A progress update: the status now, and what happened."""

    status = forms.ChoiceField(
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        label="Status",
        error_messages={
            "required": "Choose the action's status",
            "invalid_choice": "Choose the action's status",
        },
    )
    narrative = forms.CharField(
        required=False,
        max_length=5000,
        label="Progress",
        help_text="What has been done since the last update, and what comes next. Needed for “at risk” "
        "or “off track”: say why, and what is being done about it.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The update must be 5,000 characters or fewer"},
    )

    def __init__(self, *args, action: Action, **kwargs):
        kwargs.setdefault("initial", {"status": action.status})
        super().__init__(*args, **kwargs)
        self.fields["status"].needed_if = True  # A radio is always chosen: no "(optional)".


class FilterForm(forms.Form):
    """
    The plan's filters, shown as they were asked for (filters_from reads them: a value that is not a
    choice narrows the list to nothing, and is never an error).
    """

    status = forms.ChoiceField(
        choices=[("", "Any status"), *ActionStatus.choices], required=False, label="Status"
    )
    organisation = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label="Lead organisation"
    )
    priority = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Priority")
    overdue = forms.BooleanField(required=False, label="Only overdue actions")

    def __init__(self, filters: Filters, *, organisations, priorities):
        super().__init__(
            initial={
                "status": filters.status,
                "organisation": filters.organisation or "",
                "priority": filters.priority or "",
                "overdue": filters.overdue,
            }
        )
        self.fields["organisation"].choices = [("", "Any organisation")] + [
            (o.pk, o.name) for o in organisations
        ]
        self.fields["priority"].choices = [("", "Any priority")] + [(p.pk, p.title) for p in priorities]
        for name in self.fields:
            self.fields[name].needed_if = True  # A filter is a choice, not a question: no "(optional)".


def filters_from(query) -> Filters:
    """The filters of a query string, before the choices are known (one pass: the plan needs them)."""
    status = query.get("status", "")
    return Filters(
        status=status if status in ActionStatus.values else "",
        organisation=parse_id(query.get("organisation")),
        priority=parse_id(query.get("priority")),
        overdue=query.get("overdue") in ("on", "true", "1"),
    )
