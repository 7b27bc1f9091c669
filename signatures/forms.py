"""The upload of a signed PDF on the plan report's page."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignedCopyForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp PDF đã ký số"),
        help_text=_("Bản PDF của báo cáo này, đã ký số (ký thêm vào tệp, không sửa nội dung)."),
        error_messages={"required": _("Cần chọn tệp PDF đã ký số."), "empty": _("Tệp tải lên rỗng.")},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
