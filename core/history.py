"""Reading the audit trail: history records turned into "who, when, what changed from what to what, why".

Works for any model with django-simple-history. ``entries_for`` reads a page of history records and
diffs each against the record before it, with Vietnamese field labels and display values, in a fixed
number of queries whatever the number of records (records, their predecessors, one per many-to-many
field, one per related model shown). ``entries_for_pages`` reads several kinds at once for the audit log, the
names of related objects (and the people who made the changes) once for all of them.
"""

import datetime
import functools
from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .pages import choice_labels

ACTION_LABELS = {"+": _("Tạo mới"), "~": _("Cập nhật"), "-": _("Xóa")}
IGNORED_FIELDS = {"id", "version", "updated_at", "created_at"}
EMPTY = "—"


@dataclass
class FieldChange:
    """One field's change, written twice: ``old``/``new`` as a page shows them (the request's language, dd/mm/yyyy),
    ``api_old``/``api_new`` as the API writes them (ISO 8601 dates, plain numbers)."""

    field: str
    label: str
    old: str
    new: str
    api_old: str = ""
    api_new: str = ""


@dataclass
class HistoryEntry:
    """One history record, ready to show: who did what to which object, when, why, and the changes."""

    history_id: int
    model: type
    object_id: int
    object_repr: str
    at: datetime.datetime
    user: object
    action: str
    reason: str
    changes: list = field(default_factory=list)

    @property
    def action_label(self):
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def model_label(self):
        return self.model._meta.verbose_name

    @property
    def kind(self):
        return self.model._meta.label_lower


@functools.cache
def upper_first(label):
    """ "trạm XLNT đạt QCVN 40:2025/BTNMT" → "Trạm XLNT đạt QCVN 40:2025/BTNMT": only the first letter is raised
    (``str.capitalize`` would lower the rest, abbreviations and standards' codes included)."""
    text = str(label)
    return text[:1].upper() + text[1:]


@functools.cache
def history_model(model):
    """``model``'s historical model. ``model.history`` builds a manager class at every access (simple_history's
    descriptor, some 200 calls through ``inspect``): code reading history asks here instead, once a model."""
    return model.history.model


@functools.cache
def tracked_fields(model):
    """The concrete fields whose changes are shown (not ids, versions and timestamps). Read once a model: they are
    the model's code, and a page reading history asks for them once a kind."""
    names = {f.name for f in history_model(model)._meta.fields}
    return tuple(
        f for f in model._meta.concrete_fields if f.name in names and f.name not in IGNORED_FIELDS and not f.primary_key
    )


@functools.cache
def m2m_fields(model):
    """(field, historical through model, target column) for each many-to-many field with history. Read once a
    model, as ``tracked_fields``."""
    return tuple(
        (f, _find_m2m_history_model(model, f), f.m2m_reverse_field_name())
        for f in getattr(history_model(model), "_history_m2m_fields", []) or []
    )


_FIELD_LABELS = {}


def field_labels(model):
    """{field name: label as text in the active language} of the fields whose changes are shown (``tracked_fields``
    and the many-to-many ones), worked out once per model and language: a lazy label is translated again each time
    it is hashed or compared, and a page of the audit log names some 200 changes."""
    key = (model, get_language())
    labels = _FIELD_LABELS.get(key)
    if labels is None:
        shown = [*tracked_fields(model), *(m2m_field for m2m_field, _through, _column in m2m_fields(model))]
        labels = _FIELD_LABELS[key] = {f.name: upper_first(f.verbose_name) for f in shown}
    return labels


def _find_m2m_history_model(model, m2m_field):
    records = history_model(model)
    for related in records._meta.related_objects:
        candidate = related.related_model
        if candidate.__name__ == f"{records.__name__}_{m2m_field.name}":
            return candidate
    raise LookupError(f"No m2m history model for {model.__name__}.{m2m_field.name}")


def value_text(value, *, for_api=False):
    """The one home for how a date, a time or a number reads: on a page in the request's language
    (30/06/2026, 1.234,5), in the API in ISO 8601 (2026-06-30, 2026-06-30T08:00:00+07:00) and plain digits."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value  # Vietnam time, as it was lived
        return value.isoformat() if for_api else formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return value.isoformat() if for_api else formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | float):
        return str(value) if for_api else formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def _display(value, model_field, related_names):
    """(as a page shows ``value``, as the API writes it): the same text but for dates, times and numbers
    (``value_text``)."""
    if value is None or value == "":
        return EMPTY, EMPTY
    if model_field.choices:
        text = str(choice_labels(model_field).get(value, value))
    elif isinstance(model_field, models.ForeignKey):
        text = related_names.get((model_field.related_model, value), f"#{value}")
    elif isinstance(value, bool):
        text = str(_("Có") if value else _("Không"))
    elif isinstance(value, models.fields.files.FieldFile):
        text = value.name or EMPTY
    else:
        return value_text(value), value_text(value, for_api=True)
    return text, text


REPR_FIELDS = ("code", "number", "name", "username")


@functools.cache
def _row_type(model):
    """(a named tuple type, its columns): a history record of ``model`` as ``entries_for`` reads it, the columns it
    shows and diffs and no more. Reading a kind's records with their predecessors can mean a few hundred rows (every
    record of the page's objects up to the newest one); as tuples they cost a fraction of model instances."""
    available = {f.attname for f in history_model(model)._meta.concrete_fields}
    columns = ["history_id", "id", "history_date", "history_type", "history_change_reason", "history_user_id"]
    columns += [f.attname for f in tracked_fields(model)]
    columns += [name for name in (*REPR_FIELDS, "title") if name in available]
    columns = tuple(dict.fromkeys(column for column in columns if column in available))
    return namedtuple(f"{history_model(model).__name__}Row", columns), columns


