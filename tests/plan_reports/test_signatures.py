"""The plan report's PDF and its digital signature: the Department downloads the PDF, signs it outside the system
(here: a test CA made with ``cryptography`` and pyHanko signing incrementally, as the signing tools do), uploads it
on the page or over the API, and the page shows who signed it. A file not signed, changed after signing, signed by
a certificate no trusted root issued, or signed but not this report's PDF is refused in Vietnamese."""

import io
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

import core.pdf
from core.audit import record_save
from core.documents import as_bytes, new_document
from core.pdf import docx_to_pdf
from plan_reports.services import plan_report_draft, plan_report_issue
from signatures import pki
from signatures.models import SignedCopy, TrustedRoot
from tests.pdf_checks import assert_fonts_embedded, fonts_and_text

from .conftest import D1

pytestmark = pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice: `make browser` installs it")

SIGNER = "Nguyễn Thị Hồng Nhung"


@pytest.fixture(scope="module")
def ca():
    root = pki.make_root("CA thử nghiệm của Sở")
    return {"root": root, "signer": pki.make_signer(root, SIGNER)}


@pytest.fixture(scope="module")
def rogue():
    root = pki.make_root("CA không được tin cậy")
    return {"root": root, "signer": pki.make_signer(root, "Người lạ")}


@pytest.fixture
def trusted(ca, db):
    root = TrustedRoot(name="Root CA thử nghiệm", certificate_pem=ca["root"].pem, is_test=True)
    root.full_clean()
    root.save()
    return root


@pytest.fixture
def report(world, coordinator):
    return plan_report_issue(
        actor=coordinator, plan=world.plan, cut_off=D1, number="15/BC-SCT", issued_on=D1, signer="Nguyễn Văn An"
    )


def stored_pdf(report):
    with report.pdf_file.open("rb") as handle:
        return handle.read()


def signed(pdf, authority):
    return pki.sign_pdf(pdf, authority["signer"], authority["root"])


def upload(data, name="bao-cao-da-ky.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_report_page_offers_the_pdf_to_sign_and_takes_the_signed_copy_back(
    report, trusted, ca, client_for, coordinator
):
    client = client_for(coordinator)
    page = client.get(reverse("plan_reports:report_detail", args=[report.pk])).content.decode()
    assert "Tải bản PDF để ký" in page and "Tải lên bản đã ký số" in page and "Tải .pdf" in page
    given = client.get(reverse("signatures:report_pdf", args=[report.pk]))
    assert given["Content-Type"] == "application/pdf"
    pdf = body(given)
    assert pdf == stored_pdf(report) and pdf.startswith(b"%PDF-")

    signed_pdf = signed(pdf, ca)
    answer = client.post(reverse("signatures:signed_upload", args=[report.pk]), {"file": upload(signed_pdf)})
    assert answer.status_code == 302 and answer["Location"] == reverse("plan_reports:report_detail", args=[report.pk])

    page = client.get(reverse("plan_reports:report_detail", args=[report.pk])).content.decode()
    assert f"Đã ký số bởi {SIGNER} lúc" in page
    assert "Tải bản đã ký số (.pdf)" in page and "Tải lên bản đã ký số" not in page
    assert "không có giá trị pháp lý" in page  # signed under a test root
    official = client.get(reverse("signatures:signed_pdf", args=[report.pk]))
    assert body(official) == signed_pdf
    copy = SignedCopy.objects.get(report=report)
    assert (copy.signer_name, copy.uploaded_by, copy.trusted_root) == (SIGNER, coordinator, trusted)
    assert copy.certificate_serial == format(ca["signer"].certificate.serial_number, "X")
    assert "CA thử nghiệm của Sở" in copy.certificate_issuer
    record = copy.history.get()
    assert (record.history_type, record.history_user) == ("+", coordinator)
    assert record.history_change_reason == f"Tải lên bản ký số của báo cáo số 15/BC-SCT, ký bởi {SIGNER}"


def test_the_api_gives_the_pdf_and_takes_the_signed_copy(report, trusted, ca, api_for, coordinator):
    api = api_for(coordinator)
    assert api.get(f"/api/v1/plan-reports/{report.pk}/").json()["signature"] is None
    pdf = body(api.get(f"/api/v1/plan-reports/{report.pk}/pdf/"))
    assert pdf == stored_pdf(report)

    answer = api.post(
        f"/api/v1/plan-reports/{report.pk}/signed-pdf/", {"file": upload(signed(pdf, ca))}, format="multipart"
    )
    assert answer.status_code == 201, answer.content
    signature = answer.json()["signature"]
    assert signature["signed_by"] == SIGNER and signature["signed_at"]
    assert "CA thử nghiệm của Sở" in signature["issuer"]
    assert signature["trusted"] is False  # a test root: never taken as a legally valid signature
    assert answer.json()["updated_at"] > api.get(f"/api/v1/plan-reports/{report.pk}/").json()["issued_at"]
    listed = api.get("/api/v1/plan-reports/", {"updated_after": answer.json()["issued_at"]}).json()["results"]
    assert listed[0]["signature"]["signed_by"] == SIGNER
    assert body(api.get(signature["signed_pdf_url"])) == body(api.get(f"/api/v1/plan-reports/{report.pk}/signed-pdf/"))


