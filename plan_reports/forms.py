"""The form of a new plan report: which plan, the cut-off date, and the number, date and signer it is issued with."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tasks.models import Plan


class HiddenDateInput(forms.DateInput):
    input_type = "hidden"


class PreviewForm(forms.Form):
    """The report's period: the figures of ``plan`` as of the end of ``cut_off``, previewed before issuing."""

    plan = forms.ModelChoiceField(label=_("Kế hoạch"), queryset=Plan.objects.all(), empty_label=None)
    cut_off = forms.DateField(label=_("Số liệu đến ngày"), help_text=_("Dạng dd/mm/yyyy; không sau hôm nay."))


class PlanReportForm(PreviewForm):
    """Issuing the previewed report (plan and cut-off carried over) with its number, date and signer."""

    number = forms.CharField(label=_("Số hiệu"), max_length=64, help_text=_("Ví dụ: 123/BC-SCT."))
    issued_on = forms.DateField(label=_("Ngày ban hành"), help_text=_("Dạng dd/mm/yyyy."))
    signer = forms.CharField(label=_("Người ký"), max_length=255, help_text=_("Ví dụ: Nguyễn Văn A."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].widget = forms.HiddenInput()
        self.fields["cut_off"].widget = HiddenDateInput(format="%d/%m/%Y")
