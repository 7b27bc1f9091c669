"""How an integration proves who it is: ``Authorization: Token <token>`` (django-rest-knox: stored hashed,
expiring, revocable)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's token authentication, refusing (401) a token that is not even text instead of crashing on it."""

    def authenticate_credentials(self, token):
        try:
            text = token.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if not text or not text.isascii() or not text.isprintable():
            raise exceptions.AuthenticationFailed("Mã truy cập không hợp lệ.")
        return super().authenticate_credentials(token)


class TokenScheme(OpenApiAuthenticationExtension):
    """Documents ``Authorization: Token <token>`` for the subclass above, as drf-spectacular does for knox's."""

    target_class = "accounts.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
