"""The plan report's pages: the issued reports, a new report (preview, then issue) and one report with its files."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import ListView, TemplateView, View

from accounts.mixins import PermissionRequiredMixin
from agencies import scoping
from core.dates import local_today
from core.exports import XLSX_TYPE
from core.uploads import file_download

from . import documents, selectors, services
from .forms import PlanReportForm, PreviewForm
from .models import PlanReport

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class PlanReportListView(PermissionRequiredMixin, ListView):
    """The issued reports, the latest cut-off first."""

    permission = "plan_report.view"
    template_name = "plan_reports/report_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self):
        return PlanReport.objects.select_related("plan").order_by("-cut_off", "-issued_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_issue=scoping.can(self.request.user, "plan_report.issue"), **kwargs)


class PlanReportCreateView(PermissionRequiredMixin, TemplateView):
    """GET: choose the plan and the cut-off, see the figures as of that day (computed from history, as they will be
    stored); POST: issue the report with its number, date and signer."""

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
        issue = None
        if preview is not None:
            issue = PlanReportForm(initial={**period.cleaned_data, "issued_on": local_today()})
        return self.render_to_response(self.get_context_data(period=period, preview=preview, issue=issue))

    def post(self, request, *args, **kwargs):
        issue = PlanReportForm(request.POST)
        if issue.is_valid():
            try:
                report = services.plan_report_issue(actor=request.user, **issue.cleaned_data)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    issue.add_error(field if field in issue.fields else None, messages)
            else:
                return redirect("plan_reports:report_detail", pk=report.pk)
        period = PreviewForm(request.POST)
        preview = self._preview(period)
        context = self.get_context_data(period=period, preview=preview, issue=issue)
        return self.render_to_response(context, status=400)


class PlanReportDetailView(PermissionRequiredMixin, TemplateView):
    """An issued report: its stored figures, compared with the report before it, and its files."""

    permission = "plan_report.view"
    template_name = "plan_reports/report_detail.html"

    def get_context_data(self, **kwargs):
        report = get_object_or_404(
            PlanReport.objects.select_related("plan", "issued_by", "previous", "signed_copy"), pk=self.kwargs["pk"]
        )
        previous = report.previous
        return super().get_context_data(
            report=report,
            view=selectors.display(report.figures, previous.figures if previous else None),
            previous=previous,
            **kwargs,
        )


class PlanReportDownloadView(PermissionRequiredMixin, View):
    """The issued report's .docx or .xlsx, as generated when it was issued."""

    permission = "plan_report.view"
    extension = "docx"
    formats = {"docx": ("docx_file", DOCX_TYPE), "xlsx": ("xlsx_file", XLSX_TYPE)}

    def get(self, request, pk):
        report = get_object_or_404(PlanReport, pk=pk)
        field, content_type = self.formats[self.extension]
        return file_download(getattr(report, field), documents.filename(report, self.extension), content_type)
