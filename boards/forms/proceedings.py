"""
The forms of a meeting's record (boards.services.proceedings): attendance, declarations of interest,
minutes and decisions. The rules are the services'; the forms offer only sensible choices and carry
the edit version or the one-time token.
"""

from django import forms

from core.forms import HiddenErrorsMixin, HiddenNumberField, IdModelChoiceField
from core.formtokens import FormTokenField

from ..models import Attendance, Decision, Declaration, Meeting, MeetingStatus, Membership, Organisation
from ..services import attendance


class InlineRadioSelect(forms.RadioSelect):
    """GOV.UK radios side by side; `small` for a page of questions asked alike (attendance)."""

    template_name = "boards/widgets/inline_radios.html"

    def __init__(self, *args, small: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.small = small

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["small"] = self.small
        return context


def decision_label(decision: Decision) -> str:
    """A resolution as lists of decisions name it: meeting, item, letter and the start of its text."""
    item = decision.agenda_item
    text = decision.text if len(decision.text) <= 80 else decision.text[:77].rstrip() + "…"
    return f"{item.meeting}, item {item.number} ({item.title}), {decision.letter}) {text}"


def member_label(member: Membership) -> str:
    return f"{member.name} ({member.get_role_display()}, {member.organisation})"


def _organisations(meeting: Meeting):
    return meeting.board.organisations.order_by("name")


# Attendance -------------------------------------------------------------------------------------------


class AttendanceForm(forms.Form):
    """
    One question per member at the meeting: present, apologies or absent, as radios in a fieldset of
    their own (the renderer makes the member's name its legend). Members are named `member-<id>`, as
    the service's errors are.
    """

    def __init__(self, *args, members: list[Membership], recorded: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        choices = [(status, Attendance.Status(status).label) for status in attendance.MEMBER_STATUSES]
        for member in members:
            self.fields[f"member-{member.pk}"] = forms.ChoiceField(
                label=member.name,
                choices=choices,
                required=False,
                widget=InlineRadioSelect(small=True),
                help_text=f"{member.get_role_display()}, {member.organisation}",
                initial=recorded.get(member.pk),
                error_messages={"invalid_choice": f"Choose present, apologies or absent for {member.name}"},
            )
            # Answered or not, the question is not optional: the renderer leaves "(optional)" off.
            self.fields[f"member-{member.pk}"].needed_if = "recording"

    def statuses(self) -> dict[int, str]:
        """{membership id: status} for each member answered (an unanswered one stays as recorded)."""
        return {
            member.pk: self.cleaned_data[f"member-{member.pk}"]
            for member in self.members
            if self.cleaned_data.get(f"member-{member.pk}")
        }


class SubstituteForm(HiddenErrorsMixin, forms.Form):
    form_token = FormTokenField()
    substitute_for = IdModelChoiceField(
        queryset=Membership.objects.none(),
        label="Standing in for",
        empty_label="Choose a member",
        error_messages={
            "required": "Choose the member the substitute stands in for",
            "invalid_choice": "Choose a member of the board at the time of this meeting",
        },
    )
    name = forms.CharField(
        label="Substitute's name",
        max_length=200,
        error_messages={
            "required": "Enter the substitute's name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    organisation = IdModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label="Organisation",
        empty_label="The member's own",
        help_text="Leave as the member's own unless the substitute comes from another partner.",
        error_messages={"invalid_choice": "Choose one of the board's organisations"},
    )

    def __init__(self, *args, meeting: Meeting, members: list[Membership], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substitute_for"].queryset = (
            Membership.objects.filter(pk__in=[member.pk for member in members])
            .by_seniority()
            .select_related("organisation")
        )
        self.fields["substitute_for"].label_from_instance = member_label
        self.fields["organisation"].queryset = _organisations(meeting)

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("substitute_for", "name", "organisation")}


class InAttendanceForm(HiddenErrorsMixin, forms.Form):
    form_token = FormTokenField()
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, the officer presenting an item.",
        error_messages={
            "required": "Enter the name of the person in attendance",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    organisation = IdModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label="Organisation",
        error_messages={"invalid_choice": "Choose one of the board's organisations"},
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(meeting)

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("name", "organisation")}


# Declarations of interest ----------------------------------------------------------------------------


class DeclarationForm(HiddenErrorsMixin, forms.Form):
    form_token = FormTokenField()
    membership = IdModelChoiceField(
        queryset=Membership.objects.none(),
        label="Member",
        empty_label="Choose a member",
        error_messages={
            "required": "Choose the member who declared an interest",
            "invalid_choice": "Choose a member of the board at the time of this meeting",
        },
    )
    interest = forms.ChoiceField(
        label="Kind of interest",
        choices=Declaration.Interest.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the kind of interest",
            "invalid_choice": "Choose the kind of interest",
        },
    )
    description = forms.CharField(
        label="The interest",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="As minuted, for example: “Her husband is a partner in a GP practice in the area.”",
        error_messages={
            "required": "Describe the interest",
            "max_length": "The description must be 2,000 characters or fewer",
        },
    )
    action = forms.ChoiceField(
        label="What the member did",
        choices=Declaration.Action.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what the member did",
            "invalid_choice": "Choose what the member did",
        },
    )

    def __init__(self, *args, members: list[Membership], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = (
            Membership.objects.filter(pk__in=[member.pk for member in members])
            .by_seniority()
            .select_related("organisation")
        )
        self.fields["membership"].label_from_instance = member_label

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("membership", "interest", "description", "action")}


