"""Writes to the cluster register: coordinators only, with a reason, history, and a version check.

The error contract is ``core.services``'.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies import scoping
from core.services import check_fields, invalid, lock, require_reason, save
from core.uploads import validate_upload
from department.letterhead import default_issuing_body

from . import register
from .models import Cluster, ClusterDecision, ClusterReport

CLUSTER_FIELDS = {
    f.name
    for f in Cluster._meta.get_fields()
    if getattr(f, "editable", False) and f.concrete and f.name not in ("id", "version", "updated_at")
} | {"communes"}
# The documents a cluster record keeps: which file field, and the fields with its original name and type.
CLUSTER_DOCUMENTS = {
    "infrastructure_acceptance": "infrastructure_acceptance_file",
    "wastewater_evidence": "wastewater_evidence_file",
}
DECISION_FIELDS = {"kind", "number", "date", "issuing_body", "area_before_ha", "area_after_ha", "notes"}
REPORT_FIELDS = {
    f.name for f in ClusterReport._meta.get_fields() if getattr(f, "editable", False) and f.concrete and f.name != "id"
} - {"cluster", "created_at"}


def _settle_stage(cluster, asked=None):
    """Write to ``status`` the stage the dated facts give (``clusters.register``): only the stages before the
    establishment decision are chosen by hand; asking for another one than the facts give is refused, naming why."""
    stage = register.state_for(cluster).stage
    if asked and asked != stage and not (asked in Cluster.RECORDED_STATUSES and stage in Cluster.RECORDED_STATUSES):
        invalid(
            "status",
            _(
                "Tình trạng “%(asked)s” không khớp với các quyết định và mốc ngày đã ghi, theo đó cụm đang ở "
                "“%(stage)s”. Ghi quyết định hoặc ngày tương ứng (thành lập, phê duyệt quy hoạch, dự án, khởi công, "
                "nghiệm thu hạ tầng, bắt đầu hoạt động) để tình trạng tự cập nhật."
            )
            % {"asked": Cluster.Status(asked).label, "stage": Cluster.Status(stage).label},
        )
    cluster.status = stage


def cluster_create(*, actor, reason=None, **values):
    scoping.require(actor, "cluster.edit")
    check_fields(values, CLUSTER_FIELDS)
    communes = list(values.pop("communes", []))
    cluster = Cluster(**values)
    _settle_stage(cluster, values.get("status"))
    with transaction.atomic():
        reason = require_reason(reason or _("Thêm cụm công nghiệp vào sổ đăng ký"))
        save(cluster, actor=actor, reason=reason, m2m={"communes": communes}, created=True)
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
        _settle_stage(locked, changes.get("status"))
        save(locked, actor=actor, reason=reason, m2m=m2m)
    return locked


def cluster_report_save(*, actor, cluster, year, period, reason=None, **values):
    """Create or replace a cluster's figures for one reporting period (Circular 14)."""
    scoping.require(actor, "cluster.edit", cluster)
    check_fields(values, REPORT_FIELDS - {"year", "period"})
    reason = require_reason(reason or _("Cập nhật báo cáo định kỳ"))
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
    """Remove a cluster from the register (coordinators, with a reason); its reports and decisions go with it,
    each leaving its own history record."""
    scoping.require(actor, "cluster.edit", cluster)
    reason = require_reason(reason)
    with transaction.atomic():
        cluster = lock(Cluster, cluster.pk)
        for record in [*cluster.reports.all(), *cluster.decisions.all()]:
            _delete(record, actor=actor, reason=reason)
        _delete(cluster, actor=actor, reason=reason)


def _attach_document(decision, document):
    """Keep ``document`` (an upload, checked by content) as the decision's file under a random name."""
    try:
        name, content_type = validate_upload(document)
    except ValidationError as exc:
        invalid("document", exc.messages[0])
    decision.document.save(name, document, save=False)
    decision.document_name, decision.document_type = name, content_type


