"""A Biểu 02/03 as an Excel workbook in the form's layout, and the same workbook read back.

The download is what a reporter fills in offline: the form's header (title, sender, recipients, period, due date)
and its table TT | Chỉ tiêu | Đơn vị tính | Kết quả | Ghi chú, pre-filled like the page. The upload is measured
before it is opened (``core.uploads.measure_zip``: a zip bomb is refused unread), its XML parsed with defusedxml
(which openpyxl uses once it is installed: no entities), and anything malformed refused in words. It reads the rows
by their TT (the column the reporter does not touch), all or nothing: a file with any unreadable row is refused
with every problem listed by its Excel row number, and nothing is saved. The values themselves are checked where
every other door's are, by ``services.submission_save`` (``reporting.rules``); its errors come back here to be
told by row as well.
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import load_workbook
from xlsxwriter import Workbook

from core.exports import row_height
from core.numbers import NumberError, parse_number
from core.uploads import validate_upload

# The circular's column heads: the layout itself, never translated (an upload is recognised by them).
HEADER = (
    gettext_noop("TT"),
    gettext_noop("Chỉ tiêu"),
    gettext_noop("Đơn vị tính"),
    gettext_noop("Kết quả"),
    gettext_noop("Ghi chú"),
)
WIDTHS = (7, 70, 16, 16, 30)
# A workbook longer than this is not a Biểu 02/03 (35 rows and a header): reading stops there.
MAX_ROWS = 300


def form_label(form):
    return _("Biểu số %(code)s") % {"code": form.code}


def header_lines(submission):
    """The lines above the table: the form, the period and its window, who sends to whom, and by when."""
    form, period = submission.form, submission.period
    return [
        form_label(form),
        form.title.upper(),
        _("Kỳ báo cáo: %(period)s (số liệu từ %(start)s đến %(end)s)")
        % {"period": period.label, "start": f"{period.data_start:%d/%m/%Y}", "end": f"{period.data_end:%d/%m/%Y}"},
        _("Đơn vị báo cáo: %(sender)s — %(subject)s") % {"sender": form.sender, "subject": submission.subject},
        _("Đơn vị nhận báo cáo: %(recipients)s") % {"recipients": form.printed_recipients},
        _("Hạn gửi báo cáo: %(due)s") % {"due": f"{submission.due_on:%d/%m/%Y}"},
    ]


def workbook_bytes(submission, indicators, values, notes):
    """The form as .xlsx: ``values`` key → Decimal or None, ``notes`` key → text, in ``indicators``' order."""
    buffer = io.BytesIO()
    book = Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    sheet = book.add_worksheet(str(form_label(submission.form)))
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "align": "center", "text_wrap": True})
    head = book.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "bg_color": "#DCE6F1"})
    text = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    section = book.add_format({"border": 1, "bold": True, "text_wrap": True})
    number = book.add_format({"border": 1, "valign": "top", "num_format": "#,##0.###"})
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width)
    lines = header_lines(submission)
    sheet.write_string(0, 0, lines[0], bold)
    sheet.merge_range(1, 0, 1, 4, lines[1], title)
    sheet.set_row(1, row_height([sum(WIDTHS)], [lines[1]]))
    for row, line in enumerate(lines[2:], start=2):
        sheet.write_string(row, 0, line)
    header_row = len(lines) + 1
    for column, name in enumerate(HEADER):
        sheet.write_string(header_row, column, name, head)
    row, current_section = header_row + 1, ""
    for indicator in indicators:
        if indicator.section and indicator.section != current_section:
            current_section = indicator.section
            sheet.write_blank(row, 0, None, section)
            sheet.merge_range(row, 1, row, 4, indicator.section, section)
            height = row_height([sum(WIDTHS[1:])], [indicator.section])
            if height:
                sheet.set_row(row, height)
            row += 1
        # LibreOffice does not fit a row to its wrapped text on opening (Excel does): the row gets its height.
        note = notes.get(indicator.key, "")
        height = row_height(WIDTHS, (indicator.row, indicator.label, indicator.unit, "", note))
        if height:
            sheet.set_row(row, height)
        sheet.write_string(row, 0, indicator.row, text)
        sheet.write_string(row, 1, indicator.label, text)
        sheet.write_string(row, 2, indicator.unit, text)
        value = values.get(indicator.key)
        if value is None:
            sheet.write_blank(row, 3, None, number)
        else:
            sheet.write_number(row, 3, value, number)
        sheet.write_string(row, 4, note, text)
        row += 1
    sheet.freeze_panes(header_row + 1, 0)
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    book.close()
    return buffer.getvalue()


@dataclass
class Reading:
    """What an uploaded workbook gave: key → (value text or number, note), the Excel row of each key, and the
    problems found (each already told by row)."""

    values: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)


