"""Records logins, failed logins and logouts (who, when, from which address); ends a user's sessions, API
tokens and calendar feed when what they stood on changes (``accounts.credentials``): the password (changed or
reset), the account (deactivated) or the second factor (enrolled or reset); and revokes the API tokens when
the agency membership they were issued on ends or is removed."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import is_password_usable
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_init, post_save, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from .credentials import EndReason, current_actor, end_credentials
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


# --- credentials end with the password, the account and the second factor they stood on ------------------
# (accounts.credentials); API tokens also end with the agency membership they were issued on.

_CREDENTIAL_FIELDS = {"password", "is_active"}


@receiver(pre_save, sender=get_user_model())
def note_credential_change(sender, instance, update_fields=None, raw=False, **kwargs):
    """Note whether this save deactivates the account or sets a new password over a usable one (one query, only
    for such saves). ``_password`` holds the new raw password from set_password() until the save completes: a
    change, a reset or an administrator's new password alike; a hash upgraded at login clears it first. A
    first password (an account being set up) ends nothing."""
    instance._credentials_end_reason = None
    if raw or instance._state.adding or (instance.is_active and getattr(instance, "_password", None) is None):
        return
    if update_fields is not None and not _CREDENTIAL_FIELDS & set(update_fields):
        return
    stored = sender._default_manager.filter(pk=instance.pk).values("password", "is_active").first()
    if stored is None:
        return
    if stored["is_active"] and not instance.is_active:
        instance._credentials_end_reason = EndReason.DEACTIVATED
    elif instance._password is not None and stored["password"] and is_password_usable(stored["password"]):
        actor = current_actor()
        own = actor is not None and actor.pk == instance.pk
        instance._credentials_end_reason = EndReason.PASSWORD_CHANGED if own else EndReason.PASSWORD_RESET


@receiver(post_save, sender=get_user_model())
def end_credentials_on_password_change_or_deactivation(sender, instance, created, raw=False, **kwargs):
    reason = getattr(instance, "_credentials_end_reason", None)
    if reason:
        instance._credentials_end_reason = None
        end_credentials(instance, reason=reason)


@receiver(post_init, sender=TOTPDevice)
def remember_confirmation(sender, instance, **kwargs):
    instance._was_confirmed = instance.confirmed if instance.pk else False


@receiver(post_save, sender=TOTPDevice)
def end_credentials_on_enrolment(sender, instance, created, raw=False, **kwargs):
    """An authenticator confirmed (on the setup page, or added confirmed in the admin): everything issued on
    the password alone ends."""
    if raw or not instance.confirmed or instance._was_confirmed:
        return
    instance._was_confirmed = True
    end_credentials(instance.user, reason=EndReason.TWO_FACTOR_ENROLLED)


@receiver(post_delete, sender=TOTPDevice)
def end_credentials_on_two_factor_reset(sender, instance, origin=None, **kwargs):
    """A confirmed authenticator removed (a lost phone, reset by a superuser). Not when the user is being
    deleted with it: nothing is left to end, and the record would point at a user about to go."""
    removed_itself = isinstance(origin, TOTPDevice) or getattr(origin, "model", None) is TOTPDevice
    if instance.confirmed and removed_itself:
        end_credentials(instance.user, reason=EndReason.TWO_FACTOR_RESET)


def revoke_tokens(user_id):
    AuthToken.objects.filter(user_id=user_id).delete()


@receiver(post_save, sender="agencies.Membership")
def revoke_tokens_when_membership_ends(sender, instance, created, **kwargs):
    if not instance.is_active:
        revoke_tokens(instance.user_id)


@receiver(post_delete, sender="agencies.Membership")
def revoke_tokens_when_membership_is_removed(sender, instance, **kwargs):
    revoke_tokens(instance.user_id)
