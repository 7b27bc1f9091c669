"""Excel (.xlsx) and CSV downloads of any list: columns, rows, and the escaping every export needs.

Text a spreadsheet would read as a formula (beginning with = + - @, or a tab or carriage return) stays text:
in XLSX every text cell is written as a string cell, never a formula, so its value is unchanged; CSV has no cell
types, so there it gets an apostrophe in front. A task titled "=HYPERLINK(…)" stays text in both.

Dates are real dates shown dd/mm/yyyy in Excel; in CSV they are ISO 8601 (2026-06-30, 2026-06-30 14:05), which
spreadsheets read the same in every locale. CSV is UTF-8 with a byte-order mark so Excel opens Vietnamese correctly.
XLSX prints landscape, one page wide, with the header row repeated on every page.

Both stream: rows are read from the database in chunks (``each_row``) and written as they come, so an export of
100,000 tasks neither holds them all in memory nor waits for all of them before the first byte (README, Hiệu năng).
"""

import csv
import datetime
import decimal
import io
import itertools
import tempfile
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

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

    Nothing holds the whole file: ``rows`` is read lazily (``each_row`` over a queryset), ``CSV_BATCH`` rows
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
        # Excel has no time zones: write the local (Hanoi) wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def xlsx_response(columns, rows, filename, sheet_title):
    """An Excel download: bold frozen header with a filter, wrapped text, real dates in dd/mm/yyyy.

    The workbook is write-only (openpyxl streams each row into the sheet's XML as it comes, keeping no cells)
    and is written to a temporary file, which the response then sends in blocks: memory stays flat however
    many rows there are. Write-only sheets take their layout (widths, frozen header, page setup) before the
    first row and the filter after the last.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(sheet_title)[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    # Printed (or saved as PDF): landscape, all columns on one page wide, the header row on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"

    header_fill = PatternFill("solid", fgColor="DCE6F1")
    header_alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.title))
        cell.font, cell.fill, cell.alignment = Font(bold=True), header_fill, header_alignment
        header.append(cell)
    sheet.append(header)

    # Each column's cell style (wrapped text, the date format) is registered once; the rows carry its id.
    wrap = Alignment(vertical="top", wrap_text=True)
    formats = {"date": "dd/mm/yyyy", "datetime": "dd/mm/yyyy hh:mm"}
    style_ids = []
    for column in columns:
        model = WriteOnlyCell(sheet)
        model.alignment = wrap
        if column.kind in formats:
            model.number_format = formats[column.kind]
        style_ids.append(model.style_id)
    last_column = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last_column}1"  # widened to the last row below

    # openpyxl writes the package (styles, page setup, the header row); the rows are then written into the
    # sheet's XML directly, as they come: openpyxl spends tens of microseconds per cell, which at 700,000
    # cells is longer than a request may take.
    skeleton = io.BytesIO()
    workbook.save(skeleton)
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it, and the system deletes it, when sent)
    with zipfile.ZipFile(skeleton) as source, zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != SHEET_PATH:
                target.writestr(item, data)
                continue
            head, tail = data.decode("utf-8").split("</sheetData>")
            with target.open(SHEET_PATH, "w") as out:
                out.write(head.encode("utf-8"))
                count = _write_rows(out, rows, style_ids)
                tail = tail.replace(f'ref="A1:{last_column}1"', f'ref="A1:{last_column}{count + 1}"')
                out.write(f"</sheetData>{tail}".encode())
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


SHEET_PATH = "xl/worksheets/sheet1.xml"


def _xlsx_cell(reference, style, value):
    """One cell of the sheet's XML. Text is an inline string, never a formula, whatever it begins with."""
    value = _xlsx_value(value)
    if value is None or value == "":
        return f'<c r="{reference}" s="{style}"/>'
    if isinstance(value, bool):
        return f'<c r="{reference}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime.date):  # datetimes too: Excel's serial day number, the format shows it
        return f'<c r="{reference}" s="{style}"><v>{to_excel(value)}</v></c>'
    if isinstance(value, int | float | decimal.Decimal):
        return f'<c r="{reference}" s="{style}"><v>{value}</v></c>'
    text = escape(ILLEGAL_CHARACTERS_RE.sub("", str(value)))  # control characters XML cannot hold are dropped
    return f'<c r="{reference}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _write_rows(out, rows, style_ids):
    """Write ``rows`` (from the sheet's second row) to ``out``, ``CSV_BATCH`` rows at a time; their number."""
    letters = [get_column_letter(index) for index in range(1, len(style_ids) + 1)]
    count, batch = 0, []
    for count, row in enumerate(rows, start=1):
        number = count + 1
        cells = "".join(
            _xlsx_cell(f"{letter}{number}", style, value)
            for letter, style, value in zip(letters, style_ids, row, strict=True)
        )
        batch.append(f'<row r="{number}">{cells}</row>')
        if len(batch) == CSV_BATCH:
            out.write("".join(batch).encode("utf-8"))
            batch.clear()
    out.write("".join(batch).encode("utf-8"))
    return count


def chunks(iterable, size):
    """Lists of ``size`` items (the last one shorter) from ``iterable``, read lazily."""
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def each_row(queryset):
    """A queryset read in chunks (select_related joins kept, prefetches done per chunk), never all at once."""
    return queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE)


def export_filename(stem, extension):
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"
