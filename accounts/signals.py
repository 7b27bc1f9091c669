"""Records logins, failed logins and logouts (who, when, from which address), and revokes a user's API
tokens when what they were issued on ends: the password (changed or reset), the account (deactivated) or the
agency membership (ended or removed)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from knox.models import AuthToken

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


# --- API tokens end with the password, the account and the membership they were issued on -----------------


def revoke_tokens(user_id):
    AuthToken.objects.filter(user_id=user_id).delete()


@receiver(post_save, sender=get_user_model())
def revoke_tokens_on_password_change_or_deactivation(sender, instance, created, **kwargs):
    # ``_password`` holds the new raw password from set_password() until the save completes: a change, a
    # reset or an administrator's new password alike.
    if created:
        return
    if getattr(instance, "_password", None) is not None or not instance.is_active:
        revoke_tokens(instance.pk)


@receiver(post_save, sender="agencies.Membership")
def revoke_tokens_when_membership_ends(sender, instance, created, **kwargs):
    if not instance.is_active:
        revoke_tokens(instance.user_id)


@receiver(post_delete, sender="agencies.Membership")
def revoke_tokens_when_membership_is_removed(sender, instance, **kwargs):
    revoke_tokens(instance.user_id)
