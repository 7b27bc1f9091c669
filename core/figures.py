"""Figures as the pages show them: a share in per cent, and the link to the list a figure counts."""

import functools
from decimal import Decimal
from urllib.parse import urlencode

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


def percent(part, whole):
    """part ÷ whole × 100 rounded to one decimal, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def list_url(name, **params):
    """The URL of a list page with the given filters (lists become repeated parameters)."""
    return with_query(list_path(name), **params)


def list_path(name):
    """``reverse(name)`` for a page without arguments, kept per URL configuration and script prefix: a dashboard
    links some 400 figures to their lists, and each ``reverse`` walks the resolver again."""
    return _reversed(name, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=256)
def _reversed(name, urlconf, prefix):
    return reverse(name, urlconf=urlconf)


@receiver(setting_changed)
def _forget_paths(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()


def with_query(path, **params):
    """``path`` with the given filters as its query string (empty ones left out)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")}, doseq=True)
    return path + (f"?{query}" if query else "")
