"""REST framework plumbing shared by every app's API: pagination, throttling, error answers,
and the pieces of the OpenAPI contract every operation repeats (error bodies, ids in paths)."""

import codecs
import datetime
import json
import math
from operator import attrgetter

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import exceptions, parsers, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.relations import PKOnlyObject
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from core import cache as core_cache
from core.api_fields import PrimaryKeyRelatedField
from core.audit import StaleVersionError
from core.pages import KnownCountPaginator
from core.services import StateConflict
from core.text import display_name

# The largest id a bigint primary key holds: a larger one in a URL is simply not there (404).
MAX_ID = 2**63 - 1


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    # A callable its view may set: how many records the list holds, read without a COUNT (the tasks: the kept
    # counts), or None to count them (``core.pages.KnownCountPaginator``). Not asked in cursor mode.
    count_of = None

    def django_paginator_class(self, object_list, per_page):
        return KnownCountPaginator(object_list, per_page, count_of=self.count_of)


class CachedListMixin:
    # A list endpoint whose pages are kept in the cache for ``API_LIST_CACHE_SECONDS`` (0: never).
    #
    # Integrations read the same pages over and over between writes. A page is kept (``core.cache.cached``) under
    # ``list_cache_parts``: the user (what they may see), the day (deadline statuses change at midnight), the
    # language (labels and messages are translated), the format and the full query (``Vary`` names the headers
    # these come from); and under the generations of ``cache_domains``, the domains whose data the page reads
    # (its rows, what it filters and orders by, and who may see what: always the agencies), so a page is never
    # another user's, another day's, or older than the last write to what it shows. Authentication, permissions
    # and throttling run as for any request. A request with ``Cache-Control: no-cache`` is computed afresh.
    # (Comments, not a docstring: drf-spectacular would publish it as every list operation's description.)

    cache_domains = core_cache.DOMAINS  # each endpoint names its own; all of them when it does not

    def list_cache_parts(self, request):
        return [
            type(self).__name__,
            request.user.pk,
            timezone.localdate(),
            translation.get_language(),
            request.accepted_renderer.format,
            request.get_full_path(),
        ]

    def list(self, request, *args, **kwargs):
        seconds = settings.API_LIST_CACHE_SECONDS
        if not seconds or "no-cache" in request.headers.get("Cache-Control", ""):
            return super().list(request, *args, **kwargs)
        computed = []

        def compute():
            response = super(CachedListMixin, self).list(request, *args, **kwargs)
            computed.append(response)
            return response.data if response.status_code == status.HTTP_200_OK else None

        data = core_cache.cached(self.cache_domains, self.list_cache_parts(request), compute, seconds)
        response = computed[0] if computed else Response(data)
        patch_vary_headers(response, LIST_CACHE_VARY)
        return response


# What a cached list page is kept under, besides the view and the day: everything that changes its body. The
# same request headers are named in ``Vary``, so a shared cache in front of the API keys on them as well.
LIST_CACHE_VARY = ("Accept", "Accept-Language", "Authorization", "Cookie")


NON_FINITE_NUMBER = "Số không hữu hạn (NaN, Infinity, hoặc quá lớn như 1e999) không hợp lệ trong JSON."


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise exceptions.ParseError(NON_FINITE_NUMBER)
    return value


def _no_constant(name):
    raise exceptions.ParseError(NON_FINITE_NUMBER)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, answering 400 for what no field should ever see: a number that is not finite (``NaN``,
    ``Infinity``, or ``1e999``, which Python reads as infinity: ``int()`` of it is an OverflowError and a 500)
    and a body nested deeper than Python's parser can follow (thousands of ``[``, a RecursionError)."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            decoded = codecs.getreader(encoding)(stream)
            return json.load(decoded, parse_constant=_no_constant, parse_float=_finite_float)
        except RecursionError as exc:
            raise exceptions.ParseError("Dữ liệu JSON lồng nhau quá sâu.") from exc
        except ValueError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from exc


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
    """Turns the domain's errors into HTTP answers: ValidationError 400 with field errors, PermissionDenied 403,
    StaleVersionError 409 with who changed the record and when, StateConflict 409 with what happened."""
    # Imported here: rest_framework.views reads the throttle setting, which imports this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, StateConflict):
        exc = Conflict(exc.text, code="state_conflict")
    elif isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
            if "__all__" in detail:
                detail["non_field_errors"] = detail.pop("__all__")
        else:
            detail = {"non_field_errors": [str(m) for m in exc.messages]}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, StaleVersionError):
        exc = Conflict(exc.message)
    return drf_exception_handler(exc, context)


def parse_id(value):
    """The integer id in a URL, or 404 for anything that cannot be one (text, negative, past bigint)."""
    text = str(value)
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_ID:
        raise exceptions.NotFound()
    return int(text)


