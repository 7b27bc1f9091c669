""" "Chờ tôi xử lý": what waits on the user, at the top of the page each role lands on (``LandingView``).

- a coordinator (on the dashboard, through the panel ``dashboard.top``): the extension requests to decide, the
  completions to accept (``tasks.selectors``) and the Circular 14 reports to accept (``reporting.selectors``);
- an officer (on "Cơ quan của tôi"): the agency's tasks overdue, due soon or without a recent progress report, the
  first of the page's own "Nhiệm vụ cần chú ý" list (``my_agency.agency_lists``), at no extra query;
- an investor or a commune (on the reporting home): their reports due (``ReportingHomeView.waiting``).

Each group reads the one selector that defines it; this module only shapes the groups for
``templates/includes/waiting_panel.html``: {"title", "total", "items", "more_url"}, at most ``LIMIT`` items each.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from agencies import scoping
from core.panels import panel
from reporting import selectors as reporting_selectors
from reporting.obligations import submission_url
from tasks import selectors as task_selectors

LIMIT = 5


def _first(queryset):
    """(the first ``LIMIT`` rows, how many in all): one query, two when the list is longer than what is shown."""
    rows = list(queryset[:LIMIT])
    return rows, (len(rows) if len(rows) < LIMIT else queryset.count())


def department_groups(user):
    """The coordinator's groups; None for anyone who decides nothing. Up to six queries."""
    if not scoping.can(user, "task.decide"):
        return None
    my_agency = reverse("workspace:my_agency")
    # Each group reads only the columns its items and its rule (``scoping.can``) show: whole rows, the cluster's
    # sixty columns among them, cost the dashboard more to compile, plan and convert than the rest of the panel.
    extensions, extension_total = _first(
        task_selectors.extensions_to_decide(user)
        .select_related("task")
        .only("task__code", "task__title", "proposed_due_date", "requested_by_id")
    )
    completions, completion_total = _first(
        task_selectors.completions_to_accept(user).only("code", "title", "completion_reported_by_id")
    )
    groups = [
        {
            "title": _("Đề nghị gia hạn chờ quyết định"),
            "total": extension_total,
            "items": [
                {
                    "code": extension.task.code,
                    "label": extension.task.title,
                    "url": reverse("tasks:task_detail", args=[extension.task_id]) + "#gia-han",
                    "note": _("đề nghị đến %(date)s") % {"date": extension.proposed_due_date.strftime("%d/%m/%Y")}
                    if scoping.can(user, "extension.decide", extension)
                    else _("do bạn gửi: một cán bộ điều phối khác quyết định"),
                }
                for extension in extensions
            ],
            "more_url": f"{my_agency}#pending-title",
        },
        {
            "title": _("Báo cáo hoàn thành chờ xác nhận"),
            "total": completion_total,
            "items": [
                {
                    "code": task.code,
                    "label": task.title,
                    "url": reverse("tasks:task_detail", args=[task.pk]) + "#xac-nhan",
                    "note": ""
                    if scoping.can(user, "completion.accept", task)
                    else _("do bạn báo cáo: một cán bộ điều phối khác xác nhận"),
                }
                for task in completions
            ],
            "more_url": f"{my_agency}#acceptance-title",
        },
    ]
    if scoping.can(user, "submission.decide"):
        submissions, submission_total = _first(
            reporting_selectors.submissions_to_decide(user).only(
                "submitted_by_id", "period__year", "period__kind", "form__code", "cluster__name", "commune__name"
            )
        )
        groups.append(
            {
                "title": _("Báo cáo Biểu 02, 03 chờ tiếp nhận"),
                "total": submission_total,
                "items": [
                    {
                        "code": _("Biểu %(code)s") % {"code": submission.form.code},
                        "label": f"{submission.subject} ({submission.period.label})",
                        "url": submission_url(submission),
                        "note": ""
                        if scoping.can(user, "submission.decide", submission)
                        else _("do bạn gửi: một cán bộ điều phối khác tiếp nhận"),
                    }
                    for submission in submissions
                ],
                "more_url": reverse("reporting:home"),
            }
        )
    return groups


def agency_groups(attention):
    """An officer's group, from the first page of "Nhiệm vụ cần chú ý" on /my/ (a ``Page`` of annotated tasks)."""
    items = []
    for task in list(attention.object_list)[:LIMIT]:
        notes = [str(task.get_deadline_status_display())]
        if not task.recently_updated:
            notes.append(_("cần báo cáo tiến độ"))
        items.append(
            {
                "code": task.code,
                "label": task.title,
                "url": reverse("tasks:task_detail", args=[task.pk]),
                "note": ", ".join(notes),
                "late": task.deadline_status == "overdue",
            }
        )
    return [
        {
            "title": _("Nhiệm vụ quá hạn, sắp đến hạn hoặc cần báo cáo tiến độ"),
            "total": attention.paginator.count,
            "items": items,
            "more_url": "#attention-title",
        }
    ]


@panel("dashboard.top")
def dashboard_waiting(request, obj):
    return "includes/waiting_panel.html", {"waiting": department_groups(request.user)}
