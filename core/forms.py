"""What every page's forms share: dd/mm/yyyy dates, numbers as Vietnamese write them (``core.numbers``), a
tenfold change of a figure asked about before it is saved, people named as people read them, filter forms laid
out for people, and a service's errors put on the fields they name."""

from decimal import Decimal

from django import forms
from django.core import validators
from django.utils.formats import get_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .dates import validate_business_date
from .numbers import NumberError, format_number, parse_number
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


def action_field(choices, *, required=True):
    """The button a person pressed (``<button name="action" value="…">``), read like any other field: a value
    that is none of ``choices`` (a NUL byte, a made-up action) is refused in Vietnamese, never acted upon."""
    return forms.ChoiceField(
        label=_("Thao tác"),
        choices=choices,
        required=required,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Hãy bấm một trong các nút của trang."),
            "invalid_choice": _("Thao tác không hợp lệ: hãy bấm một trong các nút của trang."),
        },
    )


class NextForm(forms.Form):
    """``next``, where to go after a step (a login, a second factor, a notification marked read)."""

    next = forms.CharField(required=False, max_length=2000)


def next_address(request):
    """``next`` (the form's, else the address's) when it is an address of this site, else "". Read through
    ``NextForm`` (a NUL byte or an over-long value counts as none) and always an address: the caller redirects
    with ``HttpResponseRedirect``, never ``redirect``, which would look a bare word up as a view's name."""
    for data in (request.POST, request.GET):
        sent = NextForm(data)
        target = sent.cleaned_data["next"] if sent.is_valid() else ""
        if target:
            allowed = url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
            return target if allowed else ""
    return ""


def text_area(rows=3):
    return forms.Textarea(attrs={"rows": rows})


def label_empty_choices(form, label=None):
    """Say "Tất cả" instead of "---------" on the optional choices of a filter form."""
    label = label or _("Tất cả")
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
            field.empty_label = label
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
            if hasattr(field, "empty_label"):
                # django-filter's choice field adds its own empty choice ("---------") to whatever choices it is
                # given: name that one, and drop any other, so "Tất cả" is the one empty choice.
                field.empty_label = label
                field.choices = [(value, text) for value, text in field.choices if value != ""]
            else:
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
    """A FilterSet's form (the API reads the same FilterSet) laid out for people: dd/mm/yyyy date boxes, numbers
    as Vietnamese write them, checkboxes for multiple choices, a search box, and "Tất cả" for an empty choice."""
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField):
            field.input_formats = date_input_formats()
            field.widget = DateInput()
            field.error_messages["invalid"] = _("Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 30/06/2026.")
        elif isinstance(field, forms.DecimalField) and not isinstance(field, VietnameseDecimalField):
            # The page reads "10,5" as people type it; the API, which never calls this, keeps its JSON numbers.
            form.fields[name] = VietnameseDecimalField(
                label=field.label, required=False, min_value=field.min_value, max_value=field.max_value
            )
        elif isinstance(field, forms.MultipleChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        elif name == "q":
            field.widget = forms.TextInput(attrs={"type": "search", "placeholder": search_placeholder})
    label_empty_choices(form)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = display_name(obj, default="")
        return name if name == obj.get_username() else f"{name} ({obj.get_username()})"


# The largest id a database row can have (a 64-bit primary key).
LARGEST_ID = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing an id past any primary key (SQLite cannot even compare one past 64 bits with a column)
    as it refuses an unknown id, before the database is asked."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                try:
                    too_large = abs(int(str(pk))) > LARGEST_ID
                except ValueError:
                    continue  # not a number: Django's own check refuses it
                if too_large:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                    )
        return super()._check_values(value)


def filterable(widget_class, **attrs):
    """A select the static script enhances with a search box (data-filter)."""
    return widget_class(attrs={"data-filter": "true", **attrs})


# --- numbers -------------------------------------------------------------------------------------------------


WHOLE_ONLY = _("Phải là số nguyên, không có phần sau dấu phẩy.")
# Django's own messages of the validators a number field runs: replaced by ours, with the limit written the
# Vietnamese way. (Compared by identity: a form's own validator message is kept.)
STOCK_MESSAGES = {
    id(validators.MinValueValidator.message),
    id(validators.MaxValueValidator.message),
    id(validators.StepValueValidator.message),
    *(id(message) for message in validators.DecimalValidator.messages.values()),
}


class NumberInput(forms.TextInput):
    """A text box for a figure typed the Vietnamese way. Not ``type=number``: Chromium drops or reinterprets a
    decimal comma there without a word, so "4,5" could reach the server as 45 or as nothing."""

    def __init__(self, attrs=None, *, whole=False):
        defaults = {
            "inputmode": "numeric" if whole else "decimal",
            "class": "input-number",
            "autocomplete": "off",
            "spellcheck": "false",
        }
        super().__init__(attrs={**defaults, **(attrs or {})})


