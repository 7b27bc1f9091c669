"""Reading the story of a task or a cluster: deadline history, timeline, and the system-wide audit log."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import CharField, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AuthEvent, Membership, Responsibility
from clusters.models import Cluster, ClusterReport
from config.history import entries_for

from .models import ExtensionRequest, FollowUpLetter, Plan, ProgressReport, Target, Task, TaskGroup

# Every audited model, in the order the audit log offers them as "kind of object".
AUDITED_MODELS = [Task, ExtensionRequest, ProgressReport, Cluster, ClusterReport, Agency, Responsibility, Membership]
AUDITED_MODELS += [Plan, TaskGroup, Target]
AUDIT_KINDS = {m._meta.label_lower: m for m in AUDITED_MODELS}
AUTH_KIND = "auth"


@dataclass
class DeadlineChange:
    """One line of a task's deadline history: the original deadline, or a move of it."""

    at: datetime.datetime
    old: datetime.date | None
    new: datetime.date | None
    is_original: bool = False
    requested_by: object = None
    requested_at: datetime.datetime | None = None
    approved_by: object = None
    reason: str = ""
    decision_note: str = ""
    document: str = ""
    letter: str = ""
    extension_id: int | None = None


def deadline_history(task):
    """The original deadline, then each change: old → new, who asked, who approved, the documents, when.

    Built from the task's own history (so a change from any path shows), matched to the approved
    extension request behind it. Three queries.
    """
    records = list(
        task.history.select_related("history_user")
        .order_by("history_date", "history_id")
        .only("history_id", "history_date", "history_user", "due_date", "original_due_date", "history_change_reason")
    )
    approved = {
        (e.previous_due_date, e.proposed_due_date): e
        for e in task.extension_requests.filter(status=ExtensionRequest.Status.APPROVED).select_related(
            "requested_by", "decided_by"
        )
    }
    changes = []
    previous_due = None
    for index, record in enumerate(records):
        if index == 0:
            changes.append(
                DeadlineChange(
                    at=record.history_date,
                    old=None,
                    new=record.original_due_date or record.due_date,
                    is_original=True,
                    approved_by=record.history_user,
                    reason=record.history_change_reason or "",
                )
            )
            previous_due = record.due_date
            continue
        if record.due_date == previous_due:
            continue
        extension = approved.get((previous_due, record.due_date))
        changes.append(
            DeadlineChange(
                at=record.history_date,
                old=previous_due,
                new=record.due_date,
                requested_by=extension.requested_by if extension else None,
                requested_at=extension.requested_at if extension else None,
                approved_by=extension.decided_by if extension else record.history_user,
                reason=extension.reason if extension else (record.history_change_reason or ""),
                decision_note=extension.decision_note if extension else "",
                document=extension.decision_document if extension else "",
                letter=_letter(extension) if extension else "",
                extension_id=extension.pk if extension else None,
            )
        )
        previous_due = record.due_date
    return changes


def _letter(extension):
    if not extension.letter_number:
        return ""
    if extension.letter_date:
        return f"{extension.letter_number} ngày {extension.letter_date:%d/%m/%Y}"
    return extension.letter_number


@dataclass
class TimelineEvent:
    """One moment in the life of a task or cluster, newest first in the timeline."""

    at: datetime.datetime
    kind: str  # change | progress | extension_request | extension_decision | letter | report
    title: str
    user: object = None
    reason: str = ""
    changes: list = field(default_factory=list)
    text: str = ""
    attachments: list = field(default_factory=list)
    obj: object = None

    @property
    def kind_label(self):
        return TIMELINE_KIND_LABELS.get(self.kind, self.kind)


TIMELINE_KIND_LABELS = {
    "change": _("Thay đổi"),
    "progress": _("Báo cáo tiến độ"),
    "extension_request": _("Đề nghị gia hạn"),
    "extension_decision": _("Xử lý gia hạn"),
    "letter": _("Công văn đôn đốc"),
    "report": _("Báo cáo định kỳ"),
}


def task_timeline(task):
    """Field changes (old → new, Vietnamese labels), progress reports, extension requests and decisions,
    and follow-up letters, merged newest first. A fixed number of queries."""
    events = _change_events(Task, task.history.order_by("-history_date", "-history_id"))
    for report in task.progress_reports.select_related("agency", "author").prefetch_related("attachments"):
        events.append(
            TimelineEvent(
                at=report.created_at,
                kind="progress",
                title=f"{report.agency}: {report.progress_percent}% (ngày {report.reported_on:%d/%m/%Y})",
                user=report.author,
                text=report.text,
                attachments=list(report.attachments.all()),
                obj=report,
            )
        )
    extensions = task.extension_requests.select_related("requested_by", "decided_by").prefetch_related("attachments")
    for extension in extensions:
        events.append(
            TimelineEvent(
                at=extension.requested_at,
                kind="extension_request",
                title=f"Đề nghị gia hạn {extension.previous_due_date:%d/%m/%Y} → {extension.proposed_due_date:%d/%m/%Y}",
                user=extension.requested_by,
                reason=extension.reason,
                text=_letter(extension),
                attachments=list(extension.attachments.all()),
                obj=extension,
            )
        )
        if extension.decided_at:
            events.append(
                TimelineEvent(
                    at=extension.decided_at,
                    kind="extension_decision",
                    title=f"{extension.get_status_display()} đề nghị gia hạn đến {extension.proposed_due_date:%d/%m/%Y}",
                    user=extension.decided_by,
                    reason=extension.decision_note,
                    text=extension.decision_document,
                    obj=extension,
                )
            )
    for letter in FollowUpLetter.objects.filter(tasks=task).select_related("agency", "created_by"):
        events.append(
            TimelineEvent(
                at=letter.created_at,
                kind="letter",
                title=f"Lập công văn đôn đốc gửi {letter.agency}" + (f" số {letter.number}" if letter.number else ""),
                user=letter.created_by,
                obj=letter,
            )
        )
    events.sort(key=lambda e: e.at, reverse=True)
    return events


