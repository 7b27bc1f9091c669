"""The forms of the register's staff pages. They only parse and present: every rule is checked by
``clusters.services`` (and the models' ``full_clean`` the services run).

Field names match the keyword arguments of the service each form feeds, so a ``ValidationError`` the
service raises lands on the field it names, in Vietnamese (``core.forms.apply_service_errors``). Dates are
typed as dd/mm/yyyy; figures as Vietnamese write them ("4,5"; "1.500.000.000", ``core.numbers``); areas may not be
negative, and an area or amount changed tenfold or more is asked about first (``core.forms.ScaleCheckMixin``).
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import (
    ModelMultipleChoiceField,
    ScaleCheckMixin,
    VietnameseDecimalField,
    VietnameseIntegerField,
    date_field,
    filterable,
    text_area,
)
from core.uploads import ALLOWED
from department.letterhead import default_issuing_body
from places.selectors import installation_communes, installation_province, installation_provinces

from . import services
from .models import Cluster, ClusterDecision, ClusterReport

UPLOAD_HELP = _("PDF, Word, Excel, PowerPoint, OpenDocument, PNG hoặc JPEG.")


def _formfield(db_field, **kwargs):
    """The page's field for a model field: dd/mm/yyyy dates, non-negative figures, short text areas."""
    if isinstance(db_field, models.DateField):
        return date_field(capfirst(db_field.verbose_name), required=not db_field.blank)
    if isinstance(db_field, models.ManyToManyField):
        return ModelMultipleChoiceField(
            label=capfirst(db_field.verbose_name),
            queryset=db_field.related_model.objects.all(),
            required=False,
            widget=filterable(forms.SelectMultiple, size="8"),
            help_text=_("Giữ Ctrl (hoặc ⌘) để chọn nhiều; gõ vào ô lọc để tìm nhanh."),
        )
    if isinstance(db_field, models.DecimalField):
        # Coordinates are never grouped by thousands, and may be negative; areas and amounts may not.
        coordinate = db_field.name.endswith("itude")
        kwargs.update(form_class=VietnameseDecimalField, grouping=not coordinate)
        if not coordinate:
            kwargs["min_value"] = 0
    elif isinstance(db_field, models.IntegerField):
        kwargs.update(form_class=VietnameseIntegerField, grouping=db_field.name != "year")
    field = db_field.formfield(**kwargs)
    if isinstance(db_field, models.TextField):
        field.widget = text_area(2)
    return field


def _model_fields(model, names):
    return forms.fields_for_model(model, fields=names, formfield_callback=_formfield)


class ReasonMixin:
    """A required reason (lý do), written to the record's history."""

    def add_reason(self, label=None, required=True, initial=""):
        self.fields["reason"] = forms.CharField(
            label=label or _("Lý do thay đổi"),
            widget=text_area(2),
            required=required,
            initial=initial,
            help_text=_("Ghi vào lịch sử của cụm công nghiệp."),
        )


# --- the cluster record ------------------------------------------------------------------------------

# The record's fields in the sections the form shows them in (every field ``cluster_update`` edits).
CLUSTER_SECTIONS = [
    (_("Tên và vị trí"), ["code", "name", "type", "province", "communes", "former_district", "former_commune"]),
    (
        _("Đất đai"),
        ["total_area_ha", "industrial_land_ha", "serviced_land_ha", "leased_land_ha", "committed_land_ha"],
    ),
    (
        _("Pháp lý và đầu tư"),
        [
            "status",
            "status_decision",
            "status_decision_date",
            "detailed_plan_number",
            "detailed_plan_date",
            "detailed_plan_approver",
            "environmental_permit",
            "site_clearance_percent",
            "investor_name",
            "investor_kind",
            "investor",
            "infrastructure_project_number",
            "infrastructure_project_date",
            "approved_investment_vnd",
            "disbursed_investment_vnd",
            "state_support_vnd",
            "main_industries",
        ],
    ),
    (
        _("Hạ tầng và hoạt động"),
        [
            "planned_completion_date",
            "construction_started_on",
            "infrastructure_completed_on",
            "infrastructure_acceptance",
            "operating_since",
        ],
    ),
    (
        _("Trạm xử lý nước thải tập trung"),
        [
            "wastewater_status",
            "wastewater_capacity_m3_per_day",
            "wastewater_compliant",
            "wastewater_started_on",
            "wastewater_built_on",
            "wastewater_compliant_since",
            "wastewater_handed_over_on",
        ],
    ),
    (
        _("Phân loại, tọa độ và nguồn số liệu"),
        [
            "is_new_in_plan",
            "is_mountain_area",
            "is_pre_2009_legacy",
            "latitude",
            "longitude",
            "data_source",
            "data_as_of",
            "notes",
        ],
    ),
]
CLUSTER_FORM_FIELDS = [name for _title, names in CLUSTER_SECTIONS for name in names]
assert set(CLUSTER_FORM_FIELDS) == services.CLUSTER_FIELDS, "every field the service edits, once"


