"""The plan report's pages: the reports (drafts and issued), a new draft (period, preview of the figures), the
draft's page (narrative, signer, preview .docx or .pdf, issue or delete) and an issued report with its files."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView, View

from accounts.mixins import PermissionRequiredMixin
from agencies import scoping
from core.dates import local_today
from core.exports import XLSX_TYPE
from core.forms import apply_service_errors
from core.pdf import pdf_download
from core.services import StateConflict
from core.uploads import file_download

from . import documents, selectors, services
from .forms import DraftForm, PreviewForm
from .models import PlanReport

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class PlanReportListView(PermissionRequiredMixin, ListView):
    """The reports, drafts and issued, the latest cut-off first."""

    permission = "plan_report.view"
    template_name = "plan_reports/report_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self):
        return PlanReport.objects.select_related("plan").order_by("-cut_off", "-issued_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_issue=scoping.can(self.request.user, "plan_report.issue"), **kwargs)


class PlanReportCreateView(PermissionRequiredMixin, TemplateView):
    """GET: choose the plan and the cut-off, see the figures as of that day (computed from history); POST: draft
    the report, then write it on its page."""

    permission = "plan_report.issue"
    template_name = "plan_reports/report_form.html"

    def _preview(self, form):
        """The figures for a valid period (and the report they will be compared with), else None."""
        if not form.is_bound or not form.is_valid():
            return None
        plan, cut_off = form.cleaned_data["plan"], form.cleaned_data["cut_off"]
        try:
            services.check_cut_off(plan, cut_off)
        except ValidationError as exc:
            for message in exc.message_dict.get("cut_off", []):
                form.add_error("cut_off", message)
            return None
        previous = selectors.previous_report(plan, cut_off)
        figures = selectors.report_figures(plan, cut_off)
        return {"view": selectors.display(figures, previous.figures if previous else None), "previous": previous}

    def get(self, request, *args, **kwargs):
        bound = "cut_off" in request.GET
        period = PreviewForm(request.GET if bound else None, initial={"cut_off": local_today()})
        preview = self._preview(period)
        return self.render_to_response(self.get_context_data(period=period, preview=preview))

    def post(self, request, *args, **kwargs):
        period = PreviewForm(request.POST)
        if period.is_valid():
            try:
                report = services.plan_report_draft(actor=request.user, **period.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(period, exc)
            else:
                messages.success(request, _("Đã lập dự thảo báo cáo; viết các phần nhận xét rồi xem trước, ban hành."))
                return redirect("plan_reports:report_edit", pk=report.pk)
        context = self.get_context_data(period=period, preview=None)
        return self.render_to_response(context, status=400)


class PlanReportDraftView(PermissionRequiredMixin, TemplateView):
    """A draft: its figures as they will print, its narrative and signer (save), a preview .docx, then issue (with
    the number and date) or delete."""

    permission = "plan_report.issue"
    template_name = "plan_reports/report_edit.html"

    def _draft(self):
        report = get_object_or_404(
            PlanReport.objects.select_related("plan", "previous", "signatory"), pk=self.kwargs["pk"]
        )
        return report

    def _context(self, report, form):
        previous = report.previous
        return self.get_context_data(
            report=report,
            form=form,
            view=selectors.display(report.figures, previous.figures if previous else None),
            previous=previous,
        )

    def get(self, request, *args, **kwargs):
        report = self._draft()
        if not report.is_draft:
            return redirect("plan_reports:report_detail", pk=report.pk)
        initial = {
            "cut_off": report.cut_off,
            "signatory": report.signatory_id,
            "capacity": report.capacity,
            "issued_on": local_today(),
            **{name: getattr(report, name) for name in services.NARRATIVE},
        }
        return self.render_to_response(self._context(report, DraftForm(initial=initial)))

    def post(self, request, *args, **kwargs):
        report = self._draft()
        action = request.POST.get("action", "save")
        if action == "delete":
            try:
                services.plan_report_draft_delete(actor=request.user, report=report)
            except StateConflict as error:
                messages.error(request, error.text)
                return redirect("plan_reports:report_detail", pk=report.pk)
            messages.success(request, _("Đã xóa dự thảo báo cáo."))
            return redirect("plan_reports:report_list")
        form = DraftForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            narrative = {name: data[name] for name in services.NARRATIVE}
            try:
                report = services.plan_report_draft_update(
                    actor=request.user,
                    report=report,
                    cut_off=data["cut_off"],
                    signatory=data["signatory"],
                    capacity=data["capacity"],
                    **narrative,
                )
                if action == "issue":
                    report = services.plan_report_issue(
                        actor=request.user,
                        report=report,
                        number=data["number"],
                        issued_on=data["issued_on"],
                        signatory=data["signatory"],
                        capacity=data["capacity"],
                    )
            except StateConflict as error:
                messages.error(request, error.text)
                return redirect("plan_reports:report_detail", pk=report.pk)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                if action == "issue":
                    messages.success(request, _("Đã ban hành báo cáo; số liệu và tệp đã được lưu."))
                    return redirect("plan_reports:report_detail", pk=report.pk)
                messages.success(request, _("Đã lưu dự thảo; số liệu đã được tính lại đến ngày chốt."))
                return redirect("plan_reports:report_edit", pk=report.pk)
        report.refresh_from_db()
        return self.render_to_response(self._context(report, form), status=400)


class PlanReportPreviewView(PermissionRequiredMixin, View):
    """The draft as a .docx, as it will print (the number and date as typed in the page's boxes, else dots), or
    that .docx as a PDF (``extension="pdf"``, converted by LibreOffice; without it, back to the draft's page with
    the reason). Both carry "DỰ THẢO" on every page."""

    permission = "plan_report.issue"
    extension = "docx"

    def get(self, request, pk):
        report = get_object_or_404(PlanReport.objects.select_related("plan", "previous", "signatory"), pk=pk)
        if not report.is_draft:
            if self.extension == "pdf":
                return redirect("signatures:report_pdf", pk=report.pk)
            return redirect("plan_reports:report_docx", pk=report.pk)
        form = DraftForm(request.GET or None)
        number, issued_on = "", None
        if form.is_bound:
            form.is_valid()
            number = form.cleaned_data.get("number") or ""
            issued_on = form.cleaned_data.get("issued_on")
        content = services.preview_docx(report, number=number, issued_on=issued_on)
        name = documents.filename(report, "docx")
        if self.extension == "pdf":
            return pdf_download(request, content, name, reverse("plan_reports:report_edit", args=[report.pk]))
        response = HttpResponse(content, content_type=DOCX_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response


class PlanReportDetailView(PermissionRequiredMixin, TemplateView):
    """An issued report: its stored figures and narrative, compared with the report before it, and its files. A
    draft opens its own page (coordinators) or shows its figures so far (leadership)."""

    permission = "plan_report.view"
    template_name = "plan_reports/report_detail.html"

    def get(self, request, *args, **kwargs):
        report = get_object_or_404(
            PlanReport.objects.select_related("plan", "issued_by", "previous", "signed_copy"), pk=self.kwargs["pk"]
        )
        if report.is_draft and scoping.can(request.user, "plan_report.issue"):
            return redirect("plan_reports:report_edit", pk=report.pk)
        previous = report.previous
        context = self.get_context_data(
            report=report,
            view=selectors.display(report.figures, previous.figures if previous else None),
            previous=previous,
            **kwargs,
        )
        return self.render_to_response(context)


class PlanReportDownloadView(PermissionRequiredMixin, View):
    """The issued report's .docx or .xlsx, as generated when it was issued."""

    permission = "plan_report.view"
    extension = "docx"
    formats = {"docx": ("docx_file", DOCX_TYPE), "xlsx": ("xlsx_file", XLSX_TYPE)}

    def get(self, request, pk):
        report = get_object_or_404(PlanReport.objects.filter(status=PlanReport.Status.ISSUED), pk=pk)
        field, content_type = self.formats[self.extension]
        return file_download(getattr(report, field), documents.filename(report, self.extension), content_type)
