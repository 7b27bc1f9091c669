"""The Circular 14/2024/TT-BCT reporting periods: their kinds and their data windows, in one home.

A period is the half-year or the annual report of a year. Its data window (Art. 3.2) opens on 15 December of the
year before, for both, and closes on 14 June (half-year) or 14 December (annual). The cluster register's periodic
figures (``ClusterReport``) and the reporting cycle (``reporting.ReportingPeriod``) both read them here: the
register sits below the reporting app, so this is the lowest app that needs them (``core`` knows no circulars).
"""

import datetime

from django.db import models
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    HALF_YEAR = "half_year", _("6 tháng")
    ANNUAL = "annual", _("Năm")


# The day (month, day) each kind's data window closes; it opens on 15/12 of the year before.
WINDOW_START = (12, 15)
WINDOW_END = {PeriodKind.HALF_YEAR: (6, 14), PeriodKind.ANNUAL: (12, 14)}


# How a file name writes the kind ("bieu-04-6-thang-2026-…").
FILE_SLUG = {PeriodKind.HALF_YEAR: "6-thang", PeriodKind.ANNUAL: "nam"}


def data_window(year, kind):
    """(first day, last day) of the data a report of ``kind`` in ``year`` covers."""
    month, day = WINDOW_END[PeriodKind(kind)]
    return datetime.date(year - 1, *WINDOW_START), datetime.date(year, month, day)


def window_label(year, kind):
    """ "15/12/2025 – 14/06/2026": the data window as pages and the API write it."""
    start, end = data_window(year, kind)
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


def period_label(year, kind):
    """ "6 tháng năm 2026" or "năm 2026": the period as reports, letters and pages name it."""
    if PeriodKind(kind) == PeriodKind.HALF_YEAR:
        return str(_("6 tháng năm %(year)s") % {"year": year})
    return str(_("năm %(year)s") % {"year": year})


def chronological(year, kind):
    """A sort key putting periods in the order their windows close: a year's half-year report before its annual."""
    return (year, list(PeriodKind).index(PeriodKind(kind)))


def window_end_number(kind_field="period", year_field="year"):
    """The last day of a period's data window as the number YYYYMMDD, in SQL (to compare with a date in a query)."""
    closes = Case(
        *(When(**{kind_field: kind}, then=Value(month * 100 + day)) for kind, (month, day) in WINDOW_END.items()),
        output_field=models.IntegerField(),
    )
    return models.F(year_field) * 10000 + closes
