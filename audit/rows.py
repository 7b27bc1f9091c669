"""One line of the audit log, built once for the page, its exports and the API."""

import datetime
from dataclasses import dataclass, field

from django.urls import NoReverseMatch
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import AuthEvent
from core.api import ACTION_CODES
from core.figures import record_path
from core.pages import choice_labels
from core.text import display_name

from .selectors import AUTH_KIND

AUTH_KIND_LABEL = gettext_lazy("Tài khoản, đăng nhập, đăng xuất")
# The page of a record, for the models that have one.
DETAIL_URLS = {
    "tasks.task": "tasks:task_detail",
    "clusters.cluster": "clusters:cluster_detail",
    "agencies.agency": "workspace:agency_detail",
}


@dataclass
class AuditRow:
    """A history record or a login event, as every door shows it."""

    id: int
    at: datetime.datetime
    user: object
    kind: str
    kind_label: str
    object_id: int | None
    object_label: str
    action: str  # created, updated, deleted, login, login_failed, logout
    action_label: str
    reason: str = ""
    changes: list = field(default_factory=list)
    object_url: str = ""
    ip_address: str | None = None
    user_agent: str = ""

    @property
    def user_label(self):
        if self.kind == AUTH_KIND:  # a failed login may name no known user: show the name that was typed
            return display_name(self.user, default=self.object_label)
        return display_name(self.user, default=_("Hệ thống"))


def _detail_url(kind, object_id):
    name = DETAIL_URLS.get(kind)
    if name is None or object_id is None:
        return ""
    try:
        return record_path(name, object_id)  # a page links some 50 records: their path reversed once
    except NoReverseMatch:
        return ""


def _label(choices, value):
    """The label of ``value`` among ``choices`` (a TextChoices), else the value (``core.pages.choice_labels``)."""
    return choice_labels(choices).get(value, value)


def audit_row(entry):
    """An ``AuditRow`` from a ``core.history.HistoryEntry`` or an ``accounts.models.AuthEvent``."""
    if isinstance(entry, AuthEvent):
        return AuditRow(
            id=entry.pk,
            at=entry.occurred_at,
            user=entry.user,
            kind=AUTH_KIND,
            kind_label=str(AUTH_KIND_LABEL),
            object_id=entry.user_id,
            object_label=entry.username,
            action=entry.kind,
            action_label=_label(AuthEvent.Kind, entry.kind),
            reason=_auth_event_reason(entry),
            ip_address=entry.ip_address,
            user_agent=entry.user_agent,
        )
    return AuditRow(
        id=entry.history_id,
        at=entry.at,
        user=entry.user,
        kind=entry.kind,
        kind_label=capfirst(str(entry.model_label)),
        object_id=entry.object_id,
        object_label=entry.object_repr,
        action=ACTION_CODES.get(entry.action, entry.action),
        action_label=str(entry.action_label),
        reason=entry.reason,
        changes=entry.changes,
        object_url="" if entry.action == "-" else _detail_url(entry.kind, entry.object_id),
    )


def _auth_event_reason(event):
    """Why a person's credentials were ended, or why their account changed (the words of whoever did it), and by
    whom when not by themself ("Đặt lại mật khẩu — root", "Nghỉ hưu — alice", "Người thực hiện: alice")."""
    text = "; ".join(
        part for part in (_label(AuthEvent.EndReason, event.reason) if event.reason else "", event.note) if part
    )
    if event.actor_id is not None and event.actor_id != event.user_id:
        by = event.actor.get_username()
        return f"{text} — {by}" if text else _("Người thực hiện: %(name)s") % {"name": by}
    return text


def audit_rows(entries):
    return [audit_row(entry) for entry in entries]


def each_audit_row(entries):
    """The rows of ``entries`` as they come (an export reads the log a chunk at a time)."""
    return (audit_row(entry) for entry in entries)
