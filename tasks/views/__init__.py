"""The staff pages of the plan: dashboard, tasks and their actions, my agency, agencies, attachments.

Views are thin: they ask ``agencies.scoping`` who may see and do what, read through querysets and
selectors, write only through ``tasks.services``, and leave presentation to the templates.
"""

from .agencies import AgencyDetailView, AgencyListView, AgencyLookupView
from .attachments import AttachmentDownloadView
from .dashboard import DashboardView
from .my_agency import MyAgencyView
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
    "AgencyDetailView",
    "AgencyListView",
    "AgencyLookupView",
    "CompletionAcceptView",
    "CompletionReportView",
    "DashboardView",
    "ExtensionApproveView",
    "ExtensionRejectView",
    "ExtensionRequestView",
    "MyAgencyView",
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
