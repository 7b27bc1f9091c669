"""Digital signatures (Decree 30/2020/NĐ-CP, Decree 130/2018/NĐ-CP): the root certificates the Department trusts,
and the signed copy of a plan report, which is its official copy once uploaded."""

import hashlib
import uuid

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedManager, history


def signed_file_path(instance, filename):
    # A random name on disk, outside any served folder: the download view names the file.
    return f"signed-copies/{uuid.uuid4().hex}"


def load_pem_certificate(pem):
    """The certificate of a PEM text, or a ValidationError in words."""
    try:
        return x509.load_pem_x509_certificate((pem or "").strip().encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise ValidationError(
            {
                "certificate_pem": [
                    _("Không đọc được chứng thư: cần dán chứng thư gốc dạng PEM (-----BEGIN CERTIFICATE-----).")
                ]
            }
        ) from exc


class TrustedRoot(models.Model):
    """A root certificate authority whose certificates the Department accepts on a signed document (the national
    root CA of the Ministry of Information and Communications, the Government CA…). Data, not code: coordinators
    add and retire them in the admin."""

    # What ``__str__`` reads: a history naming many trusted roots loads only these (``core.history``).
    NAME_FIELDS = ("id", "name")

    name = models.CharField(_("tên"), max_length=255)
    certificate_pem = models.TextField(
        _("chứng thư gốc (PEM)"), help_text=_("Dán nội dung tệp .pem/.crt: -----BEGIN CERTIFICATE----- …")
    )
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Nguồn lấy chứng thư, văn bản công bố…"))
    is_test = models.BooleanField(
        _("chứng thư thử nghiệm"),
        default=False,
        help_text=_("Chỉ dùng để thử: văn bản ký bằng chứng thư do tổ chức này cấp không có giá trị pháp lý."),
    )
    is_active = models.BooleanField(
        _("đang tin cậy"), default=True, help_text=_("Bỏ chọn để không nhận thêm văn bản ký bởi tổ chức này.")
    )
    subject = models.CharField(_("chủ thể"), max_length=500, editable=False)
    fingerprint_sha256 = models.CharField(_("dấu vân tay SHA-256"), max_length=64, editable=False)
    not_after = models.DateTimeField(_("hiệu lực đến"), null=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = AuditedManager()
    history = history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("tổ chức chứng thực gốc được tin cậy")
        verbose_name_plural = _("tổ chức chứng thực gốc được tin cậy")
        ordering = ["is_test", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint_sha256"],
                name="trusted_root_fingerprint_unique",
                violation_error_message=_("Chứng thư gốc này đã có trong danh sách."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        certificate = load_pem_certificate(self.certificate_pem)
        self.certificate_pem = certificate.public_bytes(Encoding.PEM).decode("ascii")
        self.subject = certificate.subject.rfc4514_string()[:500]
        self.fingerprint_sha256 = hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest()
        self.not_after = certificate.not_valid_after_utc

    def certificate(self):
        return x509.load_pem_x509_certificate(self.certificate_pem.encode("ascii"))


class SignedCopy(models.Model):
    """The plan report's PDF as the Department signed it, uploaded back: the official copy. One per report; it
    begins with exactly the bytes of the PDF the system made at issue (incremental signing keeps them)."""

    report = models.OneToOneField(
        "plan_reports.PlanReport",
        verbose_name=_("báo cáo"),
        on_delete=models.PROTECT,
        related_name="signed_copy",
    )
    file = models.FileField(_("tệp đã ký số"), upload_to=signed_file_path, max_length=255, editable=False)
    sha256 = models.CharField(_("mã băm SHA-256 của tệp"), max_length=64, editable=False)
    signer_name = models.CharField(_("người ký"), max_length=255, editable=False)
    certificate_serial = models.CharField(_("số hiệu chứng thư"), max_length=128, editable=False)
    certificate_issuer = models.CharField(_("tổ chức cấp chứng thư"), max_length=500, editable=False)
    certificate_subject = models.CharField(_("chủ thể chứng thư"), max_length=500, editable=False)
    signed_at = models.DateTimeField(_("ký lúc"), null=True, editable=False)
    trusted_root = models.ForeignKey(
        "signatures.TrustedRoot",
        verbose_name=_("tổ chức chứng thực gốc"),
        on_delete=models.PROTECT,
        related_name="signed_copies",
        editable=False,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = AuditedManager()
    history = history()

    class Meta:
        verbose_name = _("bản đã ký số")
        verbose_name_plural = _("bản đã ký số")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return str(_("Bản ký số của %(report)s") % {"report": self.report})
