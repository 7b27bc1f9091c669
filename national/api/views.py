"""POST /api/v1/national/exports/ (multipart, field ``file``): a province's national export for the Ministry's roll-up.
201 with what was kept and whether it is the one counted; 400 with the reasons by field; 403 to anyone but the
Ministry's coordinators."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies import scoping
from national import services


class ProvinceExportReceivedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    province_code = serializers.CharField()
    province_name = serializers.CharField()
    year = serializers.IntegerField()
    period_kind = serializers.CharField()
    bieu04_number = serializers.CharField()
    issued_on = serializers.DateField()
    counted = serializers.BooleanField(help_text="False: the roll-up holds a newer issued export of that period.")


class ProvinceExportReceiveView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request=inline_serializer("NationalExportUpload", {"file": serializers.FileField()}),
        responses={201: ProvinceExportReceivedSerializer},
    )
    def post(self, request):
        scoping.require(request.user, "national.use")
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": [_("Gửi tệp xuất CSDL quốc gia trong trường “file”.")]}, status=400)
        try:
            export, counted = services.export_receive(actor=request.user, upload=upload)
        except ValidationError as exc:
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        body = {
            "id": export.pk,
            "province_code": export.province.code,
            "province_name": export.province.name,
            "year": export.year,
            "period_kind": export.period_kind,
            "bieu04_number": export.bieu04_number,
            "issued_on": export.issued_on,
            "counted": counted,
        }
        return Response(ProvinceExportReceivedSerializer(body).data, status=status.HTTP_201_CREATED)
