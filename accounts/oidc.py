"""Single sign-on through the city's identity provider (OpenID Connect, mozilla-django-oidc).

The provider only proves who someone is; what they may do comes from this application. A person is let in
when the provider's verified email matches (case-insensitively) exactly one active account here, invited by
a coordinator or created by an administrator: no account is ever created from the provider alone
(``OIDC_CREATE_USER = False``), and an unknown, unverified or ambiguous address is refused with a message on the
login page and an ``AuthEvent`` (``sso_refused``). The first sign-on of an account records ``sso_linked``.

The feature is off until ``OIDC_RP_CLIENT_ID``, ``OIDC_RP_CLIENT_SECRET`` and the provider's authorization,
token, userinfo and JWKS endpoints are set (docs/accounts.md); the login page then offers
"Đăng nhập bằng tài khoản dùng chung", and the password login stays.

A sign-on counts as the password step only: a coordinator with an authenticator app still enters its code, and
``REQUIRE_2FA_FOR_COORDINATORS`` applies as after a password (``accounts.two_factor``), since this application
cannot tell how strongly the provider checked the person.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .models import AuthEvent

REFUSAL_ATTRIBUTE = "sso_refusal"


def enabled():
    """Whether single sign-on is configured."""
    names = (
        "OIDC_RP_CLIENT_ID",
        "OIDC_RP_CLIENT_SECRET",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
    )
    if not all(getattr(settings, name, "") for name in names):
        return False
    return (
        bool(settings.OIDC_OP_JWKS_ENDPOINT or settings.OIDC_RP_IDP_SIGN_KEY) or settings.OIDC_RP_SIGN_ALGO[:2] == "HS"
    )


class InvitedAccountBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, matching an existing active account by verified email and nothing more."""

    def __init__(self, *args, **kwargs):
        # Django builds every backend for every login, the password's too: when single sign-on is not configured
        # this one stays inert instead of refusing to be built.
        self.configured = enabled()
        if self.configured:
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        if not self.configured or request is None or "code" not in request.GET:
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id):
        user = super().get_user(user_id) if self.configured else None
        return user if user is not None and user.is_active else None

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        email = (claims.get("email") or "").strip()
        if not email:
            return self._refuse(_("Tài khoản dùng chung không cung cấp địa chỉ thư điện tử."), email)
        if settings.OIDC_REQUIRE_VERIFIED_EMAIL and claims.get("email_verified") not in (True, "true"):
            return self._refuse(
                _("Địa chỉ thư %(email)s chưa được xác minh ở hệ thống dùng chung.") % {"email": email}, email
            )
        users = list(self.filter_users_by_claims(claims)[:2])
        if len(users) != 1:
            return self._refuse(
                _(
                    "Địa chỉ thư %(email)s chưa được mời sử dụng hệ thống này. Hãy liên hệ cán bộ điều phối của "
                    "Sở Công Thương để được mời."
                )
                % {"email": email},
                email,
            )
        user = users[0]
        if not AuthEvent.objects.filter(user=user, kind=AuthEvent.Kind.SSO_LINKED).exists():
            from .invitations import record_event

            record_event(AuthEvent.Kind.SSO_LINKED, user=user, actor=user, note=email, request=self.request)
        return user

    def _refuse(self, message, email):
        from .invitations import record_event

        setattr(self.request, REFUSAL_ATTRIBUTE, message)
        record_event(AuthEvent.Kind.SSO_REFUSED, user=None, note=email, request=self.request)
        return None


class SSOStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider; not found while single sign-on is not configured."""

    def get(self, request):
        if not enabled():
            raise Http404
        return super().get(request)


class SSOCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back; a refusal returns to the login page with its reason."""

    def get(self, request):
        if not enabled():
            raise Http404
        return super().get(request)

    def login_failure(self):
        message = getattr(self.request, REFUSAL_ATTRIBUTE, None) or _(
            "Không đăng nhập được bằng tài khoản dùng chung. Hãy thử lại hoặc đăng nhập bằng mật khẩu."
        )
        messages.error(self.request, message)
        return HttpResponseRedirect(resolve_url("login"))
