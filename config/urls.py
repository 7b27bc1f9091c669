"""Root URLs: the staff pages, the admin, the REST API, and the health check."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from audit.views import UserLookupView
from clusters.views import ClusterLookupView
from core import views
from workspace.views import AgencyLookupView

# The JSON behind the search-as-you-type filter boxes (core.widgets.LookupSelect, core.lookups).
lookup_patterns = [
    path("clusters/", ClusterLookupView.as_view(), name="clusters"),
    path("agencies/", AgencyLookupView.as_view(), name="agencies"),
    path("users/", UserLookupView.as_view(), name="users"),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("help/", views.HelpView.as_view(), name="help"),
    path("help/accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("accounts/2fa/", include("accounts.two_factor_urls")),
    path("accounts/", include("accounts.urls")),
    path("people/", include("accounts.people_urls")),
    path("", include("notifications.urls")),
    path("clusters/", include("clusters.urls")),
    path("", include("workspace.urls")),
    path("plan-reports/", include("plan_reports.urls")),
    path("plan-reports/", include("signatures.urls")),
    path("reporting/", include("reporting.urls")),
    path("audit/", include("audit.urls")),
    path("webhooks/", include("webhooks.urls")),
    path("imports/", include("imports.urls")),
    path("lookup/", include((lookup_patterns, "lookup"))),
    path("", include("tasks.urls")),
]

# The Ministry's installation (PROVINCE_CODE=national or NATIONAL_ROLLUP=true): the national roll-up's pages.
if settings.NATIONAL_ROLLUP:
    urlpatterns.insert(0, path("national/", include("national.urls")))

# Friendly Vietnamese error pages (used when DEBUG is off).
handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
