"""Figures and answers kept for a short while in the cache, and dropped by a write to the data they read.

The project's data is split into *domains* (``DOMAIN_OF``: the plan's tasks, the register, the Circular 14
reports, the agencies with their memberships and users; notifications, webhook deliveries and login records
are *private*: no cached value reads them). Each domain has a *generation*, a number kept in the cache, and a
cached value names the domains it reads: its key holds their generations. A write to a model bumps its domain's
generation, so every value cached before it that reads that domain is never read again (it simply expires), in
every process sharing the cache; values that read other domains stay. With LocMem (no REDIS_URL) each process
has its own cache: a write through one process is seen by the others only when their values expire, so the
time-to-live stays short.

A write bumps the generation twice: at once (so the writing request, inside its transaction, reads its own
write) and again after the transaction commits (a request reading in between may have cached the data as it was
before the commit under the first new generation).
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction

# --- the domains ----------------------------------------------------------------------------------------

TASKS = "tasks"  # the plan: plans, groups, tasks, progress, extensions, targets, plan reports
REGISTER = "register"  # the register of clusters: provinces, communes, clusters, decisions, cluster reports
REPORTING = "reporting"  # the Circular 14 cycle: forms, periods, submissions, Biểu 04
AGENCIES = "agencies"  # agencies, memberships and users: who sees what, and the names lists show
DEPARTMENT = "department"  # the Department's names and signers: every page's print heading reads them
PRIVATE = "private"  # read by no cached value: a write here drops nothing
DOMAINS = (TASKS, REGISTER, REPORTING, AGENCIES, DEPARTMENT)

# The domain of each of the project's models: by app label, or ``"app_label.modelname"`` for a model that is not
# its app's. Historical and many-to-many models go with their app. A model of the project missing here drops
# every domain (tests/core/test_cache_domains.py asks that each is named).
DOMAIN_OF = {
    "tasks": TASKS,
    "plan_reports": TASKS,
    "places": REGISTER,  # provinces and communes: the register's places, and the communes' reporters
    "clusters": REGISTER,
    "reporting": REPORTING,
    "agencies": AGENCIES,
    "department": DEPARTMENT,
    "auth": AGENCIES,  # users (names in lists, active or not) and their groups
    "accounts": PRIVATE,  # the login and logout records
    "notifications": PRIVATE,  # notifications (read or not), reminders sent, preferences, feed tokens, letters
    "webhooks": PRIVATE,  # endpoints and their deliveries (each attempt)
    "signatures": TASKS,  # trusted roots and the plan reports' signed copies, shown with the reports
    "national": REPORTING,  # the provinces' exports the Ministry sums (national mode)
    "sync": PRIVATE,  # tombstones, written with a deletion that bumps the deleted record's domain
}

# Fields whose saves alone drop nothing: a login stamps ``last_login`` (``update_fields=["last_login"]``).
PRIVATE_FIELDS = {"auth.user": {"last_login"}}


def domain_of(model):
    """The domain of ``model`` (a class), or None for one that is not named in ``DOMAIN_OF``."""
    meta = model._meta
    return DOMAIN_OF.get(f"{meta.app_label}.{meta.model_name}", DOMAIN_OF.get(meta.app_label))


# --- the cache, read and written here only --------------------------------------------------------------


def _read(names):
    """The values found for ``names`` (a dict: missing names are left out)."""
    return cache.get_many(names)


def _write(values, seconds):
    """Keep ``values`` (name → value) for ``seconds`` (None: until evicted)."""
    cache.set_many(values, seconds)


# --- generations ----------------------------------------------------------------------------------------


def _generation_name(domain):
    return f"generation:{domain}"


def generations(domains):
    """The current generations of ``domains``, in their order (a domain never bumped starts now)."""
    names = [_generation_name(domain) for domain in domains]
    found = _read(names)
    missing = {name: time.time_ns() for name in names if name not in found}
    if missing:
        _write(missing, None)
    return [found.get(name, missing.get(name)) for name in names]


def generation(domain):
    """The current generation of ``domain``."""
    return generations([domain])[0]


def _new_generation(domains):
    now = time.time_ns()
    _write({_generation_name(domain): now for domain in domains}, None)


def bump(*domains):
    """Drop every cached value reading one of ``domains`` now, and again once the current transaction commits."""
    domains = sorted(set(domains) - {PRIVATE})
    if not domains:
        return
    _new_generation(domains)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _new_generation(domains))


def bump_for(model):
    """Bump the domain of ``model`` (every domain for a model ``DOMAIN_OF`` does not name)."""
    domain = domain_of(model)
    bump(*(DOMAINS if domain is None else [domain]))


# --- cached values --------------------------------------------------------------------------------------


def key(domains, *parts):
    """A cache key for a value reading ``domains``, made of ``parts`` (hashed: keys stay short whatever the parts)
    and of the domains' current generations."""
    domains = sorted(set(domains))
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
    stamp = ".".join(f"{domain}={number}" for domain, number in zip(domains, generations(domains), strict=True))
    return f"{digest}:{stamp}"


def cached(domains, parts, compute, seconds):
    """``compute()``, kept ``seconds`` (0: not kept) under ``parts`` and the current generations of ``domains``,
    the domains whose data it reads (a domain left out: a value stale after a write there). None is never kept:
    ``compute`` returns it for a value not to be kept (an error page)."""
    if not seconds:
        return compute()
    name = key(domains, *parts)
    value = _read([name]).get(name)
    if value is None:
        value = compute()
        if value is not None:
            _write({name: value}, seconds)
    return value


# --- what a write drops ---------------------------------------------------------------------------------


def project_app_labels():
    """The labels of the project's own apps (top-level folders of the checkout, not the libraries', wherever
    they are installed), and ``auth`` for the users."""
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    root = Path(settings.BASE_DIR).resolve()
    return {app.label for app in apps.get_app_configs() if Path(app.path).resolve().parent == root} | {"auth"}


def connect_invalidation():
    """Bump the domain of every write to a model of the project's apps (CoreConfig.ready): every save, delete and
    many-to-many change sends a signal; the audited bulk helpers, which send none, bump it themselves
    (core.audit). A save of private fields only (a login's ``last_login``) drops nothing."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    labels = project_app_labels()

    def data_changed(sender, update_fields=None, **kwargs):
        if sender._meta.app_label not in labels:
            return
        private = PRIVATE_FIELDS.get(sender._meta.label_lower)
        if update_fields and private and set(update_fields) <= private:
            return
        bump_for(sender)

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(data_changed, weak=False, dispatch_uid=f"core.cache.data_changed.{id(signal)}")
