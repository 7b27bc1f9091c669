"""The signed copy of a plan report (see ``core.services`` for the error contract).

- ``plan_report_pdf``: the report's PDF to sign, as stored at issue; a report issued while LibreOffice was missing
  gets it made (from its stored .docx) and stored the first time it is asked for.
- ``signed_copy_upload``: a coordinator uploads the PDF the Department signed outside the system; it is checked
  (``signatures.validation``) and stored as the report's official copy, with one history record. A report has one
  signed copy: uploading another is refused (the signed copy is a record; a mistake is a new report).
"""

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies import scoping
from core.audit import record_save
from core.pdf import PdfError, docx_to_pdf
from core.services import StateConflict, conflict, invalid
from core.uploads import removed_unless_saved
from plan_reports.models import PlanReport

from .models import SignedCopy, TrustedRoot
from .validation import check_signed_pdf, max_bytes, refuse

ALREADY_SIGNED = gettext_lazy("Báo cáo này đã có bản ký số (bản chính thức); không thay thế được.")


def _read(field_file):
    with field_file.open("rb") as handle:
        return handle.read()


def plan_report_pdf(*, actor, report):
    """The stored PDF of ``report`` (a FieldFile); made from its .docx and stored if it has none yet. Raises
    ``core.pdf.PdfError`` when LibreOffice cannot make it."""
    scoping.require(actor, "plan_report.view", report)
    if report.is_draft:
        raise PdfError(_("Báo cáo còn là dự thảo: bản PDF để ký có khi báo cáo được ban hành."))
    if report.pdf_file:
        return report.pdf_file
    with transaction.atomic():
        locked = PlanReport.objects.select_for_update().get(pk=report.pk)
        if not locked.pdf_file:
            pdf = docx_to_pdf(_read(locked.docx_file))
            with removed_unless_saved() as stored:
                locked.pdf_file.save("report.pdf", ContentFile(pdf), save=False)
                stored.append(locked.pdf_file)
                record_save(
                    locked,
                    actor=actor,
                    reason=_("Tạo bản PDF của báo cáo số %(number)s từ tệp .docx đã ban hành")
                    % {"number": locked.number},
                )
    report.refresh_from_db(fields=["pdf_file", "updated_at"])
    return report.pdf_file


def signed_copy_upload(*, actor, report, upload):
    """Check the signed PDF ``upload`` (an UploadedFile) against ``report``'s PDF and the trusted roots, and store it
    as the report's signed copy."""
    scoping.require(actor, "plan_report.sign", report)
    if report.is_draft:
        invalid("file", _("Báo cáo còn là dự thảo: chỉ ký số báo cáo đã ban hành."))
    if SignedCopy.objects.filter(report=report).exists():
        conflict("file", ALREADY_SIGNED)
    if upload is None:
        invalid("file", _("Cần chọn tệp PDF đã ký số."))
    if upload.size > max_bytes():
        refuse(_("Tệp quá lớn: tối đa %(size)s MB.") % {"size": max_bytes() // (1024 * 1024)})
    if not report.pdf_file:
        invalid("file", _("Báo cáo chưa có bản PDF để ký: hãy tải “Bản PDF để ký” trước, ký số rồi tải lên."))
    upload.seek(0)
    data = upload.read()
    facts = check_signed_pdf(data, original=_read(report.pdf_file), roots=TrustedRoot.objects.filter(is_active=True))
    copy = SignedCopy(
        report=report,
        sha256=facts.sha256,
        signer_name=facts.signer_name,
        certificate_serial=facts.certificate_serial,
        certificate_issuer=facts.certificate_issuer,
        certificate_subject=facts.certificate_subject,
        signed_at=facts.signed_at,
        trusted_root=facts.trusted_root,
        uploaded_by=actor,
    )
    copy.full_clean(exclude=["file", "report"], validate_constraints=False)
    with removed_unless_saved() as stored:
        copy.file.save("signed.pdf", ContentFile(data), save=False)
        stored.append(copy.file)
        reason = _("Tải lên bản ký số của báo cáo số %(number)s, ký bởi %(signer)s") % {
            "number": report.number,
            "signer": facts.signer_name,
        }
        try:
            with transaction.atomic():
                record_save(copy, actor=actor, reason=reason, created=True)
                # The report's JSON now carries its signature: its updated_at moves on, so a client syncing by
                # ``updated_after`` sees it, and its history says when it was signed.
                record_save(report, actor=actor, reason=reason)
        except IntegrityError as exc:
            # Two uploads of the same report raced past the check above.
            raise StateConflict("file", ALREADY_SIGNED) from exc
    return copy