# The figures where a slip of the decimal comma costs: the plan's areas and the investment amounts.
CLUSTER_SCALE_CHECKED = (
    "total_area_ha",
    "industrial_land_ha",
    "serviced_land_ha",
    "leased_land_ha",
    "committed_land_ha",
    "approved_investment_vnd",
    "disbursed_investment_vnd",
    "state_support_vnd",
)


class ClusterForm(ScaleCheckMixin, ReasonMixin, forms.Form):
    """Create or edit a cluster's record (coordinators). On edit, a reason is required and the version kept."""

    scale_checked = CLUSTER_SCALE_CHECKED

    def __init__(self, *args, cluster=None, **kwargs):
        self.cluster = cluster
        if cluster is not None:
            initial = forms.model_to_dict(cluster, fields=CLUSTER_FORM_FIELDS)
            kwargs.setdefault("initial", {**initial, "version": cluster.version})
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(Cluster, CLUSTER_FORM_FIELDS))
        # Only the stages before the establishment decision are chosen by hand; the later ones follow from the
        # decisions and dates recorded (``clusters.register``), so the list offers them only as they stand.
        recorded = {str(value) for value in Cluster.RECORDED_STATUSES}
        current = cluster.status if cluster is not None else None
        self.fields["status"].choices = [
            (value, label) for value, label in Cluster.Status.choices if value in recorded or value == current
        ]
        self.fields["status"].help_text = _(
            "Từ khi có quyết định thành lập, tình trạng tự cập nhật theo các quyết định và mốc ngày đã ghi "
            "(quy hoạch chi tiết, dự án hạ tầng, khởi công, nghiệm thu, bắt đầu hoạt động)."
        )
        # The installation's province and its communes (one installation, one province: settings.PROVINCE_CODE).
        self.fields["province"].queryset = installation_provinces()
        self.fields["communes"].queryset = installation_communes()
        if cluster is None:
            self.fields["province"].initial = installation_province()
        else:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            self.fields["total_area_ha"].help_text = _(
                "Quyết định thành lập, mở rộng, điều chỉnh ghi diện tích theo quyết định vào đây."
            )
            self.add_reason()

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in CLUSTER_SECTIONS]

    def record_values(self):
        """The record's fields as the service takes them (all on create, the changed ones on edit)."""
        names = (
            CLUSTER_FORM_FIELDS if self.cluster is None else [n for n in self.changed_data if n in CLUSTER_FORM_FIELDS]
        )
        return {name: self.cleaned_data[name] for name in names}


# --- decisions ---------------------------------------------------------------------------------------


