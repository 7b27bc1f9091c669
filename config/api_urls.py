"""The REST API, version 1 (mounted at /api/v1/ by config/urls.py): every app's endpoints, the OpenAPI
schema and its two documentation pages."""

from django.conf import settings
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from accounts.api.permissions import IsMember
from accounts.mixins import member_required
from core import api_docs
from reporting.api.views import NationalExportSchemaView


class NotFoundView(APIView):
    """Anything under /api/v1/ that is no endpoint: a JSON 404, like every other answer of the API."""

    schema = None

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise exceptions.NotFound()

    get = post = put = patch = delete = http_method_not_allowed


urlpatterns = [
    path("", include("accounts.api.urls")),
    path("", include("agencies.api.urls")),
    path("", include("clusters.api.urls")),
    path("", include("tasks.api.urls")),
    path("", include("plan_reports.api.urls")),
    path("", include("signatures.api.urls")),
    path("", include("reporting.api.urls")),
    path("", include("audit.api.urls")),
    path("", include("sync.api.urls")),
    path("", include("imports.api.urls")),
    # The contract is for members only, like everything but the login page (issue 6's matrix).
    path("schema/national-export.json", NationalExportSchemaView.as_view(), name="national_export_schema"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated, IsMember]), name="api_schema"),
    path("docs/", member_required(api_docs.swagger_view()), name="api_docs"),
    path("redoc/", member_required(api_docs.redoc), name="api_redoc"),
    # Last: an unknown address (or an id no route accepts) is a JSON 404, not the site's HTML page.
    re_path(r"", NotFoundView.as_view()),
]
# The Ministry's installation receives the provinces' exports (national/api); before the catch-all.
if settings.NATIONAL_ROLLUP:
    urlpatterns.insert(len(urlpatterns) - 1, path("", include("national.api.urls")))
