"""The staff pages of the plan: dashboard, plans, tasks and their actions, targets, attachments.

Views are thin: they ask ``agencies.scoping`` who may see and do what, read through querysets and
selectors, write only through ``tasks.services``, and leave presentation to the templates.
"""

from .attachments import AttachmentDownloadView
from .dashboard import DashboardView
from .plans import (
    CarryOverView,
    PlanCreateView,
    PlanDetailView,
    PlanGroupsView,
    PlanListView,
    PlanUpdateView,
    TargetCreateView,
)
from .targets import TargetClustersView, TargetDetailView
from .tasks import TaskCreateView, TaskDetailView, TaskExportView, TaskListView, TaskUpdateView
from .workflow import (
    CompletionAcceptView,
    CompletionReportView,
    ExtensionApproveView,
    ExtensionRejectView,
    ExtensionRequestView,
    ProgressReportView,
    TaskCancelView,
    TaskReturnView,
)

__all__ = [
    "AttachmentDownloadView",
    "CarryOverView",
    "PlanCreateView",
    "PlanDetailView",
    "PlanGroupsView",
    "PlanListView",
    "PlanUpdateView",
    "TargetCreateView",
    "CompletionAcceptView",
    "CompletionReportView",
    "DashboardView",
    "ExtensionApproveView",
    "ExtensionRejectView",
    "ExtensionRequestView",
    "ProgressReportView",
    "TargetClustersView",
    "TargetDetailView",
    "TaskCancelView",
    "TaskCreateView",
    "TaskDetailView",
    "TaskExportView",
    "TaskListView",
    "TaskReturnView",
    "TaskUpdateView",
]
