"""Figures as the pages show them: a share in per cent, and the link to the list a figure counts."""

from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse


def percent(part, whole):
    """part ÷ whole × 100 rounded to one decimal, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def list_url(name, **params):
    """The URL of a list page with the given filters (lists become repeated parameters)."""
    return with_query(reverse(name), **params)


def with_query(path, **params):
    """``path`` with the given filters as its query string (empty ones left out)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")}, doseq=True)
    return path + (f"?{query}" if query else "")
