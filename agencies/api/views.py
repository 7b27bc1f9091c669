"""Agencies and who works for them (memberships), as the API shows them: read-only, to members."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from agencies.models import Agency, Membership
from core import cache as core_cache
from core.api import CachedListMixin, IdLookupMixin, errors

from .serializers import AgencySerializer, MembershipSerializer


@extend_schema_view(
    list=extend_schema(summary="Các cơ quan", responses={200: AgencySerializer(many=True), **errors(400, 404)}),
    retrieve=extend_schema(summary="Một cơ quan", responses={200: AgencySerializer, **errors(404)}),
)
class AgencyViewSet(CachedListMixin, IdLookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AgencySerializer
    cache_domains = (core_cache.AGENCIES,)  # the agencies (a commune is shown and filtered by its id)
    filterset_fields = ["kind", "is_focal_point", "is_active", "commune"]
    ordering_fields = ["code", "name", "kind"]

    def get_queryset(self):
        return Agency.objects.visible_to(self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Phân công người dùng (cơ quan, vai trò)",
        responses={200: MembershipSerializer(many=True), **errors(400, 404)},
    ),
    retrieve=extend_schema(summary="Một phân công", responses={200: MembershipSerializer, **errors(404)}),
)
class MembershipViewSet(IdLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Read-only: memberships are managed by coordinators in the admin."""

    serializer_class = MembershipSerializer
    filterset_fields = ["agency", "role", "user", "is_active"]
    ordering_fields = ["agency__code", "user__username", "role", "created_at"]

    def get_queryset(self):
        agencies = Agency.objects.visible_to(self.request.user)
        return Membership.objects.filter(agency__in=agencies).select_related("user")
