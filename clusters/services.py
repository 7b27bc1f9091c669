"""Writes to the cluster register: coordinators only, with a reason, history, and a version check.

The error contract is ``core.services``'.
"""

from django.db import transaction

from agencies import scoping
from core.services import check_fields, lock, require_reason, save

from .models import Cluster, ClusterReport

CLUSTER_FIELDS = {
    f.name
    for f in Cluster._meta.get_fields()
    if getattr(f, "editable", False) and f.concrete and f.name not in ("id", "version", "updated_at")
} | {"communes"}
REPORT_FIELDS = {
    f.name for f in ClusterReport._meta.get_fields() if getattr(f, "editable", False) and f.concrete and f.name != "id"
} - {"cluster", "created_at"}


def cluster_create(*, actor, reason="Thêm cụm công nghiệp vào sổ đăng ký", **values):
    scoping.require(actor, "cluster.edit")
    check_fields(values, CLUSTER_FIELDS)
    communes = list(values.pop("communes", []))
    cluster = Cluster(**values)
    with transaction.atomic():
        save(cluster, actor=actor, reason=require_reason(reason), m2m={"communes": communes}, created=True)
    return cluster


def cluster_update(*, actor, cluster, reason, version=None, **changes):
    """Edit a cluster record; ``version`` is the one the editor loaded (a stale one is refused)."""
    scoping.require(actor, "cluster.edit", cluster)
    check_fields(changes, CLUSTER_FIELDS)
    reason = require_reason(reason)
    m2m = {"communes": list(changes.pop("communes"))} if "communes" in changes else None
    with transaction.atomic():
        locked = lock(Cluster, cluster.pk, version)
        for name, value in changes.items():
            setattr(locked, name, value)
        save(locked, actor=actor, reason=reason, m2m=m2m)
    return locked


def cluster_report_save(*, actor, cluster, year, period, reason="Cập nhật báo cáo định kỳ", **values):
    """Create or replace a cluster's figures for one reporting period (Circular 14)."""
    scoping.require(actor, "cluster.edit", cluster)
    check_fields(values, REPORT_FIELDS - {"year", "period"})
    reason = require_reason(reason)
    with transaction.atomic():
        report = ClusterReport.objects.select_for_update().filter(cluster=cluster, year=year, period=period).first()
        created = report is None
        report = report or ClusterReport(cluster=cluster, year=year, period=period)
        for name, value in values.items():
            setattr(report, name, value)
        save(report, actor=actor, reason=reason, created=created)
    return report


def _delete(instance, *, actor, reason):
    instance._history_user, instance._change_reason = actor, reason
    instance.delete()


def cluster_report_delete(*, actor, report, reason):
    """Remove a period's figures from the register (coordinators, with a reason)."""
    scoping.require(actor, "cluster.edit", report.cluster)
    reason = require_reason(reason)
    with transaction.atomic():
        _delete(lock(ClusterReport, report.pk), actor=actor, reason=reason)


def cluster_delete(*, actor, cluster, reason):
    """Remove a cluster from the register (coordinators, with a reason); its reports go with it, each leaving
    its own history record."""
    scoping.require(actor, "cluster.edit", cluster)
    reason = require_reason(reason)
    with transaction.atomic():
        cluster = lock(Cluster, cluster.pk)
        for report in cluster.reports.all():
            _delete(report, actor=actor, reason=reason)
        _delete(cluster, actor=actor, reason=reason)
