"""The form of the endpoint page (and the admin's events box): the address, what it is for, the events."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import text_area

from . import events
from .models import validate_endpoint_url


def events_field():
    return forms.MultipleChoiceField(
        label=_("Sự kiện gửi đến địa chỉ này"),
        choices=events.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Cần chọn ít nhất một sự kiện."),
            "invalid_choice": _("Sự kiện %(value)s không có trong danh mục."),
        },
    )


def url_field():
    return forms.URLField(
        label=_("Địa chỉ nhận (URL)"),
        max_length=500,
        assume_scheme="https",
        validators=[validate_endpoint_url],
        help_text=_("Phải dùng https:// đến một địa chỉ công khai; địa chỉ mạng nội bộ bị từ chối."),
        error_messages={
            "required": _("Cần nhập địa chỉ nhận."),
            "invalid": _("Địa chỉ không hợp lệ: hãy nhập đầy đủ, ví dụ https://he-thong-khac.vn/webhook."),
        },
    )


class EndpointForm(forms.Form):
    """Register (``editing=False``) or edit an endpoint; an edit also says whether it is active, and why."""

    url = url_field()
    description = forms.CharField(label=_("Mô tả"), max_length=255, required=False)
    events = events_field()
    is_active = forms.BooleanField(label=_("Đang hoạt động"), required=False)
    reason = forms.CharField(
        label=_("Lý do thay đổi"),
        max_length=1000,
        widget=text_area(2),
        error_messages={"required": _("Cần nêu lý do.")},
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["is_active"]
            del self.fields["reason"]
