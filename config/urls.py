"""Root URLs: the staff pages, the admin, the REST API, and the health check."""

from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("accounts/2fa/", include("config.otp_urls")),
    path("accounts/", include("agencies.account_urls")),
    path("", include("tasks.notifications.urls")),
    path("clusters/", include("clusters.urls")),
    path("agencies/", include("agencies.urls")),
    path("", include("tasks.urls")),
]

# Friendly Vietnamese error pages (used when DEBUG is off).
handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
