"""Checking a signed PDF with pyHanko: is it a PDF, is it signed, is every signature intact and the file unchanged
since, is it the very PDF the system gave out, and does the signer's certificate chain to a trusted root.

``check_signed_pdf`` answers with the facts of the signature (``SignatureFacts``) or raises a ``ValidationError``
on ``file`` saying, in Vietnamese, which check failed. It reads nothing from the network: revocation is checked
only if the signature carries it (``revocation_mode="soft-fail"``, no fetching).
"""

import asyncio
import datetime
import hashlib
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes():
    return getattr(settings, "SIGNED_PDF_MAX_BYTES", DEFAULT_MAX_BYTES)


@dataclass(frozen=True)
class SignatureFacts:
    """Who signed, with which certificate, when (as the signer's software stated), under which trusted root."""

    signer_name: str
    certificate_serial: str
    certificate_issuer: str
    certificate_subject: str
    signed_at: datetime.datetime | None
    trusted_root: object  # a signatures.models.TrustedRoot
    sha256: str


def outside_event_loop(function, *args, **kwargs):
    """Call one of pyHanko's synchronous functions. They start an event loop of their own (``asyncio.run``), which
    fails inside a running one (an ASGI server; Playwright's synchronous API in the browser tests): there, the call
    runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def refuse(message):
    raise ValidationError({"file": [message]})


def _common_name(name):
    """The CN of an asn1crypto Name, else its readable form."""
    values = name.native
    common = values.get("common_name")
    if isinstance(common, list):
        common = common[-1]
    return str(common or name.human_friendly)


def _fingerprint(certificate):
    return hashlib.sha256(certificate.dump()).hexdigest()


def _validation_context(roots):
    anchors = [asn1_x509.Certificate.load(root.certificate().public_bytes(Encoding.DER)) for root in roots]
    return ValidationContext(trust_roots=anchors, allow_fetching=False, revocation_mode="soft-fail")


def _read(data):
    if not data.startswith(b"%PDF-"):
        refuse(_("Tệp tải lên không phải tệp PDF."))
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        # Document timestamps (/DocTimeStamp, added by long-term validation) are not signatures of a person.
        signatures = [signature for signature in reader.embedded_signatures if signature.sig_object_type == "/Sig"]
    except Exception as exc:  # whatever a malformed upload makes the parser raise is a refusal, never a 500
        logger.info("An uploaded PDF could not be read: %r", exc)
        refuse(_("Không đọc được tệp PDF: tệp bị hỏng hoặc không đúng định dạng."))
    if not signatures:
        refuse(_("Tệp chưa được ký số. Hãy ký số bản PDF của báo cáo rồi tải lên lại."))
    return signatures


def _validate(signature, context):
    try:
        return outside_event_loop(validate_pdf_signature, signature, context)
    except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        logger.info("A signature could not be validated: %r", exc)
        refuse(_("Chữ ký số trong tệp không hợp lệ hoặc tệp đã bị sửa sau khi ký."))


def check_signed_pdf(data, *, original, roots):
    """The facts of the signature on ``data`` (bytes of the uploaded PDF), which must begin with ``original`` (the
    bytes of the PDF the system gave out) and be signed with a certificate chaining to one of ``roots``
    (TrustedRoot rows); else a ValidationError on ``file``."""
    if len(data) > max_bytes():
        refuse(_("Tệp quá lớn: tối đa %(size)s.") % {"size": filesizeformat(max_bytes())})
    signatures = _read(data)
    roots = list(roots)
    context = _validation_context(roots)
    statuses = [_validate(signature, context) for signature in signatures]
    # Every signature intact and valid, and followed by nothing but more signatures, timestamps and validation data
    # (pyHanko's difference analysis: form filling at most), never by changed content.
    for status in statuses:
        covered = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
            status.modification_level is not None and status.modification_level <= ModificationLevel.FORM_FILLING
        )
        if not (status.intact and status.valid and covered):
            refuse(_("Chữ ký số không còn nguyên vẹn: tệp đã bị sửa sau khi ký."))
    # The system's PDF, byte for byte, then the first signature in the very next revision: nothing (a changed page)
    # slipped in between the system's PDF and what the signer signed.
    given_revisions = PdfFileReader(io.BytesIO(original), strict=False).total_revisions
    if not data.startswith(original) or signatures[0].signed_revision != given_revisions:
        refuse(
            _(
                "Tệp đã ký không phải bản PDF của báo cáo này: hãy tải “Bản PDF để ký” của chính báo cáo này, ký số "
                "(không sửa nội dung) rồi tải lên."
            )
        )
    by_fingerprint = {root.fingerprint_sha256: root for root in roots}
    anchors = []
    for status in statuses:
        anchor = None
        if status.trusted and status.validation_path is not None:
            root_certificate = getattr(status.validation_path.trust_anchor.authority, "certificate", None)
            anchor = by_fingerprint.get(_fingerprint(root_certificate)) if root_certificate is not None else None
        if anchor is None:
            refuse(
                _(
                    "Chứng thư số của người ký không do tổ chức được tin cậy cấp (hoặc đã hết hạn, bị thu hồi). "
                    "Chỉ nhận văn bản ký bằng chứng thư số do tổ chức chứng thực có trong danh sách tin cậy cấp."
                )
            )
        anchors.append(anchor)
    first = statuses[0]
    certificate = first.signing_cert
    return SignatureFacts(
        signer_name=_common_name(certificate.subject)[:255],
        certificate_serial=format(certificate.serial_number, "X"),
        certificate_issuer=certificate.issuer.human_friendly[:500],
        certificate_subject=certificate.subject.human_friendly[:500],
        signed_at=first.signer_reported_dt,
        trusted_root=anchors[0],
        sha256=hashlib.sha256(data).hexdigest(),
    )
