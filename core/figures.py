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


def record_path(name, pk):
    """``reverse(name, args=[pk])`` for the page of one record (a URL whose one argument is an ``<int:pk>``), from
    that path reversed once per URL configuration and script prefix: a list links each of its rows, and each
    ``reverse`` walks the resolver again."""
    parts = _record_parts(name, get_urlconf(), get_script_prefix())
    if parts is None or type(pk) is not int or pk < 0:
        return reverse(name, args=[pk])
    return f"{parts[0]}{pk}{parts[1]}"


# An id no record has, marking where a record's id goes in its path.
_ID_MARK = "987654321987"


@functools.lru_cache(maxsize=256)
def _record_parts(name, urlconf, prefix):
    """The path of ``name`` before and after its record's id; None when the mark is not found once (not an id)."""
    path = reverse(name, args=[int(_ID_MARK)], urlconf=urlconf)
    if path.count(_ID_MARK) != 1:
        return None
    head, _mark, tail = path.partition(_ID_MARK)
    return head, tail


@receiver(setting_changed)
def _forget_paths(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
        _record_parts.cache_clear()


def with_query(path, **params):
    """``path`` with the given filters as its query string (empty ones left out)."""
    return _joined(path, _query(params))


def with_each(path, key, values, **params):
    """``with_query(path, **params, key=value)`` for each of ``values``, in order: the filters they share encoded
    once. A dashboard row links each of its six counts to its list, which differ by the status alone."""
    if key in params:
        raise TypeError(f"with_each() got multiple values for {key!r}")
    shared = _query(params)
    return [_joined(path, "&".join(part for part in (shared, _query({key: value})) if part)) for value in values]


def _query(params):
    """``urlencode(params, doseq=True)`` less the empty ones, joined pair by pair as it joins them, the pairs of text,
    whole numbers or lists of text encoded once a process (``_encoded``): a dashboard links some 150 figures to their
    lists, whose links share a few dozen pairs (``tests/core/test_list_links.py`` holds them equal to urlencode's)."""
    pairs = (_pair(key, value) for key, value in params.items() if value not in (None, ""))
    return "&".join(pair for pair in pairs if pair)  # an empty list: no pair


def _pair(key, value):
    kind = type(value)
    if kind is str or kind is int:
        return _encoded(key, value)
    if (kind is list or kind is tuple) and all(isinstance(item, str) for item in value):  # statuses, choices
        return _encoded(key, tuple(value))
    return urlencode({key: value}, doseq=True)


@functools.lru_cache(maxsize=1024, typed=True)
def _encoded(key, value):
    return urlencode({key: value}, doseq=True)


def _joined(path, query):
    return path + (f"?{query}" if query else "")
