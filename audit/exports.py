"""The audit log as Excel (.xlsx) and CSV."""

from django.utils.translation import gettext_lazy as _

from core.exports import Column, csv_response, export_filename, xlsx_response

AUDIT_COLUMNS = [
    Column(_("Thời điểm"), 18, "datetime"),
    Column(_("Người thực hiện"), 24),
    Column(_("Loại đối tượng"), 20),
    Column(_("Đối tượng"), 40),
    Column(_("Hành động"), 16),
    Column(_("Nội dung thay đổi"), 60),
    Column(_("Lý do"), 40),
    Column(_("Địa chỉ IP"), 16),
]


def export_rows(rows):
    """``rows`` are ``audit.rows.AuditRow`` objects."""
    for row in rows:
        yield [
            row.at,
            row.user_label,
            str(row.kind_label),
            row.object_label,
            row.action_label,
            "\n".join(f"{c.label}: {c.old} → {c.new}" for c in row.changes),
            row.reason,
            row.ip_address or "",
        ]


def audit_xlsx(rows):
    return xlsx_response(AUDIT_COLUMNS, export_rows(rows), export_filename("nhat-ky", "xlsx"), _("Nhật ký"))


def audit_csv(rows):
    return csv_response(AUDIT_COLUMNS, export_rows(rows), export_filename("nhat-ky", "csv"))
