"""Small presentation helpers for the staff pages' templates (``{% load pages %}``)."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def person(user):
    """A user as people read it: full name, else the username; "—" for nobody."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


@register.filter
def minutes(delta):
    """A timedelta as whole minutes (at least one), for "try again in N minutes"."""
    if not delta:
        return 0
    return max(1, round(delta.total_seconds() / 60))


@register.filter
def role_label(role):
    """The role code of the context processor (``current_role``) in words."""
    from agencies.models import Membership

    if role == "superuser":
        return _("Quản trị hệ thống")
    try:
        return Membership.Role(role).label
    except ValueError:
        return ""


@register.filter
def field_type(bound_field):
    """The widget's class name, so a template can lay out checkboxes and file inputs differently."""
    return bound_field.field.widget.__class__.__name__
