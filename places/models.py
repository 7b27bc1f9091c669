"""The administrative units after the 2025 reform: provinces and their communes and wards.

Reference data at the bottom of the apps: agencies, clusters and reports point here, and this app points at
nothing of the project but ``core``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.pages import choice_labels
from core.search import Searchable, Vietnamese


class Province(models.Model):
    """A province-level unit (Bắc Ninh is 24)."""

    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=100)

    class Meta:
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Commune(Searchable):
    """A commune (xã), ward (phường) or special zone (đặc khu) after the 2025 reform, with its official unit code,
    and whether it is a mountain area (Decree 32/2024/NĐ-CP lets its clusters be smaller: ``clusters.decree32``)."""

    SEARCH_FIELDS = ("code", "name")
    # What ``__str__`` reads: a list or a select naming many communes loads only these (``only(*NAME_FIELDS)``).
    NAME_FIELDS = ("id", "kind", "name")

    class Kind(models.TextChoices):
        WARD = "ward", _("Phường")
        COMMUNE = "commune", _("Xã")
        SPECIAL_ZONE = "special_zone", _("Đặc khu")

    province = models.ForeignKey(
        "places.Province", verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT, related_name="communes"
    )
    code = models.CharField(_("mã đơn vị"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    # Which communes are mountain areas is not in the national list: the reference data loads the province's
    # default (``places/data/provinces-2025.csv``) and the Department corrects each commune in the admin.
    is_mountain = models.BooleanField(
        _("thuộc địa bàn miền núi"),
        default=False,
        help_text=_("Cụm công nghiệp trên địa bàn miền núi được có diện tích từ 5 ha (Nghị định 32/2024/NĐ-CP)."),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("xã, phường")
        verbose_name_plural = _("xã, phường")
        ordering = [Vietnamese("name"), "code"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        # The label from the kinds' labels as text (once per language), not get_kind_display(), which rebuilds a
        # dict of the choices at every call: a select of communes names each of them.
        return f"{choice_labels(Commune.Kind).get(self.kind, self.kind)} {self.name}"