def _change_a_page_after_signing(signed_pdf):
    """An incremental update (after the signature, if any) that replaces the first page's content."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf), strict=False)
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    page["/Contents"] = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 720 Td (SUA) Tj ET"))
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _flip_inside_the_signed_range(signed_pdf, original):
    # A byte of the original document (covered by the signature) changed: the digest no longer matches.
    at = len(original) // 2
    return signed_pdf[:at] + bytes([signed_pdf[at] ^ 0x01]) + signed_pdf[at + 1 :]


def _other_pdf():
    document = new_document()
    document.add_paragraph("Một văn bản khác, không phải báo cáo này")
    return docx_to_pdf(as_bytes(document))


REFUSALS = {
    "unsigned": (lambda pdf, ca, rogue: pdf, "Tệp chưa được ký số"),
    "flipped": (lambda pdf, ca, rogue: _flip_inside_the_signed_range(signed(pdf, ca), pdf), "đã bị sửa sau khi ký"),
    "page_changed": (lambda pdf, ca, rogue: _change_a_page_after_signing(signed(pdf, ca)), "đã bị sửa sau khi ký"),
    "untrusted": (lambda pdf, ca, rogue: signed(pdf, rogue), "không do tổ chức được tin cậy cấp"),
    "other_pdf": (lambda pdf, ca, rogue: signed(_other_pdf(), ca), "không phải bản PDF của báo cáo này"),
    # A page changed by an incremental update on the system's PDF, then signed: the signer signed another text.
    "changed_then_signed": (
        lambda pdf, ca, rogue: signed(_change_a_page_after_signing(pdf), ca),
        "không phải bản PDF của báo cáo này",
    ),
    "not_pdf": (lambda pdf, ca, rogue: b"PK\x03\x04 not a pdf", "không phải tệp PDF"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_bad_file_is_refused_on_the_page_and_over_the_api(
    case, report, trusted, ca, rogue, client_for, api_for, coordinator
):
    make, message = REFUSALS[case]
    data = make(stored_pdf(report), ca, rogue)

    page = client_for(coordinator).post(reverse("signatures:signed_upload", args=[report.pk]), {"file": upload(data)})
    assert page.status_code == 400
    assert message in page.content.decode()
    assert "Tải lên bản đã ký số" in page.content.decode()  # the form again, with the reason on it

    answer = api_for(coordinator).post(
        f"/api/v1/plan-reports/{report.pk}/signed-pdf/", {"file": upload(data)}, format="multipart"
    )
    assert answer.status_code == 400
    assert message in answer.json()["file"][0]
    assert not SignedCopy.objects.exists()


def test_a_file_over_the_limit_is_refused(report, trusted, ca, api_for, coordinator, settings):
    settings.SIGNED_PDF_MAX_BYTES = 1000
    data = signed(stored_pdf(report), ca)
    answer = api_for(coordinator).post(
        f"/api/v1/plan-reports/{report.pk}/signed-pdf/", {"file": upload(data)}, format="multipart"
    )
    assert answer.status_code == 400 and "Tệp quá lớn" in answer.json()["file"][0]


def test_a_retired_root_is_no_longer_trusted(report, trusted, ca, api_for, coordinator):
    trusted.is_active = False
    record_save(trusted, actor=coordinator, reason="Chứng thư gốc hết hiệu lực")
    data = signed(stored_pdf(report), ca)
    answer = api_for(coordinator).post(
        f"/api/v1/plan-reports/{report.pk}/signed-pdf/", {"file": upload(data)}, format="multipart"
    )
    assert answer.status_code == 400 and "không do tổ chức được tin cậy cấp" in answer.json()["file"][0]


def test_a_signed_copy_is_not_replaced(report, trusted, ca, client_for, api_for, coordinator):
    data = signed(stored_pdf(report), ca)
    api = api_for(coordinator)
    assert (
        api.post(
            f"/api/v1/plan-reports/{report.pk}/signed-pdf/", {"file": upload(data)}, format="multipart"
        ).status_code
        == 201
    )
    again = api.post(f"/api/v1/plan-reports/{report.pk}/signed-pdf/", {"file": upload(data)}, format="multipart")
    assert again.status_code == 409 and "không thay thế được" in again.json()["detail"]
    page = client_for(coordinator).post(reverse("signatures:signed_upload", args=[report.pk]), {"file": upload(data)})
    assert page.status_code == 400 and "không thay thế được" in page.content.decode()
    assert SignedCopy.objects.count() == 1


def test_leadership_downloads_the_pdf_but_only_coordinators_upload(
    report, trusted, ca, client_for, api_for, viewer, officer
):
    data = signed(stored_pdf(report), ca)
    assert client_for(viewer).get(reverse("signatures:report_pdf", args=[report.pk])).status_code == 200
    page = client_for(viewer).get(reverse("plan_reports:report_detail", args=[report.pk])).content.decode()
    assert "Tải bản PDF để ký" in page and "Tải lên bản đã ký số" not in page
    refused = client_for(viewer).post(reverse("signatures:signed_upload", args=[report.pk]), {"file": upload(data)})
    assert refused.status_code == 403
    assert (
        api_for(viewer)
        .post(f"/api/v1/plan-reports/{report.pk}/signed-pdf/", {"file": upload(data)}, format="multipart")
        .status_code
        == 403
    )
    assert api_for(officer).get(f"/api/v1/plan-reports/{report.pk}/pdf/").status_code == 403
    assert not SignedCopy.objects.exists()


def test_without_libreoffice_the_report_is_issued_and_its_pdf_made_later(
    world, coordinator, client_for, api_for, monkeypatch
):
    real_soffice = core.pdf.soffice
    monkeypatch.setattr("core.pdf.soffice", lambda: None)
    report = plan_report_issue(
        actor=coordinator, plan=world.plan, cut_off=D1, number="16/BC-SCT", issued_on=D1, signer="Nguyễn Văn An"
    )
    assert not report.pdf_file
    client = client_for(coordinator)
    answer = client.get(reverse("signatures:report_pdf", args=[report.pk]), follow=True)
    assert "máy chủ chưa cài LibreOffice" in answer.content.decode()
    assert api_for(coordinator).get(f"/api/v1/plan-reports/{report.pk}/pdf/").status_code == 503

    monkeypatch.setattr("core.pdf.soffice", real_soffice)
    answer = client.get(reverse("signatures:report_pdf", args=[report.pk]))
    assert answer.status_code == 200, answer
    pdf = body(answer)
    report.refresh_from_db()
    assert pdf.startswith(b"%PDF-") and stored_pdf(report) == pdf
    assert report.history.first().history_change_reason.startswith("Tạo bản PDF của báo cáo số 16/BC-SCT")


def test_the_admin_takes_a_root_in_pem_and_refuses_anything_else(ca, client_for, coordinator, db):
    client = client_for(coordinator)
    url = reverse("admin:signatures_trustedroot_add")
    bad = client.post(url, {"name": "Hỏng", "certificate_pem": "không phải chứng thư", "note": ""})
    assert bad.status_code == 200 and "Không đọc được chứng thư" in bad.content.decode()
    good = client.post(url, {"name": "Root CA quốc gia (thử)", "certificate_pem": ca["root"].pem, "is_active": "on"})
    assert good.status_code == 302
    root = TrustedRoot.objects.get()
    assert "CA thử nghiệm của Sở" in root.subject and len(root.fingerprint_sha256) == 64


def test_the_plan_reports_pdf_embeds_its_fonts_and_reads_in_vietnamese(report, tmp_path):
    fonts, text = fonts_and_text(stored_pdf(report), tmp_path)
    assert_fonts_embedded(fonts)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Nguyễn Văn An" in text and "Số liệu đến ngày 20/06/2026" in text


def test_a_draft_has_no_pdf_to_sign_and_takes_no_signed_copy(
    world, trusted, ca, report, client_for, api_for, coordinator
):
    draft = plan_report_draft(actor=coordinator, plan=world.plan, cut_off=D1)
    api = api_for(coordinator)
    answer = api.get(f"/api/v1/plan-reports/{draft.pk}/pdf/")
    assert answer.status_code == 409 and "dự thảo" in answer.json()["detail"]
    data = signed(stored_pdf(report), ca)  # a well-signed file, of another report
    refused = api.post(f"/api/v1/plan-reports/{draft.pk}/signed-pdf/", {"file": upload(data)}, format="multipart")
    assert refused.status_code == 400 and "dự thảo" in " ".join(refused.json()["file"])
    page = client_for(coordinator).get(reverse("signatures:report_pdf", args=[draft.pk]), follow=True)
    assert "dự thảo" in page.content.decode()
    assert not SignedCopy.objects.exists()
