"""Communes and the cluster register under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("communes", views.CommuneViewSet, basename="commune")
router.register("clusters", views.ClusterViewSet, basename="cluster")

urlpatterns = router.urls
