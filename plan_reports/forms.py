"""The plan report's forms: the period of a new draft, and the draft itself (its narrative, its signer, and the
number and date it is issued with)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from department import letterhead
from department.forms import SignerFieldsMixin
from tasks.models import Plan

PARAGRAPHS_HELP = _("Mỗi đoạn cách nhau một dòng trống; dòng bắt đầu bằng “- ” là một ý gạch đầu dòng.")


class PreviewForm(forms.Form):
    """The report's period: the figures of ``plan`` as of the end of ``cut_off``, previewed before drafting."""

    plan = forms.ModelChoiceField(label=_("Kế hoạch"), queryset=Plan.objects.all(), empty_label=None)
    cut_off = forms.DateField(label=_("Số liệu đến ngày"), help_text=_("Dạng dd/mm/yyyy; không sau hôm nay."))


def _text(label, help_text=PARAGRAPHS_HELP):
    return forms.CharField(
        label=label, required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6}), help_text=help_text
    )


class DraftForm(SignerFieldsMixin, forms.Form):
    """The draft: its cut-off, the four written sections, who signs, and (to issue) the number and date."""

    cut_off = forms.DateField(label=_("Số liệu đến ngày"), help_text=_("Dạng dd/mm/yyyy; số liệu tính lại khi lưu."))
    general_assessment = _text(
        _("Đánh giá chung"), _("Hệ thống viết sẵn các câu từ số liệu; cán bộ sửa, bổ sung. ") + PARAGRAPHS_HELP
    )
    shortcomings = _text(_("Tồn tại, hạn chế và nguyên nhân"))
    next_tasks = _text(_("Nhiệm vụ, giải pháp thời gian tới"))
    recommendations = _text(_("Kiến nghị, đề xuất"))
    number = forms.CharField(label=_("Số hiệu"), max_length=64, required=False)
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, help_text=_("Dạng dd/mm/yyyy."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        example = letterhead.proposed_number(letterhead.current())
        self.fields["number"].help_text = _("Cần khi ban hành. Ví dụ: %(example)s.") % {"example": example}
