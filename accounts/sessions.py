"""The idle timeout of a session, without a database write on every request."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

TOUCHED = "_touched"


def _now():
    # The session store's clock (timezone.now), so that the two agree, in tests that move it too.
    return int(timezone.now().timestamp())


class IdleTimeoutMiddleware:
    """Push a logged-in session's expiry forward when a request comes ``SESSION_REFRESH_SECONDS`` or more after
    the last push: the session then ends ``SESSION_IDLE_MINUTES`` after the last request, give or take that
    interval, at the cost of one session write a minute per active user instead of one per request
    (``SESSION_SAVE_EVERY_REQUEST`` wrote and committed the session on every page and API call).

    It only marks the session modified; ``SessionMiddleware`` saves it with a fresh expiry on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        view = getattr(getattr(request, "resolver_match", None), "func", None)
        if getattr(view, "leaves_idle_clock", False):
            return response
        if session is not None and not session.is_empty() and not session.modified:
            now = _now()
            if now - session.get(TOUCHED, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[TOUCHED] = now
        return response


@receiver(user_logged_in, dispatch_uid="accounts.sessions.start_idle_clock")
def start_idle_clock(sender, request, user, **kwargs):
    """A login saves the session anyway: it starts the clock, so the first page after it writes nothing."""
    session = getattr(request, "session", None)
    if session is not None:
        session[TOUCHED] = _now()


def seconds_left(request):
    """Seconds until the session of ``request`` ends if nothing more is asked (0 when not logged in)."""
    if not request.user.is_authenticated:
        return 0
    touched = request.session.get(TOUCHED)
    if touched is None:
        return settings.SESSION_COOKIE_AGE
    return max(0, settings.SESSION_COOKIE_AGE - (_now() - touched))


def warning_seconds():
    """How long before the session ends the page warns (``SESSION_WARNING_SECONDS``, 5 minutes by default), at
    most half the idle timeout."""
    return min(settings.SESSION_WARNING_SECONDS, settings.SESSION_COOKIE_AGE // 2)


@never_cache
@require_http_methods(["GET", "POST"])
def session_status(request):
    """``{"authenticated": …, "expires_in": seconds}``. A GET does not push the session forward: what a page asks
    before warning that the session is about to end. It reads the session and nothing else, so it is also the
    benchmark's floor: a logged-in request that renders nothing. A POST (with the CSRF token) is the warning's
    "Tiếp tục làm việc": it restarts the idle clock, and the answer gives the full time again."""
    if request.method == "POST" and request.user.is_authenticated:
        request.session[TOUCHED] = _now()
    return JsonResponse({"authenticated": request.user.is_authenticated, "expires_in": seconds_left(request)})


session_status.leaves_idle_clock = True
