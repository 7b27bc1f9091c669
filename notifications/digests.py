"""What each reminder digest says: the tasks an agency must hear about today, and the city-wide summary.

"Due within the windows" means *due in exactly N days* for each window N of the recipient (by default
settings.REMINDER_WINDOWS_DAYS = [7, 1]): a task due on 30/06 is announced on 23/06 and 29/06, not
every day of the week before, so a digest only arrives when there is something new to hear. Tasks
due today and overdue tasks (with the days overdue) are listed on every run, since they need action
now; tasks without a deadline are listed once a week (on ``NO_DEADLINE_WEEKDAY``, Monday), so none is
forgotten. Only open tasks (not started or in progress) are listed: a task reported complete waits on
the Department, whose coordinators see it in their own digest. The command must therefore run every
day, weekends included (see the README).

Everything here reads; ``reminders`` claims, sends and records.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse

from agencies.models import Agency, Membership
from core.figures import list_url
from tasks.models import ExtensionRequest, Task
from tasks.models.tasks import DeadlineStatus

from .links import absolute_url, task_url

# Weekday (Monday = 0) on which digests also list the tasks that have no deadline.
NO_DEADLINE_WEEKDAY = getattr(settings, "REMINDER_NO_DEADLINE_WEEKDAY", 0)


OPEN_STATUSES = [Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS]


def section_limit():
    """At most this many tasks per section of a digest (REMINDER_DIGEST_SECTION_LIMIT): the rest is a link."""
    return max(1, int(settings.REMINDER_DIGEST_SECTION_LIMIT))


def section_context():
    """What the digest templates need to cut each section: the limit, as a slice and as a subtrahend."""
    limit = section_limit()
    return {"limit": limit, "cut": f":{limit}", "minus_limit": -limit}


def _task_list(**filters):
    return absolute_url(list_url("tasks:task_list", **filters))


def agency_section_urls(agency, today, windows):
    """For each section of an agency's digest, the task list filtered to exactly the tasks it counts.

    "Sắp đến hạn" lists tasks due in exactly one of the reader's windows: a single window is a one-day
    range; several windows are not one filter, so that section has no link (None).
    """
    day = today.isoformat()
    upcoming = None
    if len(windows) == 1:
        due = (today + datetime.timedelta(days=windows[0])).isoformat()
        upcoming = _task_list(agency=agency.pk, status=OPEN_STATUSES, due_after=due, due_before=due)
    return {
        "overdue": _task_list(agency=agency.pk, status=OPEN_STATUSES, deadline_status=DeadlineStatus.OVERDUE),
        "due_today": _task_list(agency=agency.pk, status=OPEN_STATUSES, due_after=day, due_before=day),
        "upcoming": upcoming,
        "no_deadline": _task_list(agency=agency.pk, status=OPEN_STATUSES, deadline_status=DeadlineStatus.NO_DEADLINE),
    }


def city_section_urls():
    """For each section of the coordinators' digest, the task list of exactly its tasks."""
    return {
        "overdue": _task_list(status=OPEN_STATUSES, deadline_status=DeadlineStatus.OVERDUE),
        "awaiting_acceptance": _task_list(status=Task.Status.AWAITING_ACCEPTANCE),
        "no_deadline": _task_list(status=OPEN_STATUSES, deadline_status=DeadlineStatus.NO_DEADLINE),
    }


def default_windows():
    return sorted({int(days) for days in settings.REMINDER_WINDOWS_DAYS if int(days) > 0}, reverse=True)


def windows_of(user):
    """The user's own windows (NotificationPreference), or the default when they have chosen none."""
    preference = getattr(user, "notification_preference", None) if user is not None else None
    windows = preference.windows if preference is not None else default_windows()
    return [days for days in windows if days > 0]


def wants_digests(user):
    preference = getattr(user, "notification_preference", None)
    return preference is None or preference.receive_digests


@dataclass
class Line:
    """One task in a digest, with what the reader needs to act on it."""

    task: Task
    role: str = ""  # "Chủ trì" or "Phối hợp" for an agency's digest
    days: int = 0  # days overdue, or days left
    url: str = ""


