"""Dates as the Department reads them: "today" is the date in Vietnam (Asia/Ho_Chi_Minh), whatever the server's clock zone, and
every business date (deadlines, reports, decisions, the register's dates) lies between FIRST_DAY and
LAST_DAY. Models (and through them the admin, the API's serializers and the services' ``full_clean``),
the pages' date fields and every list's date filters use ``validate_business_date``."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)


def validate_business_date(value):
    """Refuse a date outside FIRST_DAY..LAST_DAY (a typo like 31/12/9999 would break calendars and sorting)."""
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(
            _("Ngày phải trong khoảng %(first)s đến %(last)s."),
            code="date_out_of_range",
            params={"first": f"{FIRST_DAY:%d/%m/%Y}", "last": f"{LAST_DAY:%d/%m/%Y}"},
        )


def local_today():
    """Today's date in Vietnam time (settings.TIME_ZONE, Asia/Ho_Chi_Minh), whatever the server clock's zone."""
    return timezone.localdate()
