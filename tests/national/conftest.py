"""The Ministry's installation: NATIONAL_ROLLUP on, its URLs, the 34 provinces and the Ministry's coordinator; and
provinces' national exports written by the real exporter (``reporting.export``) from small worlds of their own."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.db import transaction

from agencies.models import Agency
from clusters.models import Cluster
from reporting import export, reference, services
from reporting.models import Indicator, ReportForm
from reporting.services import ensure_periods
from tests.factories import (
    AgencyFactory,
    ClusterDecisionFactory,
    ClusterFactory,
    CommuneFactory,
    MembershipFactory,
    ProvinceFactory,
    UserFactory,
)
from tests.seed.conftest import run_command


@pytest.fixture
def national(settings, db):
    """The Ministry's installation, loaded as ``load_reference_data --province national`` loads it."""
    settings.NATIONAL_ROLLUP = True
    settings.PROVINCE_CODE = "national"
    run_command("load_reference_data", "--province", "national")
    return settings


@pytest.fixture
def ministry_coordinator(national):
    user = UserFactory(username="bct.dieuphoi", first_name="Minh", last_name="Trần")
    MembershipFactory(user=user, agency=Agency.objects.get(code="BCT"), role="coordinator")
    return user


@pytest.fixture
def ministry_viewer(national):
    user = UserFactory(username="bct.xem")
    MembershipFactory(user=user, agency=Agency.objects.get(code="BCT"), role="viewer")
    return user


def _report_forms():
    if ReportForm.objects.exists():  # the Ministry's installation loads them too
        return
    forms = {}
    for lookup, values in reference.form_specs():
        forms[lookup["code"]] = ReportForm.objects.create(**lookup, **values)
    for code, key, values in reference.indicator_specs():
        Indicator.objects.create(form=forms[code], key=key, **values)


def province_export(code, name, *, areas, issued_on=datetime.date(2026, 6, 30), number="456/BC-SCT"):
    """The national export (bytes) of the 2026 half-year of a province whose register holds clusters of ``areas``
    ha, established 01/03/2026, Biểu 04 issued on ``issued_on``: the province's installation, made and written by the
    real exporter, then rolled back (one installation, one province)."""
    with transaction.atomic():
        province = ProvinceFactory(code=code, name=name)
        coordinator = UserFactory()
        MembershipFactory(user=coordinator, agency=AgencyFactory(code="SCT", is_focal_point=True), role="coordinator")
        _report_forms()
        period = ensure_periods(2026)[0]
        for n, area in enumerate(areas):
            cluster = ClusterFactory(
                code=f"{code}-CCN-{n}",
                province=province,
                total_area_ha=area,
                industrial_land_ha=None,
                leased_land_ha=None,
                status=Cluster.Status.ESTABLISHED,
            )
            cluster.communes.set([CommuneFactory(code=f"{code}9{n:03d}", province=province)])
            ClusterDecisionFactory(cluster=cluster, date=datetime.date(2026, 3, 1))
        services.bieu04_issue(
            actor=coordinator, period=period, number=number, issued_on=issued_on, signer="Giám đốc", gaps_reason="Đủ"
        )
        content = export.as_bytes(period)
        transaction.set_rollback(True)
    cache.clear()  # the world's cached figures go with it
    return content


def edited(content, change):
    """``content`` (an export's bytes) with ``change(data)`` applied."""
    data = json.loads(content)
    change(data)
    return json.dumps(data, ensure_ascii=False).encode()


@pytest.fixture
def hanoi_export(db, hanoi_clock):
    return province_export("01", "Thành phố Hà Nội", areas=[20])


@pytest.fixture
def bac_ninh_export(db, hanoi_clock):
    return province_export("24", "Tỉnh Bắc Ninh", areas=[30, 12.5])
