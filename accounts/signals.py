"""Records logins, failed logins and logouts (who, when, from which address)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuthEvent


def _client_address(request):
    if request is None:
        return None
    # axes resolves the client address behind the configured proxy; fall back to the socket address.
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or None


def _record(kind, request, user=None, username=""):
    AuthEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        ip_address=_client_address(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:255],
    )


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    _record(AuthEvent.Kind.LOGIN, request, user=user)


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        _record(AuthEvent.Kind.LOGOUT, request, user=user)


@receiver(user_login_failed)
def record_login_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "") or ""
    user = get_user_model().objects.filter(username=username).first() if username else None
    _record(AuthEvent.Kind.LOGIN_FAILED, request, user=user, username=username)
