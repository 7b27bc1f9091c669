"""Receiving a province's national export: validated (``national.validation``), kept with its file and its Biểu 04
figures, one history record with who received it and why. Refusals are ``ValidationError`` on the field ``file``."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from agencies import scoping
from core.audit import record_save
from places.models import Province

from . import selectors, validation
from .models import ProvinceExport


def export_receive(*, actor, upload):
    """Keep the export in ``upload`` (an uploaded file). Returns ``(export, counted)``: ``counted`` is False when the
    roll-up already holds a newer export of that province and period, which stays the one counted."""
    scoping.require(actor, "national.use")
    content = upload.read()
    try:
        data = validation.parse(content)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    info, period, bieu04 = data["province"], data["period"], data["bieu04"]
    with transaction.atomic():
        province, _created = Province.objects.get_or_create(code=info["code"], defaults={"name": info["name"]})
        received = ProvinceExport(
            province=province,
            year=period["year"],
            period_kind=period["kind"]["code"],
            period_label=period["label"],
            bieu04_number=bieu04["number"],
            issued_on=datetime.date.fromisoformat(bieu04["issued_on"]),
            signer=bieu04["signer"],
            generated_at=_aware(parse_datetime(data["generated_at"])),
            figures=bieu04["rows"],
            file_name=(upload.name or "export.json")[-200:],
            received_by=actor if actor and actor.is_authenticated else None,
        )
        received.file.save(f"{received.bieu04_number.replace('/', '-')}.json", ContentFile(content), save=False)
        received.full_clean()
        reason = _("Nhận tệp xuất CSDL quốc gia của %(province)s, %(period)s") % {
            "province": province.name,
            "period": received.period_label,
        }
        record_save(received, actor=actor, reason=reason, created=True)
        counted = selectors.latest(province, received.year, received.period_kind).pk == received.pk
    return received, counted


def _aware(moment):
    """A time written without its offset is Vietnam's (the exporter always writes the offset)."""
    return moment if moment is None or timezone.is_aware(moment) else timezone.make_aware(moment)
