"""The plan report's writes (see ``core.services`` for the error contract): draft, edit, delete, issue.

A coordinator drafts a report as of a cut-off day: its figures are computed from history (``selectors.
report_figures``) and "Đánh giá chung" starts from sentences worded from them. The draft is edited (the narrative,
the signer and the capacity, the cut-off) and previewed as a .docx, each edit with its history record, the figures
computed again at each save; it may be deleted. Issuing computes the figures one last time and stores them with the
.docx and the .xlsx, the number, the date and the signer's name and title as printed, in one transaction with one
history record. An issued report is never edited.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies import scoping
from core.audit import record_save
from core.dates import local_today
from core.pdf import PdfError, docx_to_pdf
from core.services import as_date, conflict, invalid, lock, require_text
from core.uploads import removed_unless_saved
from department.models import Capacity

from . import documents, selectors
from .models import PlanReport

NUMBER_TAKEN = gettext_lazy("Số hiệu này đã được dùng cho một báo cáo khác.")
NARRATIVE = ("general_assessment", "shortcomings", "next_tasks", "recommendations")


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


def _check_signer(signatory, capacity):
    if signatory is not None and not signatory.is_active:
        invalid("signatory", _("Người ký này không còn ký văn bản; hãy chọn người khác."))
    if capacity and capacity not in Capacity.values:
        invalid("capacity", _("Thẩm quyền ký không hợp lệ."))


def _compute(report):
    """The draft's figures as of its cut-off, and the issued report they will be compared with."""
    report.figures = selectors.report_figures(report.plan, report.cut_off)
    report.previous = selectors.previous_report(report.plan, report.cut_off, exclude=report if report.pk else None)


def plan_report_draft(*, actor, plan, cut_off, signatory=None, capacity="", **narrative):
    """Draft a report on ``plan`` as of ``cut_off``: the figures computed, "Đánh giá chung" worded from them unless
    given."""
    scoping.require(actor, "plan_report.issue")
    cut_off = check_cut_off(plan, cut_off)
    _check_signer(signatory, capacity)
    report = PlanReport(
        plan=plan,
        cut_off=cut_off,
        status=PlanReport.Status.DRAFT,
        signatory=signatory,
        capacity=capacity or "",
        created_by=actor,
        **{name: (narrative.get(name) or "").strip() for name in NARRATIVE},
    )
    _compute(report)
    if not report.general_assessment:
        report.general_assessment = selectors.assessment_sentences(report.figures)
    report.full_clean(exclude=["docx_file", "xlsx_file"], validate_constraints=False)
    with transaction.atomic():
        record_save(report, actor=actor, reason=_("Lập dự thảo báo cáo"), created=True)
    return report


def _locked_draft(report):
    locked = lock(PlanReport, report.pk)
    if not locked.is_draft:
        conflict("__all__", _("Báo cáo đã ban hành không sửa được."))
    return locked


def plan_report_draft_update(*, actor, report, cut_off=None, signatory=None, capacity="", **narrative):
    """Save the draft's narrative, signer and cut-off; its figures are computed again for the cut-off."""
    scoping.require(actor, "plan_report.issue")
    _check_signer(signatory, capacity)
    with transaction.atomic():
        locked = _locked_draft(report)
        if cut_off is not None:
            locked.cut_off = check_cut_off(locked.plan, cut_off)
        for name in NARRATIVE:
            if name in narrative:
                setattr(locked, name, (narrative[name] or "").strip())
        locked.signatory, locked.capacity = signatory, capacity or ""
        _compute(locked)
        locked.full_clean(exclude=["docx_file", "xlsx_file", "pdf_file"], validate_constraints=False)
        record_save(locked, actor=actor, reason=_("Sửa dự thảo báo cáo"))
    return locked


def plan_report_draft_delete(*, actor, report):
    """Delete a draft (an issued report stays)."""
    scoping.require(actor, "plan_report.issue")
    with transaction.atomic():
        locked = _locked_draft(report)
        locked._history_user = actor
        locked._change_reason = _("Xóa dự thảo báo cáo")
        locked.delete()


def preview_docx(report, *, number="", issued_on=None):
    """The draft as it would print today (the number and date as typed so far, else dots to fill in)."""
    return documents.render_docx(report, report.previous, number=number, issued_on=issued_on)


def plan_report_issue(
    *,
    actor,
    report=None,
    plan=None,
    cut_off=None,
    number,
    issued_on,
    signatory=None,
    capacity="",
    signer="",
    **narrative,
):
    """Issue the draft ``report`` (or draft one on ``plan`` as of ``cut_off`` and issue it at once) with its number,
    date and signer: the figures computed one last time, stored with the documents, frozen.

    The signer is ``signatory`` in ``capacity``, their name and title kept as printed; without a Signatory, the
    name ``signer`` under the head's title (what callers before the Signatories sent)."""
    scoping.require(actor, "plan_report.issue")
    number = require_text(number, "number", _("Cần nhập số hiệu báo cáo."))
    issued_on = as_date(issued_on, "issued_on")
    if issued_on is None:
        invalid("issued_on", _("Cần nhập ngày ban hành."))
    if signatory is None and not (signer or "").strip():
        invalid("signatory", _("Cần chọn người ký."))
    _check_signer(signatory, capacity)
    if report is None:
        cut_off = check_cut_off(plan, cut_off)
    if issued_on < (cut_off if report is None else report.cut_off):
        invalid("issued_on", _("Ngày ban hành không được trước ngày chốt số liệu."))
    if PlanReport.objects.filter(number=number, status=PlanReport.Status.ISSUED).exists():
        invalid("number", NUMBER_TAKEN)
    if report is None:
        report = plan_report_draft(
            actor=actor, plan=plan, cut_off=cut_off, signatory=signatory, capacity=capacity, **narrative
        )

    # The files are written first; if the row is not, they are removed again.
    with removed_unless_saved() as stored:
        try:
            with transaction.atomic():
                locked = _locked_draft(report)
                locked.number, locked.issued_on = number, issued_on
                locked.signatory, locked.capacity = signatory, capacity or ""
                if signatory is not None:
                    locked.signer, locked.signer_title = signatory.full_name, signatory.title
                else:
                    locked.signer, locked.signer_title = signer.strip(), ""
                locked.status = PlanReport.Status.ISSUED
                locked.issued_by, locked.issued_at = actor, timezone.now()
                _compute(locked)
                locked.full_clean(exclude=["docx_file", "xlsx_file", "pdf_file"], validate_constraints=False)
                previous = locked.previous
                locked.docx_file.save("report.docx", ContentFile(documents.render_docx(locked, previous)), save=False)
                stored.append(locked.docx_file)
                locked.xlsx_file.save("report.xlsx", ContentFile(documents.render_xlsx(locked, previous)), save=False)
                stored.append(locked.xlsx_file)
                # The PDF to sign, made from the .docx; without LibreOffice the report is issued all the same and
                # its PDF is made when first asked for (signatures.services.plan_report_pdf).
                try:
                    with locked.docx_file.open("rb") as docx:
                        pdf = docx_to_pdf(docx.read())
                except PdfError:
                    pass
                else:
                    locked.pdf_file.save("report.pdf", ContentFile(pdf), save=False)
                    stored.append(locked.pdf_file)
                record_save(locked, actor=actor, reason=_("Ban hành báo cáo số %(number)s") % {"number": number})
        except IntegrityError as exc:
            # Two coordinators (or one double click) raced past the check above: the number is taken.
            raise ValidationError({"number": [NUMBER_TAKEN]}) from exc
    return locked
