"""Dates as the Department reads them: "today" is the date in Hanoi, whatever the server's clock zone."""

from django.utils import timezone


def local_today():
    """Today's date in Hanoi (settings.TIME_ZONE), whatever the server clock's zone."""
    return timezone.localdate()
