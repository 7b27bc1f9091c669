"""Issuing a plan report: the one write of this app (see ``core.services`` for the error contract).

A report is drafted as a preview (``selectors.report_figures`` computed for the cut-off), then issued: its
figures and its .docx and .xlsx are stored with its number, date and signer, in one transaction with one
history record (who, when, why). An issued report is never edited.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies import scoping
from core.audit import record_save
from core.dates import local_today
from core.pdf import PdfError, docx_to_pdf
from core.services import as_date, invalid, require_text
from core.uploads import removed_unless_saved

from . import documents, selectors
from .models import PlanReport

NUMBER_TAKEN = gettext_lazy("Số hiệu này đã được dùng cho một báo cáo khác.")


def check_cut_off(plan, cut_off, field="cut_off"):
    """A cut-off date the figures can be read for: not after today, not before the plan began."""
    cut_off = as_date(cut_off, field)
    if cut_off is None:
        invalid(field, _("Cần chọn ngày chốt số liệu."))
    if cut_off > local_today():
        invalid(field, _("Ngày chốt số liệu không được sau hôm nay: chưa có số liệu của ngày tương lai."))
    if cut_off < plan.issued_on:
        invalid(
            field,
            _("Ngày chốt số liệu không được trước ngày ban hành Kế hoạch (%(date)s).")
            % {"date": f"{plan.issued_on:%d/%m/%Y}"},
        )
    return cut_off


def plan_report_issue(*, actor, plan, cut_off, number, issued_on, signer):
    """Issue the report on ``plan`` as of ``cut_off``: figures from history, stored with the documents."""
    scoping.require(actor, "plan_report.issue")
    cut_off = check_cut_off(plan, cut_off)
    number = require_text(number, "number", _("Cần nhập số hiệu báo cáo."))
    signer = require_text(signer, "signer", _("Cần nhập người ký."))
    issued_on = as_date(issued_on, "issued_on")
    if issued_on is None:
        invalid("issued_on", _("Cần nhập ngày ban hành."))
    if issued_on < cut_off:
        invalid("issued_on", _("Ngày ban hành không được trước ngày chốt số liệu."))
    if PlanReport.objects.filter(number=number).exists():
        invalid("number", NUMBER_TAKEN)

    figures = selectors.report_figures(plan, cut_off)
    report = PlanReport(
        plan=plan,
        cut_off=cut_off,
        number=number,
        issued_on=issued_on,
        signer=signer,
        figures=figures,
        issued_by=actor,
        previous=selectors.previous_report(plan, cut_off),
    )
    # The number's uniqueness is checked above and, against a concurrent issue, by the database below.
    report.full_clean(exclude=["docx_file", "xlsx_file"], validate_constraints=False)
    previous = report.previous
    # The files are written first; if the row is not, they are removed again.
    with removed_unless_saved() as stored:
        report.docx_file.save("report.docx", ContentFile(documents.render_docx(report, previous)), save=False)
        stored.append(report.docx_file)
        report.xlsx_file.save("report.xlsx", ContentFile(documents.render_xlsx(report, previous)), save=False)
        stored.append(report.xlsx_file)
        # The PDF to sign, made from the .docx; without LibreOffice the report is issued all the same and its PDF
        # is made when first asked for (signatures.services.plan_report_pdf).
        try:
            with report.docx_file.open("rb") as docx:
                pdf = docx_to_pdf(docx.read())
        except PdfError:
            pass
        else:
            report.pdf_file.save("report.pdf", ContentFile(pdf), save=False)
            stored.append(report.pdf_file)
        try:
            with transaction.atomic():
                record_save(
                    report, actor=actor, reason=_("Ban hành báo cáo số %(number)s") % {"number": number}, created=True
                )
        except IntegrityError as exc:
            # Two coordinators (or one double click) raced past the check above: the number is taken.
            raise ValidationError({"number": [NUMBER_TAKEN]}) from exc
    return report
