"""Writes to the cluster register: coordinators only, with a reason, history, and a version check."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from agencies import scoping
from config.audit import check_version, record_save

from .models import Cluster, ClusterReport

CLUSTER_FIELDS = {
    f.name
    for f in Cluster._meta.get_fields()
    if getattr(f, "editable", False) and f.concrete and f.name not in ("id", "version", "updated_at")
} | {"communes"}
REPORT_FIELDS = {
    f.name for f in ClusterReport._meta.get_fields() if getattr(f, "editable", False) and f.concrete and f.name != "id"
} - {"cluster", "created_at"}


def _require_coordinator(actor):
    if not scoping.can_edit_cluster(actor):
        raise PermissionDenied("Chỉ cán bộ điều phối của cơ quan đầu mối mới được sửa sổ đăng ký cụm công nghiệp.")


def _require_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Cần nêu lý do."]})
    return reason


def _check_fields(values, allowed):
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError({name: ["Trường này không sửa được ở đây."] for name in sorted(unknown)})


def _save(instance, *, actor, reason, m2m=None, created=False, exclude=None):
    instance.full_clean(exclude=exclude)
    try:
        with transaction.atomic():
            record_save(instance, actor=actor, reason=reason, m2m=m2m, created=created)
    except IntegrityError as exc:
        raise ValidationError({"__all__": ["Dữ liệu vi phạm ràng buộc của hệ thống; hãy kiểm tra lại."]}) from exc
    return instance


def cluster_create(*, actor, reason="Thêm cụm công nghiệp vào sổ đăng ký", **values):
    _require_coordinator(actor)
    _check_fields(values, CLUSTER_FIELDS)
    communes = list(values.pop("communes", []))
    cluster = Cluster(**values)
    with transaction.atomic():
        _save(cluster, actor=actor, reason=_require_reason(reason), m2m={"communes": communes}, created=True)
    return cluster


def cluster_update(*, actor, cluster, reason, version=None, **changes):
    """Edit a cluster record; ``version`` is the one the editor loaded (a stale one is refused)."""
    _require_coordinator(actor)
    _check_fields(changes, CLUSTER_FIELDS)
    reason = _require_reason(reason)
    m2m = {"communes": list(changes.pop("communes"))} if "communes" in changes else None
    with transaction.atomic():
        locked = Cluster.objects.select_for_update().get(pk=cluster.pk)
        check_version(locked, version)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.version += 1
        _save(locked, actor=actor, reason=reason, m2m=m2m)
    return locked


def cluster_report_save(*, actor, cluster, year, period, reason="Cập nhật báo cáo định kỳ", **values):
    """Create or replace a cluster's figures for one reporting period (Circular 14)."""
    _require_coordinator(actor)
    _check_fields(values, REPORT_FIELDS - {"year", "period"})
    reason = _require_reason(reason)
    with transaction.atomic():
        report = ClusterReport.objects.select_for_update().filter(cluster=cluster, year=year, period=period).first()
        created = report is None
        report = report or ClusterReport(cluster=cluster, year=year, period=period)
        for name, value in values.items():
            setattr(report, name, value)
        _save(report, actor=actor, reason=reason, created=created)
    return report
