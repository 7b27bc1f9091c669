"""The forms of the task pages. They only parse and present: every rule is checked by tasks.services.

Field names match the keyword arguments of the service each form feeds, so a ``ValidationError`` the
service raises (field → messages) lands on the field it names, in Vietnamese (``apply_service_errors``).
Dates are typed as dd/mm/yyyy whatever language the browser asks for.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from agencies.models import PLAN_AGENCIES, Agency
from clusters.models import Cluster
from core.forms import (
    ModelMultipleChoiceField,
    UserChoiceField,
    VietnameseIntegerField,
    date_field,
    filterable,
    text_area,
)
from core.uploads import ALLOWED, MAX_FILES
from core.widgets import LookupSelect, LookupSelectMultiple

from . import services
from .models import Task, TaskGroup


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks their type (by content) and size."""

    def __init__(self, **kwargs):
        accept = ",".join(sorted(ALLOWED))
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Tệp đính kèm"))
        kwargs.setdefault(
            "help_text",
            _("PDF, Word, Excel, PowerPoint, OpenDocument, PNG hoặc JPEG; tối đa %(n)s tệp.") % {"n": MAX_FILES},
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class VersionedForm(forms.Form):
    """Carries the version of the task the user saw, so a stale action is refused, not applied."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


# --- the task record -----------------------------------------------------------------------------------


class TaskGroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.plan.number} — {obj}"


class TaskForm(forms.Form):
    """Create or edit a task's record (coordinators). On edit, a reason is required and the version kept."""

    group = TaskGroupChoiceField(label=_("Nhóm nhiệm vụ"), queryset=TaskGroup.objects.select_related("plan"))
    code = forms.CharField(label=_("Mã nhiệm vụ"), max_length=32, help_text=_("Ví dụ: KH305-1.01."))
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500, widget=text_area(2))
    description = forms.CharField(label=_("Nội dung chi tiết"), required=False, widget=text_area(4))
    expected_output = forms.CharField(
        label=_("Sản phẩm"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Quyết định của UBND Thành phố; Báo cáo."),
    )
    # Agencies and clusters are searched as one types (core.widgets): at national scale the form would otherwise
    # render 3,000 clusters and twice 150 agencies. The fields keep their querysets: a chosen id is checked.
    lead_agency = forms.ModelChoiceField(
        label=_("Cơ quan chủ trì"),
        queryset=Agency.objects.filter(PLAN_AGENCIES, is_active=True),
        widget=LookupSelect("lookup:agencies"),
        help_text=_("Gõ tên cơ quan để tìm rồi chọn."),
    )
    supporting_agencies = ModelMultipleChoiceField(
        label=_("Cơ quan phối hợp"),
        queryset=Agency.objects.filter(PLAN_AGENCIES, is_active=True),
        required=False,
        widget=LookupSelectMultiple("lookup:agencies", attrs={"size": "6"}),
        help_text=_("Gõ để tìm; giữ Ctrl (hoặc ⌘) để chọn nhiều cơ quan."),
    )
    clusters = ModelMultipleChoiceField(
        label=_("Cụm công nghiệp liên quan"),
        queryset=Cluster.objects.all(),
        required=False,
        widget=LookupSelectMultiple("lookup:clusters", attrs={"size": "6"}),
        help_text=_("Gõ để tìm; giữ Ctrl (hoặc ⌘) để chọn nhiều cụm."),
    )
    responsible_user = UserChoiceField(
        label=_("Cán bộ theo dõi"),
        queryset=get_user_model().objects.filter(is_active=True, memberships__is_active=True).distinct(),
        required=False,
    )
    start_date = date_field(_("Ngày bắt đầu"))
    due_date = date_field(_("Thời hạn"))
    priority = forms.ChoiceField(label=_("Mức ưu tiên"), choices=Task.Priority.choices, initial=Task.Priority.NORMAL)
    source_document = forms.CharField(label=_("Văn bản giao nhiệm vụ"), max_length=255, required=False)

    RECORD_FIELDS = list(services.TASK_RECORD_FIELDS)

    def __init__(self, *args, task=None, **kwargs):
        self.task = task
        if task is not None:
            kwargs.setdefault(
                "initial", {**forms.model_to_dict(task, fields=self.RECORD_FIELDS), "version": task.version}
            )
        super().__init__(*args, **kwargs)
        if task is not None:
            self.fields["reason"] = forms.CharField(
                label=_("Lý do thay đổi"),
                widget=text_area(2),
                help_text=_("Ghi vào lịch sử của nhiệm vụ."),
            )
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            if task.due_date is not None:
                due = self.fields["due_date"]
                due.disabled = True
                due.help_text = _("Thời hạn đã giao chỉ thay đổi qua đề nghị gia hạn được chấp thuận.")

    def record_values(self):
        """The record's fields as the service takes them (all on create, the changed ones on edit)."""
        names = self.RECORD_FIELDS if self.task is None else [n for n in self.changed_data if n in self.RECORD_FIELDS]
        return {name: self.cleaned_data[name] for name in names}


# --- the workflow actions on a task ----------------------------------------------------------------------


class ProgressReportForm(forms.Form):
    reported_on = date_field(_("Ngày báo cáo"), help_text=_("Để trống: hôm nay."))
    progress_percent = VietnameseIntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    text = forms.CharField(label=_("Nội dung báo cáo"), widget=text_area(4))
    files = MultipleFileField()


class ExtensionRequestForm(forms.Form):
    proposed_due_date = date_field(_("Thời hạn đề nghị"), required=True)
    reason = forms.CharField(label=_("Lý do đề nghị gia hạn"), widget=text_area(3))
    letter_number = forms.CharField(label=_("Số công văn đề nghị"), max_length=100, required=False)
    letter_date = date_field(_("Ngày công văn"))
    files = MultipleFileField()


class ExtensionDecisionForm(forms.Form):
    decision_note = forms.CharField(
        label=_("Ý kiến xử lý"),
        required=False,
        widget=text_area(2),
        help_text=_("Bắt buộc khi không chấp thuận."),
    )
    decision_document = forms.CharField(label=_("Văn bản chấp thuận (số, ngày)"), max_length=255, required=False)


class CompletionReportForm(VersionedForm):
    completed_on = date_field(_("Ngày hoàn thành"), required=True)
    evidence = forms.CharField(label=_("Kết quả, sản phẩm, minh chứng"), widget=text_area(3))
    files = MultipleFileField()


class AcceptCompletionForm(VersionedForm):
    note = forms.CharField(label=_("Ý kiến xác nhận"), required=False, widget=text_area(2))


class ReturnTaskForm(VersionedForm):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=text_area(2))


class CancelTaskForm(VersionedForm):
    reason = forms.CharField(label=_("Lý do hủy nhiệm vụ"), widget=text_area(2))


# --- a target's cluster list ------------------------------------------------------------------------------


class TargetClustersForm(forms.Form):
    """The clusters a target is measured on (the 26, the 6, the 11 of the plan), with the reason of the change."""

    clusters = ModelMultipleChoiceField(
        label=_("Danh sách cụm của chỉ tiêu"),
        queryset=Cluster.objects.order_by("code"),
        required=False,
        widget=filterable(forms.SelectMultiple, size="16"),
        help_text=_(
            "Giữ Ctrl (hoặc ⌘) để chọn nhiều cụm; gõ vào ô lọc để tìm nhanh. "
            "Để trống: chỉ tiêu được đo trên toàn bộ sổ đăng ký cụm."
        ),
    )
    reason = forms.CharField(
        label=_("Lý do thay đổi"), widget=text_area(2), help_text=_("Ghi vào lịch sử của chỉ tiêu.")
    )
