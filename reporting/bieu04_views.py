"""Biểu 04's pages: the city's figures of a period with where each comes from, issuing it (then frozen), its files,
and the national export of the register with it. For the Department's coordinators and leadership
(``reporting.track``); issuing is ``bieu04.issue``, asked by the service."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from accounts.mixins import PermissionRequiredMixin
from agencies import scoping
from core.dates import local_today
from core.exports import XLSX_TYPE
from core.forms import apply_service_errors, date_field
from core.pdf import pdf_download
from core.services import StateConflict
from core.uploads import file_download
from department import letterhead
from department.forms import SignerFieldsMixin

from . import bieu, documents, export, selectors, services
from .models import Bieu04, ReportForm, ReportingPeriod

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Bieu04IssueForm(SignerFieldsMixin, forms.Form):
    signatory_required = True

    number = forms.CharField(label=gettext_lazy("Số hiệu"), max_length=64)
    issued_on = date_field(gettext_lazy("Ngày ban hành"), required=True)
    gaps_reason = forms.CharField(
        label=gettext_lazy("Lý do ban hành khi chưa đủ số liệu"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Chỉ cần khi còn báo cáo chưa tiếp nhận hoặc chỉ tiêu chưa có số liệu."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        example = letterhead.proposed_number(letterhead.current())
        self.fields["number"].help_text = _("Ví dụ: %(example)s.") % {"example": example}
        self.order_fields(["number", "issued_on", "signatory", "capacity"])


class Bieu04CorrectionForm(Bieu04IssueForm):
    """Issue a corrected Biểu 04 in place of the one in force (which stays as it was signed)."""

    replaces = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**63 - 1,
        error_messages={
            key: gettext_lazy("Không tìm thấy Biểu 04 cần đính chính; hãy tải lại trang.")
            for key in ("required", "invalid", "min_value", "max_value")
        },
    )
    correction_reason = forms.CharField(
        label=gettext_lazy("Lý do đính chính"),
        error_messages={"required": gettext_lazy("Cần ghi lý do đính chính Biểu 04 đã ban hành.")},
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Ví dụ: Biểu 02 của CCN A được tiếp nhận sau khi ban hành."),
    )


def _period(pk):
    return get_object_or_404(ReportingPeriod, pk=pk)


def _link(source):
    """Where a figure's source is shown: the cluster's page, or the submission's; None when there is no such page."""
    name = "clusters:cluster_detail" if source["type"] == "cluster" else "reporting:submission"
    try:
        return reverse(name, kwargs={"pk": source["id"]})
    except NoReverseMatch:
        return None


class Bieu04View(PermissionRequiredMixin, View):
    """GET: the period's Biểu 04 — computed now, or as issued — each figure a link to its sources. POST: issue it."""

    permission = "reporting.track"
    template_name = "reporting/bieu04.html"

    def context(self, request, period, form=None):
        stored, issued = bieu.current(period)
        may_issue = scoping.can(request.user, "bieu04.issue")
        can_issue = issued is None and may_issue
        initial = {"issued_on": max(local_today(), period.data_end)}
        if issued is not None and not isinstance(form, Bieu04CorrectionForm):
            form = None  # an issue form posted after another issue: offer the correction instead
        if form is None and may_issue:
            form = (
                Bieu04IssueForm(initial=initial)
                if issued is None
                else Bieu04CorrectionForm(initial={**initial, "replaces": issued.pk})
            )
        lines = bieu.table(stored)
        for line in lines:
            if "key" in line:
                line["text"] = documents.figure_text(line["value"])
                line["reported"] = [
                    {**source, "text": documents.figure_text(bieu.as_decimal(source["value"]))}
                    for source in line["reported"]
                ]
        return {
            "period": period,
            "period_label": period.label,
            "form04": ReportForm.objects.filter(code="04").first(),
            "lines": lines,
            "issued": issued,
            "issue_form": form if can_issue else None,
            "correction_form": form if may_issue and issued is not None else None,
            "completeness": bieu.completeness(period, stored) if issued is None else issued.gaps,
            "earlier": list(Bieu04.objects.filter(period=period, is_current=False).order_by("-issued_at")),
        }

    def get(self, request, pk):
        period = _period(pk)
        return render(request, self.template_name, self.context(request, period))

    def post(self, request, pk):
        period = _period(pk)
        scoping.require(request.user, "bieu04.issue")
        # A correction names the Biểu 04 it replaces; an issue form posted after another issue is a conflict.
        correcting = "replaces" in request.POST
        form = (Bieu04CorrectionForm if correcting else Bieu04IssueForm)(request.POST)
        current = None
        if form.is_valid():
            values = dict(form.cleaned_data)
            if correcting:
                current = Bieu04.objects.filter(period=period, pk=values.pop("replaces")).first()
                if current is None:
                    raise Http404
            try:
                services.bieu04_issue(actor=request.user, period=period, replaces=current, **values)
            except StateConflict as error:
                # Issued meanwhile: show it as it now stands, and say so.
                messages.error(request, error.text)
                return render(request, self.template_name, self.context(request, period), status=409)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Đã ban hành Biểu 04; số liệu và tệp đã được lưu.")
                    if current is None
                    else _("Đã ban hành Biểu 04 đính chính; Biểu 04 trước được giữ nguyên như đã ký."),
                )
                return redirect("reporting:bieu04", pk=period.pk)
        return render(request, self.template_name, self.context(request, period, form), status=400)


