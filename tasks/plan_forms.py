"""The forms of the plan pages: a plan's record, its task groups (a formset of any length), a target, and the
carrying over of unfinished tasks. They only parse and present; ``tasks.planning`` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import PLAN_AGENCIES, Agency
from core.forms import VietnameseDecimalField, VietnameseIntegerField, date_field, text_area
from department.letterhead import default_issuing_body

from . import planning
from .models import Target, TaskGroup

REASON_HELP = _("Ghi vào lịch sử thay đổi, cùng người thực hiện và thời điểm.")


def reason_field(required=True, initial=""):
    return forms.CharField(
        label=_("Lý do"), required=required, initial=initial, widget=text_area(2), help_text=REASON_HELP
    )


class PlanForm(forms.Form):
    """A plan's record; on edit, the reason of the correction too."""

    number = forms.CharField(label=_("Số hiệu"), max_length=64, help_text=_("Ví dụ: 12/KH-UBND."))
    title = forms.CharField(label=_("Trích yếu"), max_length=500, widget=text_area(2))
    issued_on = date_field(_("Ngày ban hành"), required=True)
    issuing_body = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, initial=default_issuing_body)
    year = VietnameseIntegerField(label=_("Năm thực hiện"), grouping=False, min_value=2000, max_value=2100)
    period_start = date_field(_("Bắt đầu kỳ kế hoạch"), required=True)
    period_end = date_field(_("Kết thúc kỳ kế hoạch"), required=True)
    summary = forms.CharField(label=_("Tóm tắt"), required=False, widget=text_area(3))

    def __init__(self, *args, plan=None, **kwargs):
        self.plan = plan
        if plan is not None:
            kwargs.setdefault("initial", forms.model_to_dict(plan, fields=planning.PLAN_FIELDS))
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["reason"] = reason_field()

    def record_values(self):
        """The fields to give the service: on edit, only those that changed."""
        values = {name: self.cleaned_data[name] for name in planning.PLAN_FIELDS}
        if self.plan is None:
            return values
        return {name: value for name, value in values.items() if getattr(self.plan, name) != value}