def _text(cell):
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _row_number(cell):
    """A TT as the form writes it ("15.1"), whether the cell holds text or a number Excel made of it."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return format(Decimal(str(cell)).normalize(), "f")
    return _text(cell)


def cell_number(cell):
    """A Kết quả cell as a ``Decimal`` (None when blank): a number Excel holds as it is, a text typed into the cell
    as Vietnamese write numbers ("1.234,5"; "10.5" is refused as on the page, ``core.numbers``)."""
    if isinstance(cell, bool):
        return Decimal(int(cell))
    if isinstance(cell, (int, float, Decimal)):
        return Decimal(str(cell))
    return parse_number(cell)


def row_error(excel_row, indicator, message):
    return _("Dòng %(line)s (chỉ tiêu %(row)s): %(message)s") % {
        "line": excel_row,
        "row": indicator.row,
        "message": message,
    }


def _open(upload):
    """The first sheet's rows (as tuples of values), or a ValidationError in words for anything not an .xlsx."""
    name = (upload.name or "").lower()
    if not name.endswith(".xlsx"):
        raise ValidationError(_("Chỉ nhận tệp Excel .xlsx theo mẫu tải về từ hệ thống."))
    validate_upload(upload, max_unpacked_bytes=settings.REPORT_WORKBOOK_MAX_UNPACKED_BYTES)
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
        try:
            rows = []
            for index, row in enumerate(book.worksheets[0].iter_rows(values_only=True)):
                if index >= MAX_ROWS:
                    break
                rows.append(tuple(row[:5]) + (None,) * (5 - len(row[:5])))
            return rows
        finally:
            book.close()
    except Exception as exc:
        # Whatever a malformed workbook makes openpyxl raise (a truncated or DTD-carrying sheet XML, a missing
        # part, a bad zip): the reporter is told in words, never a 500. Its size was bounded above.
        raise ValidationError(_("Không đọc được tệp Excel: tệp hỏng hoặc không phải bảng tính .xlsx.")) from exc


def read(upload, form, indicators):
    """Read an uploaded workbook of ``form``; raises ValidationError when it is not a readable .xlsx of that form's
    layout, returns a ``Reading`` (whose ``errors`` list the rows that could not be read) otherwise."""
    rows = _open(upload)
    expected = str(form_label(form)).lower()
    first = next((_text(row[0]).lower() for row in rows if _text(row[0])), "")
    if first != expected:
        raise ValidationError(
            _("Tệp không phải %(form)s theo mẫu của hệ thống (ô A1 phải ghi “%(label)s”).")
            % {"form": form_label(form), "label": form_label(form)}
        )
    header = next((index for index, row in enumerate(rows) if tuple(_text(c) for c in row) == HEADER), None)
    if header is None:
        raise ValidationError(
            _(
                "Không thấy dòng tiêu đề của bảng (TT | Chỉ tiêu | Đơn vị tính | Kết quả | Ghi chú): hãy dùng mẫu tải về."
            )
        )
    by_row = {indicator.row: indicator for indicator in indicators}
    reading = Reading()
    for index in range(header + 1, len(rows)):
        tt, _label, _unit, value, note = rows[index]
        number, excel_row = _row_number(tt), index + 1
        if not number:
            continue  # a section's heading, a blank line, a signature
        indicator = by_row.get(number)
        if indicator is None:
            reading.errors.append(
                _("Dòng %(line)s: %(form)s không có chỉ tiêu số %(row)s.")
                % {"line": excel_row, "form": form_label(form), "row": number}
            )
            continue
        if indicator.key in reading.rows:
            reading.errors.append(
                row_error(
                    excel_row,
                    indicator,
                    _("chỉ tiêu này đã có ở dòng %(line)s.") % {"line": reading.rows[indicator.key]},
                )
            )
            continue
        reading.rows[indicator.key] = excel_row
        try:
            number = cell_number(value)
        except NumberError as error:
            reading.errors.append(row_error(excel_row, indicator, error.message))
            continue
        reading.values[indicator.key] = (number, _text(note))
    for indicator in indicators:
        if indicator.key not in reading.rows:
            reading.errors.append(
                _("Thiếu chỉ tiêu số %(row)s: %(label)s.") % {"row": indicator.row, "label": indicator.label}
            )
    return reading


def service_errors_by_row(error, reading, indicators):
    """The service's ValidationError (keyed by indicator key) told by Excel row, as the upload's other errors."""
    by_key = {indicator.key: indicator for indicator in indicators}
    lines = []
    for key, messages in error.message_dict.items():
        indicator = by_key.get(key)
        for message in messages:
            if indicator is not None and key in reading.rows:
                lines.append(row_error(reading.rows[key], indicator, message))
            else:
                lines.append(message)
    return lines
