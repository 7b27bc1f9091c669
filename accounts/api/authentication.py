"""How an integration proves who it is: ``Authorization: Token <token>`` (django-rest-knox: stored hashed,
expiring, revocable)."""

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.signals import token_expired
from rest_framework import exceptions

from accounts import two_factor


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's token authentication, refusing (401) a token that is not even text instead of crashing on it."""

    def authenticate_credentials(self, token):
        try:
            text = token.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if not text or not text.isascii() or not text.isprintable():
            raise exceptions.AuthenticationFailed("Mã truy cập không hợp lệ.")
        user, auth_token = super().authenticate_credentials(token)
        if two_factor.requires_second_factor(user) and not two_factor.confirmed_devices(user):
            # REQUIRE_2FA_FOR_COORDINATORS switched on after this token was minted on the password alone.
            raise exceptions.AuthenticationFailed("Cán bộ điều phối cần bật xác thực hai bước để dùng mã truy cập.")
        return user, auth_token

    def _cleanup_token(self, auth_token):
        """Refuse and delete this token when it has expired. knox also reads every other token of the user on
        each request to delete the expired ones: one query per API request, for rows that are harmless (an
        expired token is refused, and deleted, when it is used; the token limit counts only live ones)."""
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=type(self), username=username, source="auth_token")
            return True
        return False


class TokenScheme(OpenApiAuthenticationExtension):
    """Documents ``Authorization: Token <token>`` for the subclass above, as drf-spectacular does for knox's."""

    target_class = "accounts.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
