"""What may be attached (to a task, a cluster decision): PDF, Office documents and images, checked by content,
not by name, and an Office/OpenDocument file (a zip) measured before anything opens it (``measure_zip``); how
a stored file leaves the server (only through a view that asked ``scoping`` first); and the
files on disk following their rows: a file stored by a write that fails is removed again, a deleted row's
file goes once the deletion is committed (``removed_unless_saved``, ``remove_after_commit``)."""

import os
import re
import struct
import unicodedata
import zipfile
from contextlib import contextmanager
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension -> (content type, how the content must begin)
PDF = "application/pdf"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls / .ppt
ZIP = b"PK\x03\x04"  # OOXML and OpenDocument are zip containers
ALLOWED = {
    ".pdf": (PDF, (b"%PDF-",)),
    ".doc": ("application/msword", (OLE,)),
    ".xls": ("application/vnd.ms-excel", (OLE,)),
    ".ppt": ("application/vnd.ms-powerpoint", (OLE,)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,)),
    ".odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (ZIP,)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
# The part a real OOXML / OpenDocument file of each kind contains.
ZIP_MARKERS = {
    ".docx": "word/",
    ".xlsx": "xl/",
    ".pptx": "ppt/",
    ".odt": "mimetype",
    ".ods": "mimetype",
}
MAX_FILES = 10


def validate_upload(upload, *, max_unpacked_bytes=None):
    """Return (safe original name, content type) for an acceptable file, else raise ValidationError. A zip
    container is measured (``measure_zip``) against ``max_unpacked_bytes`` (default UPLOAD_ZIP_MAX_UNPACKED_BYTES)."""
    name = os.path.basename(upload.name or "").strip() or "tep-dinh-kem"
    extension = os.path.splitext(name)[1].lower()
    if extension not in ALLOWED:
        raise ValidationError(
            _("Tệp “%(name)s” không được chấp nhận: chỉ nhận PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG.")
            % {"name": name},
            code="file_type",
        )
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s); tối đa %(max)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            },
            code="file_size",
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="file_empty")
    content_type, signatures = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures) or not _zip_is_of_kind(upload, extension):
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không đúng định dạng %(ext)s.") % {"name": name, "ext": extension},
            code="file_content",
        )
    if extension in ZIP_MARKERS:
        measure_zip(upload, name=name, max_unpacked_bytes=max_unpacked_bytes)
    return name[:255], content_type


def _zip_is_of_kind(upload, extension):
    marker = ZIP_MARKERS.get(extension)
    if marker is None:
        return True
    try:
        if not _declared_entries(upload) <= settings.UPLOAD_ZIP_MAX_ENTRIES:
            return True  # measure_zip refuses it, in its own words, without reading its directory
        with zipfile.ZipFile(upload) as archive:
            return any(member.startswith(marker) for member in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error, NotImplementedError, RuntimeError):
        return False
    finally:
        upload.seek(0)


# --- a zip is measured before it is opened ----------------------------------------------------------------

END_OF_DIRECTORY = b"PK\x05\x06"
END_OF_DIRECTORY_SIZE = 22
# Entries larger than this unpacked are held to UPLOAD_ZIP_MAX_RATIO (small ones compress as they like).
RATIO_FLOOR_BYTES = 1024 * 1024


def _declared_entries(upload):
    """How many entries the archive's last "end of central directory" record declares (read from the file's
    last 64 KB, before ``zipfile`` builds an object for each entry); 0 when there is none."""
    upload.seek(0, os.SEEK_END)
    size = upload.tell()
    upload.seek(max(0, size - END_OF_DIRECTORY_SIZE - 0xFFFF))
    tail = upload.read()
    upload.seek(0)
    at = tail.rfind(END_OF_DIRECTORY)
    if at < 0 or len(tail) - at < END_OF_DIRECTORY_SIZE:
        return 0
    return struct.unpack("<H", tail[at + 10 : at + 12])[0]


