"""The plan report under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("plan-reports", views.PlanReportViewSet, basename="planreport")

urlpatterns = router.urls
