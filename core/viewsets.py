"""The base of the API's model endpoints that write through services (clusters, tasks).

A module of its own, not ``core.api``: REST framework's views read the throttle setting, which imports
``core.api``, so ``core.api`` cannot import them at its top.
"""

from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.response import Response

from .api import CachedListMixin, IdLookupMixin
from .filters import FilterBackend
from .paging import UpdatedAfterFilter


class ServiceModelViewSet(
    CachedListMixin,
    IdLookupMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    # A model's endpoint: read through the app's visibility (the subclass's ``get_queryset`` asks scoping),
    # filtered by the app's FilterSet (``filterset_class``, the list page's), its list pages cached
    # (``cache_domains``), and written only through the app's services. ``create`` and PATCH (PUT is refused)
    # check the permission (``check_create``, ``check_update``), validate the request serializer
    # (``create_serializer_class``, ``update_serializer_class``), call one service (``create_record``,
    # ``update_record``) and answer with the record as a read shows it; the app's actions follow the same steps
    # with ``validated`` and ``answer``. (Comments, not a docstring: drf-spectacular would publish it as the
    # description of every operation.)

    # Ordering is the FilterSet's own ``ordering``; ``updated_after`` is every list's (core/paging.py).
    filter_backends = [FilterBackend, UpdatedAfterFilter]
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_serializer_class = None
    update_serializer_class = None

    def check_create(self):
        raise NotImplementedError

    def check_update(self, record):
        raise NotImplementedError

    def create_record(self, values):
        raise NotImplementedError

    def update_record(self, record, values):
        raise NotImplementedError

    def validated(self, serializer_class, **kwargs):
        """The request's body validated by ``serializer_class`` (400 with field errors otherwise)."""
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def answer(self, record, status_code=status.HTTP_200_OK):
        """``record`` as a read shows it: read again through ``get_queryset`` (its figures, what the user sees)."""
        return Response(self.serializer_class(self.get_queryset().get(pk=record.pk)).data, status=status_code)

    def create(self, request, *args, **kwargs):
        self.check_create()
        record = self.create_record(self.validated(self.create_serializer_class))
        return self.answer(record, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        record = self.get_object()
        self.check_update(record)
        values = self.validated(self.update_serializer_class, instance=record, partial=True)
        return self.answer(self.update_record(record, values))

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise exceptions.MethodNotAllowed(request.method)
        return super().update(request, *args, **kwargs)
