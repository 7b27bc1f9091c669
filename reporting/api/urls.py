"""The Circular 14 cycle under /api/v1/: reporting-periods/, submissions/, report-forms/."""

urlpatterns = []
