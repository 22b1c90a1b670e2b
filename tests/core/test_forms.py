import datetime

import pytest
from django import forms
from django.utils import timezone

from boards.models import Board
from core.converters import MAX_ID
from core.forms import GovukDateField, HiddenErrorsMixin, HiddenNumberField, IdModelChoiceField, parse_id


class TestParseId:
    @pytest.mark.parametrize(("value", "expected"), [("1", 1), ("042", 42), (str(MAX_ID), MAX_ID), (7, 7)])
    def test_reads_ids(self, value, expected):
        assert parse_id(value) == expected

    @pytest.mark.parametrize(
        "value",
        ["", "0", "²", "١٢", "-3", "+3", "3.0", "1e3", " 3", str(MAX_ID + 1), "9" * 40, None, True, 0],
    )
    def test_anything_else_is_none(self, value):
        assert parse_id(value) is None

    def test_takes_a_smaller_maximum(self):
        assert parse_id("2147483648", maximum=2**31 - 1) is None


@pytest.mark.django_db
class TestIdModelChoiceField:
    @pytest.mark.parametrize("value", ["²", "9" * 20, "x"])
    def test_a_value_that_is_not_an_id_is_an_invalid_choice(self, value):
        field = IdModelChoiceField(
            queryset=Board.objects.all(), error_messages={"invalid_choice": "Choose one"}
        )

        with pytest.raises(forms.ValidationError) as raised:
            field.clean(value)

        assert raised.value.messages == ["Choose one"]

    def test_an_id_in_the_queryset_is_the_object(self, board):
        assert IdModelChoiceField(queryset=Board.objects.all()).clean(str(board.pk)) == board


class VersionedForm(HiddenErrorsMixin, forms.Form):
    title = forms.CharField()
    version = HiddenNumberField()


class TestHiddenFields:
    def test_a_missing_hidden_value_is_the_forms_own_error_in_plain_words(self):
        form = VersionedForm({"title": "Kept"})

        assert not form.is_valid()
        assert form.non_field_errors() == ["The page was sent incomplete. Reload the page and try again"]
        assert "version" not in form.errors
        assert "Hidden field" not in str(form)

    @pytest.mark.parametrize("value", ["²", "0", "99999999999", "three"])
    def test_a_hidden_number_must_be_a_plain_number_in_range(self, value):
        assert not VersionedForm({"title": "Kept", "version": value}).is_valid()

    def test_set_hidden_sends_a_new_value_back(self):
        form = VersionedForm({"title": "Kept", "version": "3"})
        form.is_valid()

        form.set_hidden("version", 4)

        assert 'value="4"' in str(form["version"])
        assert form.data["title"] == "Kept"


class DateForm(forms.Form):
    on = GovukDateField(noun="the date of the meeting", after=datetime.date(2000, 1, 1), not_future=True)


class TestGovukDateField:
    def parts(self, day, month, year):
        return {"on_day": day, "on_month": month, "on_year": year}

    @pytest.mark.parametrize("month", ["6", "06", "June", "jun", " JUNE "])
    def test_reads_a_day_month_and_year(self, month):
        form = DateForm(self.parts("15", month, "2022"))

        assert form.is_valid(), form.errors
        assert form.cleaned_data["on"] == datetime.date(2022, 6, 15)

    def test_a_required_date_left_empty_asks_for_it_by_name(self):
        form = DateForm(self.parts("", "", ""))

        assert form.errors["on"] == ["Enter the date of the meeting"]

    def test_messages_name_the_date(self):
        form = DateForm(self.parts("15", "6", "2999"))

        assert form.errors["on"] == ["The date of the meeting must be today or in the past"]

    def test_today_is_not_in_the_future(self):
        today = timezone.localdate()

        assert DateForm(self.parts(str(today.day), str(today.month), str(today.year))).is_valid()

    def test_shows_a_date_as_its_three_parts(self):
        form = DateForm(initial={"on": datetime.date(2022, 6, 15)})

        html = str(form["on"])

        assert 'name="on_day" type="text" inputmode="numeric" value="15"' in html
        assert 'name="on_year" type="text" inputmode="numeric" value="2022"' in html
