"""What every page's forms share: dd/mm/yyyy dates, people named as people read them, filter forms laid out
for people, and a service's errors put on the fields they name."""

from django import forms
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from .dates import validate_business_date
from .text import display_name

DATE_PLACEHOLDER = "dd/mm/yyyy"


def date_input_formats():
    """The formats a date may be typed in on the pages (config/formats/vi: dd/mm/yyyy first, ISO accepted),
    whatever language the browser asks for."""
    return get_format("DATE_INPUT_FORMATS", lang="vi")


class DateInput(forms.DateInput):
    """A text box for dd/mm/yyyy: typing a date works the same in every browser and language."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": DATE_PLACEHOLDER,
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "input-date",
            "maxlength": "10",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


def date_field(label, *, required=False, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=date_input_formats(),
        widget=DateInput(),
        help_text=help_text or _("Nhập theo dạng ngày/tháng/năm, ví dụ 30/06/2026."),
        validators=[validate_business_date],
        error_messages={"invalid": _("Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 30/06/2026.")},
    )


def text_area(rows=3):
    return forms.Textarea(attrs={"rows": rows})


def label_empty_choices(form, label=None):
    """Say "Tất cả" instead of "---------" on the optional choices of a filter form."""
    label = label or _("Tất cả")
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
            field.empty_label = label
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
            field.choices = [(value, label if value == "" else text) for value, text in field.choices]


def apply_service_errors(form, error, aliases=None):
    """Put a service's ValidationError on the form: on the field it names, else above the form."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        target = aliases.get(name, name)
        form.add_error(target if target in form.fields else None, messages)


def present_filter_form(form, search_placeholder=""):
    """A FilterSet's form (the API reads the same FilterSet) laid out for people: dd/mm/yyyy date boxes,
    checkboxes for multiple choices, a search box, and "Tất cả" for an empty choice."""
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField):
            field.input_formats = date_input_formats()
            field.widget = DateInput()
            field.error_messages["invalid"] = _("Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 30/06/2026.")
        elif isinstance(field, forms.MultipleChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        elif name == "q":
            field.widget = forms.TextInput(attrs={"type": "search", "placeholder": search_placeholder})
    label_empty_choices(form)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = display_name(obj, default="")
        return name if name == obj.get_username() else f"{name} ({obj.get_username()})"


def filterable(widget_class, **attrs):
    """A select the static script enhances with a search box (data-filter)."""
    return widget_class(attrs={"data-filter": "true", **attrs})
