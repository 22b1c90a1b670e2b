"""The coding page's forms: the filters (GET) and one comment's themes (POST)."""

from django import forms

from .coding import NOT_GIVEN, THEMES_PER_COMMENT, CommentFilters
from .models import THEME_NAME_MAX, Channel, Consultation, RespondentType, Theme


class CodingFilterForm(forms.Form):
    """Which comments the coding page lists. A value not offered is refused with a message, not a 500."""

    theme = forms.TypedChoiceField(label="Theme", required=False, coerce=int, empty_value=None)
    priority = forms.TypedChoiceField(label="Priority", required=False, coerce=int, empty_value=None)
    channel = forms.ChoiceField(
        label="Channel", required=False, choices=[("", "All channels"), *Channel.choices]
    )
    respondent_type = forms.ChoiceField(
        label="Responding as",
        required=False,
        choices=[("", "Everyone"), *RespondentType.choices, (NOT_GIVEN, "Not given (and event comments)")],
    )
    uncoded = forms.BooleanField(label="Only comments not coded yet", required=False)
    second = forms.BooleanField(
        label="Code a second time: comments another officer coded and you have not",
        required=False,
        help_text="Their themes are hidden while you code, so that your coding is your own. Compare the two "
        "on the agreement page.",
    )

    def __init__(self, *args, consultation: Consultation, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Any theme"), *((theme.pk, theme.name) for theme in themes)]
        self.fields["priority"].choices = [
            ("", "Any priority"),
            *((priority["id"], priority["title"]) for priority in consultation.priorities()),
        ]
        for name in ("theme", "priority", "channel", "respondent_type"):
            self.fields[name].error_messages["invalid_choice"] = "Choose one of the options listed"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("second") and cleaned.get("theme"):
            # Filtering by a theme would show which comments the other officer gave it.
            self.add_error("theme", "Choose “Any theme” when coding a second time: codes are hidden then")
        return cleaned

    def filters(self) -> CommentFilters:
        if not self.is_valid():
            return CommentFilters()
        return CommentFilters(**self.cleaned_data)


class CommentCodeForm(forms.Form):
    """
    One comment's themes: the existing themes it may have (checkboxes) and new ones by name. With
    JavaScript, the combobox may send several `new_theme` values; without, there is one text field.
    """

    themes = forms.TypedMultipleChoiceField(
        label="Themes", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    new_theme = forms.CharField(
        label="New theme",
        required=False,
        max_length=THEME_NAME_MAX,
        help_text="An existing theme’s name, or a new one: it is added to this consultation’s themes.",
    )
    # Themes suggested for the comment (consultations/suggestions.py), ticked to confirm them.
    suggested = forms.TypedMultipleChoiceField(label="Suggested themes", required=False, coerce=int)
    # The coding page's filters and page, to come back to them after saving (without JavaScript).
    back = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    # A second, blind coding: the page shows the comment again without other officers' codes.
    blind = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, themes: list[Theme], number: int, suggested: list[Theme] = (), **kwargs):
        kwargs.setdefault("auto_id", f"c{number}-%s")
        super().__init__(*args, **kwargs)
        # Labels name the comment: a page lists many of these forms, and each field must be told apart.
        self.fields["themes"].label = f"Themes of comment {number}"
        self.fields["new_theme"].label = f"Add a theme to comment {number}"
        self.fields["themes"].widget.attrs["class"] = "govuk-checkboxes--small"
        self.fields["new_theme"].widget.attrs.update(
            {
                "list": "theme-names",
                "autocomplete": "off",
                "data-coding-theme-input": "",
                "spellcheck": "true",
            }
        )
        self.themes_offered = {theme.pk: theme for theme in [*themes, *suggested]}
        apart = {theme.pk for theme in suggested}
        self.fields["themes"].choices = [(theme.pk, theme.name) for theme in themes if theme.pk not in apart]
        self.fields["themes"].error_messages["invalid_choice"] = "Choose themes from the list"
        self.fields["suggested"].choices = [(theme.pk, theme.name) for theme in suggested]
        self.fields["suggested"].error_messages["invalid_choice"] = (
            "That suggestion has gone: tick the theme in the list instead"
        )

    def clean(self):
        cleaned = super().clean()
        names = self.data.getlist("new_theme") if hasattr(self.data, "getlist") else []
        names = [" ".join(str(name).split()) for name in names]
        if any("\x00" in name for name in names):
            self.add_error("new_theme", "A theme’s name cannot contain null characters")
        elif any(len(name) > THEME_NAME_MAX for name in names):
            self.add_error("new_theme", f"A theme’s name must be {THEME_NAME_MAX} characters or fewer")
        names = [name for name in names if name][: THEMES_PER_COMMENT + 1]
        cleaned["new_names"] = names
        return cleaned

    def service_fields(self) -> dict:
        return {
            "themes": [
                self.themes_offered[pk]
                for pk in [*self.cleaned_data["themes"], *self.cleaned_data["suggested"]]
            ],
            "new_names": self.cleaned_data["new_names"],
        }


class ThemeRenameForm(forms.Form):
    """A theme's new name (the themes page has one of these per theme, prefixed by its id)."""

    name = forms.CharField(label="Name", max_length=THEME_NAME_MAX)

    def __init__(self, *args, theme: Theme, **kwargs):
        kwargs.setdefault("prefix", f"theme-{theme.pk}")
        kwargs.setdefault("initial", {"name": theme.name})
        super().__init__(*args, **kwargs)
        self.fields["name"].label = f"New name for “{theme.name}”"
        self.fields["name"].error_messages["required"] = "Enter a name for the theme"


class ThemeMergeForm(forms.Form):
    """The theme another is folded into."""

    into = forms.TypedChoiceField(label="Merge into", coerce=int, empty_value=None)

    def __init__(self, *args, theme: Theme, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].label = f"Merge “{theme.name}” into"
        self.fields["into"].choices = [
            ("", "Choose a theme"),
            *((other.pk, other.name) for other in themes if other.pk != theme.pk),
        ]
        self.fields["into"].error_messages["required"] = "Choose the theme to merge it into"
        self.fields["into"].error_messages["invalid_choice"] = (
            "Choose one of this consultation’s other themes"
        )
        self.themes = {other.pk: other for other in themes}

    def into_theme(self) -> Theme:
        return self.themes[self.cleaned_data["into"]]
