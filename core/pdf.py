"""Every .docx the system writes as a PDF too: LibreOffice (Debian's ``libreoffice-writer-nogui``) converts it
headless, with the fonts embedded, so the PDF reads the same on any machine and can be signed as it is.

Times New Roman (the font of Decree 30) is not on a Linux server: LibreOffice uses the metric-compatible Liberation
Serif (Debian's ``fonts-liberation2``, which ``make browser`` installs), so lines and pages break as in Word.

Each conversion runs in its own throwaway LibreOffice profile (two conversions at once would otherwise share one and
the second would fail) and under a time limit. A missing or failing LibreOffice raises ``PdfError`` with a
Vietnamese message, which pages show instead of failing.
"""

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

PDF_TYPE = "application/pdf"


class PdfError(Exception):
    """The PDF could not be made; ``str()`` says why, in words for the user."""


def soffice():
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which(getattr(settings, "SOFFICE_BINARY", "soffice"))


# The export filter of each kind of document LibreOffice converts: Writer for .docx, Calc for .xlsx.
PDF_FILTERS = {"docx": "pdf:writer_pdf_Export", "xlsx": "pdf:calc_pdf_Export"}


def docx_to_pdf(docx_bytes, *, timeout=None):
    """The PDF of a .docx (bytes in, bytes out), fonts embedded; raises ``PdfError``."""
    return office_to_pdf(docx_bytes, extension="docx", timeout=timeout)


def xlsx_to_pdf(xlsx_bytes, *, timeout=None):
    """The PDF of an .xlsx (each sheet as its print settings lay it out); raises ``PdfError``."""
    return office_to_pdf(xlsx_bytes, extension="xlsx", timeout=timeout)


def office_to_pdf(data, *, extension, timeout=None):
    """The PDF of an Office document of kind ``extension`` (a key of ``PDF_FILTERS``); raises ``PdfError``."""
    program = soffice()
    if program is None:
        raise PdfError(_("Không tạo được bản PDF: máy chủ chưa cài LibreOffice. Hãy báo quản trị hệ thống."))
    timeout = timeout or getattr(settings, "PDF_CONVERT_TIMEOUT_SECONDS", 120)
    with tempfile.TemporaryDirectory(prefix="docx-pdf-") as folder:
        folder = Path(folder)
        source = folder / f"document.{extension}"
        source.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            PDF_FILTERS[extension],
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                timeout=timeout,
                check=False,
                # LibreOffice writes its profile under HOME when it cannot use the one given; keep it in the folder.
                env={**os.environ, "HOME": str(folder)},
            )
        except subprocess.TimeoutExpired as exc:
            logger.warning("LibreOffice took more than %s s to convert a document", timeout)
            raise PdfError(_("Không tạo được bản PDF: LibreOffice chuyển đổi quá lâu. Hãy thử lại sau.")) from exc
        except OSError as exc:
            logger.warning("LibreOffice could not be started: %s", exc)
            raise PdfError(
                _("Không tạo được bản PDF: không chạy được LibreOffice. Hãy báo quản trị hệ thống.")
            ) from exc
        result = folder / "document.pdf"
        if done.returncode != 0 or not result.exists() or result.stat().st_size == 0:
            logger.warning(
                "LibreOffice failed to convert a document (exit %s): %s",
                done.returncode,
                done.stderr.decode(errors="replace")[-2000:],
            )
            raise PdfError(_("Không tạo được bản PDF: LibreOffice báo lỗi khi chuyển đổi. Hãy báo quản trị hệ thống."))
        return result.read_bytes()


def pdf_name(docx_name):
    """``bao-cao.docx`` -> ``bao-cao.pdf``."""
    stem, _extension = os.path.splitext(docx_name)
    return f"{stem}.pdf"


def pdf_download(request, docx_bytes, docx_filename, fallback_url):
    """The PDF of a .docx as a download named like it; when LibreOffice cannot make it, back to ``fallback_url``
    with the reason as a message (a page never fails on it)."""
    from django.contrib import messages
    from django.http import HttpResponse, HttpResponseRedirect

    from core.uploads import content_disposition

    try:
        pdf = docx_to_pdf(docx_bytes)
    except PdfError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(fallback_url)
    response = HttpResponse(pdf, content_type=PDF_TYPE)
    response["Content-Disposition"] = content_disposition(pdf_name(docx_filename))
    response["Cache-Control"] = "private, no-store"
    return response
