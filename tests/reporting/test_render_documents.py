"""scripts/render_documents.py, which draws docs/documents-gallery.md's pictures: its ``build_documents`` makes
every kind of document the system writes (here from a small world: an issued plan report, a late task, a half-year
with a report still missing), each a Decree 30 document with its heading and its signer; the Biểu 04 table becomes
a PDF too."""

import datetime
import importlib.util
import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from plan_reports.services import plan_report_issue
from reporting import services
from reporting.models import Bieu04
from tests.factories import PlanFactory, SignatoryFactory, TaskFactory, TaskGroupFactory
from tests.pdf_checks import fonts_and_text

from .conftest import BIEU02

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "render_documents.py"
TODAY = datetime.date(2026, 6, 20)  # the Hanoi clock's day: the half-year's data window closed on 14/06


def _script():
    spec = importlib.util.spec_from_file_location("render_documents", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def built(department, coordinator, agency, half_year, report_forms, cluster, investor, settings):
    SignatoryFactory(department=department, full_name="Nguyễn Văn Giám", title="Giám đốc", order=1)
    SignatoryFactory(department=department, full_name="Trần Thị Phó", title="Phó Giám đốc", order=2)
    plan = PlanFactory()
    group = TaskGroupFactory(plan=plan, number=1, name="Hoàn thiện thể chế")
    TaskFactory(code="KH-1", group=group, lead_agency=agency, due_date=datetime.date(2026, 6, 10), title="Quy chế")
    settings.SOFFICE_BINARY = "no-such-soffice"  # the report's own PDF is not needed here: issue it without
    plan_report_issue(
        actor=coordinator, plan=plan, cut_off=TODAY, number="01/BC-SCT", issued_on=TODAY, signer="Nguyễn Văn Giám"
    )
    settings.SOFFICE_BINARY = "soffice"
    # The investor has started the cluster's Biểu 02 but not sent it: the commune is chased for it.
    services.submission_save(actor=investor, period=half_year, form=report_forms["02"], cluster=cluster, values=BIEU02)
    return {document.name: document for document in _script().build_documents(actor=coordinator, today=TODAY)}


def _docx_text(content):
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_every_kind_of_document_is_built_with_its_heading_and_signer(built, cluster):
    assert list(built) == _script().NAMES
    for name in ["bao-cao-ke-hoach", "bieu-04-bao-cao", "cong-van-don-doc-co-quan", "cong-van-don-doc-xa"]:
        text = _docx_text(built[name].content)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text, name
        assert "Nơi nhận:" in text, name
    assert "Số: 01/BC-SCT" in _docx_text(built["bao-cao-ke-hoach"].content)
    # No Biểu 04 was issued: the script issued one through the service, signed by the Director.
    bieu04 = Bieu04.objects.get()
    assert bieu04.signer == "Nguyễn Văn Giám" and bieu04.gaps_reason
    assert "Nguyễn Văn Giám" in _docx_text(built["bieu-04-bao-cao"].content)
    sheet = load_workbook(io.BytesIO(built["bieu-04-bang"].content)).active
    assert any("Biểu số 04" in str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)
    # The Director chases the agency with the late task; the deputy (KT.) the commune of the missing report.
    agency_letter = _docx_text(built["cong-van-don-doc-co-quan"].content)
    assert "Kính gửi: Sở Xây dựng" in agency_letter and "Quy chế" in agency_letter
    commune_letter = _docx_text(built["cong-van-don-doc-xa"].content)
    assert "Kính gửi: Ủy ban nhân dân" in commune_letter and cluster.code in commune_letter
    assert "KT. GIÁM ĐỐC" in commune_letter and "Trần Thị Phó" in commune_letter


def test_the_biểu_04_table_becomes_a_pdf_too(built, tmp_path):
    _fonts, text = fonts_and_text(_script().to_pdf(built["bieu-04-bang"]), tmp_path)
    assert "TỔNG HỢP TÌNH HÌNH CỤM CÔNG NGHIỆP" in text and "Nguyễn Văn Giám" in text
