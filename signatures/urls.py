"""The plan report's PDF and signed copy, under /plan-reports/ beside the report's own pages."""

from django.urls import path

from . import views

app_name = "signatures"

urlpatterns = [
    path("<int:pk>/pdf/", views.PlanReportPdfView.as_view(), name="report_pdf"),
    path("<int:pk>/signed/", views.SignedCopyUploadView.as_view(), name="signed_upload"),
    path("<int:pk>/signed.pdf", views.SignedCopyDownloadView.as_view(), name="signed_pdf"),
]
