"""A Biểu 02 as Excel: downloaded in the form's layout and pre-filled, filled in offline, uploaded back as a
draft; a bad file is refused whole, with its problems told by Excel row, and never a server error."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from reporting.models import Submission
from tests.helpers import PDF_BYTES

pytestmark = pytest.mark.django_db


def urls(period, cluster):
    args = [period.pk, cluster.pk]
    return (
        reverse("reporting:xlsx_cluster", args=args),
        reverse("reporting:upload_cluster", args=args),
        reverse("reporting:submission_cluster", args=args),
    )


def downloaded(client, period, cluster):
    response = client.get(urls(period, cluster)[0])
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    return load_workbook(io.BytesIO(response.content))


def rows_by_tt(sheet):
    """Excel row number of each TT in column A, below the header."""
    return {str(row[0].value): row[0].row for row in sheet.iter_rows(min_row=9) if row[0].value}


def as_upload(book, name="bieu-02.xlsx"):
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        name, buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def upload(client, period, cluster, file):
    return client.post(urls(period, cluster)[1], {"workbook": file})


def test_the_download_is_the_forms_layout_prefilled(client_for, investor, half_year, cluster):
    sheet = downloaded(client_for(investor), half_year, cluster).worksheets[0]
    assert sheet["A1"].value == "Biểu số 02"
    assert sheet["A2"].value.startswith("TÌNH HÌNH HOẠT ĐỘNG CỦA DỰ ÁN ĐẦU TƯ XÂY DỰNG HẠ TẦNG")
    header = "\n".join(str(sheet.cell(row, 1).value) for row in range(3, 7))
    assert "15/12/2025 đến 14/06/2026" in header and "Sở Công Thương" in header and "20/06/2026" in header
    assert [cell.value for cell in sheet[8]] == ["TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Ghi chú"]
    rows = rows_by_tt(sheet)
    assert len(rows) == 14
    assert sheet.cell(rows["1"], 4).value == 250  # pre-filled from the register: 250 billion đồng
    assert sheet.cell(rows["1"], 3).value == "Tỷ đồng"
    # LibreOffice does not fit rows to wrapped text: a long label's row is given the height of its lines.
    assert (sheet.row_dimensions[rows["3"]].height or 15) >= 30  # "Diện tích đất công nghiệp … (đủ điều kiện cho thuê)"
    assert sheet.row_dimensions[rows["5"]].height in (None, 15)  # "Tỉ lệ lấp đầy của cụm công nghiệp"


def test_a_filled_workbook_uploads_as_a_draft(client_for, investor, half_year, cluster):
    client = client_for(investor)
    book = downloaded(client, half_year, cluster)
    sheet = book.worksheets[0]
    rows = rows_by_tt(sheet)
    filled = {"2": 130.5, "4": 9, "5": 60, "6": 12, "7": 3, "8": 10, "9": "4,2", "10": 0.8, "11": 25, "12": 9.5}
    filled |= {"13": 1, "14": 0}
    for tt, value in filled.items():
        sheet.cell(rows[tt], 4).value = value
    sheet.cell(rows["4"], 5).value = "Theo hợp đồng thuê đất"
    response = upload(client, half_year, cluster, as_upload(book))
    assert response.status_code == 302
    submission = Submission.objects.get(cluster=cluster, period=half_year)
    assert submission.state == Submission.State.DRAFT
    values = {v.indicator.key: (v.value, v.note) for v in submission.values.select_related("indicator")}
    assert values["paid_investment"] == (Decimal("130.5"), "")
    assert values["investor_revenue"][0] == Decimal("4.2")
    assert values["leased_land"] == (Decimal("9"), "Theo hợp đồng thuê đất")
    # The page shows the uploaded draft, ready to send.
    page = client.get(urls(half_year, cluster)[2])
    assert page.context["form"]["v_leased_land"].value() == "9"


def test_errors_are_listed_by_excel_row_and_nothing_is_saved(client_for, investor, half_year, cluster):
    client = client_for(investor)
    book = downloaded(client, half_year, cluster)
    sheet = book.worksheets[0]
    rows = rows_by_tt(sheet)
    sheet.cell(rows["11"], 4).value = "hai mươi"
    sheet.cell(rows["5"], 4).value = "120"
    response = upload(client, half_year, cluster, as_upload(book))
    assert response.context["upload_errors"] == [
        f"Dòng {rows['11']} (chỉ tiêu 11): Không phải là số: hãy nhập chữ số, ví dụ 1.234,5 hoặc 45."
    ]
    sheet.cell(rows["11"], 4).value = 25
    response = upload(client, half_year, cluster, as_upload(book))
    assert response.context["upload_errors"] == [f"Dòng {rows['5']} (chỉ tiêu 5): Tỷ lệ phải từ 0 đến 100%."]
    assert not Submission.objects.filter(cluster=cluster).exists()


def test_a_figure_typed_as_text_reads_as_on_the_page(client_for, investor, half_year, cluster):
    """A number Excel holds is taken as it is (10.5 stays 10,5); a text typed into the cell is read as Vietnamese
    write numbers: "1.234,5" is 1234,5, and "10.5" is refused with the example rather than guessed."""
    client = client_for(investor)
    book = downloaded(client, half_year, cluster)
    sheet = book.worksheets[0]
    rows = rows_by_tt(sheet)
    sheet.cell(rows["2"], 4).value = "1.234,5"
    sheet.cell(rows["12"], 4).value = "10.5"
    response = upload(client, half_year, cluster, as_upload(book))
    assert response.context["upload_errors"] == [
        f"Dòng {rows['12']} (chỉ tiêu 12): Viết số thập phân bằng dấu phẩy, ví dụ 10,5; "
        "dấu chấm chỉ dùng để tách hàng nghìn, ví dụ 10.500."
    ]
    sheet.cell(rows["12"], 4).value = 10.5
    assert upload(client, half_year, cluster, as_upload(book)).status_code == 302
    values = {
        v.indicator.key: v.value for v in Submission.objects.get(cluster=cluster).values.select_related("indicator")
    }
    assert values["paid_investment"] == Decimal("1234.5")
    assert values[Submission.objects.get(cluster=cluster).form.indicators.get(row="12").key] == Decimal("10.5")


def test_a_workbook_missing_a_row_or_with_an_unknown_one_is_refused(client_for, investor, half_year, cluster):
    client = client_for(investor)
    book = downloaded(client, half_year, cluster)
    sheet = book.worksheets[0]
    rows = rows_by_tt(sheet)
    sheet.cell(rows["14"], 1).value = "99"
    errors = upload(client, half_year, cluster, as_upload(book)).context["upload_errors"]
    assert errors[0] == f"Dòng {rows['14']}: Biểu số 02 không có chỉ tiêu số 99."
    assert errors[1].startswith("Thiếu chỉ tiêu số 14:")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bieu.pdf", PDF_BYTES, "Chỉ nhận tệp Excel .xlsx"),
        ("bieu.xlsx", b"PK\x03\x04 not really a zip", "không đúng định dạng .xlsx"),
        ("bieu.xlsx", b"", "rỗng"),
    ],
)
def test_a_file_that_is_not_an_xlsx_is_refused_in_words(
    client_for, investor, half_year, cluster, name, content, message
):
    response = upload(client_for(investor), half_year, cluster, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in " ".join(response.context["upload_errors"]) + str(response.context["upload"].errors)


def test_a_workbook_of_another_layout_is_refused(client_for, investor, half_year, cluster):
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Danh sách cụm"
    response = upload(client_for(investor), half_year, cluster, as_upload(book))
    assert "ô A1 phải ghi “Biểu số 02”" in response.context["upload_errors"][0]
    book.active["A1"] = "Biểu số 02"
    response = upload(client_for(investor), half_year, cluster, as_upload(book))
    assert "Không thấy dòng tiêu đề của bảng" in response.context["upload_errors"][0]


def test_a_sent_report_takes_no_upload(client_for, investor, half_year, cluster, report_forms):
    from reporting import services

    from .conftest import BIEU02

    services.submission_save(
        actor=investor,
        period=half_year,
        form=report_forms["02"],
        cluster=cluster,
        values=BIEU02,
        submit=True,
        signer_name="A",
        signer_title="GĐ",
    )
    client = client_for(investor)
    book = downloaded(client, half_year, cluster)
    response = upload(client, half_year, cluster, as_upload(book))
    assert response.status_code == 302
    assert Submission.objects.get(cluster=cluster).state == Submission.State.SUBMITTED
