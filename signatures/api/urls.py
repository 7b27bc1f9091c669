"""The plan report's PDF and signed copy under /api/v1/plan-reports/{id}/."""

from django.urls import path

from . import views

urlpatterns = [
    path("plan-reports/<str:pk>/pdf/", views.PlanReportPdfView.as_view(), name="planreport-pdf"),
    path("plan-reports/<str:pk>/signed-pdf/", views.SignedPdfView.as_view(), name="planreport-signed-pdf"),
]
