"""Exports of the task list (annex layout) and of the audit log: Excel with real dates, CSV with a BOM,
and no cell a spreadsheet would run as a formula."""

import csv
import datetime
import io
import re
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from core.exports import escape_formula
from tasks import services
from tests.factories import ProgressReportFactory, TaskFactory
from tests.helpers import days

pytestmark = pytest.mark.django_db

# The plan annex's columns, with the task's code beside its number, then its progress and the date of its last report.
ANNEX = [
    "STT",
    "Mã",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Sản phẩm",
    "Tình trạng thời hạn",
    "Tiến độ (%)",
    "Báo cáo tiến độ gần nhất",
]


@pytest.fixture
def listed(group, agency, other_agency):
    tasks = [
        TaskFactory(
            group=group,
            code="X-1",
            title="Ban hành quy chế",
            lead_agency=agency,
            supporting_agencies=[other_agency],
            due_date=days(-2),
            expected_output="Quyết định của UBND Thành phố",
            progress_percent=35,
        ),
        TaskFactory(group=group, code="X-2", title="=1+1", lead_agency=other_agency, due_date=days(20)),
    ]
    ProgressReportFactory(task=tasks[0], reported_on=days(-5))
    return tasks


def downloaded(response):
    """The file of an export, which streams: the response never holds the whole file."""
    assert response.status_code == 200
    assert response.streaming
    return response.getvalue()


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(downloaded(response))).active


def test_excel_export_has_the_annex_headers_and_real_dates(client_for, viewer, listed):
    response = client_for(viewer).get(reverse("tasks:task_export_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert response["Content-Disposition"].startswith('attachment; filename="nhiem-vu-')
    sheet = workbook(response)
    assert [cell.value for cell in sheet[1]] == ANNEX
    first = [cell.value for cell in sheet[2]]
    assert first[:5] == [1, "X-1", "Ban hành quy chế", "Sở Xây dựng", "Sở Tài chính"]
    assert isinstance(first[5], datetime.datetime) and first[5].date() == days(-2)
    assert sheet.cell(row=2, column=6).number_format == "dd/mm/yyyy"
    assert first[6:8] == ["Quyết định của UBND Thành phố", "Quá hạn chưa hoàn thành"] and first[8] == 35
    assert isinstance(first[9], datetime.datetime) and first[9].date() == days(-5)  # its last progress report
    assert sheet.cell(row=2, column=10).number_format == "dd/mm/yyyy"
    assert sheet.cell(row=3, column=10).value is None  # never reported: left blank


def test_excel_export_follows_the_lists_filter(client_for, viewer, listed, agency):
    response = client_for(viewer).get(reverse("tasks:task_export_xlsx"), {"lead_agency": agency.pk})
    assert workbook(response).max_row == 2


def test_a_title_that_looks_like_a_formula_stays_unchanged_text_in_excel(client_for, viewer, listed):
    content = downloaded(client_for(viewer).get(reverse("tasks:task_export_xlsx"), {"q": "X-2"}))
    cell = openpyxl.load_workbook(io.BytesIO(content)).active.cell(row=2, column=3)
    assert cell.value == "=1+1"
    assert cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert "<f>" not in package.read("xl/worksheets/sheet1.xml").decode()


def test_excel_export_prints_landscape_one_page_wide_with_the_header_on_every_page(client_for, viewer, listed):
    sheet = workbook(client_for(viewer).get(reverse("tasks:task_export_xlsx")))
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    # One page wide (1 is the file format's default, which writers may leave out), any number of pages tall.
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"


def test_csv_export_starts_with_a_bom_and_writes_iso_dates(client_for, viewer, listed):
    response = client_for(viewer).get(reverse("tasks:task_export_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = downloaded(response)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ANNEX
    assert rows[1][:2] == ["1", "X-1"]
    assert rows[1][5] == days(-2).isoformat()
    assert rows[2][2] == "'=1+1"
    assert (rows[1][9], rows[2][9]) == (days(-5).isoformat(), "")


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "\tTAB"])
def test_formula_prefixes_are_escaped(value):
    assert escape_formula(value) == "'" + value


def test_harmless_values_pass_unchanged():
    assert escape_formula("Quyết định 1+1") == "Quyết định 1+1"
    assert escape_formula(-5) == -5


def test_coordinator_exports_the_audit_log_to_excel_and_csv(client_for, coordinator, second_coordinator, open_task):
    services.task_update(actor=second_coordinator, task=open_task, reason="=2+2", title="Tên mới")
    client = client_for(coordinator)
    query = {"kind": "tasks.task", "user": second_coordinator.pk}
    sheet = workbook(client.get(reverse("audit:audit_export_xlsx"), query))
    assert [cell.value for cell in sheet[1]][:4] == ["Thời điểm", "Người thực hiện", "Loại đối tượng", "Đối tượng"]
    assert sheet.max_row == 2
    assert isinstance(sheet.cell(row=2, column=1).value, datetime.datetime)
    assert sheet.cell(row=2, column=2).value == "Trần Anna"
    assert "Tên mới" in sheet.cell(row=2, column=6).value
    assert sheet.cell(row=2, column=7).value == "=2+2"
    response = client.get(reverse("audit:audit_export_csv"), query)
    content = downloaded(response)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert (rows[1][1], rows[1][6]) == ("Trần Anna", "'=2+2")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", rows[1][0])


def test_officer_may_not_export_the_audit_log(client_for, officer):
    assert client_for(officer).get(reverse("audit:audit_export_xlsx")).status_code == 403
    assert client_for(officer).get(reverse("audit:audit_export_csv")).status_code == 403


def test_excel_rows_are_as_tall_as_their_wrapped_text(client_for, viewer, group, agency):
    """LibreOffice does not fit a row to its wrapped text on opening: a long title must not overlap the next row."""
    TaskFactory(group=group, code="X-3", title="Rà soát " * 40, lead_agency=agency, due_date=days(5))
    TaskFactory(group=group, code="X-4", title="Ngắn", lead_agency=agency, due_date=days(6))
    sheet = workbook(client_for(viewer).get(reverse("tasks:task_export_xlsx")))
    heights = {sheet.cell(row=row, column=3).value[:4]: sheet.row_dimensions[row].height for row in (2, 3)}
    assert heights["Rà s"] >= 15 * 4  # 320 characters in a column about 45 wide
    assert heights["Ngắn"] in (None, 15)
