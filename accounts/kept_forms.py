"""A form posted after the session ended is kept, not lost: the user logs in again and finds what they typed.

When a POST reaches a page as an anonymous user and the page answers with the redirect to the login page (the
session timed out while the form was open), ``KeptFormMiddleware`` keeps the posted fields (never files,
passwords, codes or the CSRF token) in the new, anonymous session under a one-time token, and sends the user to the
login page with a Vietnamese message and ``next`` = the page the form was on, carrying ``?kept=<token>``. The values
live on the server (the session store); the browser holds only the session key and the token.

Django's ``login()`` keeps an anonymous session's data (it cycles the key), so after login the form page asks for
the token: the entry is taken out (once) and handed to the page (``request.kept_form``) only when the user who
logged in is the one who posted, which ``LAST_USER_COOKIE`` tells: the signed id of the last user who logged in
on this browser, set at login and removed at logout. Anyone else, or an entry older than a session, gets nothing
and the entry is discarded. ``templates/includes/session_warning.html`` renders the entry as JSON and
``core/static/js/session.js`` fills the form again; the user checks it and saves, with a fresh CSRF token.
"""

import secrets
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.core import signing
from django.dispatch import receiver
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

KEPT = "_kept_forms"
PARAMETER = "kept"
LAST_USER_COOKIE = "last_user"
_SALT = "accounts.kept_forms.last_user"
# At most this many kept forms per browser (several tabs may time out together), and this much posted text.
MAX_KEPT = 5
MAX_CHARACTERS = 100_000
# Fields never kept: the CSRF token is the page's, secrets are typed again, and an action button is chosen again.
_SECRET_WORDS = ("password", "passwd", "secret", "token", "otp", "code_2fa")
_NEVER = {"csrfmiddlewaretoken", "next", "kept"}


def _kept_field(name):
    lowered = name.lower()
    return lowered not in _NEVER and not any(word in lowered for word in _SECRET_WORDS)


def _now():
    return int(timezone.now().timestamp())


def posted_fields(request):
    """{name: [values]} of the POST worth keeping; files are never in ``request.POST``."""
    return {name: request.POST.getlist(name) for name in request.POST if _kept_field(name)}


def last_user_id(request):
    """The id of the last user who logged in on this browser, if its signed cookie is intact."""
    try:
        return int(request.get_signed_cookie(LAST_USER_COOKIE, salt=_SALT))
    except (KeyError, ValueError, signing.BadSignature):
        return None


def _form_page(request):
    """Where the form was shown: the referring page of this site (a form may post to another address), else the
    address it posted to."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        parts = urlsplit(referer)
        if parts.netloc in ("", request.get_host()):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.path


def _without_kept(url):
    parts = urlsplit(url)
    query = "&".join(p for p in parts.query.split("&") if p and not p.startswith(f"{PARAMETER}="))
    return parts.path + (f"?{query}" if query else "")


def _is_login_redirect(response):
    if response.status_code != 302 or "Location" not in response:
        return False
    return urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)


def keep(request, response):
    """The login redirect of an expired session's POST, with the posted fields kept; ``response`` unchanged when
    there is nothing to keep or nobody to keep it for."""
    user_id = last_user_id(request)
    fields = posted_fields(request)
    if user_id is None or not any(any(v.strip() for v in values) for values in fields.values()):
        return response
    if sum(len(name) + sum(len(v) for v in values) for name, values in fields.items()) > MAX_CHARACTERS:
        return response
    page = _without_kept(_form_page(request))
    token = secrets.token_urlsafe(16)
    kept = dict(request.session.get(KEPT) or {})
    kept[token] = {"user": user_id, "action": request.path, "page": urlsplit(page).path, "fields": fields, "at": _now()}
    request.session[KEPT] = dict(sorted(kept.items(), key=lambda item: item[1]["at"])[-MAX_KEPT:])
    messages.warning(request, _("Phiên làm việc đã hết hạn. Đăng nhập lại để lưu những gì bạn đã nhập."))
    separator = "&" if "?" in page else "?"
    next_url = f"{page}{separator}{urlencode({PARAMETER: token})}"
    response["Location"] = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}"
    return response


def take(request, token):
    """The kept form of ``token`` for this page and user, taken out of the session (one use); None otherwise."""
    kept = request.session.get(KEPT)
    if not kept or token not in kept:
        return None
    kept = dict(kept)
    entry = kept.pop(token)
    if kept:
        request.session[KEPT] = kept
    else:
        del request.session[KEPT]
    if entry["user"] != request.user.pk or entry["page"] != request.path:
        return None
    if _now() - entry["at"] > settings.SESSION_COOKIE_AGE:
        return None
    return {"action": entry["action"], "fields": entry["fields"]}


class KeptFormMiddleware:
    """Keeps an expired session's POST at the login redirect, hands it back to its page after login, and keeps
    ``LAST_USER_COOKIE`` in step with logins and logouts. Costs nothing on other requests: it reads the session
    only when a kept token is in the address or a POST was sent to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request.GET.get(PARAMETER) if request.method == "GET" else None
        if token and request.user.is_authenticated:
            request.kept_form = take(request, token)
        response = self.get_response(request)
        if request.method == "POST" and _is_login_redirect(response) and not request.user.is_authenticated:
            response = keep(request, response)
        logged_in = getattr(request, "_kept_forms_logged_in", None)
        if logged_in is not None:
            response.set_signed_cookie(
                LAST_USER_COOKIE,
                logged_in,
                salt=_SALT,
                max_age=settings.SESSION_COOKIE_AGE * 48,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif getattr(request, "_kept_forms_logged_out", False):
            response.delete_cookie(LAST_USER_COOKIE, samesite="Lax")
        return response


@receiver(user_logged_in, dispatch_uid="accounts.kept_forms.logged_in")
def note_login(sender, request, user, **kwargs):
    """Remember who logged in on this browser; a form another user kept here is dropped at once."""
    if request is None:
        return
    request._kept_forms_logged_in = user.pk
    session = getattr(request, "session", None)
    if session is not None and session.get(KEPT):
        mine = {token: entry for token, entry in session[KEPT].items() if entry["user"] == user.pk}
        if mine:
            session[KEPT] = mine
        else:
            del session[KEPT]


@receiver(user_logged_out, dispatch_uid="accounts.kept_forms.logged_out")
def note_logout(sender, request, user, **kwargs):
    if request is not None:
        request._kept_forms_logged_out = True
