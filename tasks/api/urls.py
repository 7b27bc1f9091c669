"""The plan, tasks and their workflow under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("task-groups", views.TaskGroupViewSet, basename="taskgroup")
router.register("targets", views.TargetViewSet, basename="target")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("progress-reports", views.ProgressReportViewSet, basename="progressreport")
router.register("extension-requests", views.ExtensionRequestViewSet, basename="extensionrequest")

urlpatterns = router.urls
