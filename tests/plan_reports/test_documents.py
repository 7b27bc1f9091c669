"""The issued report's .docx (Decree 30 layout, like the follow-up letters) and .xlsx open in LibreOffice with
their figures; the tables have fixed widths so LibreOffice and Word lay them out alike."""

import io
import os
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from plan_reports.services import plan_report_issue

from .conftest import D1


@pytest.fixture
def report(world, coordinator):
    return plan_report_issue(
        actor=coordinator, plan=world.plan, cut_off=D1, number="15/BC-SCT", issued_on=D1, signer="Nguyễn Văn An"
    )


def test_the_docx_has_decree_30s_header_the_tables_and_the_signer(report):
    document = Document(report.docx_file.open("rb"))
    header = document.tables[0]
    assert header.rows[0].cells[1].paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert "Số: 15/BC-SCT" in header.rows[0].cells[0].text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "(Số liệu đến ngày 20/06/2026)" in text
    for table in document.tables:
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(grid) - 9354) <= 6  # 16.5 cm, the width between the margins
    assert "Nguyễn Văn An" in document.tables[-1].rows[0].cells[1].text


def test_the_xlsx_has_one_sheet_per_table(report):
    workbook = load_workbook(io.BytesIO(report.xlsx_file.open("rb").read()))
    assert workbook.sheetnames == [
        "Theo nhóm",
        "Theo cơ quan",
        "Quá hạn",
        "Gia hạn",
        "Chỉ tiêu",
        "Sổ đăng ký",
        "So sánh",
    ]
    overdue = list(workbook["Quá hạn"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[4]) for row in overdue] == [("KH-1", 10), ("KH-2", 5)]


def _libreoffice_text(path, tmp_path):
    # `make test` installs LibreOffice and poppler-utils (Debian's packages); under CI a missing one fails.
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) and poppler-utils (pdftotext) are needed: make test installs them")
        pytest.skip("needs LibreOffice and poppler-utils: `make browser` installs them")
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"  # one profile per run: parallel workers
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = path.with_suffix(".pdf")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def test_libreoffice_prints_the_docx_with_its_figures(report, tmp_path):
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(report.docx_file.open("rb").read())
    text = _libreoffice_text(path, tmp_path)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số liệu đến ngày 20/06/2026" in text
    assert "Tổng số 6 nhiệm vụ" in text
    assert "quá hạn chưa hoàn thành 2" in text
    assert "Ban hành quy chế phối hợp" in text  # the overdue task, in its table
    assert "Nguyễn Văn An" in text


def test_libreoffice_opens_the_xlsx_with_its_figures(report, tmp_path):
    path = tmp_path / "bang-so-lieu.xlsx"
    path.write_bytes(report.xlsx_file.open("rb").read())
    text = _libreoffice_text(path, tmp_path)
    assert "Hoàn thiện thể chế" in text  # the first sheet: by group
    assert "Nhóm nhiệm vụ" in text
