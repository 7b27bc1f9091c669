"""Workbooks built in the tests, uploaded as a browser or a client would."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def xlsx(rows, *, name="tep.xlsx", title="Sheet1"):
    """An uploaded .xlsx whose first sheet holds ``rows`` (lists of cell values) from A1."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def again(upload):
    """The same file, to upload once more."""
    upload.seek(0)
    return SimpleUploadedFile(upload.name, upload.read())
