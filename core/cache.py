"""Figures and answers kept for a short while in the cache, and dropped by any write to the project's data.

Each kind of cached value (the dashboard's task figures, the API's list pages…) has a *generation*: a number
kept in the cache that every key of that kind includes. A write bumps the generation, so every value cached
before it is never read again (it simply expires), in every process sharing the cache. With LocMem (no
REDIS_URL) each process has its own cache: a write through one process is seen by the others only when their
values expire, so the time-to-live stays short.

A write bumps the generation twice: at once (so the writing request, inside its transaction, reads its own
write) and again after the transaction commits (a request reading in between may have cached the data as it was
before the commit under the first new generation).
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction


def generation(kind):
    """The current generation of the cached values of ``kind``."""
    return cache.get_or_set(f"generation:{kind}", time.time_ns, None)


def _new_generation(kind):
    cache.set(f"generation:{kind}", time.time_ns(), None)


def bump(kind):
    """Drop every cached value of ``kind`` now and again once the current transaction commits."""
    _new_generation(kind)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _new_generation(kind))


def key(kind, *parts):
    """A cache key for a value of ``kind`` made of ``parts`` (hashed: keys stay short whatever the parts)."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
    return f"{kind}:{generation(kind)}:{digest}"


def cached(kind, parts, compute, seconds):
    """``compute()``, kept ``seconds`` (0: not kept) under ``parts`` and the current generation of ``kind``."""
    if not seconds:
        return compute()
    name = key(kind, *parts)
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, seconds)
    return value


# --- what a write drops ---------------------------------------------------------------------------------

# Values that depend on much of the data (the API's list pages, an agency's lists on /my/) are of the kind
# DATA, dropped by any write to the project's own data (and to users: lists show names): every save, delete
# and many-to-many change sends a signal; the audited bulk helpers, which send none, bump it themselves
# (core.audit).
DATA = "data"


def project_app_labels():
    """The labels of the project's own apps (top-level folders of the checkout, not the libraries', wherever
    they are installed), and ``auth`` for the users."""
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    root = Path(settings.BASE_DIR).resolve()
    return {app.label for app in apps.get_app_configs() if Path(app.path).resolve().parent == root} | {"auth"}


def connect_invalidation():
    """Bump the generation of DATA on every write to a model of the project's apps (CoreConfig.ready)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    labels = project_app_labels()

    def data_changed(sender, **kwargs):
        if sender._meta.app_label in labels:
            bump(DATA)

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(data_changed, weak=False, dispatch_uid=f"core.cache.{DATA}.{id(signal)}")
