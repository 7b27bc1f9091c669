"""What each reminder digest says: the tasks an agency must hear about today, and the city-wide summary.

"Due within the windows" means *due in exactly N days* for each window N of the recipient (by default
settings.REMINDER_WINDOWS_DAYS = [7, 1]): a task due on 30/06 is announced on 23/06 and 29/06, not
every day of the week before, so a digest only arrives when there is something new to hear. Tasks
due today and overdue tasks (with the days overdue) are listed on every run, since they need action
now; tasks without a deadline are listed once a week (on ``NO_DEADLINE_WEEKDAY``, Monday), so none is
forgotten. "Overdue" is the dashboard's overdue (``DeadlineStatus.OVERDUE``, ``deadline_status_q``): open tasks
past their deadline, and those reported complete after it (or without a date) still awaiting acceptance, so a
digest's count is the figure on the dashboard. The other sections list open tasks only (not started or in
progress): a task reported complete waits on the Department, whose coordinators see it in their own digest. The
command must therefore run every day, weekends included (see the README).

Everything here reads; ``reminders`` claims, sends and records.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import reverse

from agencies.models import Agency, Membership
from core.figures import list_url
from reporting.obligations import late as late_reports
from reporting.reminders import tracker_path
from tasks.models import ExtensionRequest, Task
from tasks.models.tasks import OPEN_STATUSES, DeadlineStatus, deadline_status_q

from .links import absolute_url, task_url

# Weekday (Monday = 0) on which digests also list the tasks that have no deadline.
NO_DEADLINE_WEEKDAY = getattr(settings, "REMINDER_NO_DEADLINE_WEEKDAY", 0)


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
        "overdue": _task_list(agency=agency.pk, deadline_status=DeadlineStatus.OVERDUE),
        "due_today": _task_list(agency=agency.pk, status=OPEN_STATUSES, due_after=day, due_before=day),
        "upcoming": upcoming,
        "no_deadline": _task_list(agency=agency.pk, status=OPEN_STATUSES, deadline_status=DeadlineStatus.NO_DEADLINE),
    }


def city_section_urls():
    """For each section of the coordinators' digest, the task list of exactly its tasks."""
    return {
        "overdue": _task_list(deadline_status=DeadlineStatus.OVERDUE),
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


class Section:
    """A section of a digest as the templates read it: its first ``section_limit()`` lines, and its total.

    ``len()`` is the total (the heading's count, the "… và N nhiệm vụ khác" line); iterating or slicing gives
    the lines kept. A run over 100,000 tasks keeps at most the limit per section, never every overdue task.
    """

    def __init__(self, lines=(), total=None, limit=None):
        self.limit = section_limit() if limit is None else limit
        self.lines = list(lines)[: self.limit]
        self.total = len(self.lines) if total is None else total

    def add(self, line):
        self.total += 1
        if len(self.lines) < self.limit:
            self.lines.append(line)

    def __len__(self):
        return self.total

    def __iter__(self):
        return iter(self.lines)

    def __getitem__(self, index):
        return self.lines[index]

    def __add__(self, other):
        return list(self) + list(other)

    def __radd__(self, other):
        return list(other) + list(self)


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
    overdue: Section = field(default_factory=Section)  # the first lines, most overdue first, and the count
    due_today: list = field(default_factory=list)  # every one: the bell announces each (a day's worth)
    upcoming: list = field(default_factory=list)  # due in exactly one of the windows in use, with the days left
    no_deadline: Section = field(default_factory=Section)  # read on NO_DEADLINE_WEEKDAY only

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


def windows_in_use():
    """Every window some reader has (the default and each preference): the days an upcoming task is announced."""
    from .models import NotificationPreference

    windows = set(default_windows())
    for preference in NotificationPreference.objects.exclude(reminder_windows_days=""):
        windows.update(preference.windows)
    return sorted(day for day in windows if day > 0)


def agency_tasks(today, windows=None):
    """Every active agency's open tasks that some digest or bell may name today, classified. Four queries,
    then one pair per 2,000 tasks.

    Only what can be said today is read: overdue tasks (the dashboard's), open tasks due today or in exactly one
    of the windows in use, and (on ``NO_DEADLINE_WEEKDAY``) open tasks without a deadline; in the order of the
    digests, a chunk at a time, keeping at most ``section_limit()`` overdue and undated lines per agency with their
    counts.
    """
    windows = windows_in_use() if windows is None else windows
    announced = [today, *(today + datetime.timedelta(days=days) for days in windows)]
    coming = Q(due_date__in=announced)
    if today.weekday() == NO_DEADLINE_WEEKDAY:
        coming |= Q(due_date__isnull=True)
    said_today = deadline_status_q(DeadlineStatus.OVERDUE, today) | (Q(status__in=OPEN_STATUSES) & coming)
    tasks = (
        Task.objects.with_deadline_status(today)
        .filter(said_today, lead_agency__is_active=True)
        .select_related("lead_agency")
        .prefetch_related(Prefetch("supporting_agencies", queryset=Agency.objects.filter(is_active=True)))
        .order_by("due_date", "code")  # the most overdue first; undated tasks (last) by code
    )
    by_agency = {}
    for task in tasks.iterator(chunk_size=2000):
        url = task_url(task.pk)
        for agency in [task.lead_agency, *task.supporting_agencies.all()]:
            role = task.agency_role(agency)
            bucket = by_agency.setdefault(agency.pk, AgencyTasks(agency=agency, today=today))
            if task.due_date is None:
                bucket.no_deadline.add(Line(task, role, 0, url))
            elif task.deadline_status == DeadlineStatus.OVERDUE:
                bucket.overdue.add(Line(task, role, task.days_overdue_on(today), url))
            elif task.due_date == today:
                bucket.due_today.append(Line(task, role, 0, url))
            else:
                bucket.upcoming.append(Line(task, role, (task.due_date - today).days, url))
    return sorted(by_agency.values(), key=lambda bucket: bucket.agency.code)


def active_memberships(agency_ids=None, *, role=None):
    """Active memberships of active users in the plan's roles, with each user's preference. One query.

    The reporters of the Circular 14 cycle (investors, commune reporters) have no tasks: they hear only of their
    reports (``reporting.reminders``), never a task digest or bell, even on an agency that leads tasks."""
    memberships = Membership.objects.filter(
        is_active=True, user__is_active=True, role__in=Membership.PLAN_ROLES
    ).select_related("agency", "user", "user__notification_preference")
    if agency_ids is not None:
        memberships = memberships.filter(agency_id__in=list(agency_ids))
    if role is not None:
        memberships = memberships.filter(role=role)
    return list(memberships.order_by("agency__code", "user__username"))


@dataclass
class CityOverview:
    """The coordinators' digest: what is overdue city-wide and what awaits their decision."""

    today: datetime.date
    overdue: Section
    pending_extensions: list
    awaiting_acceptance: Section
    no_deadline: Section
    counted_total: int
    late_reports: Section = field(default_factory=Section)  # Circular 14 reports past due, escalated first

    @property
    def overdue_share(self):
        return round(100 * len(self.overdue) / self.counted_total, 1) if self.counted_total else 0

    @property
    def task_ids(self):
        """The tasks the digest names (its sections' first lines), as its delivery records them."""
        lines = [*self.overdue, *self.awaiting_acceptance, *self.no_deadline]
        return sorted({line.task.pk for line in lines} | {e.task_id for e in self.pending_extensions})

    @property
    def is_empty(self):
        return not (
            self.overdue or self.pending_extensions or self.awaiting_acceptance or self.no_deadline or self.late_reports
        )


def city_overview(today):
    """Each section counted in the database and its first ``section_limit()`` lines read: overdue, extension
    requests (all: few wait at once), completions to accept, tasks without deadline (on NO_DEADLINE_WEEKDAY),
    and the total counted: eight queries at most, whatever the number of tasks. Then the Circular 14 reports past
    due (``reporting.obligations.late``): a few queries per open period."""
    limit = section_limit()
    open_tasks = Task.objects.open().select_related("lead_agency")
    # The dashboard's overdue: awaiting acceptance but reported late counts too.
    overdue_tasks = Task.objects.in_deadline_status(DeadlineStatus.OVERDUE, today=today).select_related("lead_agency")
    overdue = Section(
        # Most overdue first: the earliest deadline, then the code.
        [
            Line(task, days=task.days_overdue_on(today), url=task_url(task.pk))
            for task in overdue_tasks.order_by("due_date", "code")[:limit]
        ],
        total=overdue_tasks.count(),
    )
    extensions = list(
        ExtensionRequest.objects.pending()
        .select_related("task", "task__lead_agency", "requested_by")
        .order_by("requested_at", "pk")
    )
    for extension in extensions:
        extension.url = task_url(extension.task_id)
    awaiting_tasks = Task.objects.awaiting_acceptance()
    awaiting = Section(
        [
            Line(task, url=task_url(task.pk))
            for task in awaiting_tasks.select_related("lead_agency", "completion_reported_by").order_by(
                "completion_reported_at", "code"
            )[:limit]
        ],
        total=awaiting_tasks.count(),
    )
    no_deadline = Section()
    if today.weekday() == NO_DEADLINE_WEEKDAY:
        undated = open_tasks.filter(due_date__isnull=True)
        no_deadline = Section(
            [Line(task, url=task_url(task.pk)) for task in undated.order_by("code")[:limit]], total=undated.count()
        )
    return CityOverview(
        today=today,
        overdue=overdue,
        pending_extensions=extensions,
        awaiting_acceptance=awaiting,
        no_deadline=no_deadline,
        counted_total=Task.objects.counted().count(),
        late_reports=_late_reports(today),
    )


def _late_reports(today):
    owed = late_reports(today)
    return Section(owed, total=len(owed))


def reporting_url():
    return absolute_url(tracker_path())


def preferences_url():
    return absolute_url(reverse("notifications:preferences"))
