"""A user's private deadline calendar (iCalendar, RFC 5545), read by Outlook, Google Calendar and Thunderbird.

One all-day event per open task with a deadline, on the deadline in force. The UID is stable per task,
so when a deadline is extended the calendar moves the same event (SEQUENCE follows the task's version)
instead of adding a second one. Officers see their agency's tasks (lead or support); coordinators,
viewers and superusers every task; anyone else an empty calendar.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Alarm, Calendar, Event, vDuration

from agencies.models import Agency
from core.text import display_name
from tasks.models import Task
from tasks.models.tasks import FINISHED_STATUSES

from .links import task_url

CALENDAR_NAME = gettext_lazy("Thời hạn nhiệm vụ — Kế hoạch cụm công nghiệp")
REFRESH = datetime.timedelta(hours=1)
# The reminder pops up at 09:00 the day before (the event starts at 00:00 on the deadline).
ALARM_BEFORE = datetime.timedelta(hours=15)


def feed_tasks(user):
    """The tasks in ``user``'s feed: not done, not cancelled, with a deadline, within their scope."""
    # Officers may see every task; their calendar keeps to the work of their own agency.
    tasks = Task.objects.with_deadline_status().working_for(user)
    return (
        tasks.exclude(status__in=FINISHED_STATUSES)
        .filter(due_date__isnull=False)
        .select_related("lead_agency")
        .prefetch_related(Prefetch("supporting_agencies", queryset=Agency.objects.order_by("code")))
        .order_by("due_date", "code")
    )


def _uid_domain():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _description(task, url):
    lines = [_("Cơ quan chủ trì: %(agency)s") % {"agency": task.lead_agency}]
    supporting = ", ".join(str(agency) for agency in task.supporting_agencies.all())
    if supporting:
        lines.append(_("Cơ quan phối hợp: %(agencies)s") % {"agencies": supporting})
    lines.append(
        _("Tình trạng: %(deadline_status)s (%(status)s, %(percent)s%%)")
        % {
            "deadline_status": task.get_deadline_status_display(),
            "status": task.get_status_display(),
            "percent": task.progress_percent,
        }
    )
    if task.original_due_date and task.original_due_date != task.due_date:
        lines.append(_("Thời hạn ban đầu: %(date)s (đã gia hạn)") % {"date": f"{task.original_due_date:%d/%m/%Y}"})
    if task.expected_output:
        lines.append(_("Sản phẩm: %(output)s") % {"output": task.expected_output})
    lines.append(url)
    return "\n".join(lines)


def task_event(task, domain):
    url = task_url(task.pk)
    event = Event()
    event.add("uid", f"task-{task.pk}-deadline@{domain}")
    event.add("dtstamp", task.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", task.updated_at.astimezone(datetime.UTC))
    event.add("sequence", task.version)
    event.add("dtstart", task.due_date)
    event.add("dtend", task.due_date + datetime.timedelta(days=1))
    event.add("summary", f"{task.code} — {task.title}")
    event.add("description", _description(task, url))
    event.add("url", url)
    event.add("categories", [str(task.lead_agency)])
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("Ngày mai đến hạn: %(code)s — %(title)s") % {"code": task.code, "title": task.title})
    alarm.add("trigger", vDuration(-ALARM_BEFORE))
    event.add_component(alarm)
    return event


def calendar_for(user):
    """The feed as bytes. Three queries (membership, tasks, supporting agencies)."""
    calendar = Calendar()
    calendar.add("prodid", "-//So Cong Thuong//Theo doi ke hoach cum cong nghiep//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", str(CALENDAR_NAME))
    calendar.add("x-wr-calname", str(CALENDAR_NAME))
    calendar.add("x-wr-caldesc", _("Lịch thời hạn nhiệm vụ của %(name)s") % {"name": display_name(user)})
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # Typed as durations: an X- property's type is unknown to icalendar, which would write a timedelta as 1:00:00.
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    domain = _uid_domain()
    for task in feed_tasks(user):
        calendar.add_component(task_event(task, domain))
    return calendar.to_ical()
