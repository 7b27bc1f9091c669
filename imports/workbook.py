"""Reading the workbooks people really have, and writing the ones the imports offer.

An upload is checked as every .xlsx upload is (``core.uploads.validate_upload``: content, size, a zip measured
before it is opened) and read with openpyxl, whose XML parser is defusedxml once installed. Columns are found by
their Vietnamese headers, compared folded (``core.text.fold``: no accents, lower case, single spaces) and without
punctuation, each column with its synonyms; the header row is the first of the first rows that names every
required column, not necessarily row 1. Cells are read as Vietnamese type them: dates dd/mm/yyyy or Excel dates,
numbers with a decimal comma (``core.numbers``). A problem is told by sheet, row and column, in Vietnamese.
"""

import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from xlsxwriter import Workbook

from core.numbers import NumberError, format_number, parse_number
from core.text import fold
from core.uploads import validate_upload

# The header row is looked for among the first rows (a title, a date line, an empty row may come first).
HEADER_SEARCH_ROWS = 20
# A sheet longer than this is not a register, an annex or a staff list: it is refused, not cut short.
MAX_ROWS = 5000
PUNCTUATION = re.compile(r"[^\w\s]|_")
DATE_TYPED = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?")
LIST_SEPARATORS = re.compile(r"\s*[;\n]\s*")


def header_key(text):
    """How a header is compared: folded, without punctuation, single spaces ("Tổng diện tích (ha)" → "tong dien
    tich ha")."""
    return " ".join(PUNCTUATION.sub(" ", fold(str(text or ""))).split())


@dataclass(frozen=True)
class Column:
    """A column of an import: the field it fills (``key``), the header the template writes, the other headers
    accepted for it, and how its cells are read (``kind``: text, date, number, integer, list)."""

    key: str
    header: str
    synonyms: tuple = ()
    kind: str = "text"
    required: bool = False
    width: int = 18

    def header_keys(self):
        return {header_key(self.header), *(header_key(s) for s in self.synonyms)}


class CellError(ValueError):
    """A cell that cannot be read; ``message`` says why, in Vietnamese."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


def read_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return " ".join(str(value).split())


def read_date(value):
    """A date cell: an Excel date, an Excel serial number, or text dd/mm/yyyy (also with dots or dashes)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return from_excel(value).date()
        except (ValueError, OverflowError, TypeError) as exc:
            raise CellError(_("Ngày không hợp lệ.")) from exc
    text = read_text(value)
    if not text:
        return None
    match = DATE_TYPED.fullmatch(text)
    try:
        if match:
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        match = DATE_ISO.fullmatch(text)
        if match:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise CellError(_("Ngày “%(text)s” không có thật.") % {"text": text}) from exc
    raise CellError(_("Ngày “%(text)s” không hợp lệ: hãy ghi ngày/tháng/năm, ví dụ 30/06/2026.") % {"text": text})


def read_number(value):
    """A number cell: a number Excel holds as it is, text as Vietnamese write it ("4,5"; ``core.numbers``)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("Không phải là số."))
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    try:
        return parse_number(value)
    except NumberError as exc:
        raise CellError(exc.message) from exc


def read_integer(value):
    number = read_number(value)
    if number is not None and number != number.to_integral_value():
        raise CellError(_("Cần một số nguyên."))
    return None if number is None else int(number)


def read_list(value):
    return [part for part in LIST_SEPARATORS.split(read_text_keep_lines(value)) if part]


def read_text_keep_lines(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "\n".join(" ".join(line.split()) for line in str(value).splitlines())


READERS = {
    "text": read_text,
    "date": read_date,
    "number": read_number,
    "integer": read_integer,
    "list": read_list,
}


@dataclass
class Row:
    """One data row of the sheet: its Excel row number, the values read by column key, and the problems."""

    number: int
    values: dict
    errors: list = field(default_factory=list)
    cells: dict = field(default_factory=dict)  # key -> the cell as typed (for the preview)


@dataclass
class Sheet:
    """The rows of the sheet whose header was found, and which of the import's columns it has."""

    title: str
    header_row: int
    present: dict  # key -> Column
    rows: list


def place(sheet_title, row, column=None):
    """Where a problem is, in the words of the messages: sheet, row, column."""
    if column is None:
        return _("Trang tính “%(sheet)s”, dòng %(row)s") % {"sheet": sheet_title, "row": row}
    return _("Trang tính “%(sheet)s”, dòng %(row)s, cột “%(column)s”") % {
        "sheet": sheet_title,
        "row": row,
        "column": column,
    }


class TooLong(Exception):
    """A sheet longer than ``MAX_ROWS``."""


