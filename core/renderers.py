"""The form renderer (``settings.FORM_RENDERER``): Django's templates, except that selects, checkboxes, radio
buttons, plain inputs and empty error lists are written here.

Django renders a select through three templates: ``select.html`` includes ``select_option.html`` for each option,
and each of those includes ``attrs.html`` (checkboxes: four templates an option). A filter form of a dozen fields
thus renders some 150 includes, each with its own context: most of a list page's template time. The functions
here write the same HTML (the same whitespace, escaping, localisation and attribute rules as those templates,
which ``tests/core/test_renderers.py`` holds equal for every filter form) with one loop. A widget whose options
use another template, or carry a value a template would call, is left to the templates. So are the inputs of a
text, number or search box (``input.html`` and its ``attrs.html``, two templates a box) and a field's error list,
which two templates render even when it is empty, as it is on every field of a form not yet sent.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
# Checkboxes and radio buttons: multiple_input.html, each option input_option.html around input.html.
MULTIPLE_INPUT_TEMPLATES = {
    "django/forms/widgets/checkbox_select.html": "django/forms/widgets/checkbox_option.html",
    "django/forms/widgets/radio.html": "django/forms/widgets/radio_option.html",
}
# The inputs whose template is only ``{% include "django/forms/widgets/input.html" %}``.
INPUT_TEMPLATES = {f"django/forms/widgets/{kind}.html" for kind in ("text", "number", "search", "email", "url", "tel")}
# A field's error list: default.html includes ul.html, which writes nothing when there is no error.
ERROR_LIST_TEMPLATES = {"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"}


class FormRenderer(DjangoTemplates):
    """Django's default renderer, with selects, checkboxes and radio buttons written here."""

    def render(self, template_name, context, request=None):
        html = None
        if template_name == SELECT_TEMPLATE:
            html = render_select(context["widget"])
        elif template_name in MULTIPLE_INPUT_TEMPLATES:
            html = render_multiple_input(context["widget"], MULTIPLE_INPUT_TEMPLATES[template_name])
        elif template_name in INPUT_TEMPLATES:
            html = render_input(context["widget"])
        elif template_name in ERROR_LIST_TEMPLATES and not context["errors"]:
            html = ""
        return html if html is not None else super().render(template_name, context, request=request)


def _writers():
    """Functions writing what the templates write: ``{{ value }}``, ``{{ value|stringformat:'s' }}`` and
    attrs.html."""
    context = Context(autoescape=True)  # what the renderer's engine gives its templates

    def text(value):  # {{ value }}
        # A plain string is neither localised nor a date: the template only escapes it.
        return escape(value) if type(value) is str else render_value_in_context(value, context)

    def formatted(value):  # {{ value|stringformat:'s' }}: the filter is_safe, so safe input stays safe
        if type(value) is str:
            return escape(value)
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

    return text, formatted, attrs


def render_select(widget):
    """The HTML of Django's ``select.html`` for ``widget`` (a widget's context), or None when only the templates
    can render it (options of another template, a callable value or label)."""
    try:
        return _select(widget, *_writers())
    except _Unsupported:
        return None


def render_multiple_input(widget, option_template):
    """The HTML of Django's ``checkbox_select.html`` or ``radio.html``, or None as ``render_select``."""
    try:
        return _multiple_input(widget, option_template, *_writers())
    except _Unsupported:
        return None


def render_input(widget):
    """The HTML of Django's ``input.html`` (with its ``attrs.html``) for ``widget``, stripped as Django's renderer
    strips what a template writes; None as ``render_select``."""
    try:
        text, formatted, attrs = _writers()
        value = widget["value"]
        value = "" if value is None else f' value="{formatted(value)}"'
        return mark_safe(
            f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"{value}{attrs(widget["attrs"])}>'
        )
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


def _multiple_input(widget, option_template, text, formatted, attrs):
    widget_id, widget_class = widget["attrs"].get("id"), widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{text(widget_id)}"' if widget_id else "",
        f' class="{text(widget_class)}"' if widget_class else "",
        ">",
    ]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <div><label>{text(group_name)}</label>")
        for option in group_choices:
            value, label = option["value"], option["label"]
            if option["template_name"] != option_template or callable(value) or callable(label):
                raise _Unsupported
            # input.html inside input_option.html inside the option's template, each with its final line break
            field = f'<input type="{text(option["type"])}" name="{text(option["name"])}"'
            if value is not None:
                field += f' value="{formatted(value)}"'
            field += f"{attrs(option['attrs'])}>\n"
            if option["wrap_label"]:
                option_id = option["attrs"].get("id")
                label_for = f' for="{text(option_id)}"' if option_id else ""
                field = f"<label{label_for}>{field} {text(label)}</label>"
            parts.append(f"<div>\n    {field}\n\n</div>")
        if group_name:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return mark_safe("".join(parts))
