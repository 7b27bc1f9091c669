"""The plan report's pages, under /plan-reports/."""

from django.urls import path, re_path

from . import views

app_name = "plan_reports"

urlpatterns = [
    path("", views.PlanReportListView.as_view(), name="report_list"),
    path("new/", views.PlanReportCreateView.as_view(), name="report_create"),
    path("<int:pk>/", views.PlanReportDetailView.as_view(), name="report_detail"),
    re_path(
        r"^(?P<pk>[0-9]+)/(?P<extension>docx|xlsx)/$", views.PlanReportDownloadView.as_view(), name="report_download"
    ),
]