class GroupForm(forms.Form):
    """One task group: its place in the list, its name and description; an existing group carries its id."""

    group = forms.ModelChoiceField(queryset=TaskGroup.objects.all(), required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Tên nhóm nhiệm vụ"), max_length=255, required=False)
    description = forms.CharField(label=_("Mô tả"), required=False, widget=text_area(2))


class BaseGroupFormSet(forms.BaseFormSet):
    """Any number of groups: blank rows are skipped, "Thứ tự" orders them, "Bỏ nhóm này" removes one."""

    def __init__(self, *args, plan=None, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[forms.formsets.ORDERING_FIELD_NAME] = VietnameseIntegerField(
            label=_("Thứ tự"), required=False, grouping=False, min_value=1, max_value=999
        )
        form.fields[forms.formsets.DELETION_FIELD_NAME] = forms.BooleanField(label=_("Bỏ nhóm này"), required=False)
        if self.plan is not None:
            form.fields["group"].queryset = self.plan.task_groups.all()

    def groups(self):
        """The rows to give the service, in the chosen order, blank and removed ones left out."""
        rows = []
        for form in self.ordered_forms:
            if form.cleaned_data.get("DELETE") or not (form.cleaned_data.get("name") or "").strip():
                continue
            rows.append(
                {
                    "group": form.cleaned_data.get("group"),
                    "name": form.cleaned_data["name"],
                    "description": form.cleaned_data.get("description", ""),
                }
            )
        return rows


def group_formset(data=None, *, plan=None, blank_rows=3):
    """The groups' formset: a plan's groups in order, then ``blank_rows`` empty rows (the page's "Thêm dòng" asks
    for one more)."""
    initial = []
    if plan is not None:
        initial = [
            {"group": group.pk, "name": group.name, "description": group.description, "ORDER": group.number}
            for group in plan.task_groups.all()
        ]
    formset = forms.formset_factory(
        GroupForm,
        formset=BaseGroupFormSet,
        extra=blank_rows,
        can_order=True,
        can_delete=True,
        max_num=100,
        absolute_max=100,
    )
    return formset(data, initial=initial, plan=plan, prefix="groups")


class GroupsReasonForm(forms.Form):
    reason = reason_field()


class TargetForm(forms.Form):
    """A target of the plan and how it is measured (``tasks.targets``)."""

    description = forms.CharField(label=_("Chỉ tiêu"), max_length=500, widget=text_area(2))
    measure = forms.ChoiceField(label=_("Cách đo"), choices=Target.Measure.choices)
    target_min = VietnameseDecimalField(
        label=_("Giá trị mục tiêu (tối thiểu)"), max_digits=9, decimal_places=2, min_value=0
    )
    target_max = VietnameseDecimalField(
        label=_("Giá trị mục tiêu tối đa"), max_digits=9, decimal_places=2, min_value=0, required=False
    )
    unit = forms.CharField(label=_("Đơn vị"), max_length=50, initial="cụm")
    manual_value = VietnameseDecimalField(
        label=_("Giá trị nhập tay"),
        max_digits=9,
        decimal_places=2,
        required=False,
        help_text=_("Chỉ với cách đo “Nhập tay”."),
    )
    window_start = date_field(_("Tính từ ngày"), help_text=_("Để trống: ngày bắt đầu kỳ kế hoạch."))
    window_end = date_field(_("Tính đến ngày"), help_text=_("Để trống: ngày kết thúc kỳ kế hoạch."))
    responsible_agency = forms.ModelChoiceField(
        label=_("Cơ quan chịu trách nhiệm"),
        queryset=Agency.objects.filter(PLAN_AGENCIES, is_active=True),
        required=False,
    )
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=text_area(2))

    def record_values(self):
        values = {name: self.cleaned_data.get(name) for name in planning.TARGET_FIELDS if name in self.fields}
        return {name: value for name, value in values.items() if value not in (None, "") or name == "description"}


KEEP, NEW = "keep", "new"


class CarryOverForm(forms.Form):
    """Which unfinished tasks of ``source`` go on in ``plan``, into which of its groups, with which deadline."""

    tasks = forms.ModelMultipleChoiceField(
        label=_("Nhiệm vụ chuyển tiếp"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một nhiệm vụ để chuyển tiếp.")},
    )
    deadline = forms.ChoiceField(
        label=_("Thời hạn của nhiệm vụ tiếp nối"),
        choices=[(KEEP, _("Giữ thời hạn đang có hiệu lực")), (NEW, _("Đặt thời hạn mới cho các nhiệm vụ đã chọn"))],
        initial=KEEP,
        widget=forms.RadioSelect,
    )
    due_date = date_field(_("Thời hạn mới"), help_text=_("Khi chọn đặt thời hạn mới. Nhập theo dạng dd/mm/yyyy."))
    code_prefix = forms.CharField(
        label=_("Tiền tố mã nhiệm vụ mới"),
        max_length=16,
        help_text=_("Mã mới = tiền tố + mã cũ, ví dụ KH2027-KH305-1.01."),
    )
    reason = reason_field(initial="")

    def __init__(self, *args, plan, source, tasks, **kwargs):
        self.plan, self.source = plan, source
        super().__init__(*args, **kwargs)
        # Read once: the page lists these rows beside their checkboxes; a chosen id is still checked on the queryset.
        self.task_list = list(tasks)
        self.fields["tasks"].queryset = tasks
        self.fields["tasks"].choices = [(task.pk, f"{task.code} — {task.title}") for task in self.task_list]
        self.fields["code_prefix"].initial = f"KH{plan.year}-"
        self.fields["reason"].initial = _("Chuyển tiếp nhiệm vụ chưa hoàn thành của %(source)s sang %(plan)s") % {
            "source": source,
            "plan": plan,
        }
        new_groups = list(plan.task_groups.all())
        old_groups = list(source.task_groups.all())
        defaults = planning.default_group_map(old_groups, new_groups)
        self.group_fields = []
        for old in old_groups:
            name = f"group_{old.pk}"
            self.fields[name] = forms.ModelChoiceField(
                label=_("Nhóm %(group)s sang") % {"group": old},
                queryset=plan.task_groups.all(),
                required=False,
                initial=defaults.get(old.pk),
                empty_label=_("— Chọn nhóm của kế hoạch mới —"),
            )
            self.group_fields.append(name)

    def clean(self):
        data = super().clean()
        if data.get("deadline") == NEW and not data.get("due_date"):
            self.add_error("due_date", _("Cần nhập thời hạn mới, hoặc chọn giữ thời hạn đang có hiệu lực."))
        return data

    def group_map(self):
        return {
            int(name.removeprefix("group_")): self.cleaned_data[name]
            for name in self.group_fields
            if self.cleaned_data.get(name) is not None
        }

    def due_date_value(self):
        return self.cleaned_data.get("due_date") if self.cleaned_data.get("deadline") == NEW else None
