"""Dates are day-first (dd/mm/yyyy), numbers use "." for thousands and "," for decimals, weeks start Monday."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils import formats, translation


class DeadlineForm(forms.Form):
    due_date = forms.DateField()


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_a_date_typed_as_05_03_2026_is_the_fifth_of_march():
    form = DeadlineForm({"due_date": "05/03/2026"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["due_date"] == datetime.date(2026, 3, 5)


def test_an_iso_date_is_accepted_too():
    form = DeadlineForm({"due_date": "2026-03-05"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["due_date"] == datetime.date(2026, 3, 5)


def test_a_month_first_date_that_cannot_be_a_day_first_one_is_refused():
    assert not DeadlineForm({"due_date": "03/25/2026"}).is_valid()


def test_dates_are_displayed_day_first():
    day = datetime.date(2026, 3, 5)

    assert formats.localize(day) == "05/03/2026"
    assert formats.date_format(day, "SHORT_DATE_FORMAT") == "05/03/2026"
    assert DeadlineForm(initial={"due_date": day})["due_date"].value() == day
    assert 'value="05/03/2026"' in str(DeadlineForm(initial={"due_date": day})["due_date"])


def test_numbers_use_a_dot_for_thousands_and_a_comma_for_decimals():
    assert formats.number_format(Decimal("1686.5"), use_l10n=True) == "1.686,5"
    assert formats.number_format(80000, use_l10n=True) == "80.000"


def test_weeks_start_on_monday():
    assert formats.get_format("FIRST_DAY_OF_WEEK") == 1
