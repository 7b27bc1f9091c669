from django import forms
from django.utils.translation import gettext_lazy as _


class ExportUploadForm(forms.Form):
    """A province's national export (JSON), as its Department downloaded it or the command wrote it."""

    file = forms.FileField(
        label=_("Tệp xuất CSDL quốc gia (JSON)"),
        help_text=_(
            "Tệp .json do Sở Công Thương tỉnh xuất ở trang Biểu 04 hoặc bằng lệnh export_national_cluster_data."
        ),
        error_messages={"required": _("Chọn tệp xuất CSDL quốc gia của tỉnh.")},
    )
