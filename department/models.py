"""The Department this installation serves, as data: the names its documents, pages and emails print (the
governing body above it, its own name, the short name in a document's số/ký hiệu, the place in the date line,
the title of its head) and the people who may sign for it.

Decree 30/2020/NĐ-CP (Appendix I) lays a document's header out as the governing body (cơ quan chủ quản) over the
issuing body, and closes it with the signer's capacity (KT., TL., TUQ., Q.), title and name. None of it is code:
the Department edits these rows, and ``department.letterhead`` is the one place that reads them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedManager, history


class Department(models.Model):
    """The one Department of this installation (one row): who it is, under whom, and where."""

    province = models.OneToOneField(
        "places.Province", verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT, related_name="department"
    )
    governing_body = models.CharField(
        _("cơ quan chủ quản"),
        max_length=255,
        help_text=_("In ở dòng đầu tiêu đề văn bản, ví dụ: “UBND TỈNH BẮC NINH”."),
    )
    governing_body_name = models.CharField(
        _("tên đầy đủ cơ quan chủ quản"),
        max_length=255,
        help_text=_("Dùng khi gửi văn bản lên, ví dụ: “Ủy ban nhân dân tỉnh Bắc Ninh”."),
    )
    header_name = models.CharField(
        _("tên cơ quan ban hành (in trên tiêu đề)"),
        max_length=255,
        help_text=_("In đậm dưới cơ quan chủ quản, ví dụ: “SỞ CÔNG THƯƠNG”."),
    )
    name = models.CharField(
        _("tên cơ quan"),
        max_length=255,
        help_text=_("Tên dùng trong trang, thư điện tử và lời văn, ví dụ: “Sở Công Thương tỉnh Bắc Ninh”."),
    )
    short_name = models.CharField(
        _("chữ viết tắt trong ký hiệu văn bản"),
        max_length=32,
        help_text=_("Phần sau dấu gạch ngang của số, ký hiệu, ví dụ: “SCT” trong “15/BC-SCT”."),
    )
    place_name = models.CharField(
        _("địa danh"),
        max_length=100,
        help_text=_("Địa danh ở dòng ngày tháng, ví dụ: “Bắc Ninh” trong “Bắc Ninh, ngày 05 tháng 02 năm 2026”."),
    )
    head_title = models.CharField(
        _("chức danh người đứng đầu"),
        max_length=100,
        default="Giám đốc",
        help_text=_("Ví dụ: “Giám đốc”. Dùng để viết “KT. GIÁM ĐỐC”, “TL. GIÁM ĐỐC”…"),
    )
    # Where users ask for help and report a problem (the help and accessibility pages).
    contact_unit = models.CharField(
        _("đơn vị hỗ trợ người dùng"), max_length=255, blank=True, help_text=_("Ví dụ: “Phòng Quản lý Công nghiệp”.")
    )
    contact_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    contact_phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    contact_email = models.EmailField(_("thư điện tử"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = AuditedManager()
    history = history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("thông tin Sở")
        verbose_name_plural = _("thông tin Sở")

    def __str__(self):
        return self.name


class Signatory(models.Model):
    """A person who may sign the Department's documents, with the title printed under the capacity."""

    department = models.ForeignKey(
        Department, verbose_name=_("Sở"), on_delete=models.CASCADE, related_name="signatories"
    )
    full_name = models.CharField(_("họ và tên"), max_length=255)
    title = models.CharField(_("chức vụ"), max_length=100, help_text=_("Ví dụ: “Giám đốc”, “Phó Giám đốc”."))
    is_active = models.BooleanField(_("còn ký văn bản"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = AuditedManager()
    history = history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("người ký văn bản")
        verbose_name_plural = _("người ký văn bản")
        ordering = ["order", "full_name", "pk"]

    def __str__(self):
        return f"{self.full_name} — {self.title}"


class Capacity(models.TextChoices):
    """How the signer signs (Decree 30, Appendix I, part II): for the head, in the head's place, by the head's
    order, by the head's delegation, or as acting head."""

    HEAD = "head", _("Người đứng đầu ký")
    ON_BEHALF = "kt", _("Ký thay (KT.)")
    BY_ORDER = "tl", _("Thừa lệnh (TL.)")
    BY_DELEGATION = "tuq", _("Thừa ủy quyền (TUQ.)")
    ACTING = "q", _("Quyền (Q.)")