class IdLookupMixin:
    # For viewsets: the ``{id}`` of the URL is checked before it reaches the database. (A comment, not a
    # docstring: drf-spectacular would show a docstring as the description of every operation.)

    def get_object(self):
        lookup = self.lookup_url_kwarg or self.lookup_field
        self.kwargs[lookup] = parse_id(self.kwargs[lookup])
        return super().get_object()


class StrictSerializerMixin:
    """Refuses fields the serializer does not know (400) instead of silently ignoring a misspelt one."""

    def to_internal_value(self, data):
        unknown = sorted(set(data.keys()) - set(self.fields)) if hasattr(data, "keys") else []
        errors = {name: ["Trường này không tồn tại."] for name in unknown}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not isinstance(exc.detail, dict):
                raise
            errors = {**exc.detail, **errors}
        if errors:
            raise serializers.ValidationError(errors)
        return value


class ModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose integer bounds are those of PostgreSQL's columns whatever the database runs
    (SQLite's are 64-bit throughout), so the contract and the answers are the same in development and
    production."""

    # Many-to-many fields read a list view's prefetched lists (core.api_fields.listed). (Not in the docstring:
    # the schema describes serializers without one of their own by this one.)
    serializer_related_field = PrimaryKeyRelatedField

    def build_standard_field(self, field_name, model_field):
        from django.db.backends.base.operations import BaseDatabaseOperations

        field_class, kwargs = super().build_standard_field(field_name, model_field)
        bounds = BaseDatabaseOperations.integer_field_ranges.get(model_field.get_internal_type())
        if bounds and "max_value" in kwargs:
            kwargs["max_value"] = min(kwargs["max_value"], bounds[1])
            kwargs["min_value"] = max(kwargs.get("min_value", bounds[0]), bounds[0])
        return field_class, kwargs


class _RowFallback(Exception):
    """A row the plain reading cannot show as DRF would: it goes through the serializer's own fields."""


def _same(value):
    return value


def _model_path(model, attrs):
    """The attribute names ``attrs`` (a field's ``source_attrs``) as plain column values of ``model``: each but the
    last a forward foreign key, the last a concrete field (a foreign key by its ``*_id``). None when they are not
    (an annotation, a property, a reverse or many-to-many relation)."""
    opts = model._meta
    for position, name in enumerate(attrs):
        field = next((f for f in opts.concrete_fields if name in (f.name, f.attname)), None)
        if field is None:
            return None
        if position == len(attrs) - 1:
            return [*attrs[:-1], field.attname]
        if not field.many_to_one and not field.one_to_one:
            return None
        opts = field.related_model._meta
    return None


def _guarded(getter):
    # An attribute that is not a column (an annotation, a property): DRF would call it if it were a method.
    def get(row):
        value = getter(row)
        if callable(value):
            raise _RowFallback
        return value

    return get


class PlainListSerializer(serializers.ListSerializer):
    """A list of records read as plain values, each exactly as the serializer's own fields write it.

    DRF shows each field of each row through ``get_attribute`` (a walk with a callable check and exception
    handling), a PKOnlyObject for each foreign key and ``to_representation``, and builds the serializer's fields
    (a deepcopy of each) on every request: two thirds of a 50-task API page's time. Here each field is read once
    per class into an accessor (``_plan``): a column (through forward foreign keys) by ``attrgetter``, a foreign
    key by its ``*_id``, a ``listed`` many-to-many prefetch as its rows' ids, a ``LabelField`` from the labels
    of the request's language, a DateTimeField with the request's time zone looked up once; its value then goes
    through the field's own ``to_representation`` (None stays null). A field it does not know is read by the
    field itself, and a row it cannot read (not an instance of the model, a missing attribute, a callable) goes
    whole through the serializer, so the output is DRF's (tests/tasks/test_api_plain_list.py holds them equal). For serializers whose fields do not depend on the
    request (no context-dependent fields): ``Meta.list_serializer_class``.
    """

    # serializer class -> [(name, getter or None, to_representation or _ISO_DATETIME, the field for a LabelField
    # or an ISO datetime)]
    _plans = {}
    _columns = {}  # serializer class -> its columns

    @classmethod
    def _plan(cls, serializer_class):
        plan = cls._plans.get(serializer_class)
        if plan is None:
            plan = cls._plans[serializer_class] = cls._build_plan(serializer_class)
        return plan

    @staticmethod
    def _build_plan(serializer_class):
        from rest_framework.relations import ManyRelatedField
        from rest_framework.relations import PrimaryKeyRelatedField as DRFPrimaryKeyRelatedField

        from core.api_fields import LabelField, ListedManyRelatedField, listed

        model = serializer_class.Meta.model
        template = serializer_class()
        plan = []
        for field in template._readable_fields:
            name, attrs, kind = field.field_name, field.source_attrs, type(field)
            path = _model_path(model, attrs) if attrs else None
            entry = None
            if kind is LabelField and attrs:
                getter = attrgetter(".".join(path)) if path else _guarded(attrgetter(".".join(attrs)))
                entry = (name, getter, None, field)
            elif isinstance(field, DRFPrimaryKeyRelatedField):
                exact = type(field).get_attribute is DRFPrimaryKeyRelatedField.get_attribute
                if (
                    exact
                    and field.pk_field is None
                    and path
                    and type(field).to_representation is DRFPrimaryKeyRelatedField.to_representation
                ):
                    entry = (name, attrgetter(".".join(path)), _same, None)
            elif (
                kind is ListedManyRelatedField
                and len(attrs) == 1
                and isinstance(field.child_relation, DRFPrimaryKeyRelatedField)
                and field.child_relation.pk_field is None
                and type(field.child_relation).to_representation is DRFPrimaryKeyRelatedField.to_representation
            ):
                entry = (name, attrgetter(listed(attrs[0])), list, None)
            elif (
                attrs
                and not isinstance(field, (serializers.BaseSerializer, ManyRelatedField, serializers.RelatedField))
                and type(field).get_attribute is serializers.Field.get_attribute
            ):
                getter = attrgetter(".".join(path)) if path else _guarded(attrgetter(".".join(attrs)))
                entry = (
                    (name, getter, _ISO_DATETIME, field)
                    if _is_iso_datetime(field)
                    else (name, getter, field.to_representation, None)
                )
            plan.append(entry or (name, None, None, None))  # None: read by the request's own field
        return plan

    @classmethod
    def columns(cls, serializer_class):
        """The columns the serializer's fields read (``field`` or ``relation__field_id``), for a list view's
        ``only()``: what is not a column (an annotation, a prefetched list) is the view's to provide, and the
        query-count tests catch a field read late, row by row."""
        columns = cls._columns.get(serializer_class)
        if columns is None:
            model = serializer_class.Meta.model
            paths = (_model_path(model, field.source_attrs) for field in serializer_class()._readable_fields)
            columns = cls._columns[serializer_class] = tuple(dict.fromkeys("__".join(path) for path in paths if path))
        return columns

    def to_representation(self, data):
        from django.db import models

        iterable = data.all() if isinstance(data, models.manager.BaseManager) else data
        model = self.child.Meta.model
        entries = []
        for name, getter, to_representation, field in self._plan(type(self.child)):
            if getter is None:
                field = self.child.fields[name]
                entries.append((name, field.get_attribute, field.to_representation, _OWN_FIELD))
            elif to_representation is _ISO_DATETIME:
                entries.append((name, getter, _iso_datetime(field), _PLAIN))
            elif field is not None:  # a LabelField
                labels = field.labels()
                none = labels[""] if field._none_label is not None else None
                entries.append((name, getter, _label_of(labels, none), _LABEL))
            else:
                entries.append((name, getter, to_representation, _PLAIN))
        rows = []
        for item in iterable:
            if isinstance(item, model):
                try:
                    rows.append(_plain_row(item, entries))
                    continue
                except (_RowFallback, AttributeError, KeyError):
                    pass
            rows.append(self.child.to_representation(item))
        return rows


_PLAIN, _LABEL, _OWN_FIELD = range(3)
_ISO_DATETIME = object()  # in a plan: a DateTimeField written in ISO 8601 in the request's time zone


def _is_iso_datetime(field):
    from rest_framework.settings import api_settings

    return (
        type(field) is serializers.DateTimeField
        and not hasattr(field, "format")
        and not hasattr(field, "timezone")
        and str(api_settings.DATETIME_FORMAT).lower() == "iso-8601"
    )


def _iso_datetime(field):
    """DRF's DateTimeField.to_representation of an aware datetime, with the time zone looked up once a request
    (DRF asks for it on every value); anything else goes to the field itself."""
    zone = field.default_timezone()

    def iso(value):
        if zone is None or type(value) is not datetime.datetime or value.utcoffset() is None:
            return field.to_representation(value)
        try:
            text = value.astimezone(zone).isoformat()
        except OverflowError:
            return field.to_representation(value)
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return iso


def _label_of(labels, none):
    def label(value):
        return none if value is None else labels.get(value, str(value))

    return label


def _plain_row(item, entries):
    row = {}
    for name, getter, to_representation, kind in entries:
        if kind is _PLAIN:
            value = getter(item)
            row[name] = None if value is None else to_representation(value)
        elif kind is _LABEL:
            row[name] = to_representation(getter(item))
        else:  # the field reads the row itself, as DRF's Serializer.to_representation has it
            try:
                value = getter(item)
            except serializers.SkipField:
                continue
            check = value.pk if isinstance(value, PKOnlyObject) else value
            row[name] = None if check is None else to_representation(value)
    return row


class PartialUpdateMixin:
    """For PATCH serializers (``partial=True``): every field may be left out except ``always_required``."""

    always_required = ("version", "reason")

    def validate(self, attrs):
        missing = [name for name in self.always_required if name not in attrs]
        if missing:
            raise serializers.ValidationError({name: ["Trường này là bắt buộc."] for name in missing})
        return super().validate(attrs)


# --- the error bodies of the contract -------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """401, 403, 404, 405, 409, 415, 429: one human-readable message."""

    detail = serializers.CharField()


class ValidationErrorSerializer(serializers.Serializer):
    """400: each field name maps to its messages; errors of the whole object are under ``non_field_errors``;
    a body that cannot be parsed gets ``detail``."""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)
    detail = serializers.CharField(required=False)


