"""The plan, its task groups and targets, the tasks, and everything that happens to a task."""

from .plans import Plan, Responsibility, Target, TaskGroup
from .tally import TallyChange, TaskTally
from .tasks import DeadlineStatus, Task, TaskQuerySet, TaskStatus, deadline_status_for, local_today
from .workflow import Attachment, ExtensionRequest, ProgressReport

__all__ = [
    "Attachment",
    "DeadlineStatus",
    "ExtensionRequest",
    "Plan",
    "ProgressReport",
    "Responsibility",
    "Target",
    "Task",
    "TaskGroup",
    "TaskQuerySet",
    "TaskStatus",
    "TaskTally",
    "TallyChange",
    "deadline_status_for",
    "local_today",
]
