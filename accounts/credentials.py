"""A person's credentials end together: their login sessions, their API tokens (knox) and their private
calendar feed URL, whenever what they stood on changes — the password (changed by themself, or reset by an
administrator), the account (deactivated), or the second factor (enrolled, or reset by an administrator).

``end_credentials`` is the one place that does it, and every call leaves an ``AuthEvent`` (who, when, why,
by whom). It is reached from the model signals in ``accounts.signals`` (a user's save, a TOTP device's
confirmation or removal), so the page, the admin, ``manage.py changepassword`` and a shell's
``set_password()`` + ``save()`` alike end them; ``QuerySet.update()`` bypasses signals and is not used on
these fields.

The person's own session is kept when they did it themself in this request (changed their password with the
old one, confirmed a device with a code): they have just proved who they are, as Django keeps the session
of a password change. Every other session ends. Sessions are found in the database session store (the
project's, Django's default); with a store that cannot be listed, Django's own session hash still ends them
on a password change, and a deactivated account cannot log in.
"""

from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from .models import AuthEvent

EndReason = AuthEvent.EndReason

# Sent inside ``end_credentials``'s transaction with ``user`` and ``reason``: an app keeping a credential of its
# own (a feed URL, a device token) ends it here, so nothing it issued outlives the password or the account.
credentials_ended = Signal()


def current_request():
    """The request being answered in this thread (simple_history's middleware keeps it), or None."""
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


def current_actor():
    """Who is acting in this request: the logged-in user, or None (a command, a signed-out page)."""
    request = current_request()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def end_credentials(user, *, reason, actor=None):
    """End ``user``'s sessions, API tokens and calendar feed URL, and record why (``EndReason``) and by whom
    (``actor``, by default the user of the current request). Returns the ``AuthEvent``."""
    from knox.models import AuthToken

    request = current_request()
    actor = actor if actor is not None else current_actor()
    keep = None
    if request is not None and actor is not None and actor.pk == user.pk and hasattr(request, "session"):
        keep = request.session.session_key
    with transaction.atomic():
        _end_sessions(user, keep=keep)
        AuthToken.objects.filter(user=user).delete()
        # Credentials kept by the apps above (the calendar feed URL of ``notifications``) end in the same
        # transaction, through their receivers: this app never names them.
        credentials_ended.send(sender=end_credentials, user=user, reason=reason)
        return AuthEvent.objects.create(
            kind=AuthEvent.Kind.CREDENTIALS_ENDED,
            reason=reason,
            user=user,
            username=user.get_username()[:150],
            actor=actor,
            ip_address=_client_address(request),
            user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:255],
        )


def _end_sessions(user, *, keep):
    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == user_id:
            store(session.session_key).delete()


def _client_address(request):
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or None