class ClusterDecisionForm(ScaleCheckMixin, ReasonMixin, forms.Form):
    """Record or correct a decision about a cluster, with its document."""

    FIELDS = ["kind", "number", "date", "issuing_body", "area_before_ha", "area_after_ha", "notes"]
    scale_checked = ("area_before_ha", "area_after_ha")

    def scale_reference(self):
        """A correction is compared with the decision as saved; a new decision with the cluster's area now."""
        if self.decision is not None:
            return super().scale_reference()
        return dict.fromkeys(self.scale_checked, self.cluster.total_area_ha)

    def __init__(self, *args, cluster, decision=None, **kwargs):
        self.cluster, self.decision = cluster, decision
        if decision is not None:
            kwargs.setdefault(
                "initial", {**forms.model_to_dict(decision, fields=self.FIELDS), "version": decision.version}
            )
        else:
            kwargs.setdefault(
                "initial", {"area_before_ha": cluster.total_area_ha, "issuing_body": default_issuing_body()}
            )
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(ClusterDecision, self.FIELDS))
        self.fields["document"] = forms.FileField(
            label=_("Văn bản quyết định"),
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(ALLOWED))}),
            help_text=UPLOAD_HELP if decision is None else _("Chọn tệp để thay văn bản đang lưu."),
        )
        if decision is not None:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            self.add_reason()
        else:
            self.add_reason(_("Lý do ghi nhận"), initial=_("Ghi nhận quyết định vào sổ đăng ký"))
        assert set(self.FIELDS) == services.DECISION_FIELDS

    def record_values(self):
        names = self.FIELDS if self.decision is None else [n for n in self.changed_data if n in self.FIELDS]
        return {name: self.cleaned_data[name] for name in names}


# --- periodic figures ----------------------------------------------------------------------------------

REPORT_FORM_FIELDS = [
    "year",
    "period",
    "tenant_projects",
    "foreign_projects",
    "active_projects",
    "workers",
    "average_income_vnd",
    "revenue_vnd",
    "budget_paid_vnd",
    "leased_land_ha",
    "committed_land_ha",
    "wastewater_built",
    "wastewater_compliant",
    "source",
]


class ClusterReportForm(ScaleCheckMixin, ReasonMixin, forms.Form):
    """A cluster's figures for one reporting period (Circular 14). The year and period name the report: on
    edit they are fixed; a new report for a period already reported is refused (edit that one instead)."""

    scale_checked = ("leased_land_ha", "committed_land_ha", "revenue_vnd", "budget_paid_vnd", "average_income_vnd")

    def __init__(self, *args, cluster, report=None, **kwargs):
        self.cluster, self.report = cluster, report
        if report is not None:
            kwargs.setdefault("initial", forms.model_to_dict(report, fields=REPORT_FORM_FIELDS))
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(ClusterReport, REPORT_FORM_FIELDS))
        year_range = _("Năm báo cáo phải từ 2000 đến 2100.")
        self.fields["year"].validators += [
            MinValueValidator(2000, message=year_range),
            MaxValueValidator(2100, message=year_range),
        ]
        if report is not None:
            self.fields["year"].disabled = self.fields["period"].disabled = True
            self.add_reason()
        else:
            self.add_reason(_("Lý do ghi nhận"), initial=_("Cập nhật báo cáo định kỳ"))
        assert set(REPORT_FORM_FIELDS) == services.REPORT_FIELDS

    def figures(self):
        """The report's figures (not its year and period), for ``cluster_report_save``."""
        return {name: self.cleaned_data[name] for name in REPORT_FORM_FIELDS if name not in ("year", "period")}


# --- documents kept on the cluster record --------------------------------------------------------------

DOCUMENT_LABELS = {
    "infrastructure_acceptance": _("Văn bản nghiệm thu hoàn thành hạ tầng"),
    "wastewater_evidence": _("Minh chứng trạm xử lý nước thải đạt quy chuẩn"),
}
assert set(DOCUMENT_LABELS) == set(services.CLUSTER_DOCUMENTS)


class ClusterDocumentForm(ReasonMixin, forms.Form):
    upload = forms.FileField(
        label=_("Tệp"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(ALLOWED))}),
        help_text=UPLOAD_HELP,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, cluster, **kwargs):
        kwargs.setdefault("initial", {"version": cluster.version})
        super().__init__(*args, **kwargs)
        self.add_reason(_("Lý do"), initial=_("Lưu văn bản của cụm"))