ERROR_DESCRIPTIONS = {
    400: "Dữ liệu không hợp lệ: mỗi trường sai kèm thông báo.",
    401: "Chưa xác thực: thiếu hoặc sai mã truy cập (Authorization: Token …).",
    403: "Không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy (hoặc không được xem).",
    409: "Xung đột: bản ghi vừa được người khác thay đổi, hoặc không còn ở trạng thái cho phép thao tác này.",
    429: "Quá nhiều yêu cầu; thử lại sau số giây trong tiêu đề Retry-After.",
}


def errors(*codes):
    """The documented error responses of an operation: ``errors(400, 403, 404)`` (401 and 429 always)."""
    wanted = sorted({401, 429, *codes})
    return {
        code: OpenApiResponse(
            response=ValidationErrorSerializer if code == 400 else ErrorSerializer, description=ERROR_DESCRIPTIONS[code]
        )
        for code in wanted
    }


def require_response_fields(result, generator, request, public):
    """drf-spectacular post-processing hook: every field of a response object is always there (a serializer
    writes each of its fields, null when empty), so each is ``required`` and a generated client need not treat
    it as optional. Request bodies (``...Request``) keep their own rules; error bodies list only what applies."""
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") or name in SPARSE_RESPONSES or "properties" not in schema:
            continue
        schema["required"] = list(schema["properties"])
    return result


