"""The plan report's pages, under /plan-reports/."""

from django.urls import path

from . import views

app_name = "plan_reports"

urlpatterns = [
    path("", views.PlanReportListView.as_view(), name="report_list"),
    path("new/", views.PlanReportCreateView.as_view(), name="report_create"),
    path("<int:pk>/", views.PlanReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/edit/", views.PlanReportDraftView.as_view(), name="report_edit"),
    path("<int:pk>/preview.docx", views.PlanReportPreviewView.as_view(), name="report_preview"),
    path("<int:pk>/preview.pdf", views.PlanReportPreviewView.as_view(extension="pdf"), name="report_preview_pdf"),
    path("<int:pk>/docx/", views.PlanReportDownloadView.as_view(extension="docx"), name="report_docx"),
    path("<int:pk>/xlsx/", views.PlanReportDownloadView.as_view(extension="xlsx"), name="report_xlsx"),
]
