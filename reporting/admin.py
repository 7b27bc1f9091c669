"""Admin for the Circular 14 cycle: the forms and indicators are data coordinators may correct (with a reason,
like every audited record); periods, submissions and issued Biểu 04 are read here and changed only through
their pages and the API, whose services hold the workflow's rules."""

from django.contrib import admin

from core.admin import AuditedModelAdmin, CoordinatorModelAdmin, ReadOnlyAdminMixin, ReadOnlyInline

from .models import Bieu04, Indicator, ReportForm, ReportingPeriod, Submission, SubmissionValue


class IndicatorInline(ReadOnlyInline):
    model = Indicator
    fields = ["row", "key", "label", "unit", "nature"]
    readonly_fields = fields


@admin.register(ReportForm)
class ReportFormAdmin(AuditedModelAdmin):
    list_display = ["code", "title", "reporter", "due_half_year", "due_annual", "collected"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(AuditedModelAdmin):
    list_display = ["form", "row", "key", "label", "unit", "nature"]
    list_filter = ["form", "nature", "unit"]
    list_select_related = ["form"]
    search_fields = ["key", "label"]
    # What an accepted Biểu 02 writes into the register (which field, at what scale) comes from the Circular's
    # reference data (reporting.reference), not from a coordinator's edit.
    readonly_fields = ["report_field", "scale", "cluster_field"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdminMixin, CoordinatorModelAdmin):
    list_display = ["__str__", "year", "kind", "window_label"]
    list_filter = ["year", "kind"]


class SubmissionValueInline(ReadOnlyInline):
    model = SubmissionValue
    fields = ["indicator", "value", "note"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdminMixin, CoordinatorModelAdmin):
    list_display = [
        "__str__",
        "state",
        "received_on_paper",
        "submitted_at",
        "decided_at",
        "reminders_sent",
        "escalated_on",
    ]
    list_filter = ["period", "form", "state", "received_on_paper"]
    list_select_related = ["period", "form", "cluster", "commune"]
    search_fields = ["cluster__name", "cluster__code", "commune__name", "commune__code"]
    inlines = [SubmissionValueInline]


@admin.register(Bieu04)
class Bieu04Admin(ReadOnlyAdminMixin, CoordinatorModelAdmin):
    list_display = ["__str__", "number", "issued_on", "signer", "issued_by"]
    list_select_related = ["period", "issued_by"]
    exclude = ["figures"]