# Minutes ---------------------------------------------------------------------------------------------


class MinutesForm(HiddenErrorsMixin, forms.Form):
    minutes = forms.CharField(
        label="Minutes",
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="What was said and agreed, in Markdown: a blank line between paragraphs, * for a list "
        "item, **bold** for emphasis. The lettered resolutions are recorded with the decisions.",
        error_messages={"max_length": "The minutes must be 50,000 characters or fewer"},
    )
    version = HiddenNumberField()

    def service_arguments(self) -> dict:
        return {"minutes": self.cleaned_data["minutes"], "version": self.cleaned_data["version"]}


# Decisions -------------------------------------------------------------------------------------------


class DecisionForm(HiddenErrorsMixin, forms.Form):
    """
    A lettered resolution: its words, outcome and effect. A decision that approves minutes names the
    earlier meeting (offered: the board's held meetings before this one); for any other effect the
    meeting chosen is dropped, since it would mean nothing.
    """

    form_token = FormTokenField()
    version = HiddenNumberField()
    text = forms.CharField(
        label="Resolution",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="As minuted, for example: “That the draft strategy be approved for public consultation.”",
        error_messages={
            "required": "Enter the resolution, as minuted",
            "max_length": "The resolution must be 5,000 characters or fewer",
        },
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Decision.Outcome.choices,
        widget=InlineRadioSelect,
        error_messages={"required": "Choose the outcome", "invalid_choice": "Choose the outcome"},
    )
    effect = forms.ChoiceField(
        label="What it does",
        choices=[
            (value, "Nothing beyond the resolution" if not value else label)
            for value, label in Decision.Effect.choices
        ],
        widget=forms.RadioSelect,
        initial=Decision.Effect.NONE,
        required=False,
        help_text="An approved decision that approves a draft for consultation or a final strategy is what "
        "moves the strategy on.",
        error_messages={"invalid_choice": "Choose what the decision does"},
    )
    minutes_of = IdModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        label="Meeting whose minutes it approves",
        empty_label="Choose a meeting",
        help_text="Only for a decision that approves the minutes of a previous meeting.",
        error_messages={
            "invalid_choice": "Choose an earlier meeting of this board that was held and whose minutes "
            "are not approved yet"
        },
    )

    def __init__(self, *args, meeting: Meeting, decision: Decision | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effect"].needed_if = "always"  # "Nothing" is an answer: not "(optional)".
        self.fields["minutes_of"].needed_if = "minutes"
        # Earlier held meetings whose minutes are not approved yet (or by this very decision, when editing).
        approved = Decision.objects.filter(
            effect=Decision.Effect.MINUTES, outcome=Decision.Outcome.APPROVED, minutes_of__isnull=False
        )
        if decision is not None:
            approved = approved.exclude(pk=decision.pk)
        self.fields["minutes_of"].queryset = (
            Meeting.objects.filter(
                board_id=meeting.board_id, status=MeetingStatus.HELD, starts_at__lt=meeting.starts_at
            )
            .exclude(pk__in=approved.values("minutes_of"))
            .select_related("board")
            .order_by("-starts_at")
        )
        if decision is None:
            del self.fields["version"]
        else:
            del self.fields["form_token"]
            if not self.is_bound:
                self.initial.update(
                    text=decision.text,
                    outcome=decision.outcome,
                    effect=decision.effect,
                    minutes_of=decision.minutes_of_id,
                    version=decision.version,
                )

    def clean(self):
        data = super().clean()
        if data.get("effect") != Decision.Effect.MINUTES:
            data["minutes_of"] = None
            self.errors.pop("minutes_of", None)
        elif "minutes_of" in data and data["minutes_of"] is None:
            self.add_error("minutes_of", "Choose the meeting whose minutes it approves")
        return data

    def service_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in ("text", "outcome", "minutes_of")}
        fields["effect"] = self.cleaned_data.get("effect") or Decision.Effect.NONE
        return fields

    def service_arguments(self) -> dict:
        """The update service's keywords: the fields and the version the form was loaded from."""
        return {"version": self.cleaned_data["version"], **self.service_fields()}
