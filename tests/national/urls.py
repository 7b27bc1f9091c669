"""The application's URLs as the Ministry's installation has them (NATIONAL_ROLLUP on), for the national tests: the
settings decide the URLs once, at import, and the test suite runs as a province's installation."""

from django.urls import include, path

from config import api_urls, urls

api_patterns = [*api_urls.urlpatterns[:-1], path("", include("national.api.urls")), api_urls.urlpatterns[-1]]

urlpatterns = [
    path("national/", include("national.urls")),
    path("api/v1/", include(api_patterns)),
    *urls.urlpatterns,
]

handler400, handler403 = urls.handler400, urls.handler403
handler404, handler500 = urls.handler404, urls.handler500