class VietnameseNumberMixin:
    """What the page's number fields share: read as ``core.numbers`` reads, shown back as Vietnamese write it,
    and every message in our words (with the limits written the same way), never Django's stock ones."""

    whole = False
    default_error_messages = {"required": _("Cần nhập số liệu.")}

    def __init__(self, *, grouping=True, **kwargs):
        self.grouping = grouping
        kwargs.setdefault("widget", NumberInput(whole=self.whole))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # No min/max/step: those are for type=number, and the messages are the server's.
        return forms.Field.widget_attrs(self, widget)

    def parse(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return Decimal(value)
        try:
            return parse_number(value, grouping=self.grouping)
        except NumberError as error:
            raise forms.ValidationError(error.message, code="invalid") from error

    def prepare_value(self, value):
        return format_number(value, grouping=self.grouping)

    def shown(self, value):
        return format_number(value, grouping=self.grouping)

    def message_for(self, error):
        """Our message for a stock validator's error (min/max value, digits, places); a message a form gave its
        own validator is kept."""
        if id(error.message) not in STOCK_MESSAGES:
            return error.message % (error.params or {}) if error.params else error.message
        places = getattr(self, "decimal_places", None)
        digits = getattr(self, "max_digits", None)
        if error.code == "min_value":
            if error.params["limit_value"] == 0:
                return _("Giá trị không được âm.")
            return _("Giá trị không được nhỏ hơn %(limit)s.") % {"limit": self.shown(error.params["limit_value"])}
        if error.code == "max_value":
            return _("Giá trị không được lớn hơn %(limit)s.") % {"limit": self.shown(error.params["limit_value"])}
        if error.code == "max_decimal_places":
            if not places:
                return WHOLE_ONLY
            return _("Ghi tối đa %(places)s chữ số sau dấu phẩy.") % {"places": places}
        if error.code in ("max_digits", "max_whole_digits") and digits is not None:
            largest = Decimal(10) ** (digits - (places or 0)) - Decimal(1).scaleb(-(places or 0))
            return _("Số quá lớn: lớn nhất là %(largest)s.") % {"largest": self.shown(largest)}
        return _("Giá trị không hợp lệ.")

    def run_validators(self, value):
        try:
            super().run_validators(value)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                [forms.ValidationError(self.message_for(e), code=e.code) for e in error.error_list]
            ) from error


class VietnameseDecimalField(VietnameseNumberMixin, forms.DecimalField):
    """A decimal typed as Vietnamese write it: "4,5"; "1.234,5"; "1.500.000.000" (``core.numbers``). Keeps
    ``max_digits``, ``decimal_places``, ``min_value`` and ``max_value`` with Vietnamese messages."""

    def to_python(self, value):
        return self.parse(value)


class VietnameseIntegerField(VietnameseNumberMixin, forms.IntegerField):
    """A whole number typed as Vietnamese write it ("1.500"); "4,5" is refused, not rounded."""

    whole = True

    def to_python(self, value):
        number = self.parse(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise forms.ValidationError(WHOLE_ONLY, code="invalid")
        return int(number)


class ScaleCheckMixin:
    """A change of a saved area or amount by ten times or more (up or down) is asked about before it is saved:
    "4,5" read as 45 is the slip this catches. The form is shown again with the field, the old and the new value
    named; ticking "Tôi xác nhận giá trị mới là đúng" (bound to those very values) and saving again saves.

    ``scale_checked``: the names of the fields to watch; ``scale_reference()``: the values they are compared with
    (by default the form's initial values, i.e. the saved record)."""

    scale_checked = ()
    CONFIRM = "confirm_scale"
    RATIO = 10

    def scale_reference(self):
        return {name: self.initial.get(name) for name in self.scale_checked}

    def clean(self):
        cleaned = super().clean()
        self.scale_slips = []
        reference = self.scale_reference()
        for name in self.scale_checked:
            if name not in self.fields or name in self.errors or self.fields[name].disabled:
                continue
            old, new = reference.get(name), cleaned.get(name)
            if not old or not new or old <= 0 or new <= 0:
                continue
            if new / old >= self.RATIO or old / new >= self.RATIO:
                self.scale_slips.append((name, old, new))
        if self.scale_slips and self.data.get(self.add_prefix(self.CONFIRM)) != self.scale_signature():
            for name, old, new in self.scale_slips:
                field = self.fields[name]
                self.add_error(
                    name,
                    forms.ValidationError(
                        _(
                            "Giá trị mới %(new)s gấp từ 10 lần trở lên so với %(old)s trước đó (%(label)s). Kiểm tra "
                            "lại dấu phẩy thập phân; nếu đúng, đánh dấu “Tôi xác nhận giá trị mới là đúng” rồi lưu."
                        )
                        % {
                            "new": format_number(new),
                            "old": format_number(old),
                            "label": str(field.label).lower(),
                        },
                        code="scale",
                    ),
                )
        else:
            self.scale_slips = []
        return cleaned

    def scale_signature(self):
        """What the confirmation box carries: the fields and the values confirmed, so it confirms nothing else."""
        return ";".join(f"{name}={format_number(new)}" for name, _old, new in getattr(self, "scale_slips", []))

    def scale_confirmation(self):
        """For the template: the box's name and value, and the changes it confirms (label, old, new as shown)."""
        slips = getattr(self, "scale_slips", [])
        if not slips:
            return None
        return {
            "name": self.add_prefix(self.CONFIRM),
            "value": self.scale_signature(),
            "changes": [(self.fields[name].label, format_number(old), format_number(new)) for name, old, new in slips],
        }
