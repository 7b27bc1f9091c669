"""REST framework plumbing shared by every app's API: pagination, throttling, and error answers."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import UserRateThrottle


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class TokenUserRateThrottle(UserRateThrottle):
    """Throttles integrations (token clients) per user; browser sessions are not counted."""

    scope = "token"

    def allow_request(self, request, view):
        if request.auth is None:
            return True
        return super().allow_request(request, view)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Bản ghi đã được người khác thay đổi; hãy tải lại."
    default_code = "conflict"


def exception_handler(exc, context):
    """Turns the domain's Django ValidationError / PermissionDenied into 400 / 403 with field errors."""
    # Imported here: rest_framework.views reads the throttle setting, which imports this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
            if "__all__" in detail:
                detail["non_field_errors"] = detail.pop("__all__")
        else:
            detail = {"non_field_errors": [str(m) for m in exc.messages]}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)
