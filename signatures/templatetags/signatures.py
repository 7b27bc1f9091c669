"""``{% may_sign report as can_sign %}``: whether the user may upload the report's signed copy (asks scoping)."""

from django import template

from agencies import scoping

register = template.Library()


@register.simple_tag(takes_context=True)
def may_sign(context, report):
    return scoping.can(context["request"].user, "plan_report.sign", report)


@register.simple_tag
def blank_sign_form():
    """The upload form, empty (the page shows it before any upload; a refused upload brings its own)."""
    from signatures.forms import SignedCopyForm

    return SignedCopyForm()
