"""Small presentation helpers for the staff pages' templates (``{% load pages %}``)."""

import datetime

from django import template
from django.db.models import Model, QuerySet
from django.forms import Form, ModelChoiceField
from django.templatetags.l10n import unlocalize
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.figures import record_path
from core.pages import template_text
from core.text import display_name

register = template.Library()


@register.simple_tag
def record_url(name, pk):
    """``{% url name pk %}`` for the page of one record, from its path reversed once (``core.figures.record_path``):
    for the rows of a list, where each ``{% url %}`` walks the resolver again."""
    return record_path(name, pk)


@register.simple_tag
def progress_bar(value, label="", size=""):
    """A 0–100 bar drawn in SVG (no inline style under the CSP), titled with ``label`` and the value; ``size`` a class
    ("bar-sm", "bar-lg"). ``includes/progress_bar.html`` writes it for the pages that include it."""
    number = template_text(unlocalize(value))
    try:
        achieved = value >= 100
    except TypeError:  # no value: as {% if value >= 100 %} judges it
        achieved = False
    return mark_safe(
        f'<svg class="bar {template_text(size or "")}" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        f'aria-label="{template_text(label or "")} {number}%"><rect class="bar-track" width="100" height="10"/>'
        f'<rect class="bar-fill{" achieved" if achieved else ""}" width="{number}" height="10"/></svg>'
    )


@register.filter
def person(user):
    """A user as people read it: full name, else the username; "—" for nobody."""
    return display_name(user)


@register.filter
def minutes(delta):
    """A timedelta as whole minutes (at least one), for "try again in N minutes"."""
    if not delta:
        return 0
    return max(1, round(delta.total_seconds() / 60))


@register.filter
def field_type(bound_field):
    """The widget's class name, so a template can lay out checkboxes and file inputs differently."""
    return bound_field.field.widget.__class__.__name__


@register.filter
def agency_role(task, agency):
    """ "Chủ trì" or "Phối hợp": what ``agency`` is to ``task`` (``Task.agency_role``)."""
    return task.agency_role(agency)


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The current query string with the page set: ``?…&page=3``, or ``?…&<page_param>=3`` on a page with several
    paged lists (``{% include "includes/pagination.html" with page_obj=… page_param="…" %}``)."""
    query = context["request"].GET.copy()
    query[context.get("page_param") or "page"] = number
    return f"?{query.urlencode()}"


@register.filter
def error_summary(form):
    """Every error of ``form`` for the summary above it, in one round: (anchor, text) where the anchor is the id
    of the field's input ("#id_area_after_ha"), None for an error about the whole form. A form names its rows
    itself (``error_label``, e.g. "Dòng 12 — Diện tích đất công nghiệp") and may order them (``error_order``)."""
    if not form or not form.errors:
        return []
    items = [(None, str(message)) for message in form.non_field_errors()]
    order = form.error_order() if hasattr(form, "error_order") else list(form.fields)
    for name in order:
        if name not in form.errors or name not in form.fields:
            continue
        bound = form[name]
        if bound.is_hidden:
            label, anchor = None, None
        else:
            label = form.error_label(name) if hasattr(form, "error_label") else bound.label
            anchor = f"#{bound.id_for_label or bound.auto_id}"
        for message in bound.errors:
            items.append((anchor, f"{label}: {message}" if label else str(message)))
    return items


def _shown(value, field):
    """One filter value as a person reads it: a choice by its label, a date as dd/mm/yyyy, a record by its name."""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, (list, tuple, QuerySet)):
        return "; ".join(_shown(item, field) for item in value)
    if isinstance(value, Model):
        return str(value)
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, ModelChoiceField):
        labels = {}
        for key, label in choices:
            if isinstance(label, (list, tuple)):  # an optgroup
                labels.update({str(k): v for k, v in label})
            else:
                labels[str(key)] = label
        return str(labels.get(str(value), value))
    return formats.localize(value) if not isinstance(value, str) else value


@register.simple_tag(takes_context=True)
def active_filters(context):
    """(label, value) of each filter set on this list page, for the printed heading.

    The filter form is the page's form bound to the query string (a FilterSet's form, or a plain one); a page
    without one has none. Values come from the validated form, so a record named in a filter is the one the list
    was filtered by (already fetched: no query of its own)."""
    request = context.get("request")
    if request is None or not request.GET:
        return []
    form = None
    for name in ("filter", "filterset", "filter_form", "form"):
        candidate = context.get(name)
        candidate = getattr(candidate, "form", candidate)
        if isinstance(candidate, Form) and candidate.is_bound and candidate.data == request.GET:
            form = candidate
            break
    if form is None:
        return []
    cleaned = form.cleaned_data if form.is_valid() else {}
    shown = []
    for bound in form:
        raw = [v for v in request.GET.getlist(bound.html_name) if v.strip()]
        if not raw or bound.is_hidden:
            continue
        value = cleaned.get(bound.name) if bound.name in cleaned else raw
        if value in (None, "", [], ()):
            continue
        if isinstance(value, slice):  # django-filter's range fields clean to a slice
            value = " – ".join(_shown(v, bound.field) for v in (value.start, value.stop) if v is not None)
        shown.append((bound.label, _shown(value, bound.field)))
    return shown
