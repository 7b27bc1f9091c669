"""Two-factor login (TOTP, django-otp): optional for coordinators and superusers, required by the admin when
``REQUIRE_2FA_FOR_ADMIN`` is on, and everywhere for them when ``REQUIRE_2FA_FOR_COORDINATORS`` is on.

- A user who has a confirmed device must enter a code after the password before anything else: at login
  the session is marked, and ``SecondFactorMiddleware`` sends a marked, unverified session to the
  verification page. The mark is set once at login, so pages cost no query for users without a device.
- The admin asks ``request.user.is_verified()`` in ``accounts.admin_site.PlanAdminSite.has_permission``;
  the middleware only spares its users the admin's own login form by sending them to our pages.
- With ``REQUIRE_2FA_FOR_COORDINATORS`` (``requires_second_factor``), a coordinator's (or superuser's) session
  that is not verified is sent to enrol (no device yet) or to enter a code on every page, and the API answers
  403; the token endpoint mints them a token only with a code, and a token of theirs works only while they
  have a confirmed device (``accounts.api``). Enrolling ends the tokens minted before
  (``accounts.credentials``). Off by default: each request of a logged-in user then reads its membership.

This module is imported when the apps load (``TOTPConfig`` in ``INSTALLED_APPS``), so the login receiver is
connected before the first login. Models are imported inside functions for that reason.
"""

import base64

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as _TOTPDefaultConfig

# Set in the session at login when the user has a confirmed device: the session needs a code.
SECOND_FACTOR_REQUIRED_KEY = "otp_second_factor_required"


class TOTPConfig(_TOTPDefaultConfig):
    """django-otp's TOTP plugin, plus the login receiver that marks sessions needing a second factor."""

    def ready(self):
        super().ready()
        user_logged_in.connect(mark_session_of_enrolled_user, dispatch_uid="accounts.two_factor.mark_session")


def may_enrol(user):
    """Two-factor login is offered to the people who run the workflow and use the admin."""
    from agencies import scoping

    return scoping.can(user, "two_factor.enrol")


def requires_second_factor(user):
    """Whether ``user`` may use nothing (pages, API, tokens) without a verified second factor."""
    return settings.REQUIRE_2FA_FOR_COORDINATORS and user.is_authenticated and may_enrol(user)


def confirmed_devices(user):
    from django_otp import devices_for_user

    return list(devices_for_user(user, confirmed=True))


def mark_session_of_enrolled_user(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    from django_otp import user_has_device

    if user_has_device(user, confirmed=True):
        request.session[SECOND_FACTOR_REQUIRED_KEY] = True


def unconfirmed_totp_device(user):
    """The device being enrolled: the same one on every reload, so the QR code does not change under the user."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Ứng dụng xác thực"), confirmed=False)
    return device


def qr_code_data_uri(device):
    """The device's otpauth:// address as an SVG QR code in a data: URI (the CSP allows data: images, no script)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def manual_key(device):
    """The secret in base32, in groups of four, for apps where the code cannot be scanned."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


BACKUP_CODE_COUNT = 10
BACKUP_CODE_DIGITS = 8  # longer than the app's six digits, so the two are never confused


def has_authenticator(user):
    """Whether ``user`` has confirmed an authenticator app (backup codes alone are not an enrolment)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def new_backup_codes(user):
    """Replace ``user``'s backup codes with ``BACKUP_CODE_COUNT`` new single-use ones and return them: they
    are shown once and stored by django-otp's static device, which deletes each code when it is used."""
    import secrets

    from django_otp.plugins.otp_static.models import StaticDevice

    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": str(_("Mã dự phòng")), "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**BACKUP_CODE_DIGITS):0{BACKUP_CODE_DIGITS}d}" for _i in range(BACKUP_CODE_COUNT)]
    device.token_set.bulk_create([device.token_set.model(device=device, token=code) for code in codes])
    return codes


def verify_code(user, token):
    """The confirmed device that accepts the code (the app's, or a backup code, used up by this), or None; a
    wrong code slows further attempts (django-otp)."""
    from django_otp import verify_token

    token = "".join(str(token).split())
    for device in confirmed_devices(user):
        verified = verify_token(user, device.persistent_id, token)
        if verified is not None:
            return verified
    return None


def complete_second_factor(request, device):
    """Marks the session as verified by ``device`` (``request.user.is_verified()`` is then True)."""
    from django_otp import login as otp_login

    otp_login(request, device)
    request.session[SECOND_FACTOR_REQUIRED_KEY] = True


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def may_use_admin(user):
    from agencies import scoping

    return scoping.can(user, "admin.use")


class SecondFactorMiddleware:
    """Sends an authenticated session that still owes a code to the verification page.

    Placed after ``django_otp.middleware.OTPMiddleware``. The verification page, logout, static files and
    the health check stay reachable; the API answers 403 instead of a redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._second_factor_response(request)
        return response if response is not None else self.get_response(request)

    def _exempt(self, path):
        prefixes = [_url("otp:verify"), _url("logout"), _url("healthz"), "/" + settings.STATIC_URL.lstrip("/")]
        return any(prefix and path.startswith(prefix) for prefix in prefixes)

    def _second_factor_response(self, request):
        owes_code = request.session.get(SECOND_FACTOR_REQUIRED_KEY, False)
        everywhere = settings.REQUIRE_2FA_FOR_COORDINATORS
        if not owes_code and not everywhere and not self._admin_requires_second_factor(request.path):
            return None  # most requests end here, without loading the user
        user = request.user
        if not user.is_authenticated or user.is_verified() or self._exempt(request.path):
            return None
        if owes_code:
            target = "otp:verify"
        elif everywhere and requires_second_factor(user):
            if confirmed_devices(user):
                target = "otp:verify"
            elif request.path.startswith(reverse("otp:setup")):
                return None  # where they enrol
            else:
                target = "otp:setup"
        elif not self._admin_requires_second_factor(request.path):
            return None
        elif may_use_admin(user):
            # A coordinator without a device must enrol before the admin opens (the admin checks it too).
            target = "otp:verify" if confirmed_devices(user) else "otp:setup"
        else:
            return None  # the admin answers for itself
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Cần nhập mã xác thực hai bước trước khi dùng phiên đăng nhập này.")}, status=403
            )
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")

    @staticmethod
    def _admin_requires_second_factor(path):
        admin_prefix = _url("admin:index")
        return settings.REQUIRE_2FA_FOR_ADMIN and bool(admin_prefix) and path.startswith(admin_prefix)
