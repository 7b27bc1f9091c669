"""The demo's signed plan report: one report issued through the service (figures as of yesterday) and signed with a
demo certificate, so the report's page shows "Đã ký số bởi …" and offers the signed copy.

The demo certificate authority is made at load time (``signatures.pki``); its root is stored as a trusted root
marked ``is_test`` and named so nobody takes it for a real one. Its private key is not kept: nothing else can ever be
signed with it. Without LibreOffice the report is issued unsigned (its PDF cannot be made) and the load says so.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.audit import record_save
from core.pdf import PdfError
from department import letterhead
from department.models import Capacity, Signatory
from plan_reports.models import PlanReport
from plan_reports.services import plan_report_draft, plan_report_issue
from seed.demo_clock import clock_at
from signatures import pki
from signatures.models import TrustedRoot
from signatures.services import plan_report_pdf, signed_copy_upload

DEMO_ROOT_NAME = "CHỨNG THƯ THỬ NGHIỆM — không có giá trị pháp lý"
DEMO_NUMBER = "01/BC-SCT (MẪU)"
REASON = "DỮ LIỆU MẪU: "

# What the Department's staff would write in the sections the figures cannot (demo text, marked as such).
NARRATIVE = {
    "shortcomings": (
        "(Dữ liệu mẫu) Một số nhiệm vụ quá hạn do hồ sơ thành lập, mở rộng cụm còn phải bổ sung ý kiến của các sở, "
        "ngành; một số chủ đầu tư hạ tầng chưa gửi báo cáo định kỳ đúng hạn.\n\n"
        "Nguyên nhân:\n"
        "- Thủ tục đất đai, giải phóng mặt bằng kéo dài;\n"
        "- Nguồn vốn đầu tư hạ tầng kỹ thuật còn hạn chế."
    ),
    "next_tasks": (
        "(Dữ liệu mẫu) Tập trung hoàn thành các nhiệm vụ quá hạn trong quý tới; đôn đốc chủ đầu tư hoàn thiện "
        "trạm xử lý nước thải tập trung; rà soát, cập nhật sổ đăng ký cụm công nghiệp."
    ),
    "recommendations": (
        "(Dữ liệu mẫu) Đề nghị Ủy ban nhân dân Thành phố chỉ đạo các sở, ngành và Ủy ban nhân dân các xã, phường "
        "phối hợp giải quyết dứt điểm vướng mắc về đất đai của các cụm công nghiệp."
    ),
}


def load_signed_plan_report(*, coordinator, plan, today, log):
    """Draft the demo report with its narrative, issue it signed in the Director's place (KT.) by the demo Deputy,
    and sign its PDF, unless it exists; returns the report (None when it existed)."""
    if PlanReport.objects.filter(number=DEMO_NUMBER).exists():
        log("Báo cáo kế hoạch mẫu đã có: bỏ qua.")
        return None
    yesterday = today - datetime.timedelta(days=1)
    afternoon = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(16, 0)))
    deputy = Signatory.objects.filter(is_active=True).exclude(title__iexact="Giám đốc").first()
    signer = {"signatory": deputy, "capacity": Capacity.ON_BEHALF} if deputy else {"signer": "Người ký (mẫu)"}
    with clock_at(afternoon - datetime.timedelta(hours=2)):
        draft = plan_report_draft(actor=coordinator, plan=plan, cut_off=yesterday, **NARRATIVE)
    with clock_at(afternoon):
        report = plan_report_issue(
            actor=coordinator, report=draft, number=DEMO_NUMBER, issued_on=yesterday, **NARRATIVE, **signer
        )
    signer_name = report.signer
    try:
        with clock_at(afternoon + datetime.timedelta(minutes=30)):
            pdf = plan_report_pdf(actor=coordinator, report=report)
            with pdf.open("rb") as handle:
                original = handle.read()
            authority = pki.make_root(DEMO_ROOT_NAME, organization="Dữ liệu mẫu — không có giá trị pháp lý")
            root = TrustedRoot(
                name=DEMO_ROOT_NAME,
                certificate_pem=authority.pem,
                is_test=True,
                note=(
                    "Tạo tự động khi nạp dữ liệu mẫu (load_demo_data) để thử chức năng ký số; khóa riêng không được "
                    "lưu. Không có giá trị pháp lý: hãy xóa hoặc bỏ chọn “đang tin cậy” trên hệ thống thật."
                ),
            )
            root.full_clean()
            record_save(root, actor=coordinator, reason=REASON + "chứng thư gốc thử nghiệm", created=True)
            certificate = pki.make_signer(authority, signer_name, organization=letterhead.current().name)
            signed = pki.sign_pdf(original, certificate, authority, reason="Ký ban hành (dữ liệu mẫu)")
            signed_copy_upload(
                actor=coordinator,
                report=report,
                upload=SimpleUploadedFile("bao-cao-da-ky.pdf", signed, content_type="application/pdf"),
            )
    except PdfError as exc:
        log(f"Báo cáo kế hoạch mẫu {DEMO_NUMBER} đã ban hành nhưng chưa ký số: {exc}")
        return report
    log(f"Báo cáo kế hoạch mẫu {DEMO_NUMBER}: đã ban hành và ký số bằng chứng thư thử nghiệm ({signer_name}).")
    return report
