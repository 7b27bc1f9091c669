"""The audit log for coordinators: every change and every login across the system, filterable, exportable."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from agencies import scoping
from agencies.models import Agency, AuthEvent
from agencies.views import MemberRequiredMixin
from clusters.models import Cluster

from .. import exports
from ..forms import AuditFilterForm
from ..models import Task
from ..selectors import AUTH_KIND, AuditFilter, AuditLog

PAGE_SIZE = 50
# An export is a file for a meeting or an inquiry, not a backup: the newest rows, up to this many.
EXPORT_LIMIT = 20000
DETAIL_URLS = {Task: "tasks:task_detail", Cluster: "clusters:cluster_detail", Agency: "agencies:agency_detail"}


@dataclass
class AuditRow:
    """One line of the log, whether a history record or a login event."""

    at: datetime.datetime
    user_label: str
    kind: str
    kind_label: str
    object_label: str
    action: str
    reason: str = ""
    changes: list = field(default_factory=list)
    object_url: str = ""
    ip_address: str = ""


def _user_label(user, fallback=""):
    if user is None:
        return fallback or _("Hệ thống")
    return user.get_full_name() or user.get_username()


def audit_rows(entries):
    rows = []
    for entry in entries:
        if isinstance(entry, AuthEvent):
            rows.append(
                AuditRow(
                    at=entry.occurred_at,
                    user_label=_user_label(entry.user, entry.username),
                    kind=AUTH_KIND,
                    kind_label=_("Đăng nhập, đăng xuất"),
                    object_label=entry.username,
                    action=entry.get_kind_display(),
                    reason=entry.user_agent,
                    ip_address=entry.ip_address or "",
                )
            )
            continue
        url_name = DETAIL_URLS.get(entry.model)
        rows.append(
            AuditRow(
                at=entry.at,
                user_label=_user_label(entry.user),
                kind=entry.kind,
                kind_label=capfirst(str(entry.model_label)),
                object_label=entry.object_repr,
                action=str(entry.action_label),
                reason=entry.reason,
                changes=entry.changes,
                object_url=reverse(url_name, args=[entry.object_id]) if url_name and entry.action != "-" else "",
            )
        )
    return rows


class AuditLogMixin(MemberRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.can_view_audit_log(request.user):
            raise PermissionDenied(_("Nhật ký hệ thống chỉ dành cho cán bộ điều phối của Sở Công Thương."))
        return super().dispatch(request, *args, **kwargs)

    def get_filters(self):
        form = AuditFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else getattr(form, "cleaned_data", {})
        filters = AuditFilter(
            user=data.get("user"),
            agency=data.get("agency"),
            kind=data.get("kind") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
        return form, filters


class AuditLogView(AuditLogMixin, TemplateView):
    template_name = "tasks/audit_log.html"

    def get_context_data(self, **kwargs):
        form, filters = self.get_filters()
        page = Paginator(AuditLog(filters), PAGE_SIZE).get_page(self.request.GET.get("page"))
        export_query = self.request.GET.copy()
        export_query.pop("page", None)
        return super().get_context_data(
            form=form,
            page_obj=page,
            rows=audit_rows(page.object_list),
            export_query=export_query.urlencode(),
            export_limit=EXPORT_LIMIT,
            **kwargs,
        )


class AuditLogExportView(AuditLogMixin, View):
    format = "xlsx"

    def get(self, request):
        _form, filters = self.get_filters()
        rows = audit_rows(AuditLog(filters)[0:EXPORT_LIMIT])
        return exports.audit_xlsx(rows) if self.format == "xlsx" else exports.audit_csv(rows)
