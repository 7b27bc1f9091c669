"""``GET /api/v1/deletions/``: what a syncing client must delete on its side."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from core.api import errors
from core.paging import UpdatedAfterFilter
from sync.models import Tombstone

from .serializers import DeletionSerializer


@extend_schema_view(
    get=extend_schema(
        summary="Các bản ghi đã xóa (để đồng bộ tăng dần)",
        description=(
            "Mỗi bản ghi thuộc các danh sách của API bị xóa để lại một dòng: loại (model), mã (id), thời điểm "
            "xóa (deleted_at). Lọc bằng updated_after (so với deleted_at) và đi theo liên kết next, như mọi "
            "danh sách khác. Chỉ có loại và mã, không có nội dung của bản ghi."
        ),
        responses={200: DeletionSerializer(many=True), **errors(400, 404)},
    )
)
class DeletionListView(generics.ListAPIView):
    serializer_class = DeletionSerializer
    filter_backends = [UpdatedAfterFilter]

    def get_queryset(self):
        # Only deletions of records the user could have seen (sync.models.TombstoneQuerySet.visible_to).
        return Tombstone.objects.visible_to(self.request.user).order_by("deleted_at", "pk")