@dataclass
class AgencyTasks:
    """An agency's open tasks for one run date, sorted into what may go into its digests."""

    agency: Agency
    today: datetime.date
    overdue: list = field(default_factory=list)
    due_today: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)  # due later, each with its days left
    no_deadline: list = field(default_factory=list)

    def for_windows(self, windows):
        """The digest content for a reader with these windows; empty lists when nothing is due."""
        return {
            "overdue": self.overdue,
            "due_today": self.due_today,
            "upcoming": [line for line in self.upcoming if line.days in windows],
            "no_deadline": self.no_deadline if self.today.weekday() == NO_DEADLINE_WEEKDAY else [],
        }

    def approaching(self, windows):
        """The lines of a bell reminder ("deadline approaching"): due today, or in one of the windows."""
        return self.due_today + [line for line in self.upcoming if line.days in windows]


def agency_tasks(today):
    """Every active agency's open tasks, classified for ``today``. Three queries."""
    tasks = (
        Task.objects.with_deadline_status(today)
        .open()
        .filter(lead_agency__is_active=True)
        .select_related("lead_agency")
        .prefetch_related(Prefetch("supporting_agencies", queryset=Agency.objects.filter(is_active=True)))
        .order_by("due_date", "code")
    )
    by_agency = {}
    for task in tasks:
        url = task_url(task.pk)
        for agency in [task.lead_agency, *task.supporting_agencies.all()]:
            role = task.agency_role(agency)
            bucket = by_agency.setdefault(agency.pk, AgencyTasks(agency=agency, today=today))
            if task.due_date is None:
                bucket.no_deadline.append(Line(task, role, 0, url))
            elif task.deadline_status == DeadlineStatus.OVERDUE:
                bucket.overdue.append(Line(task, role, task.days_overdue_on(today), url))
            elif task.due_date == today:
                bucket.due_today.append(Line(task, role, 0, url))
            else:
                bucket.upcoming.append(Line(task, role, (task.due_date - today).days, url))
    for bucket in by_agency.values():
        bucket.overdue.sort(key=lambda line: (-line.days, line.task.code))
    return sorted(by_agency.values(), key=lambda bucket: bucket.agency.code)


def active_memberships(agency_ids=None, *, role=None):
    """Active memberships of active users, with each user's preference. One query."""
    memberships = Membership.objects.filter(is_active=True, user__is_active=True).select_related(
        "agency", "user", "user__notification_preference"
    )
    if agency_ids is not None:
        memberships = memberships.filter(agency_id__in=list(agency_ids))
    if role is not None:
        memberships = memberships.filter(role=role)
    return list(memberships.order_by("agency__code", "user__username"))


@dataclass
class CityOverview:
    """The coordinators' digest: what is overdue city-wide and what awaits their decision."""

    today: datetime.date
    overdue: list
    pending_extensions: list
    awaiting_acceptance: list
    no_deadline: list
    counted_total: int

    @property
    def overdue_share(self):
        return round(100 * len(self.overdue) / self.counted_total, 1) if self.counted_total else 0

    @property
    def task_ids(self):
        lines = self.overdue + self.awaiting_acceptance + self.no_deadline
        return sorted({line.task.pk for line in lines} | {e.task_id for e in self.pending_extensions})

    @property
    def is_empty(self):
        return not (self.overdue or self.pending_extensions or self.awaiting_acceptance or self.no_deadline)


def city_overview(today):
    """Five queries: overdue, extension requests, completions to accept, tasks without deadline, total."""
    open_tasks = Task.objects.with_deadline_status(today).open().select_related("lead_agency")
    overdue = [
        Line(task, days=task.days_overdue_on(today), url=task_url(task.pk))
        for task in open_tasks.filter(deadline_status=DeadlineStatus.OVERDUE)
    ]
    overdue.sort(key=lambda line: (-line.days, line.task.code))
    extensions = list(
        ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING)
        .select_related("task", "task__lead_agency", "requested_by")
        .order_by("requested_at", "pk")
    )
    for extension in extensions:
        extension.url = task_url(extension.task_id)
    awaiting = [
        Line(task, url=task_url(task.pk))
        for task in Task.objects.filter(status=Task.Status.AWAITING_ACCEPTANCE)
        .select_related("lead_agency", "completion_reported_by")
        .order_by("completion_reported_at", "code")
    ]
    no_deadline = []
    if today.weekday() == NO_DEADLINE_WEEKDAY:
        no_deadline = [Line(task, url=task_url(task.pk)) for task in open_tasks.filter(due_date__isnull=True)]
    return CityOverview(
        today=today,
        overdue=overdue,
        pending_extensions=extensions,
        awaiting_acceptance=awaiting,
        no_deadline=no_deadline,
        counted_total=Task.objects.counted().count(),
    )


def preferences_url():
    return absolute_url(reverse("notifications:preferences"))