@functools.cache
def _rows_query(model):
    """``model``'s history records as ``_row_type`` reads them, oldest first: built once per kind and filtered for each
    read (building a queryset of some 30 columns costs a kind more than running it)."""
    columns = _row_type(model)[1]
    return history_model(model).objects.order_by("history_date", "history_id").values_list(*columns)


def _rows(model, **conditions):
    row_type, _columns = _row_type(model)
    return [row_type._make(values) for values in _rows_query(model).filter(**conditions)]


@dataclass
class _Reading:
    """One kind's records read, before the names of what they refer to are known."""

    model: type
    records: list  # the records to show, in order
    changes: dict  # history_id -> the record's changes (``_changes``)
    wanted: dict  # related model -> ids whose names the entries show


def _read(model, records=None, *, history_ids=None, object_ids=None, until=None):
    """The records of one kind with their predecessors and many-to-many values: one query for the records, one per
    many-to-many field. With ``history_ids`` (the audit log) the records are rows (``_row_type``); the ids of their
    objects and ``until``, the newest record's date, the log knows already."""
    if history_ids is not None:
        # Every record of the page's objects up to its newest one: the page and each record's predecessor.
        all_records = _rows(model, id__in=object_ids, history_date__lte=until)
        wanted_ids = set(history_ids)
        records = [r for r in all_records if r.history_id in wanted_ids]
    else:
        records = list(records.select_related("history_user"))
        all_records = None
    if not records:
        return None
    if all_records is None:
        object_ids = {r.id for r in records}
        latest_date = max(r.history_date for r in records)
        # Every record of these objects up to the newest one: each record's predecessor is among them.
        all_records = _rows(model, id__in=object_ids, history_date__lte=latest_date)
    previous = {}
    last_seen = {}
    for r in all_records:
        previous[r.history_id] = last_seen.get(r.id)
        last_seen[r.id] = r

    # The many-to-many values of the records shown and of their predecessors, the only ones compared.
    shown = {r.history_id for r in records}
    shown.update(prev.history_id for prev in map(previous.get, list(shown)) if prev is not None)
    m2m_values = {}
    for m2m_field, through_history, target_column in m2m_fields(model):
        values = defaultdict(set)
        for history_id, target_id in through_history.objects.filter(history_id__in=shown).values_list(
            "history_id", f"{target_column}_id"
        ):
            values[history_id].add(target_id)
        for history_id in shown:
            m2m_values[(m2m_field.name, history_id)] = frozenset(values.get(history_id, ()))

    changes = {r.history_id: _changes(model, r, previous.get(r.history_id), m2m_values) for r in records}
    # The names of what the changes shown refer to, and no more.
    wanted = defaultdict(set)
    for record_changes in changes.values():
        for f, old, new in record_changes:
            if f.many_to_many:
                wanted[f.related_model].update(old, new)
            elif isinstance(f, models.ForeignKey):
                wanted[f.related_model].update(value for value in (old, new) if value is not None)
    return _Reading(model, records, changes, wanted)


def _changes(model, r, prev, m2m_values):
    """What ``r`` shows changed since ``prev``, the record before it of the same object (None: none read): (field,
    old, new) for each field, ``old`` None where there was nothing before, and the many-to-many fields' values as
    sets of ids. A record that created the object shows what it set; one whose predecessor is unknown, nothing."""
    changes = []
    for f in tracked_fields(model):
        new = getattr(r, f.attname)
        if prev is None:
            if r.history_type != "+" or new in (None, "", False):
                continue
            old = None
        else:
            old = getattr(prev, f.attname)
            if old == new:
                continue
        changes.append((f, old, new))
    for m2m_field, _through, _column in m2m_fields(model):
        new_ids = m2m_values[(m2m_field.name, r.history_id)]
        old_ids = m2m_values[(m2m_field.name, prev.history_id)] if prev is not None else frozenset()
        if new_ids == old_ids or (prev is None and r.history_type != "+"):
            continue
        changes.append((m2m_field, old_ids, new_ids))
    return changes


def _read_names(wanted, related_names):
    """Fill ``related_names`` with the names of ``wanted`` ({model: ids}) not in it yet: one query per related
    model, unsorted (the names go to a dict), and of a model that lists what its ``__str__`` reads (``NAME_FIELDS``)
    only those columns: a cluster has some 60."""
    for related_model, ids in wanted.items():
        missing = [pk for pk in ids if (related_model, pk) not in related_names]
        if missing:
            objects = related_model._default_manager.filter(pk__in=missing).order_by()
            if hasattr(related_model, "NAME_FIELDS"):
                objects = objects.only(*related_model.NAME_FIELDS)
            for obj in objects:
                related_names[(related_model, obj.pk)] = str(obj)