def _open(upload):
    """Every sheet's rows (title, list of tuples), or a ValidationError in words for anything not a readable .xlsx."""
    name = (upload.name or "").lower()
    if not name.endswith(".xlsx"):
        raise ValidationError(_("Chỉ nhận tệp Excel .xlsx (hãy lưu tệp .xls hoặc .ods thành .xlsx)."))
    # These workbooks are small: their unpacked content is held to the Biểu 02/03 workbook's limit.
    validate_upload(upload, max_unpacked_bytes=settings.REPORT_WORKBOOK_MAX_UNPACKED_BYTES)
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
        try:
            sheets = []
            for worksheet in book.worksheets:
                rows = []
                for index, row in enumerate(worksheet.iter_rows(values_only=True)):
                    if index >= MAX_ROWS:
                        raise TooLong(worksheet.title)
                    rows.append(tuple(row))
                sheets.append((worksheet.title, rows))
            return sheets
        finally:
            book.close()
    except TooLong as long:
        raise ValidationError(
            _("Trang tính “%(sheet)s” có hơn %(max)s dòng: hãy chia thành nhiều tệp.")
            % {"sheet": long.args[0], "max": MAX_ROWS}
        ) from None
    except Exception as exc:
        # Whatever a malformed workbook makes openpyxl raise: the user is told in words, never a 500.
        raise ValidationError(_("Không đọc được tệp Excel: tệp hỏng hoặc không phải bảng tính .xlsx.")) from exc
    finally:
        upload.seek(0)


def _find_header(rows, columns):
    """(index of the header row, {column index: Column}) of the first row naming every required column."""
    by_key = {}
    for column in columns:
        for key in column.header_keys():
            by_key.setdefault(key, column)
    best = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {}
        for position, cell in enumerate(row):
            column = by_key.get(header_key(cell))
            if column is not None and column.key not in {c.key for c in found.values()}:
                found[position] = column
        keys = {c.key for c in found.values()}
        if all(c.key in keys for c in columns if c.required):
            return index, found
        if found and (best is None or len(found) > len(best[1])):
            best = (index, found)
    return None, best[1] if best else {}


def read_sheet(upload, columns):
    """The first sheet of ``upload`` with a header row naming every required column of ``columns``, read row by
    row; ValidationError naming what is missing when no sheet has one."""
    sheets = _open(upload)
    closest = {}
    for title, rows in sheets:
        index, found = _find_header(rows, columns)
        if index is None:
            if len(found) > len(closest):
                closest = found
            continue
        data = []
        for offset, row in enumerate(rows[index + 1 :], start=index + 2):
            cells = {column.key: row[position] if position < len(row) else None for position, column in found.items()}
            if all(read_text(value) == "" for value in cells.values()):
                continue
            item = Row(number=offset, values={}, cells={k: read_text(v) for k, v in cells.items()})
            for column in found.values():
                try:
                    item.values[column.key] = READERS[column.kind](cells[column.key])
                except CellError as error:
                    item.errors.append((column.header, error.message))
            data.append(item)
        return Sheet(title=title, header_row=index + 1, present={c.key: c for c in found.values()}, rows=data)
    keys = {c.key for c in closest.values()}
    missing = [c.header for c in columns if c.required and c.key not in keys]
    raise ValidationError(
        _("Không tìm thấy dòng tiêu đề của bảng: cần các cột %(columns)s (tải mẫu về để xem tên cột).")
        % {"columns": ", ".join(f"“{name}”" for name in missing)}
    )


# --- writing -----------------------------------------------------------------------------------------------


def workbook_bytes(sheet_title, columns, rows, notes=()):
    """An .xlsx with one sheet: the header row of ``columns`` on row 1, then ``rows`` (lists of values in the
    columns' order: text, Decimal, int, date or None). Text is always a string cell (never a formula)."""
    buffer = io.BytesIO()
    book = Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    sheet = book.add_worksheet(sheet_title[:31])
    head = book.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "vcenter", "bg_color": "#DCE6F1"})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    for position, column in enumerate(columns):
        sheet.set_column(position, position, column.width)
        sheet.write_string(0, position, column.header, head)
    for number, values in enumerate(rows, start=1):
        for position, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, datetime.date):
                sheet.write_datetime(number, position, datetime.datetime.combine(value, datetime.time()), date)
            elif isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
                sheet.write_number(number, position, value)
            else:
                # A carriage return would be kept as the escape "_x000D_", which a reader shows as text.
                sheet.write_string(number, position, str(value).replace("\r\n", "\n").replace("\r", "\n"))
    sheet.freeze_panes(1, 0)
    if notes:
        guide = book.add_worksheet(_("Hướng dẫn"))
        guide.set_column(0, 0, 110)
        for number, line in enumerate(notes):
            guide.write_string(number, 0, str(line))
    book.close()
    return buffer.getvalue()


def shown(value):
    """A value as the preview shows it: dates dd/mm/yyyy, numbers with a decimal comma, lists joined."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, (Decimal, int, float)):
        return format_number(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(str(v) for v in value) or "—"
    return str(value)
