"""Idempotent writes for the data loaders: save only what differs, so a second run leaves no history."""

from dataclasses import dataclass, field

from core.audit import record_save


@dataclass
class Tally:
    """What a loader did, per kind of record, for its summary line."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    updated_labels: list = field(default_factory=list)

    def __str__(self):
        return f"tạo mới {self.created}, cập nhật {self.updated}, giữ nguyên {self.unchanged}"


_LOOK_UP = object()


def _has_history(model):
    return hasattr(model._meta, "simple_history_manager_attribute")


def _differs(obj, name, value):
    model_field = obj._meta.get_field(name)
    if model_field.many_to_one or model_field.one_to_one:
        current = getattr(obj, model_field.attname)
        return current != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _m2m_differs(obj, name, values):
    return set(getattr(obj, name).values_list("pk", flat=True)) != {value.pk for value in values}


def sync(model, lookup, values, *, reason, tally, m2m=None, existing=_LOOK_UP, overwrite=True, m2m_on_create_only=()):
    """Create the record ``lookup`` identifies with ``values`` (and many-to-many ``m2m``), or bring it in line.

    - Nothing is saved when nothing differs: a second run writes no history record.
    - ``overwrite=False`` only creates: an existing record is left as people have since edited it.
    - ``m2m_on_create_only``: relations set when the record is created and then left to people.
    Every save leaves one history record with ``reason`` and no user (a system load).
    """
    m2m = dict(m2m or {})
    obj = model._default_manager.filter(**lookup).first() if existing is _LOOK_UP else existing
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean(exclude=list(m2m))
        _save(obj, reason=reason, m2m=m2m, created=True)
        tally.created += 1
        return obj
    if not overwrite:
        tally.unchanged += 1
        return obj
    changed = {name: value for name, value in values.items() if _differs(obj, name, value)}
    m2m_changed = {
        name: list(related)
        for name, related in m2m.items()
        if name not in m2m_on_create_only and _m2m_differs(obj, name, related)
    }
    if not changed and not m2m_changed:
        tally.unchanged += 1
        return obj
    for name, value in changed.items():
        setattr(obj, name, value)
    # A versioned record's version moves on in record_save: a form opened before this load cannot overwrite it.
    obj.full_clean(exclude=list(m2m))
    _save(obj, reason=reason, m2m=m2m_changed)
    tally.updated += 1
    tally.updated_labels.append(str(obj))
    return obj


def _save(obj, *, reason, m2m, created=False):
    if _has_history(type(obj)):
        record_save(obj, actor=None, reason=reason, m2m=m2m or None, created=created)
        return
    obj.save()
    for name, related in m2m.items():
        getattr(obj, name).set(related)
