"""The task FilterSet: one class for the task list page, its exports, and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from clusters.models import Cluster
from core.filters import FilterSet, NeverOldest, OrderingFilter
from core.search import listed_order, search
from core.widgets import LookupSelect

from . import tally
from .models import DeadlineStatus, Plan, Task, TaskGroup


class TaskFilterSet(FilterSet):
    """Filters the (deadline-status annotated) task queryset. Unknown ids are a field error, not a crash."""

    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_text")
    plan = django_filters.ModelChoiceFilter(label=_("Kế hoạch"), field_name="group__plan", queryset=Plan.objects.all())
    group = django_filters.ModelChoiceFilter(label=_("Nhóm nhiệm vụ"), queryset=TaskGroup.objects.all())
    # Clusters and agencies are searched as one types (core.widgets): the form renders the chosen one only,
    # and an id in the URL is still checked against every record.
    lead_agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan chủ trì"), queryset=Agency.objects.all(), widget=LookupSelect("lookup:agencies")
    )
    supporting_agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan phối hợp"),
        field_name="supporting_agencies",
        queryset=Agency.objects.all(),
        distinct=True,
        widget=LookupSelect("lookup:agencies"),
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan (chủ trì hoặc phối hợp)"),
        queryset=Agency.objects.all(),
        method="filter_agency",
        widget=LookupSelect("lookup:agencies"),
    )
    cluster = django_filters.ModelChoiceFilter(
        label=_("Cụm công nghiệp"),
        field_name="clusters",
        queryset=Cluster.objects.all(),
        distinct=True,
        widget=LookupSelect("lookup:clusters"),
    )
    status = django_filters.MultipleChoiceFilter(label=_("Trạng thái"), choices=Task.Status.choices)
    deadline_status = django_filters.MultipleChoiceFilter(
        label=_("Tình trạng thời hạn"), choices=DeadlineStatus.choices, method="filter_deadline_status"
    )
    not_updated = django_filters.BooleanFilter(
        label=_("Chưa cập nhật tiến độ"), method="filter_not_updated", widget=django_filters.widgets.BooleanWidget()
    )
    due_after = django_filters.DateFilter(label=_("Thời hạn từ ngày"), field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(label=_("Thời hạn đến ngày"), field_name="due_date", lookup_expr="lte")
    ordering = OrderingFilter(
        label=_("Sắp xếp"),
        # A task never reported on reads as reported longest ago: first when the oldest reports come first.
        expressions={
            "status": listed_order("status", Task.Status.values),
            "last_reported_on": NeverOldest("last_reported_on"),
        },
        fields=(
            ("due_date", "due_date"),
            ("code", "code"),
            ("title", "title"),
            ("progress_percent", "progress_percent"),
            ("status", "status"),
            ("updated_at", "updated_at"),
            ("last_reported_on", "last_reported_on"),
        ),
        field_labels={
            "due_date": _("Thời hạn"),
            "code": _("Mã nhiệm vụ"),
            "title": _("Tên nhiệm vụ"),
            "progress_percent": _("Tiến độ"),
            "status": _("Trạng thái"),
            "updated_at": _("Cập nhật"),
            "last_reported_on": _("Báo cáo tiến độ gần nhất"),
        },
    )

    ranges = [("due_after", "due_before")]

    class Meta:
        model = Task
        fields = []

    # The filters the counts kept per group and lead agency answer (``tasks.tally``); "ordering" changes no count.
    KEPT_COUNT_FILTERS = frozenset({"plan", "group", "lead_agency", "deadline_status", "ordering"})

    def kept_count(self, plan=None):
        """How many tasks the filtered list holds, read from the kept counts when its user sees every task
        (``tally.sees_every_task``) and it is filtered by nothing the counts do not answer; else None: the list
        counts its rows. ``plan``: the plan the list's queryset is already cut to (the page's choice)."""
        if self.request is None or not tally.sees_every_task(self.request.user):
            return None
        if self.is_bound and not self.is_valid():
            return None
        # Not bound, or naming no filter (``FilterSet._idle``): no form was made, nothing is filtered.
        cleaned = {} if not self.is_bound or self._idle() else self.form.cleaned_data
        chosen = {name: value for name, value in cleaned.items() if value not in (None, "", [], ())}
        if chosen.keys() - self.KEPT_COUNT_FILTERS:
            return None
        plan = chosen.get("plan", plan)
        group = chosen.get("group")
        if group is not None and plan is not None and group.plan_id != plan.pk:
            return 0
        lead = chosen.get("lead_agency")
        return tally.count(
            groups=None if group is None else [group.pk],
            plan=None if plan is None or group is not None else plan.pk,
            agencies=None if lead is None else [lead.pk],
            deadline_statuses=chosen.get("deadline_status"),
        )

    def filter_text(self, queryset, name, value):
        # Code, title, description and expected output, folded (Task.SEARCH_FIELDS): "dong anh" finds "Đông Anh".
        return search(queryset, value)

    def filter_agency(self, queryset, name, value):
        return queryset.involving(value)

    def filter_not_updated(self, queryset, name, value):
        return queryset.not_updated() if value else queryset

    def filter_deadline_status(self, queryset, name, value):
        # Plain conditions on status and dates, which indexes serve, not the annotation's CASE (the same rule).
        return queryset.in_deadline_status(*value)