def _apply_decision(cluster, decision, *, actor, reason):
    """What a decision changes on the cluster record, in the same transaction and with the same reason: the area
    it decides, and the stage the decisions now give (``clusters.register``), with the decision behind it. The
    establishment date itself is never copied: it is read from the decisions."""
    cluster = lock(Cluster, cluster.pk)
    changes = {}
    if decision.area_after_ha is not None and decision.date <= register.local_today():
        latest = (
            ClusterDecision.objects.filter(
                cluster=cluster, area_after_ha__isnull=False, date__lte=register.local_today()
            )
            .order_by("-date", "-pk")
            .first()
        )
        if latest is not None:
            changes["total_area_ha"] = latest.area_after_ha
    original = {name: getattr(cluster, name) for name in ("total_area_ha", "status")}
    for name, value in changes.items():
        setattr(cluster, name, value)
    _settle_stage(cluster)
    if cluster.status != original["status"]:
        changes.update(
            status=cluster.status,
            status_decision=_("Quyết định số %(number)s") % {"number": decision.number},
            status_decision_date=decision.date,
        )
    if "total_area_ha" in changes and changes["total_area_ha"] == original["total_area_ha"]:
        del changes["total_area_ha"]
    if not changes:
        return
    for name, value in changes.items():
        setattr(cluster, name, value)
    save(cluster, actor=actor, reason=reason)


def _check_decision(cluster, decision):
    if (
        decision.kind == ClusterDecision.Kind.ESTABLISH
        and ClusterDecision.objects.filter(cluster=cluster, kind=ClusterDecision.Kind.ESTABLISH)
        .exclude(pk=decision.pk)
        .exists()
    ):
        invalid("kind", _("Cụm đã có quyết định thành lập; quyết định sau là mở rộng hoặc điều chỉnh."))


def cluster_decision_create(*, actor, cluster, reason, document=None, **values):
    """Record a decision about ``cluster`` (with its document, if given) and apply it to the cluster record."""
    scoping.require(actor, "cluster.edit", cluster)
    check_fields(values, DECISION_FIELDS)
    reason = require_reason(reason)
    if not values.get("issuing_body"):
        values["issuing_body"] = default_issuing_body()
    decision = ClusterDecision(cluster=cluster, **values)
    with transaction.atomic():
        _check_decision(cluster, decision)
        if document:
            _attach_document(decision, document)
        save(decision, actor=actor, reason=reason, created=True)
        _apply_decision(cluster, decision, actor=actor, reason=reason)
    return decision


def cluster_decision_update(*, actor, decision, reason, version=None, document=None, **changes):
    """Correct a recorded decision; ``version`` is the one the editor loaded (a stale one is refused)."""
    scoping.require(actor, "cluster.edit", decision.cluster)
    check_fields(changes, DECISION_FIELDS)
    reason = require_reason(reason)
    with transaction.atomic():
        locked = lock(ClusterDecision, decision.pk, version, select_related=("cluster",))
        for name, value in changes.items():
            setattr(locked, name, value)
        _check_decision(locked.cluster, locked)
        if document:
            _attach_document(locked, document)
        save(locked, actor=actor, reason=reason)
        _apply_decision(locked.cluster, locked, actor=actor, reason=reason)
    return locked


def cluster_document_attach(*, actor, cluster, document, upload, reason, version=None):
    """Keep ``upload`` as one of the cluster's documents (``CLUSTER_DOCUMENTS``: the infrastructure acceptance,
    the wastewater plant's evidence of compliance), replacing the one before, with history."""
    scoping.require(actor, "cluster.edit", cluster)
    if document not in CLUSTER_DOCUMENTS:
        invalid("document", _("Không có loại văn bản này."))
    reason = require_reason(reason)
    try:
        name, content_type = validate_upload(upload)
    except ValidationError as exc:
        invalid("upload", exc.messages[0])
    field = CLUSTER_DOCUMENTS[document]
    with transaction.atomic():
        locked = lock(Cluster, cluster.pk, version)
        getattr(locked, field).save(name, upload, save=False)
        setattr(locked, f"{field}_name", name)
        setattr(locked, f"{field}_type", content_type)
        save(locked, actor=actor, reason=reason)
    return locked
