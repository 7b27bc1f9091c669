"""The API's documentation pages, offline (drf-spectacular-sidecar) and working under the project's CSP.

The CSP forbids inline scripts: Swagger UI's init script is served as a separate file (the "split" view),
and ReDoc is started by its own ``<redoc>`` element, so neither page needs one. Both UIs set inline styles
at run time, so these two pages (and only these) also allow ``style-src 'unsafe-inline'``; their fonts
come from the application, never from a CDN.
"""

from csp.decorators import csp_update
from django.http import HttpResponse
from django.templatetags.static import static
from django.utils.html import format_html
from drf_spectacular.views import SpectacularSwaggerSplitView

DOCS_CSP = {"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}


def swagger_view():
    return csp_update(DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="api_schema"))


@csp_update(DOCS_CSP)
def redoc(request):
    """ReDoc without the inline script and the Google Fonts link of drf-spectacular's template."""
    from django.urls import reverse

    return HttpResponse(
        format_html(
            '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{}</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            '<body><redoc spec-url="{}"></redoc><script src="{}"></script></body></html>',
            "API — ReDoc",
            reverse("api_schema"),
            static("drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"),
        )
    )
