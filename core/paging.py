"""The incremental-sync protocol every list of the API speaks (issue 16).

``?updated_after=<ISO 8601>`` keeps the records changed strictly after that instant. With it, or with a
``cursor`` from a ``next`` link, the list is read in the order of (``updated_at``, ``id``) and cut by a keyset
cursor that carries both values of the last record sent: the next page starts strictly after that pair. So
records sharing one ``updated_at`` are neither skipped nor repeated across a page boundary, and a record
changed while a client walks the pages moves to the end (a later ``updated_at``) and is sent again, never
lost. DRF's CursorPagination was not used: its cursor is the first ordering field plus an *offset* into the
records sharing it, which skips one when an earlier record of the tie changes in between, and it stops
counting past 1,000 ties (a bulk change gives thousands of records one ``updated_at``).

Without either parameter a list is paged by number as before (``page``, ``page_size``, ``count``).

A change is stamped when it is saved and seen by others once committed, and a transaction may commit long
after it stamped: a client that had already moved its mark past that stamp would never see the change. So
in cursor mode a list serves only records stamped before the *settled horizon* (``sync_horizon``): the start
of the oldest transaction still open in the database (PostgreSQL; every later commit was stamped after it),
less ``SYNC_SETTLE_SECONDS`` for what a clock cannot show (the moment between a stamp and the statement that
writes it, and the clocks of several application servers). A change is therefore served a few seconds
late, and while a transaction is open, every change stamped after it waits for it. On SQLite one writer
holds the database from its first write to its commit, so only the margin is needed.
"""

import base64
import binascii
import datetime
import json

from django.conf import settings
from django.db import connections
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.api import MAX_ID, Pagination

UPDATED_AFTER = "updated_after"
CURSOR = "cursor"


def sync_field(model):
    """The field a model is synced by: its ``updated_at``, or what ``SYNC_FIELD`` names (tombstones:
    ``deleted_at``); None for a model that has neither (it is listed by page only)."""
    if model is None:
        return None
    name = getattr(model, "SYNC_FIELD", "updated_at")
    return name if any(f.name == name for f in model._meta.concrete_fields) else None


def _is_list(view):
    # A viewset's ``list`` or a plain list view; never a detail, an action's nested list or a write.
    return getattr(view, "action", "list") == "list"


def _listed_model(view):
    """The model a list view serves, read from its serializer (the schema generator has no user to ask
    ``get_queryset`` with)."""
    serializer_class = view.get_serializer_class() if hasattr(view, "get_serializer_class") else None
    return getattr(getattr(serializer_class, "Meta", None), "model", None)


def parse_updated_after(value):
    """The aware datetime of ``updated_after``, or a 400 naming the field (a naive time is Vietnam time, Asia/Ho_Chi_Minh)."""
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        moment = None
    if moment is not None:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        try:
            # In UTC, as the database stores it: year 1 east of Greenwich is not there, and PostgreSQL refuses
            # offsets past ±15:59 that Python accepts (up to 23:59).
            moment = moment.astimezone(datetime.UTC)
        except OverflowError:
            moment = None
    if moment is None:
        raise exceptions.ValidationError(
            {
                UPDATED_AFTER: [
                    _(
                        "Thời điểm không hợp lệ: dùng ISO 8601, ví dụ 2026-06-20T10:00:00+07:00 "
                        "(trong địa chỉ, dấu + viết là %2B)."
                    )
                ]
            }
        )
    return moment


