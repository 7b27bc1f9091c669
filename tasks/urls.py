"""The staff pages of the plan: the dashboard at "/" and the "tasks" namespace (tasks, plans, targets). The agency
pages and my agency are in ``workspace``."""

from django.urls import include, path

from . import views

task_patterns = [
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/export.xlsx", views.TaskExportView.as_view(format="xlsx"), name="task_export_xlsx"),
    path("tasks/export.csv", views.TaskExportView.as_view(format="csv"), name="task_export_csv"),
    path("tasks/new/", views.TaskCreateView.as_view(), name="task_create"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/edit/", views.TaskUpdateView.as_view(), name="task_update"),
    path("tasks/<int:pk>/progress/", views.ProgressReportView.as_view(), name="progress_report_create"),
    path("tasks/<int:pk>/extension/", views.ExtensionRequestView.as_view(), name="extension_request_create"),
    path("tasks/<int:pk>/completion/", views.CompletionReportView.as_view(), name="task_report_completion"),
    path("tasks/<int:pk>/accept/", views.CompletionAcceptView.as_view(), name="task_accept_completion"),
    path("tasks/<int:pk>/return/", views.TaskReturnView.as_view(), name="task_return"),
    path("tasks/<int:pk>/cancel/", views.TaskCancelView.as_view(), name="task_cancel"),
    path(
        "tasks/extensions/<int:pk>/approve/",
        views.ExtensionApproveView.as_view(),
        name="extension_request_approve",
    ),
    path(
        "tasks/extensions/<int:pk>/reject/",
        views.ExtensionRejectView.as_view(),
        name="extension_request_reject",
    ),
    path("tasks/attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan_update"),
    path("plans/<int:pk>/groups/", views.PlanGroupsView.as_view(), name="plan_groups"),
    path("plans/<int:pk>/targets/new/", views.TargetCreateView.as_view(), name="plan_target_create"),
    path("plans/<int:pk>/carry-over/", views.CarryOverView.as_view(), name="plan_carry_over"),
    path("targets/<int:pk>/", views.TargetDetailView.as_view(), name="target_detail"),
    path("targets/<int:pk>/clusters/", views.TargetClustersView.as_view(), name="target_clusters"),
]

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("", include((task_patterns, "tasks"))),
]
