"""Conditional requests on the API: an ETag on every answer to a GET, and 304 Not Modified for a client
that sends it back in ``If-None-Match`` (issue 16)."""

from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_vary_headers


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    """Django's ConditionalGetMiddleware, for /api/ only: the ETag is a hash of the body, so it differs
    wherever the content does (two users who see different records get different ETags), and a 304 carries
    no body. Streaming answers get none (Django skips them). Pages are left alone: their bodies carry a CSRF
    token and a CSP nonce that change on every request.

    ``Vary: Authorization, Cookie`` tells every cache between client and server that the answer depends on who
    asks (token or session), so a validator is never shared between two callers."""

    def process_response(self, request, response):
        if not request.path_info.startswith("/api/"):
            return response
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return super().process_response(request, response)