# Responses whose fields come and go: a 400 carries the names of the fields at fault.
SPARSE_RESPONSES = {"ValidationError"}


# --- history, as every history endpoint shows it -------------------------------------------------

ACTION_CODES = {"+": "created", "~": "updated", "-": "deleted"}


class UserSummarySerializer(serializers.Serializer):
    """A user as others see them: who did something."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    display_name = serializers.SerializerMethodField(help_text="Họ đệm tên, như người Việt viết.")
    full_name = serializers.SerializerMethodField(help_text="Như display_name (giữ cho các ứng dụng cũ).")

    def get_display_name(self, user) -> str:
        return display_name(user)

    def get_full_name(self, user) -> str:
        return display_name(user)


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Tên trường trong API.")
    label = serializers.CharField(help_text="Tên trường để hiển thị (theo Accept-Language).")
    old = serializers.CharField(
        source="api_old", help_text="Giá trị trước, dạng hiển thị (ngày theo ISO 8601); “—” khi trống."
    )
    new = serializers.CharField(source="api_new", help_text="Giá trị sau, dạng hiển thị (ngày theo ISO 8601).")


class HistoryEntrySerializer(serializers.Serializer):
    """One change of a record: who, when, what (field: old → new), why."""

    id = serializers.IntegerField(source="history_id")
    time = serializers.DateTimeField(source="at")
    user = UserSummarySerializer(allow_null=True)
    action = serializers.SerializerMethodField()
    action_label = serializers.CharField()
    changes = FieldChangeSerializer(many=True)
    reason = serializers.CharField(allow_blank=True)

    @extend_schema_field(serializers.ChoiceField(choices=list(ACTION_CODES.values())))
    def get_action(self, entry):
        return ACTION_CODES.get(entry.action, entry.action)


def history_response(view, model, records):
    """A page of ``records`` (a history queryset, newest first) as HistoryEntry objects, in fixed queries."""
    from core.history import entries_for

    page = view.paginate_queryset(records.only("history_id"))
    ids = [record.history_id for record in page]
    history = model.history.model.objects.filter(history_id__in=ids).order_by("-history_date", "-history_id")
    entries = entries_for(model, history)
    return view.get_paginated_response(HistoryEntrySerializer(entries, many=True).data)


class TextKeyRelatedField(serializers.SlugRelatedField):
    """A related record named by a text key (``slug_field``). A key PostgreSQL cannot store (a NUL character) is
    simply not found (400), never sent to the database (a 500 there)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)