def sync_horizon(using="default"):
    """The instant before which every stamped change is committed: records stamped before it are the only ones
    a sync page may serve (see the module docstring). One query on PostgreSQL, none elsewhere."""
    horizon = timezone.now()
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Every client transaction open in this database but ours (idle connections have no xact_start).
            cursor.execute(
                "SELECT min(xact_start) FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            )
            (oldest,) = cursor.fetchone()
        if oldest is not None:
            horizon = min(horizon, oldest)
    return horizon - datetime.timedelta(seconds=settings.SYNC_SETTLE_SECONDS)


class UpdatedAfterFilter(BaseFilterBackend):
    """``?updated_after=`` on every list whose model has a sync field (strictly later changes only)."""

    def filter_queryset(self, request, queryset, view):
        field = sync_field(queryset.model)
        value = request.query_params.get(UPDATED_AFTER)
        if value is None or field is None or not _is_list(view):
            return queryset
        return queryset.filter(**{f"{field}__gt": parse_updated_after(value)})

    def get_schema_operation_parameters(self, view):
        if not _is_list(view) or sync_field(_listed_model(view)) is None:
            return []
        return [
            {
                "name": UPDATED_AFTER,
                "required": False,
                "in": "query",
                "description": (
                    "Chỉ các bản ghi thay đổi sau thời điểm này (ISO 8601, có múi giờ; không có thì theo giờ Việt "
                    "Nam). Khi có tham số này, danh sách được sắp theo (updated_at, id) và chia trang bằng con "
                    "trỏ: đi theo liên kết next cho đến khi next là null."
                ),
                "schema": {"type": "string", "format": "date-time"},
            }
        ]


class SyncPagination(Pagination):
    """Page numbers by default; a keyset cursor over (sync field, id) once ``updated_after`` or ``cursor`` is
    given (see the module docstring). In cursor mode ``count`` is null (counting would cost a query per page
    and change under the client anyway) and ``previous`` is null (sync walks forward)."""

    def paginate_queryset(self, queryset, request, view=None):
        self.field = sync_field(queryset.model)
        self.cursor_mode = bool(
            self.field and _is_list(view) and (UPDATED_AFTER in request.query_params or CURSOR in request.query_params)
        )
        if not self.cursor_mode:
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        size = self.get_page_size(request)
        # Read before the records: under READ COMMITTED their query sees every commit made before it.
        queryset = queryset.filter(**{f"{self.field}__lt": sync_horizon(queryset.db)}).order_by(self.field, "pk")
        position = self._decode(request.query_params.get(CURSOR))
        if position is not None:
            moment, pk = position
            queryset = queryset.filter(Q(**{f"{self.field}__gt": moment}) | Q(**{self.field: moment, "pk__gt": pk}))
        rows = list(queryset[: size + 1])
        self.page_rows = rows[:size]
        self.has_next = len(rows) > size
        return self.page_rows

    def get_paginated_response(self, data):
        if not self.cursor_mode:
            return super().get_paginated_response(data)
        return Response({"count": None, "next": self.get_next_link(), "previous": None, "results": data})

    def get_next_link(self):
        if not self.cursor_mode:
            return super().get_next_link()
        if not self.has_next:
            return None
        last = self.page_rows[-1]
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, CURSOR, self._encode(getattr(last, self.field), last.pk))

    def get_previous_link(self):
        return None if self.cursor_mode else super().get_previous_link()

    @staticmethod
    def _encode(moment, pk):
        text = json.dumps([moment.astimezone(datetime.UTC).isoformat(), pk])
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @staticmethod
    def _decode(value):
        if value is None:
            return None
        try:
            text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
            moment, pk = json.loads(text)
            moment = datetime.datetime.fromisoformat(moment)
            if timezone.is_naive(moment) or type(pk) is not int or not 0 < pk <= MAX_ID:
                raise ValueError
            moment = moment.astimezone(datetime.UTC)  # as parse_updated_after: offsets PostgreSQL takes
        except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeDecodeError):
            raise exceptions.ValidationError(
                {CURSOR: [_("Con trỏ không hợp lệ: hãy dùng đúng liên kết next.")]}
            ) from None
        return moment, pk

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"] = {
            **response["properties"]["count"],
            "nullable": True,
            "description": "Tổng số bản ghi; null khi chia trang bằng con trỏ (updated_after hoặc cursor).",
        }
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        if not _is_list(view) or sync_field(_listed_model(view)) is None:
            return parameters
        return [
            *parameters,
            {
                "name": CURSOR,
                "required": False,
                "in": "query",
                "description": "Con trỏ của trang tiếp theo khi đồng bộ: lấy nguyên từ liên kết next.",
                "schema": {"type": "string"},
            },
        ]
