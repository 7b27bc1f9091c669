"""Tasks written in Python: a task's deadline badge (``{% deadline_badge task %}``, the one home of its markup, which
``includes/deadline_badge.html`` writes for the pages that include it) and the rows of the dashboard's lists of
overdue and due tasks (``{% deadline_rows tasks %}``): through the template engine, an include a badge and a dozen
lookups a row, each localised and escaped, took an eighth of the dashboard's rendering; and the rows of "Cơ quan của
tôi"'s list of tasks needing attention (``{% attention_rows tasks agency %}``), most of that page's rendering at 50
rows. The HTML is the templates'
(``tests/tasks/test_task_rows.py`` holds them equal)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from core.figures import record_path
from core.pages import template_text

register = template.Library()


def _day(value):
    """``{{ value|date:"d/m/Y" }}`` of a date or None: the filter, which looks up the active language's formats and
    builds a formatter for each, was some two fifths of the rows' time."""
    return "" if value is None else f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


@register.simple_tag
def deadline_badge(task):
    """A task's deadline status: colour and words (never colour alone); a cancelled task (no status) as cancelled."""
    return mark_safe(
        f'<span class="badge badge-{template_text(task.deadline_status or "cancelled")}">'
        f"{template_text(task.get_deadline_status_display())}</span>"
    )


@register.simple_tag
def deadline_rows(tasks, show_overdue=False):
    """A ``<tr>`` per task of ``tasks`` (annotated ``with_deadline_status``, their lead agency selected): the task
    linked to its page with its code, its lead agency, its deadline and either how many days it is overdue
    (``show_overdue``) or its deadline badge."""
    rows = []
    for task in tasks:
        if show_overdue:
            days = task.days_overdue
            overdue = ngettext("Quá %(days)s ngày", "Quá %(days)s ngày", days) % {"days": template_text(days)}
            badge = f'<span class="badge badge-overdue">{overdue}</span>\n          '
        else:
            badge = f"{deadline_badge(task)}\n"  # as the include wrote it, with its file's closing newline
        rows.append(
            "\n      <tr>"
            f'\n        <td><a class="task-title" href="{template_text(record_path("tasks:task_detail", task.pk))}">'
            f'{template_text(task.title)}</a><br><span class="task-code">{template_text(task.code)}</span></td>'
            f"\n        <td>{template_text(task.lead_agency)}</td>"
            f'\n        <td class="nowrap">{_day(task.due_date)}<br>'
            f"\n          {badge}"
            "\n        </td>"
            "\n      </tr>\n      "
        )
    return mark_safe("".join(rows))


@register.simple_tag
def attention_rows(tasks, agency):
    """A ``<tr>`` per task of ``tasks`` ("Nhiệm vụ cần chú ý" on /my/: deadline statuses decided, ``recently_updated``
    annotated): the task linked to its page with its code, what ``agency`` is to it (``Task.agency_role``), its
    deadline and badge, its progress and last report, and whether it needs a progress report."""
    reported = template_text(gettext("báo cáo"))
    unreported = f"<small>{template_text(gettext('chưa có báo cáo'))}</small>"
    stale = f'<span class="badge badge-warn">{template_text(gettext("Chưa cập nhật"))}</span>'
    late = ' class="row-overdue"'
    # A badge depends on the status alone, a role on which of two labels it is: each written once (a lazy label is
    # translated again at every use).
    badges, roles = {}, {}
    rows = []
    for task in tasks:
        last = task.last_reported_on
        report = f"<small>{reported} {_day(last)}</small>" if last else unreported
        badge = badges.get(task.deadline_status) or badges.setdefault(task.deadline_status, deadline_badge(task))
        role = task.agency_role(agency)
        role = roles.get(id(role)) or roles.setdefault(id(role), template_text(role))
        rows.append(
            f"\n    <tr{late if task.deadline_status == 'overdue' else ''}>"
            f'\n      <td><a class="task-title" href="{template_text(record_path("tasks:task_detail", task.pk))}">'
            f'{template_text(task.title)}</a><br><span class="task-code">{template_text(task.code)}</span></td>'
            f'\n      <td><span class="tag">{role}</span></td>'
            f'\n      <td class="nowrap">{_day(task.due_date) or "—"}<br>'
            f"{badge}\n</td>"  # the include's closing newline, as it wrote it
            f"\n      <td>{template_text(task.progress_percent)}%<br>{report}</td>"
            f"\n      <td>{'' if task.recently_updated else stale}</td>"
            "\n    </tr>\n    "
        )
    return mark_safe("".join(rows))
