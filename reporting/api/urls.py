"""The Circular 14 cycle under /api/v1/: reporting-periods/, submissions/, report-forms/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("report-forms", views.ReportFormViewSet, basename="reportform")
router.register("reporting-periods", views.ReportingPeriodViewSet, basename="reportingperiod")
router.register("submissions", views.SubmissionViewSet, basename="submission")

urlpatterns = router.urls
