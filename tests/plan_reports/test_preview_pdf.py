"""The draft's page offers its preview as a PDF as well as a .docx: the same document, converted by LibreOffice,
marked "DỰ THẢO" on every page; without LibreOffice the page says why instead of failing."""

import io

from django.urls import reverse
from docx import Document

from plan_reports.services import plan_report_draft, plan_report_issue
from tests.pdf_checks import assert_fonts_embedded, fonts_and_text

from .conftest import D1


def _draft(world, coordinator):
    draft = plan_report_draft(actor=coordinator, plan=world.plan, cut_off=D1)
    draft.shortcomings = "- Hồ sơ thẩm định chậm;\n- Thiếu vốn đầu tư hạ tầng."
    draft.next_tasks = "Đôn đốc các chủ đầu tư hoàn thành hạ tầng."
    draft.save()
    return draft


def test_the_draft_page_offers_the_preview_as_a_pdf(world, client_for, coordinator):
    draft = _draft(world, coordinator)
    page = client_for(coordinator).get(reverse("plan_reports:report_edit", args=[draft.pk])).content.decode()
    assert "Xem trước (.pdf)" in page
    assert reverse("plan_reports:report_preview_pdf", args=[draft.pk]) in page


def test_the_pdf_preview_is_the_draft_as_it_will_print_marked_as_a_draft(world, client_for, coordinator, tmp_path):
    draft = _draft(world, coordinator)
    answer = client_for(coordinator).get(reverse("plan_reports:report_preview_pdf", args=[draft.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert ".pdf" in answer["Content-Disposition"]
    fonts, text = fonts_and_text(answer.content, tmp_path)
    assert_fonts_embedded(fonts)
    assert "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN" in text and "- Thiếu vốn đầu tư hạ tầng." in text
    assert "Đôn đốc các chủ đầu tư hoàn thành hạ tầng." in text
    assert "……/BC-SCT" in text  # no number yet: dots to fill in
    pages = [page for page in text.split("\f") if page.strip()]
    assert all("DỰ THẢO" in page for page in pages), "every page is marked as a draft"


def test_the_docx_preview_is_marked_as_a_draft_and_the_issued_report_is_not(world, client_for, coordinator):
    draft = _draft(world, coordinator)
    preview = client_for(coordinator).get(reverse("plan_reports:report_preview", args=[draft.pk]))
    assert Document(io.BytesIO(preview.content)).sections[0].header.paragraphs[0].text == "DỰ THẢO"
    issued = plan_report_issue(actor=coordinator, report=draft, number="01/BC-SCT", issued_on=D1, signer="Nguyễn Văn A")
    with issued.docx_file.open("rb") as handle:
        header = Document(io.BytesIO(handle.read())).sections[0].header
    assert "DỰ THẢO" not in "".join(p.text for p in header.paragraphs)


def test_without_libreoffice_the_preview_returns_to_the_draft_with_the_reason(world, client_for, coordinator, settings):
    settings.SOFFICE_BINARY = "no-such-soffice"
    draft = _draft(world, coordinator)
    client = client_for(coordinator)
    answer = client.get(reverse("plan_reports:report_preview_pdf", args=[draft.pk]))
    assert answer.status_code == 302 and answer["Location"] == reverse("plan_reports:report_edit", args=[draft.pk])
    page = client.get(answer["Location"]).content.decode()
    assert "máy chủ chưa cài LibreOffice" in page


def test_an_issued_reports_pdf_preview_is_its_pdf_and_officers_get_none(world, client_for, coordinator, officer):
    draft = _draft(world, coordinator)
    assert client_for(officer).get(reverse("plan_reports:report_preview_pdf", args=[draft.pk])).status_code == 403
    plan_report_issue(actor=coordinator, report=draft, number="01/BC-SCT", issued_on=D1, signer="Nguyễn Văn A")
    answer = client_for(coordinator).get(reverse("plan_reports:report_preview_pdf", args=[draft.pk]))
    assert answer.status_code == 302 and answer["Location"] == reverse("signatures:report_pdf", args=[draft.pk])
