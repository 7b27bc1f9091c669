"""Hostile Biểu 02 uploads: a zip bomb is measured and refused before anything unpacks it (the worker's memory stays
flat), and a malformed workbook (a truncated sheet, a DOCTYPE with entities, an encrypted part, too many parts)
is a Vietnamese error on the page, never a 500 and never a saved draft."""

import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import measure_zip, validate_upload
from reporting.models import SubmissionValue
from tests.reporting.test_workbooks import downloaded, upload

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rewritten(book, name="bieu-02.xlsx", replace=None, add=(), encrypt=None):
    """The workbook as an upload, with parts replaced (name -> bytes, or a callable writing to a stream), parts
    added, or one part's "encrypted" flag set."""
    original = io.BytesIO()
    book.save(original)
    buffer = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = (replace or {}).get(info.filename, source.read(info.filename))
            if callable(content):
                with target.open(info.filename, "w") as stream:
                    content(stream)
            else:
                target.writestr(info.filename, content)
        for part, content in add:
            target.writestr(part, content)
    data = buffer.getvalue()
    if encrypt:
        data = _set_encrypted_flag(data, encrypt)
    return SimpleUploadedFile(name, data, XLSX)


def _set_encrypted_flag(data, part):
    """Set bit 0 of ``part``'s flags in its central directory record (what an encrypting zip tool writes)."""
    data = bytearray(data)
    at = 0
    while True:
        at = data.find(b"PK\x01\x02", at)
        assert at >= 0
        name_length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_length].decode() == part:
            data[at + 8] |= 0x1
            return bytes(data)
        at += 4


def _bomb(megabytes):
    def write(stream):
        stream.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/')
        stream.write(b'2006/main"><sheetData>')
        chunk = b" " * (1024 * 1024)
        for _megabyte in range(megabytes):
            stream.write(chunk)
        stream.write(b"</sheetData></worksheet>")

    return write


def _refused(response):
    assert response.status_code == 200
    errors = " ".join(response.context.get("upload_errors") or []) + str(response.context["upload"].errors)
    assert not SubmissionValue.objects.exists()  # nothing of it saved
    return errors


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_a_zip_bomb_is_refused_before_it_is_unpacked(client_for, investor, half_year, cluster):
    client = client_for(investor)
    bomb = _rewritten(downloaded(client, half_year, cluster), replace={SHEET: _bomb(300)})
    assert bomb.size < 2 * 1024 * 1024  # 300 MB of sheet in under 2 MB of file

    tracemalloc.start()
    try:
        response = upload(client, half_year, cluster, bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert "bị từ chối" in _refused(response)
    assert peak < 30 * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB allocated while refusing it"


@pytest.mark.parametrize(
    ("setting", "megabytes", "message"),
    [
        ({"REPORT_WORKBOOK_MAX_UNPACKED_BYTES": 2 * 1024 * 1024}, 3, "nội dung giải nén vượt quá"),
        ({"REPORT_WORKBOOK_MAX_UNPACKED_BYTES": 50 * 1024 * 1024, "UPLOAD_ZIP_MAX_RATIO": 100}, 3, "tỷ lệ nén"),
    ],
)
def test_the_limits_are_settings(settings, client_for, investor, half_year, cluster, setting, megabytes, message):
    for name, value in setting.items():
        setattr(settings, name, value)
    client = client_for(investor)
    bomb = _rewritten(downloaded(client, half_year, cluster), replace={SHEET: _bomb(megabytes)})
    assert message in _refused(upload(client, half_year, cluster, bomb))


def test_too_many_parts_are_refused(settings, client_for, investor, half_year, cluster):
    settings.UPLOAD_ZIP_MAX_ENTRIES = 50
    client = client_for(investor)
    book = downloaded(client, half_year, cluster)
    many = _rewritten(book, add=[(f"xl/media/image{n}.png", b"x") for n in range(60)])
    assert "có quá nhiều thành phần" in _refused(upload(client, half_year, cluster, many))


UNREADABLE = "Không đọc được tệp Excel"


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (
            b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sh',
            UNREADABLE,
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
            b'<c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>',
            UNREADABLE,
        ),
        # Nothing is fetched: the sheet reads as empty, so it is not the form.
        (b'<?xml version="1.0"?><!DOCTYPE worksheet SYSTEM "file:///etc/passwd"><worksheet/>', "ô A1 phải ghi"),
        (b"\xff\xfe not xml at all", UNREADABLE),
    ],
    ids=["truncated", "entities", "external-dtd", "not-xml"],
)
def test_a_malformed_sheet_is_a_vietnamese_error(client_for, investor, half_year, cluster, sheet, message):
    client = client_for(investor)
    bad = _rewritten(downloaded(client, half_year, cluster), replace={SHEET: sheet})
    assert message in _refused(upload(client, half_year, cluster, bad))


def test_a_malformed_workbook_part_is_a_vietnamese_error(client_for, investor, half_year, cluster):
    client = client_for(investor)
    bad = _rewritten(downloaded(client, half_year, cluster), replace={"xl/workbook.xml": b"<?xml version='1.0'?><wo"})
    assert "Không đọc được tệp Excel" in _refused(upload(client, half_year, cluster, bad))


def test_an_encrypted_part_is_refused(client_for, investor, half_year, cluster):
    client = client_for(investor)
    locked = _rewritten(downloaded(client, half_year, cluster), encrypt=SHEET)
    assert "mã hóa hoặc đặt mật khẩu" in _refused(upload(client, half_year, cluster, locked))


def test_an_attachment_bomb_is_refused_too():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w") as stream:
            for _megabyte in range(120):
                stream.write(b"\0" * (1024 * 1024))
    bomb = SimpleUploadedFile("bien-ban.docx", buffer.getvalue())
    with pytest.raises(ValidationError, match="bị từ chối"):
        validate_upload(bomb)
    with pytest.raises(ValidationError, match="vượt quá"):
        measure_zip(bomb, max_unpacked_bytes=1024)
