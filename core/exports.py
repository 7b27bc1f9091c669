"""Excel (.xlsx) and CSV downloads of any list: columns, rows, and the escaping every export needs.

Text a spreadsheet would read as a formula (beginning with = + - @, or a tab or carriage return) stays text:
in XLSX every text cell is written as a string cell, never a formula, so its value is unchanged; CSV has no cell
types, so there it gets an apostrophe in front. A task titled "=HYPERLINK(…)" stays text in both.

Dates are real dates shown dd/mm/yyyy in Excel; in CSV they are ISO 8601 (2026-06-30, 2026-06-30 14:05), which
spreadsheets read the same in every locale. CSV is UTF-8 with a byte-order mark so Excel opens Vietnamese correctly.
XLSX prints landscape, one page wide, with the header row repeated on every page.
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """For CSV: text a spreadsheet would evaluate becomes inert text; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass
class Column:
    title: str
    width: int = 14
    kind: str = "text"  # text | date | datetime | number


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return escape_formula(str(value))


def csv_response(columns, rows, filename):
    """A CSV download: UTF-8 with BOM, a header row, ISO 8601 dates."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow([str(c.title) for c in columns])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_value(value):
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: write the local (Hanoi) wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def _write_sheet(sheet, columns, rows, sheet_title):
    """Bold frozen header with a filter, wrapped text, real dates in dd/mm/yyyy, printed landscape one page wide."""
    sheet.title = str(sheet_title)[:31]
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=str(column.title))
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    wrap = Alignment(vertical="top", wrap_text=True)
    for row_index, row in enumerate(rows, start=2):
        for index, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            cell = sheet.cell(row=row_index, column=index, value=_xlsx_value(value))
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl takes text beginning with "=" for a formula; it is text
            cell.alignment = wrap
            if column.kind == "date" and value is not None:
                cell.number_format = "dd/mm/yyyy"
            elif column.kind == "datetime" and value is not None:
                cell.number_format = "dd/mm/yyyy hh:mm"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    # Printed (or saved as PDF): landscape, all columns on one page wide, the header row on every page.
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"


def xlsx_bytes(sheets):
    """A workbook of several sheets, each ``(title, columns, rows)`` laid out as every export's, as bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, columns, rows in sheets:
        _write_sheet(workbook.create_sheet(), columns, rows, title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(columns, rows, filename, sheet_title):
    """An Excel download: bold frozen header with a filter, wrapped text, real dates in dd/mm/yyyy."""
    workbook = Workbook()
    _write_sheet(workbook.active, columns, rows, sheet_title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_filename(stem, extension):
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"