def entries_for(model, records):
    """Turn historical records of ``model`` into HistoryEntry objects, each diffed against its predecessor.

    ``records`` is a queryset of ``history_model(model)``; the order is kept. (The audit log's page, which orders
    its entries itself and holds several kinds, reads them with ``entries_for_pages``.)
    """
    reading = _read(model, records)
    if reading is None:
        return []
    related_names = {}
    for r in reading.records:  # the users who made the changes are read already
        if r.history_user is not None:
            related_names.setdefault((type(r.history_user), r.history_user.pk), str(r.history_user))
    _read_names(reading.wanted, related_names)
    return _entries(reading, related_names, lambda r: r.history_user)


def entries_for_pages(pages):
    """The entries of several kinds at once (the audit log's page): ``pages`` is a list of (model, history ids, the
    ids of their objects, the newest record's date); the result a list of entries per kind, each oldest first.

    Each kind's records come with their predecessors in one query (plus one per many-to-many field); then the
    names of what their changes show, and the people who made the changes, in one query per related model for all
    kinds together: most kinds name the same people and agencies.
    """
    readings = [
        _read(model, history_ids=ids, object_ids=object_ids, until=until) for model, ids, object_ids, until in pages
    ]
    user_model = get_user_model()
    wanted = defaultdict(set)
    authors = set()
    for reading in readings:
        if reading is None:
            continue
        for related_model, ids in reading.wanted.items():
            wanted[related_model] |= ids
        authors.update(r.history_user_id for r in reading.records if r.history_user_id is not None)
    related_names = {}
    # The people who made the changes, as objects (an entry's ``user``), read with the people the records name.
    people = set(wanted.pop(user_model, ()))
    users = {}
    if authors or people:
        for user in user_model._default_manager.filter(pk__in=authors | people):
            users[user.pk] = user
            related_names.setdefault((user_model, user.pk), str(user))
    _read_names(wanted, related_names)
    return [
        [] if reading is None else _entries(reading, related_names, lambda r: users.get(r.history_user_id))
        for reading in readings
    ]


def _entries(reading, related_names, user_of):
    model = reading.model
    labels = field_labels(model)
    entries = []
    for r in reading.records:
        changes = []
        for f, old, new in reading.changes[r.history_id]:
            if f.many_to_many:
                old_text = _names(f.related_model, old, related_names)
                new_text = _names(f.related_model, new, related_names)
                changes.append(FieldChange(f.name, labels[f.name], old_text, new_text, old_text, new_text))
            else:
                old_text, old_api = _display(old, f, related_names)
                new_text, new_api = _display(new, f, related_names)
                changes.append(FieldChange(f.name, labels[f.name], old_text, new_text, old_api, new_api))
        entries.append(
            HistoryEntry(
                history_id=r.history_id,
                model=model,
                object_id=r.id,
                object_repr=_object_repr(model, r),
                at=r.history_date,
                user=user_of(r),
                action=r.history_type,
                reason=r.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _names(related_model, ids, related_names):
    return ", ".join(sorted(related_names.get((related_model, i), f"#{i}") for i in ids)) or EMPTY


def _object_repr(model, record):
    for name in REPR_FIELDS:
        value = getattr(record, name, None)
        if value:
            title = getattr(record, "title", None)
            return f"{value} — {title}" if title else str(value)
    return f"{model._meta.verbose_name} #{record.id}"


# --- timelines: the story of one record, newest first -----------------------------------------------


@dataclass
class TimelineEvent:
    """One moment in the life of a task or cluster, newest first in the timeline."""

    at: datetime.datetime
    kind: str  # a key of TIMELINE_KIND_LABELS
    title: str
    user: object = None
    reason: str = ""
    changes: list = field(default_factory=list)
    text: str = ""
    attachments: list = field(default_factory=list)
    obj: object = None

    @property
    def kind_label(self):
        return TIMELINE_KIND_LABELS.get(self.kind, self.kind)


TIMELINE_KIND_LABELS = {
    "change": _("Thay đổi"),
    "progress": _("Báo cáo tiến độ"),
    "extension_request": _("Đề nghị gia hạn"),
    "extension_decision": _("Xử lý gia hạn"),
    "letter": _("Công văn đôn đốc"),
    "report": _("Báo cáo định kỳ"),
    "decision": _("Quyết định về cụm"),
}


def change_events(model, records, kind="change"):
    """History records as timeline events; an update that changed nothing shown is left out."""
    return [
        TimelineEvent(
            at=entry.at,
            kind=kind,
            title=str(entry.action_label) if kind == "change" else f"{entry.action_label}: {entry.object_repr}",
            user=entry.user,
            reason=entry.reason,
            changes=entry.changes,
        )
        for entry in entries_for(model, records)
        if entry.changes or entry.action != "~"
    ]
