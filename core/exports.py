"""Excel (.xlsx) and CSV downloads of any list: columns, rows, and the escaping every export needs.

Text a spreadsheet would read as a formula (beginning with = + - @, or a tab or carriage return) stays text:
in XLSX every text cell is written as a string cell, never a formula, so its value is unchanged; CSV has no cell
types, so there it gets an apostrophe in front. A task titled "=HYPERLINK(…)" stays text in both.

Dates are real dates shown dd/mm/yyyy in Excel; in CSV they are ISO 8601 (2026-06-30, 2026-06-30 14:05), which
spreadsheets read the same in every locale. CSV is UTF-8 with a byte-order mark so Excel opens Vietnamese correctly.
XLSX prints landscape, one page wide, with the header row repeated on every page.

Neither holds the list in memory: the callers read rows from the database in chunks (``EXPORT_CHUNK_SIZE``,
``chunks``) and both writers take them as they come. CSV streams from the first row; XLSX is written row by row
to a temporary file, sent in blocks once complete (README, Hiệu năng).
"""

import csv
import datetime
import decimal
import io
import itertools
import tempfile
from dataclasses import dataclass

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from xlsxwriter import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Rows read from the database per query (each chunk also prefetches its many-to-many), and CSV rows per block sent.
EXPORT_CHUNK_SIZE = 2000
CSV_BATCH = 500


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
    """A CSV download, streamed as the rows come: UTF-8 with BOM, a header row, ISO 8601 dates.

    Nothing holds the whole file: ``rows`` is read lazily (an iterator over a queryset), ``CSV_BATCH`` rows
    at a time are written and sent, so memory stays flat at any size and the first bytes leave at once.
    """

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write(BOM)
        writer.writerow([str(c.title) for c in columns])
        for number, row in enumerate(rows, start=1):
            writer.writerow([_csv_value(v) for v in row])
            if number % CSV_BATCH == 0:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode("utf-8")

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_value(value):
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: write the local (Vietnam, Asia/Ho_Chi_Minh) wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def _cell_writers(workbook, sheet, columns):
    """For each column, a function (row, column, value) writing one cell with the column's look: wrapped text,
    dates and times as real dates shown dd/mm/yyyy; text always as text, never a formula."""
    wrap = {"text_wrap": True, "valign": "top"}
    text = workbook.add_format(wrap)
    shown = {
        "date": workbook.add_format({**wrap, "num_format": "dd/mm/yyyy"}),
        "datetime": workbook.add_format({**wrap, "num_format": "dd/mm/yyyy hh:mm"}),
    }

    def writer(style):
        def write(row, column, value):
            value = _xlsx_value(value)
            if value is None or value == "":
                sheet.write_blank(row, column, None, style)
            elif isinstance(value, bool):
                sheet.write_boolean(row, column, value, style)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(row, column, value, style)
            elif isinstance(value, int | float | decimal.Decimal):
                sheet.write_number(row, column, value, style)
            else:
                sheet.write_string(row, column, str(value), style)

        return write

    return [writer(shown.get(column.kind, text)) for column in columns]


# Rows are given their height: LibreOffice does not fit the height of a row to its wrapped text on opening
# (Excel does), so without it a long title overlaps the row below. The estimate counts the lines each text
# cell wraps into at its column's width (in characters) at the default row height of 15 points a line.
LINE_HEIGHT = 15


def wrapped_lines(value, width):
    """How many lines ``value`` wraps into in a column ``width`` characters wide (1 for anything but text)."""
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(1, int(width) - 2)  # a character or two of the width goes to the cell's margins
    return sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))


def row_height(widths, values):
    """The height (points) a row of ``values`` in columns of ``widths`` needs for its wrapped text; None for one
    line (the default height)."""
    lines = max((wrapped_lines(value, width) for width, value in zip(widths, values, strict=True)), default=1)
    return LINE_HEIGHT * lines if lines > 1 else None


def _row_height(columns, values):
    return row_height([column.width for column in columns], values)


def _write_sheet(workbook, columns, rows, sheet_title):
    """One sheet: bold frozen header with a filter, wrapped text, real dates in dd/mm/yyyy, printed landscape
    one page wide with the header on every page. XlsxWriter writes each row to the file as it comes (its
    constant-memory mode), so the sheet takes its layout before the first row and the filter after the last."""
    sheet = workbook.add_worksheet(str(sheet_title)[:31])
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    header = workbook.add_format(
        {"bold": True, "bg_color": "#DCE6F1", "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    titles = [str(column.title) for column in columns]
    sheet.set_row(0, _row_height(columns, titles))
    for index, title in enumerate(titles):
        sheet.write_string(0, index, title, header)
    writers = _cell_writers(workbook, sheet, columns)
    count = 0
    for count, row in enumerate(rows, start=1):
        height = _row_height(columns, row)
        if height:
            sheet.set_row(count, height)
        for index, (write, value) in enumerate(zip(writers, row, strict=True)):
            write(count, index, value)
    sheet.autofilter(0, 0, count, len(columns) - 1)


def _workbook(target):
    # Text is written as text (write_string), so a title beginning with "=" can never become a formula.
    return Workbook(target, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False})


def xlsx_bytes(sheets):
    """A workbook of several sheets, each ``(title, columns, rows)`` laid out as every export's, as bytes."""
    buffer = io.BytesIO()
    workbook = _workbook(buffer)
    for title, columns, rows in sheets:
        _write_sheet(workbook, columns, rows, title)
    workbook.close()
    return buffer.getvalue()


def xlsx_response(columns, rows, filename, sheet_title):
    """An Excel download of one sheet (``_write_sheet``), written row by row to a temporary file that the
    response then sends in blocks: memory stays flat however many rows there are."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it, and the system deletes it, when sent)
    workbook = _workbook(file)
    _write_sheet(workbook, columns, rows, sheet_title)
    workbook.close()
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def chunks(iterable, size):
    """Lists of ``size`` items (the last one shorter) from ``iterable``, read lazily."""
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def export_filename(stem, extension):
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"