class Bieu04SourcesView(PermissionRequiredMixin, View):
    """What makes one figure of Biểu 04: the clusters of the register, or the accepted submissions, with their
    values — as issued once Biểu 04 is issued."""

    permission = "reporting.track"

    def get(self, request, pk, key):
        period = _period(pk)
        stored, issued = bieu.current(period)
        line = next((line for line in bieu.table(stored) if line.get("key") == key), None)
        if line is None:
            raise Http404
        listed = stored["rows"][key]["sources"]
        # The reports among them received on paper (entered and accepted by a coordinator) say so.
        on_paper = selectors.received_on_paper(listed)
        sources = [
            {
                **source,
                "text": documents.figure_text(bieu.as_decimal(source["value"])),
                "url": _link(source),
                "on_paper": source["type"] == "submission" and source["id"] in on_paper,
            }
            for source in listed
        ]
        line["text"] = documents.figure_text(line["value"])
        context = {"period": period, "issued": issued, "line": line, "sources": sources}
        return render(request, "reporting/bieu04_sources.html", context)


class Bieu04DownloadView(PermissionRequiredMixin, View):
    """The issued Biểu 04's .xlsx or covering .docx, as generated when it was issued, or that .docx as PDF."""

    permission = "reporting.track"
    extension = "xlsx"
    formats = {"docx": ("docx_file", DOCX_TYPE), "xlsx": ("xlsx_file", XLSX_TYPE)}

    def get(self, request, pk):
        period = _period(pk)
        issued = Bieu04.objects.current().filter(period=period).first()
        if issued is None:
            raise Http404
        if self.extension == "pdf":
            # The covering report as PDF, made from the .docx stored at issue (so it says what was signed).
            with issued.docx_file.open("rb") as docx:
                content = docx.read()
            return pdf_download(
                request, content, documents.filename(issued, "docx"), reverse("reporting:bieu04", args=[period.pk])
            )
        field, content_type = self.formats[self.extension]
        return file_download(getattr(issued, field), documents.filename(issued, self.extension), content_type)


class NationalExportView(PermissionRequiredMixin, View):
    """The national export of a period (``reporting.export``, format version 2): JSON, or CSV by part (``?part=``
    register, the default, decisions, bieu02, bieu03 or bieu04)."""

    permission = "reporting.track"
    extension = "json"

    def get(self, request, pk):
        period = _period(pk)
        if self.extension == "json":
            response = HttpResponse(export.as_bytes(period), content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{export.filename(period, "json")}"'
            return response
        part = request.GET.get("part") or "register"
        if part not in export.CSV_PARTS:
            raise Http404
        rows = export.csv_rows(period, part)
        if rows is None:
            raise Http404  # Biểu 04 of the period is not issued yet
        return export.csv_download(period, part, rows)
