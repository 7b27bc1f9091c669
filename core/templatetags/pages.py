"""Small presentation helpers for the staff pages' templates (``{% load pages %}``)."""

from django import template

from core.text import display_name

register = template.Library()


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
