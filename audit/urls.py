from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.AuditLogView.as_view(), name="audit_log"),
    path("export.xlsx", views.AuditLogExportView.as_view(format="xlsx"), name="audit_export_xlsx"),
    path("export.csv", views.AuditLogExportView.as_view(format="csv"), name="audit_export_csv"),
]
