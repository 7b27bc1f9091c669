"""The form renderer (``settings.FORM_RENDERER``): Django's templates, except that a ``<select>`` is written here.

Django renders a select through three templates: ``select.html`` includes ``select_option.html`` for each option,
and each of those includes ``attrs.html``. A filter form of a dozen selects thus renders some 150 includes, each
with its own context: most of a list page's template time. ``render_select`` writes the same HTML (the same
whitespace, escaping, localisation and attribute rules as those three templates, which
``tests/core/test_renderers.py`` holds equal for every filter form) with one loop. A select whose options use
another template, or carry a value a template would call, is left to the templates.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    """Django's default renderer, with selects written by ``render_select``."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            html = render_select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)


def render_select(widget):
    """The HTML of Django's ``select.html`` for ``widget`` (a widget's context), or None when only the templates
    can render it (options of another template, a callable value or label)."""
    context = Context(autoescape=True)  # what the renderer's engine gives its templates

    def text(value):  # {{ value }}
        return render_value_in_context(value, context)

    def formatted(value):  # {{ value|stringformat:'s' }}: the filter is_safe, so safe input stays safe
        result = stringformat(value, "s")
        return text(mark_safe(result) if isinstance(value, SafeData) else result)

    def attrs(values):  # attrs.html
        if any(callable(value) for value in values.values()):
            raise _Unsupported
        return "".join(
            f" {text(name)}" if value is True else f' {text(name)}="{formatted(value)}"'
            for name, value in values.items()
            if value is not False
        )

    try:
        return _select(widget, text, formatted, attrs)
    except _Unsupported:
        return None


class _Unsupported(Exception):
    """A select only the templates render as Django means."""


def _select(widget, text, formatted, attrs):
    parts = [f'<select name="{text(widget["name"])}"{attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{text(group_name)}">')
        for option in group_choices:
            value, label = option["value"], option["label"]
            if option["template_name"] != OPTION_TEMPLATE or callable(value) or callable(label):
                raise _Unsupported
            # select_option.html, its final line break included
            parts.append(f'\n  <option value="{formatted(value)}"{attrs(option["attrs"])}>{text(label)}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))
