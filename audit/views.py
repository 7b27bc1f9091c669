"""The audit log for coordinators: every change and every login across the system, filterable, exportable."""

from django.contrib.auth import get_user_model
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import PermissionRequiredMixin
from core.forms import UserChoiceField, present_filter_form
from core.lookups import lookup_response
from core.search import people_order

from . import exports
from .filtersets import AuditLogFilterSet
from .rows import audit_rows, each_audit_row
from .selectors import AuditLog, Cursor

PAGE_SIZE = 50
# An export is a file for a meeting or an inquiry, not a backup: the newest rows, up to this many.
EXPORT_LIMIT = 20000


class AuditLogMixin(PermissionRequiredMixin):
    permission = "audit.view"

    def get_filterset(self):
        filterset = AuditLogFilterSet(self.request.GET or None)
        present_filter_form(filterset.form)
        if filterset.is_bound:
            filterset.is_valid()  # records field errors; invalid fields are left out of the filtering
        return filterset


class AuditLogView(AuditLogMixin, TemplateView):
    template_name = "audit/audit_log.html"

    def get_context_data(self, **kwargs):
        filterset = self.get_filterset()
        # Paged by keyset ("Mới hơn / Cũ hơn"), never by page number: no count, no sort of the whole log.
        page = AuditLog(filterset.audit_filter()).page(
            PAGE_SIZE,
            before=Cursor.parse(self.request.GET.get("before")),
            after=Cursor.parse(self.request.GET.get("after")),
        )
        export_query = self.request.GET.copy()
        for parameter in ("page", "before", "after"):
            export_query.pop(parameter, None)
        return super().get_context_data(
            filter=filterset,
            form=filterset.form,
            newer=str(page.newer or ""),
            older=str(page.older or ""),
            rows=audit_rows(page.entries),
            export_query=export_query.urlencode(),
            export_limit=EXPORT_LIMIT,
            **kwargs,
        )


class AuditLogExportView(AuditLogMixin, View):
    format = "xlsx"

    def get(self, request):
        filterset = self.get_filterset()
        rows = each_audit_row(AuditLog(filterset.audit_filter()).iterate(EXPORT_LIMIT))
        return exports.audit_xlsx(rows) if self.format == "xlsx" else exports.audit_csv(rows)


class UserLookupView(PermissionRequiredMixin, View):
    """The people the audit log's "Người thực hiện" filter offers (``core.lookups``): coordinators only, as
    the log; named as on the filter, in Vietnamese order."""

    permission = "audit.view"

    def get(self, request):
        users = get_user_model().objects.order_by(*people_order())
        label = UserChoiceField(queryset=users).label_from_instance
        return lookup_response(request, users, label)
