"""
The delivery plan's forms: an action, a progress update, the plan's filters; and the other plans that
priorities support (a plan's details, and the plans a priority supports, each with a note).
"""

from django import forms

from boards.models import Board
from core.forms import GovukDateField, HiddenErrorsMixin, HiddenNumberField, IdModelChoiceField, parse_id
from core.formtokens import FormTokenField
from strategies.models import Priority, Strategy

from .alignment import by_kind
from .freshness import board_officers
from .models import NOTE_LENGTH, PLAN_FIELDS, Action, ActionStatus, Plan, PlanKind, UpdateEvery
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


class PlanForm(HiddenErrorsMixin, forms.Form):
    """
    A plan's details. On create, the board it is recorded for, from the officer's own boards (an officer
    of one board is not asked: the page names the board), and a token; on edit, the version loaded.
    The rules (the web address name's form, its uniqueness) are the model's, through the service.
    """

    board = IdModelChoiceField(
        queryset=Board.objects.none(),
        empty_label=None,
        label="Recorded for",
        help_text="The board whose officers will keep the plan's details up to date",
        error_messages={
            "required": "Choose the board the plan is recorded for",
            "invalid_choice": "Choose one of your own boards",
        },
    )
    title = forms.CharField(
        max_length=200,
        label="Title",
        help_text="As the plan calls itself, for example “Mid and South Essex Integrated Care Strategy”",
        error_messages={
            "required": "Enter the plan's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        choices=PlanKind.choices,
        widget=forms.RadioSelect,
        label="What kind of plan is it?",
        error_messages={"required": "Choose the kind of plan", "invalid_choice": "Choose the kind of plan"},
    )
    owner = forms.CharField(
        max_length=200,
        label="Owned by",
        help_text="The body that owns the plan, for example “Mid and South Essex Integrated Care "
        "Partnership” or “Grays Primary Care Network”",
        error_messages={
            "required": "Enter the body that owns the plan",
            "max_length": "The owner must be 200 characters or fewer",
        },
    )
    area = forms.CharField(
        max_length=200,
        label="Area covered",
        help_text="For example, “Mid and South Essex” or “Grays”",
        error_messages={
            "required": "Enter the area the plan covers",
            "max_length": "The area must be 200 characters or fewer",
        },
    )
    url = forms.URLField(
        required=False,
        max_length=500,
        label="Web address of the plan",
        help_text="Where the plan itself can be read, for example https://www.midandsouthessex.ics.nhs.uk/",
        error_messages={
            "invalid": "Enter the web address in the correct format, like https://www.example.org/plan",
            "max_length": "The web address must be 500 characters or fewer",
        },
    )
    summary = forms.CharField(
        required=False,
        max_length=1000,
        label="Summary",
        help_text="One or two sentences: what the plan is for, and the years it covers",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The summary must be 1,000 characters or fewer"},
    )
    slug = forms.CharField(
        required=False,
        max_length=100,
        label="Web address name",
        help_text="Part of the plan's web address: lower-case letters, numbers and hyphens. Leave blank "
        "to make one from the title.",
        error_messages={"max_length": "The web address name must be 100 characters or fewer"},
    )
    form_token = FormTokenField()
    version = HiddenNumberField()

    # An officer of one board is not asked which: the page names it (plan_form.html).
    single_board: Board | None = None

    def __init__(self, *args, user, plan: Plan | None = None, **kwargs):
        if plan is not None and not (args and args[0] is not None or kwargs.get("data") is not None):
            kwargs["initial"] = {name: getattr(plan, name) for name in PLAN_FIELDS} | {
                "version": plan.version
            }
        super().__init__(*args, **kwargs)
        if plan is not None:
            del self.fields["board"]
            del self.fields["form_token"]
            return
        del self.fields["version"]
        boards = list(Board.objects.editable_by(user).order_by("name"))
        if len(boards) == 1:
            self.single_board = boards[0]
            del self.fields["board"]
        else:
            self.fields["board"].queryset = Board.objects.editable_by(user).order_by("name")

    def board_chosen(self) -> Board | None:
        return self.single_board or self.cleaned_data.get("board")

    def plan_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PLAN_FIELDS}


class AlignmentForm(forms.Form):
    """
    The plans a priority supports: a checkbox for every plan, each with a note on how the priority
    supports it (revealed when the box is ticked; shown throughout without JavaScript). A note beside
    a box left unticked is not kept.
    """

    def __init__(
        self, *args, priority: Priority, plans: list[Plan], ticked: frozenset[int] = frozenset(), **kwargs
    ):
        current = {alignment.plan_id: alignment.note for alignment in priority.alignments.all()}
        super().__init__(*args, **kwargs)
        self.plans = plans
        for plan in plans:
            self.fields[f"plan-{plan.pk}"] = forms.BooleanField(
                required=False,
                label=plan.title,
                initial=plan.pk in current or plan.pk in ticked,
                widget=forms.CheckboxInput(
                    attrs={
                        "data-aria-controls": f"conditional-plan-{plan.pk}",
                        "aria-describedby": f"plan-{plan.pk}-hint",
                    }
                ),
            )
            self.fields[f"note-{plan.pk}"] = forms.CharField(
                required=False,
                max_length=NOTE_LENGTH,
                label="How the priority supports it",
                initial=current.get(plan.pk, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "max_length": f"The note on “{plan.title}” must be {NOTE_LENGTH} characters or fewer"
                },
            )

    def groups(self) -> list[dict]:
        """The plans under their kinds' headings, each with its checkbox and its note."""
        return [
            {
                "heading": group.heading,
                "kind": group.kind,
                "rows": [
                    {"plan": plan, "checkbox": self[f"plan-{plan.pk}"], "note": self[f"note-{plan.pk}"]}
                    for plan in group.plans
                ],
            }
            for group in by_kind(self.plans)
        ]

    def chosen(self) -> dict[Plan, str]:
        """The plans ticked, each with its note."""
        return {
            plan: self.cleaned_data[f"note-{plan.pk}"]
            for plan in self.plans
            if self.cleaned_data.get(f"plan-{plan.pk}")
        }

    def clean(self):
        cleaned = super().clean()
        for plan in self.plans:
            # Not kept, so not checked: a note too long beside an unticked box is no reason to refuse.
            if not cleaned.get(f"plan-{plan.pk}") and f"note-{plan.pk}" in self.errors:
                del self.errors[f"note-{plan.pk}"]
                cleaned[f"note-{plan.pk}"] = ""
        return cleaned


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
