"""The national export in each installation: ``manage.py export_national_cluster_data`` writes the period's file,
valid against the committed schema, carrying the installation's province; the Ministry's roll-up accepts the two
installations' files and sums them."""

import json
from decimal import Decimal

import jsonschema
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from national import selectors
from reporting import export, services
from tests.national.test_rollup import table, upload

from .test_reporting_cycle import END_OF_JUNE, half_year, report_and_accept
from .worlds import CODES, HANOI, TUYEN_QUANG, build

pytestmark = pytest.mark.django_db

VALIDATOR = jsonschema.Draft202012Validator(
    export.schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def issue_bieu04(world):
    period = half_year()
    report_and_accept(world, period)
    services.bieu04_issue(
        actor=world.coordinator,
        period=period,
        number=f"45/BC-{world.department.short_name}",
        issued_on=END_OF_JUNE,
        signatory=world.director,
        gaps_reason="Các cụm mới thành lập, chưa đi vào hoạt động",
    )
    return period


def test_the_command_writes_a_valid_export_carrying_the_installations_province(installation, tmp_path):
    world = installation
    period = issue_bieu04(world)
    output = tmp_path / "csdl-ccn.json"

    call_command("export_national_cluster_data", period=period.pk, output_format="json", output=str(output))

    data = json.loads(output.read_bytes())
    assert sorted(error.message for error in VALIDATOR.iter_errors(data)) == []
    assert data["province"] == {"code": world.code, "name": world.info.name}
    assert [record["code"] for record in data["clusters"]] == [cluster.code for cluster in world.clusters]
    assert {record["province_code"] for record in data["clusters"]} == {world.code}
    assert data["clusters"][0]["communes"] == [
        {"code": world.mountain_commune.code, "name": world.mountain_commune.full_name}
    ]
    # The decisions were recorded without naming their issuer: the province's People's Committee issued them.
    issuer = {"01": "UBND thành phố Hà Nội", "08": "UBND tỉnh Tuyên Quang"}[world.code]
    assert {decision["issuing_body"] for record in data["clusters"] for decision in record["decisions"]} == {issuer}
    assert data["bieu04"]["number"] == f"45/BC-{world.department.short_name}"
    if world.foreign_place:
        assert world.foreign_place not in output.read_text(encoding="utf-8")


def installation_export(key):
    """The national export (bytes) of ``key``'s installation with its Biểu 04 issued, then rolled back: one
    installation, one province per database."""
    with override_settings(PROVINCE_CODE=CODES[key]), transaction.atomic():
        period = issue_bieu04(build(key))
        content = export.as_bytes(period)
        transaction.set_rollback(True)
    cache.clear()
    return content


@pytest.mark.urls("tests.national.urls")
def test_the_ministrys_rollup_accepts_both_installations_files_and_sums_them(hanoi_clock, client_for, request):
    files = {key: installation_export(key) for key in (HANOI, TUYEN_QUANG)}
    coordinator = request.getfixturevalue("ministry_coordinator")  # the Ministry's installation, after both
    client = client_for(coordinator)

    assert "Thành phố Hà Nội" in upload(client, files[HANOI]).text
    assert "Tỉnh Tuyên Quang" in upload(client, files[TUYEN_QUANG]).text

    rollup = selectors.country_table(2026, "half_year")
    assert [row.code for row in rollup.rows if row.sent] == ["01", "08"]
    assert rollup.total["plan_clusters"] == 4  # two in each
    assert rollup.total["plan_area"] == Decimal("27.00")  # (7.5 + 6) × 2
    assert rollup.total["established"] == 4
    assert "Chưa gửi: 32 tỉnh, thành phố." in table(client).text
