"""The caller (``me``), and API tokens (knox: stored hashed, expiring, revocable)."""

from django.contrib.auth import authenticate, logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models import Q
from django.utils import timezone
from django_otp import match_token, user_has_device
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import two_factor
from agencies import scoping
from core.api import ErrorSerializer, errors
from core.filters import APIOrderingFilter

from .serializers import MeSerializer, TokenInfoSerializer, TokenRequestSerializer, TokenSerializer


class LockedOut(exceptions.Throttled):
    default_detail = "Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần; hãy thử lại sau."


class MeView(APIView):
    @extend_schema(summary="Người đang gọi API: cơ quan, vai trò, quyền", responses={200: MeSerializer, **errors()})
    def get(self, request):
        return Response(MeSerializer(request.user).data)


# --- tokens ---------------------------------------------------------------------------------------


class TokenCreateView(APIView):
    """Exchange a username and password for a token; the login goes through django-axes' lockout."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(
        summary="Lấy mã truy cập (token) bằng tên đăng nhập và mật khẩu",
        request=TokenRequestSerializer,
        responses={
            201: TokenSerializer,
            **{code: r for code, r in errors(400, 403).items() if code != 401},
            401: OpenApiResponse(ErrorSerializer, description="Sai tên đăng nhập hoặc mật khẩu."),
        },
        auth=[],
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The plain HttpRequest: axes reads the client address from it and flags a lockout on it.
        django_request = request._request
        otp_token = serializer.validated_data.pop("otp_token", None)
        user = authenticate(request=django_request, **serializer.validated_data)
        if getattr(django_request, "axes_locked_out", False):
            # Answered here as JSON; without the flag, axes' middleware would swap in its HTML page.
            del django_request.axes_locked_out
            from axes.helpers import get_cool_off

            cool_off = get_cool_off(django_request)
            raise LockedOut(wait=cool_off.total_seconds() if cool_off else None)
        if user is None:
            raise exceptions.AuthenticationFailed("Tên đăng nhập hoặc mật khẩu không đúng.")
        # A password alone must not open what the pages guard with a second factor.
        if user_has_device(user, confirmed=True):
            if not (otp_token and match_token(user, otp_token)):
                raise exceptions.AuthenticationFailed("Cần mã xác thực hai bước hợp lệ (trường otp_token).")
        elif two_factor.requires_second_factor(user):
            raise exceptions.PermissionDenied(
                "Cán bộ điều phối cần bật xác thực hai bước (trang Xác thực hai bước) trước khi lấy mã truy cập."
            )
        limit = knox_settings.TOKEN_LIMIT_PER_USER
        if limit is not None and _live_tokens().filter(user=user).count() >= limit:
            raise exceptions.PermissionDenied(f"Mỗi người dùng có tối đa {limit} mã truy cập; hãy thu hồi bớt mã cũ.")
        instance, token = AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)
        user_logged_in.send(sender=user.__class__, request=django_request, user=user)
        data = {"token": token, "token_key": instance.token_key, "expiry": instance.expiry, "user": user}
        return Response(TokenSerializer(data).data, status=status.HTTP_201_CREATED)

    def get_authenticate_header(self, request):
        return "Token"


def _live_tokens():
    return AuthToken.objects.filter(Q(expiry__gt=timezone.now()) | Q(expiry__isnull=True))


def _visible_tokens(user):
    """One's own tokens; a coordinator sees everyone's, to revoke a leaked one."""
    tokens = _live_tokens().select_related("user").order_by("-created")
    return tokens if scoping.can(user, "token.revoke_others") else tokens.filter(user=user)


@extend_schema_view(
    get=extend_schema(
        summary="Các mã truy cập còn hiệu lực (của mình; điều phối: của mọi người)",
        # 400: a page, size or order the list cannot take (or a NUL in the query); 404: a page past the end.
        responses={200: TokenInfoSerializer(many=True), **errors(400, 404)},
    )
)
class TokenListView(generics.ListAPIView):
    serializer_class = TokenInfoSerializer
    filter_backends = [APIOrderingFilter]
    ordering_fields = ["created", "expiry"]

    def get_queryset(self):
        return _visible_tokens(self.request.user)


class TokenRevokeView(APIView):
    @extend_schema(
        summary="Thu hồi một mã truy cập (của mình; điều phối: bất kỳ)",
        parameters=[OpenApiParameter("token_key", str, OpenApiParameter.PATH, description="token_key của mã.")],
        responses={204: OpenApiResponse(description="Đã thu hồi."), **errors(404)},
    )
    def delete(self, request, token_key):
        if not token_key.isascii() or not token_key.isalnum() or len(token_key) > 25:
            raise exceptions.NotFound()
        deleted, _ = _visible_tokens(request.user).filter(token_key=token_key).delete()
        if not deleted:
            raise exceptions.NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutView(APIView):
    @extend_schema(
        summary="Đăng xuất: thu hồi mã đang dùng (hoặc kết thúc phiên đăng nhập)",
        request=None,
        responses={204: OpenApiResponse(description="Đã đăng xuất."), **errors()},
    )
    def post(self, request):
        user = request.user
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
            user_logged_out.send(sender=user.__class__, request=request._request, user=user)
        else:
            logout(request._request)  # sends user_logged_out itself
        return Response(status=status.HTTP_204_NO_CONTENT)