def measure_zip(upload, *, name=None, max_unpacked_bytes=None):
    """Refuse (ValidationError) an archive that would cost more to open than an honest document: more entries
    than UPLOAD_ZIP_MAX_ENTRIES, more unpacked bytes than ``max_unpacked_bytes`` (default
    UPLOAD_ZIP_MAX_UNPACKED_BYTES), an entry over 1 MB unpacked more than UPLOAD_ZIP_MAX_RATIO times its packed
    size, an encrypted entry, or a compression Office does not use. Read from the archive's directory only:
    ``zipfile`` never unpacks more than an entry's declared size (it stops there and fails its checksum), so
    the declared sizes bound what any reader built on it (openpyxl, python-docx) can unpack."""
    name = name or os.path.basename(upload.name or "")
    limit = max_unpacked_bytes or settings.UPLOAD_ZIP_MAX_UNPACKED_BYTES

    def refuse(message, code="file_archive"):
        return ValidationError(
            _("Tệp “%(name)s” bị từ chối: %(reason)s") % {"name": name, "reason": message}, code=code
        )

    try:
        if _declared_entries(upload) > settings.UPLOAD_ZIP_MAX_ENTRIES:
            raise refuse(_("có quá nhiều thành phần (tối đa %(n)s).") % {"n": settings.UPLOAD_ZIP_MAX_ENTRIES})
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error, NotImplementedError, RuntimeError) as exc:
        raise refuse(_("tệp hỏng hoặc không phải tệp nén Office/OpenDocument."), "file_content") from exc
    finally:
        upload.seek(0)
    if len(members) > settings.UPLOAD_ZIP_MAX_ENTRIES:
        raise refuse(_("có quá nhiều thành phần (tối đa %(n)s).") % {"n": settings.UPLOAD_ZIP_MAX_ENTRIES})
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise refuse(_("tệp được mã hóa hoặc đặt mật khẩu; hãy gửi bản không đặt mật khẩu."))
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refuse(_("tệp dùng kiểu nén không được hỗ trợ."))
        total += member.file_size
        if total > limit:
            raise refuse(_("nội dung giải nén vượt quá %(max)s.") % {"max": filesizeformat(limit)})
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > settings.UPLOAD_ZIP_MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise refuse(_("tỷ lệ nén bất thường (nghi là “bom nén”)."))


def validate_uploads(files):
    files = [f for f in files or () if f]
    if len(files) > MAX_FILES:
        raise ValidationError(_("Tối đa %(n)s tệp mỗi lần.") % {"n": MAX_FILES}, code="too_many_files")
    return [(f, *validate_upload(f)) for f in files]


UNSAFE = re.compile(r"[^A-Za-z0-9._ ()\-]")


def content_disposition(filename):
    """``attachment`` with an ASCII fallback name and the real name in RFC 5987 ``filename*``."""
    name = "".join(ch for ch in filename if unicodedata.category(ch)[0] != "C") or "tep-dinh-kem"
    ascii_name = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = UNSAFE.sub("_", ascii_name.encode("ascii", "ignore").decode()).strip() or "tep-dinh-kem"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_download(field_file, original_name, content_type):
    """The stored file as a private download under its original name, read through its storage (the local disk
    or an object store: never a redirect to the store); 404 when it is missing there."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(original_name)
    response["Cache-Control"] = "private, no-store"
    return response


# --- files on disk follow their rows ---------------------------------------------------------------------


@contextmanager
def removed_unless_saved():
    """A list to append each stored FieldFile to; if the block fails (its transaction rolled back, the
    caller's atomic block inside this one), the files are removed again. Use as
    ``with removed_unless_saved() as stored, transaction.atomic(): …``."""
    stored = []
    try:
        yield stored
    except BaseException:
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise


def remove_after_commit(field_file):
    """Remove ``field_file`` from storage once the current transaction commits (never if it rolls back)."""
    storage, name = field_file.storage, field_file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def stored_names(folder):
    """Every file stored under ``folder`` (names relative to the storage), walking its subfolders. Asks
    ``listdir`` alone: an object store has no folders, so ``exists(folder)`` is false there even when files are
    stored under it; a missing folder on disk raises, a missing prefix in a bucket lists nothing."""
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from stored_names(f"{folder}/{directory}")
