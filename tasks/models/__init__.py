"""The plan, its task groups and targets, the tasks, and everything that happens to a task."""

from .notifications import CalendarFeedToken, FollowUpLetter, Notification, ReminderDelivery
from .plans import Plan, Target, TargetProgress, TaskGroup
from .tasks import DeadlineStatus, Task, TaskQuerySet, deadline_status_for, local_today
from .workflow import Attachment, ExtensionRequest, ProgressReport

__all__ = [
    "Attachment",
    "CalendarFeedToken",
    "DeadlineStatus",
    "ExtensionRequest",
    "FollowUpLetter",
    "Notification",
    "Plan",
    "ProgressReport",
    "ReminderDelivery",
    "Target",
    "TargetProgress",
    "Task",
    "TaskGroup",
    "TaskQuerySet",
    "deadline_status_for",
    "local_today",
]
