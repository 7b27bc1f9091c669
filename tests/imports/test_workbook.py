"""How a workbook is read: headers found however they are typed, cells as Vietnamese type them."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from imports.clusters import COLUMNS, ClusterImport
from imports.workbook import CellError, header_key, read_date, read_number, read_sheet

from .helpers import xlsx


def test_headers_compare_without_accents_case_spacing_or_punctuation():
    assert header_key("  TỔNG   DIỆN TÍCH (HA) ") == header_key("Tổng diện tích (ha)") == "tong dien tich ha"
    assert header_key("Xã/Phường") == header_key("xã, phường") == "xa phuong"


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("30/06/2026", datetime.date(2026, 6, 30)),
        ("1-7-2026", datetime.date(2026, 7, 1)),
        (46203, datetime.date(2026, 6, 30)),  # an Excel serial date
        (datetime.datetime(2026, 6, 30, 0, 0), datetime.date(2026, 6, 30)),
        ("", None),
    ],
)
def test_dates_are_read_as_typed_or_as_excel_keeps_them(cell, day):
    assert read_date(cell) == day


def test_a_date_that_does_not_exist_is_refused_in_words():
    with pytest.raises(CellError, match="không có thật"):
        read_date("31/02/2026")


def test_numbers_take_the_decimal_comma_and_refuse_the_ambiguous_dot():
    assert read_number("4,5") == Decimal("4.5")
    assert read_number("1.234,5") == Decimal("1234.5")
    assert read_number(4.5) == Decimal("4.5")
    with pytest.raises(CellError, match="dấu phẩy"):
        read_number("10.5")


def test_the_header_may_be_on_a_later_row_and_a_later_sheet(db):
    upload = xlsx([["Ghi chú của người lập"]], title="Bìa")
    book = load_workbook(upload)
    second = book.create_sheet("Danh sách")
    for row in (["BẢNG TỔNG HỢP"], [], [], ["tên  CCN", "DIỆN TÍCH (HA)"], ["CCN A", "3,5"]):
        second.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    upload = xlsx([], name="b.xlsx")
    upload.file, upload.size = io.BytesIO(buffer.getvalue()), len(buffer.getvalue())

    sheet = read_sheet(upload, COLUMNS)

    assert (sheet.title, sheet.header_row) == ("Danh sách", 4)
    assert sheet.rows[0].values == {"name": "CCN A", "total_area_ha": Decimal("3.5")}


def test_a_file_that_is_not_xlsx_is_refused_in_words(db):
    upload = xlsx([], name="so-cum.xls")

    with pytest.raises(ValidationError, match=r"Chỉ nhận tệp Excel \.xlsx"):
        read_sheet(upload, COLUMNS)


def test_the_same_cluster_twice_in_a_file_is_an_error_on_the_second_row(hanoi, coordinator):
    rows = [["Tên cụm công nghiệp", "Xã, phường hiện nay"], ["CCN A", "Xã Đông Anh"], ["CCN A", "Đông Anh"]]

    preview = ClusterImport().preview(xlsx(rows), actor=coordinator)

    assert [row.state for row in preview.rows] == ["create", "error"]
    assert preview.rows[1].errors == ["Trang tính “Sheet1”, dòng 3: Cụm này đã có ở dòng 2 của tệp."]


def test_a_split_commune_is_answered_by_the_register_when_it_already_places_the_cluster(hanoi, coordinator):
    ClusterImport().run(
        xlsx(
            [["Mã cụm", "Tên cụm công nghiệp", "Xã, phường hiện nay"], ["CCN-TT", "CCN Tân Triều", "Phường Thanh Liệt"]]
        ),
        actor=coordinator,
    )
    old_file = xlsx(
        [["Mã cụm", "Tên cụm công nghiệp", "Huyện", "Xã"], ["CCN-TT", "CCN Tân Triều", "Thanh Trì", "Tân Triều"]]
    )

    preview = ClusterImport().preview(old_file, actor=coordinator)

    row = preview.rows[0]
    assert row.choice.chosen == "00643"
    assert [c.as_dict()["field"] for c in row.changes] == ["quận, huyện, thị xã cũ", "xã, phường cũ"]


def test_a_sheet_longer_than_the_limit_is_refused_not_cut_short(db, settings, monkeypatch):
    monkeypatch.setattr("imports.workbook.MAX_ROWS", 3)
    upload = xlsx([["Tên cụm công nghiệp"], ["A"], ["B"], ["C"]], title="Cụm")

    with pytest.raises(ValidationError, match="Trang tính “Cụm” có hơn 3 dòng"):
        read_sheet(upload, COLUMNS)
