"""The national exports the provinces send the Ministry (format ``ccn-national-export``, ``reporting.export``): each
one kept as received, with what the roll-up reads from it (the province, the period, its issued Biểu 04)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusters.periods import PeriodKind
from core.audit import AuditedManager, history


def export_path(instance, filename):
    return f"national-exports/{instance.year}-{instance.period_kind}/{instance.province_code}-{filename}"


class ProvinceExport(models.Model):
    """One province's national export of one period, as received. The roll-up counts, per province and period,
    the one with the latest issued Biểu 04 (``national.selectors.latest``); the others stay as history."""

    province = models.ForeignKey(
        "places.Province", verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT, related_name="national_exports"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    period_kind = models.CharField(_("kỳ báo cáo"), max_length=16, choices=PeriodKind.choices)
    period_label = models.CharField(_("tên kỳ"), max_length=100)
    bieu04_number = models.CharField(_("số Biểu 04"), max_length=100)
    issued_on = models.DateField(_("ngày ban hành Biểu 04"))
    signer = models.CharField(_("người ký"), max_length=255, blank=True)
    generated_at = models.DateTimeField(_("thời điểm xuất tệp"))
    figures = models.JSONField(
        _("số liệu Biểu 04"), help_text=_("Các dòng của Biểu 04 đã ban hành: khóa, số thứ tự, tên, đơn vị, giá trị.")
    )
    file = models.FileField(_("tệp"), upload_to=export_path, max_length=255)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.PROTECT,
        related_name="national_exports_received",
        null=True,
        blank=True,
    )

    objects = AuditedManager()
    history = history()

    class Meta:
        verbose_name = _("tệp xuất CSDL quốc gia của tỉnh")
        verbose_name_plural = _("tệp xuất CSDL quốc gia của tỉnh")
        ordering = ["year", "period_kind", "province__code", "-issued_on", "-generated_at", "-pk"]
        indexes = [models.Index(fields=["year", "period_kind"], name="national_export_period")]

    def __str__(self):
        return f"{self.province} — {self.period_label} (Biểu 04 số {self.bieu04_number}, {self.issued_on:%d/%m/%Y})"

    @property
    def province_code(self):
        return self.province.code

    @property
    def recency(self):
        """What "newer" means between two exports of a province and period: the later issued Biểu 04, then the
        later export of it (a corrected Biểu 04 keeps its date but is exported again), then the later received."""
        return (self.issued_on, self.generated_at, self.pk or 0)