def cluster_timeline(cluster):
    """The register record's changes and its periodic reports, newest first."""
    events = _change_events(Cluster, cluster.history.order_by("-history_date", "-history_id"))
    reports = ClusterReport.history.model.objects.filter(cluster_id=cluster.pk).order_by("-history_date")
    events += _change_events(ClusterReport, reports, kind="report")
    events.sort(key=lambda e: e.at, reverse=True)
    return events


def _change_events(model, records, kind="change"):
    """History records as timeline events; an update that changed nothing shown is left out."""
    return [
        TimelineEvent(
            at=entry.at,
            kind=kind,
            title=str(entry.action_label) if kind == "change" else f"{entry.action_label}: {entry.object_repr}",
            user=entry.user,
            reason=entry.reason,
            changes=entry.changes,
        )
        for entry in entries_for(model, records)
        if entry.changes or entry.action != "~"
    ]


# --- the audit log ---------------------------------------------------------------------------------


@dataclass
class AuditFilter:
    user: object = None
    agency: object = None
    kind: str = ""  # a key of AUDIT_KINDS, or AUTH_KIND
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _audit_sources(filters):
    """One values() queryset per source (each audited history table, and the login records)."""
    users = None
    if filters.agency is not None:
        users = get_user_model().objects.filter(memberships__agency=filters.agency).values("pk")
    sources = []
    kinds = [filters.kind] if filters.kind else [*AUDIT_KINDS, AUTH_KIND]
    for kind in kinds:
        if kind == AUTH_KIND:
            qs, date_field, user_field, id_field = AuthEvent.objects.all(), "occurred_at", "user", "pk"
        elif kind in AUDIT_KINDS:
            qs, date_field = AUDIT_KINDS[kind].history.model.objects.all(), "history_date"
            user_field, id_field = "history_user", "history_id"
        else:
            continue
        if filters.user is not None:
            qs = qs.filter(**{user_field: filters.user})
        if users is not None:
            qs = qs.filter(**{f"{user_field}__in": users})
        if filters.date_from:
            qs = qs.filter(**{f"{date_field}__gte": _day_start(filters.date_from)})
        if filters.date_to:
            qs = qs.filter(**{f"{date_field}__lt": _day_start(filters.date_to + datetime.timedelta(days=1))})
        sources.append(
            qs.order_by()
            .annotate(audit_kind=Value(kind, output_field=CharField()))
            .values_list(id_field, date_field, "audit_kind")
        )
    return sources


class AuditLog:
    """The audit log as a sliceable sequence (for Django's Paginator): newest first, across all sources.

    One UNION query finds the page's rows; then each kind on the page is read and diffed in a fixed
    number of queries. ``len()`` is one more query.
    """

    def __init__(self, filters=None):
        self.filters = filters or AuditFilter()
        sources = _audit_sources(self.filters)
        self._union = (
            sources[0].union(*sources[1:], all=True) if len(sources) > 1 else (sources[0] if sources else None)
        )

    def count(self):
        return self._union.count() if self._union is not None else 0

    __len__ = count

    def __getitem__(self, index):
        if self._union is None:
            return []
        if isinstance(index, slice):
            rows = list(self._union.order_by("-history_date" if self._first_date_field() else "-occurred_at")[index])
            return self._materialise(rows)
        return self[index : index + 1][0]

    def _first_date_field(self):
        kind = self.filters.kind
        return not kind or kind != AUTH_KIND

    def _materialise(self, rows):
        by_kind = {}
        for object_id, _at, kind in rows:
            by_kind.setdefault(kind, []).append(object_id)
        found = {}
        for kind, ids in by_kind.items():
            if kind == AUTH_KIND:
                for event in AuthEvent.objects.filter(pk__in=ids).select_related("user"):
                    found[(kind, event.pk)] = event
            else:
                model = AUDIT_KINDS[kind]
                for entry in entries_for(model, model.history.model.objects.filter(history_id__in=ids)):
                    found[(kind, entry.history_id)] = entry
        return [found[(kind, object_id)] for object_id, _at, kind in rows if (kind, object_id) in found]
