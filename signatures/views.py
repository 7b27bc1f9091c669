"""The plan report's PDF to sign, the upload of its signed copy (refusals shown on the report's page) and the
signed copy's download. The report page itself (``plan_reports.views``) shows the panel
(``signatures/_panel.html``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import View

from accounts.mixins import PermissionRequiredMixin
from core.forms import apply_service_errors
from core.pdf import PDF_TYPE, PdfError
from core.uploads import file_download
from plan_reports import documents
from plan_reports.models import PlanReport
from plan_reports.views import PlanReportDetailView

from . import services
from .forms import SignedCopyForm
from .models import SignedCopy


def pdf_filename(report, signed=False):
    name = documents.filename(report, "pdf")
    return name.replace(".pdf", "-da-ky-so.pdf") if signed else name


class PlanReportPdfView(PermissionRequiredMixin, View):
    """The report's PDF (the copy to sign), made at issue; when LibreOffice cannot make it, the report's page says
    why."""

    permission = "plan_report.view"

    def get(self, request, pk):
        report = get_object_or_404(PlanReport, pk=pk)
        try:
            pdf = services.plan_report_pdf(actor=request.user, report=report)
        except PdfError as exc:
            messages.error(request, str(exc))
            return redirect("plan_reports:report_detail", pk=report.pk)
        return file_download(pdf, pdf_filename(report), PDF_TYPE)


class SignedCopyUploadView(PlanReportDetailView):
    """POST: the signed PDF; a refusal shows the report's page again with the reason on the form (400)."""

    permission = "plan_report.sign"
    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(
            PlanReport.objects.select_related("plan", "issued_by", "previous", "signed_copy"), pk=pk
        )
        form = SignedCopyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                copy = services.signed_copy_upload(actor=request.user, report=report, upload=form.cleaned_data["file"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Đã lưu bản ký số của báo cáo, ký bởi %(name)s.") % {"name": copy.signer_name}
                )
                return redirect("plan_reports:report_detail", pk=report.pk)
        return self.render_to_response(self.report_context(report, sign_form=form), status=400)


class SignedCopyDownloadView(PermissionRequiredMixin, View):
    """The signed copy, as uploaded: the report's official copy."""

    permission = "plan_report.view"

    def get(self, request, pk):
        copy = SignedCopy.objects.select_related("report").filter(report_id=pk).first()
        if copy is None:
            raise Http404
        return file_download(copy.file, pdf_filename(copy.report, signed=True), PDF_TYPE)
