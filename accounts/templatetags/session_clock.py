"""What the session warning (``templates/includes/session_warning.html``) needs to know of the idle clock."""

from django import template

from ..sessions import seconds_left, warning_seconds

register = template.Library()


@register.simple_tag(takes_context=True)
def session_clock(context):
    """{"expires_in": seconds until the session ends, "warn_before": seconds before that to warn}."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    return {"expires_in": seconds_left(request), "warn_before": warning_seconds()}
