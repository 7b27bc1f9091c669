"""The language of a request (the pages speak Vietnamese; the API follows Accept-Language), the methods pages
answer, and the requests the database would refuse or could not finish."""

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseNotAllowed
from django.middleware.http import ConditionalGetMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class LanguageMiddleware(LocaleMiddleware):
    """Vietnamese for every page, whatever the browser's language: staff with an English-language
    browser must not get a half-English interface (Django's own messages, number formats). Integrations
    reading /api/ choose Vietnamese or English labels with Accept-Language."""

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        if request.path_info.startswith("/api/"):
            return super().process_response(request, response)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class PageMethodsMiddleware:
    """Pages and the admin answer GET, HEAD, POST and OPTIONS only; any other method is a 405.

    Django's form views treat PUT as an empty POST (an empty preference form would save "no emails"),
    which no page of ours means. The REST API, under /api/, chooses its own methods.
    """

    ALLOWED = ("GET", "HEAD", "POST", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.ALLOWED and not request.path_info.startswith("/api/"):
            return HttpResponseNotAllowed(self.ALLOWED)
        return self.get_response(request)


# PostgreSQL's codes for "the transaction was given up, nothing was written, try again": deadlock detected,
# serialization failure.
RETRYABLE_SQLSTATES = {"40P01", "40001"}


def is_retryable(exception):
    """Whether ``exception`` is the database giving up on a transaction that may simply be tried again."""
    cause = exception.__cause__
    return isinstance(exception, OperationalError) and getattr(cause, "sqlstate", None) in RETRYABLE_SQLSTATES


# Connection exceptions (08…) and an operator or a crash ending the server's sessions (57P01-57P03).
CONNECTION_LOST_SQLSTATE_PREFIXES = ("08", "57P0")


def is_connection_lost(exception):
    """Whether ``exception`` is the database connection lost (terminated, restarted, unreachable): the request
    may simply be tried again, on a new connection (Django drops the broken one when the request ends)."""
    if isinstance(exception, InterfaceError):
        return True  # "connection already closed"
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate.startswith(CONNECTION_LOST_SQLSTATE_PREFIXES)
    # psycopg's own (client-side) failures carry no code: "server closed the connection unexpectedly".
    return type(cause).__module__.startswith("psycopg")


def answers_busy(exception):
    """Whether ``exception`` is answered 503 "try again" instead of 500."""
    return is_retryable(exception) or is_connection_lost(exception)


def refused_by_database(text):
    """Whether PostgreSQL would refuse ``text`` in a query: it stores no NUL character (SQLite does)."""
    return "\x00" in text


class RequestGuardMiddleware:
    """A 400 for a query string PostgreSQL would refuse (a NUL in any parameter, of any page or list), before
    any view builds a query with it; a 503 saying "try again" when the database gave up on a transaction
    (a deadlock or a serialization failure) or the connection to it was lost, instead of the 500 page. A
    failure raised in a middleware (the session, the second-factor check) never reaches ``process_exception``:
    ``core.views.server_error`` answers those 503 too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from core.views import bad_request

        for key, values in request.GET.lists():
            if refused_by_database(key) or any(refused_by_database(value) for value in values):
                return bad_request(request, message=_("Tham số trong địa chỉ chứa ký tự không hợp lệ (ký tự NUL)."))
        return self.get_response(request)

    def process_exception(self, request, exception):
        from core.views import busy

        if answers_busy(exception):
            return busy(request)
        return None


# Conditional requests on the API (issue 16): an ETag on every answer to a GET, and 304 Not Modified for a
# client that sends it back in ``If-None-Match``.
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
