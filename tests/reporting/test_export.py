"""The national export: the register with the official unit codes and the issued Biểu 04, as JSON and CSV, from
the page and from ``manage.py export_national_cluster_data`` alike."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from clusters.models import Cluster
from reporting import services
from tests.factories import ClusterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(half_year, cluster, sibling_cluster, far_cluster):
    ClusterFactory(code="CCN-R", name="CCN Đã Thu Hồi", status=Cluster.Status.REVOKED)
    return half_year


def _issue(coordinator, period):
    return services.bieu04_issue(
        actor=coordinator, period=period, number="456/BC-SCT", issued_on=datetime.date(2026, 6, 30), signer="A"
    )


def _csv(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_json_has_the_province_the_period_and_the_clusters_with_commune_codes(client_for, coordinator, register):
    response = client_for(coordinator).get(f"/reporting/periods/{register.pk}/national-export.json")
    assert response.status_code == 200
    assert 'filename="csdl-ccn-2026-6-thang.json"' in response["Content-Disposition"]
    data = json.loads(response.content)
    assert (data["format"], data["version"]) == ("ccn-national-export", 1)
    assert data["province"] == {"code": "01", "name": "Thành phố Hà Nội"}
    assert data["period"] | {"id": None} == {
        "id": None,
        "year": 2026,
        "kind": "half_year",
        "data_start": "2025-12-15",
        "data_end": "2026-06-14",
    }
    clusters = {record["code"]: record for record in data["clusters"]}
    assert list(clusters) == ["CCN-A", "CCN-B", "CCN-C"]  # the revoked one is not in the register
    first = clusters["CCN-A"]
    assert first["communes"] == [{"code": "10231", "name": "Xã Xã Thử Nghiệm"}]
    assert clusters["CCN-C"]["communes"][0]["code"] == "10015"
    assert (first["status"], first["province_code"], first["established_on"]) == ("operating", "01", "2026-03-01")
    assert first["approved_investment_vnd"] == "250000000000" and first["areas"]["serviced_land_ha"] == "12.00"
    assert first["investor"]["name"] == "Công ty CP Hạ tầng A"
    assert data["bieu04"] is None


def test_the_json_carries_the_issued_bieu04_as_signed(client_for, coordinator, register):
    _issue(coordinator, register)
    data = client_for(coordinator).get(f"/reporting/periods/{register.pk}/national-export.json").json()
    bieu04 = data["bieu04"]
    assert (bieu04["number"], bieu04["issued_on"], bieu04["signer"]) == ("456/BC-SCT", "2026-06-30", "A")
    rows = {row["key"]: row for row in bieu04["rows"]}
    assert len(rows) == 35 and rows["plan_clusters"] == {
        "row": "1",
        "key": "plan_clusters",
        "label": "Số lượng cụm công nghiệp theo phương án phát triển cụm công nghiệp",
        "unit": "Cụm",
        "value": "3",
        "origin": "register",
    }


def test_the_csv_register_has_one_row_per_cluster_with_the_commune_codes(client_for, coordinator, register):
    response = client_for(coordinator).get(f"/reporting/periods/{register.pk}/national-export.csv")
    assert response.status_code == 200
    rows = _csv(b"".join(response.streaming_content))
    assert [row["code"] for row in rows] == ["CCN-A", "CCN-B", "CCN-C"]
    assert rows[0]["communes_code"] == "10231" and rows[0]["communes_name"] == "Xã Xã Thử Nghiệm"
    assert rows[0]["province_code"] == "01" and rows[0]["areas_serviced_land_ha"] == "12.00"
    assert rows[0]["investor_name"] == "Công ty CP Hạ tầng A" and rows[0]["established_on"] == "2026-03-01"
    assert rows[1]["established_on"] == "" and rows[1]["status"] == "in_scheme"


def test_the_csv_of_bieu04_exists_once_issued(client_for, coordinator, register):
    client = client_for(coordinator)
    url = f"/reporting/periods/{register.pk}/national-export.csv?part=bieu04"
    assert client.get(url).status_code == 404
    assert client.get(f"/reporting/periods/{register.pk}/national-export.csv?part=other").status_code == 404
    _issue(coordinator, register)
    rows = _csv(b"".join(client.get(url).streaming_content))
    assert len(rows) == 35
    assert rows[0] == {
        "period_year": "2026",
        "period_kind": "half_year",
        "number": "456/BC-SCT",
        "issued_on": "2026-06-30",
        "row": "1",
        "key": "plan_clusters",
        "label": "Số lượng cụm công nghiệp theo phương án phát triển cụm công nghiệp",
        "unit": "Cụm",
        "value": "3",
        "origin": "register",
    }


def test_an_empty_register_still_has_its_header(client_for, coordinator, half_year):
    response = client_for(coordinator).get(f"/reporting/periods/{half_year.pk}/national-export.csv")
    header = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(header) == 1 and header[0].startswith("code,name,type,type_label,status,status_label,province_code")
    assert "communes_code,communes_name" in header[0]


def test_the_command_writes_what_the_page_downloads(client_for, coordinator, register, tmp_path):
    _issue(coordinator, register)
    client = client_for(coordinator)
    output = tmp_path / "export.json"
    call_command("export_national_cluster_data", period=register.pk, output_format="json", output=str(output))
    written = json.loads(output.read_text(encoding="utf-8"))
    downloaded = client.get(f"/reporting/periods/{register.pk}/national-export.json").json()
    assert {**written, "generated_at": None} == {**downloaded, "generated_at": None}
    for part in ("register", "bieu04"):
        output = tmp_path / f"{part}.csv"
        call_command(
            "export_national_cluster_data", period=register.pk, output_format="csv", part=part, output=str(output)
        )
        response = client.get(f"/reporting/periods/{register.pk}/national-export.csv?part={part}")
        assert output.read_bytes() == b"".join(response.streaming_content)


def test_the_command_refuses_an_unknown_period_and_an_unissued_bieu04(register, tmp_path):
    output = str(tmp_path / "x.csv")
    with pytest.raises(CommandError, match="Không có kỳ báo cáo mã 999999"):
        call_command("export_national_cluster_data", period=999999, output=output)
    with pytest.raises(CommandError, match="chưa ban hành"):
        call_command(
            "export_national_cluster_data", period=register.pk, output_format="csv", part="bieu04", output=output
        )


@pytest.mark.parametrize("role", ["investor", "commune_reporter", "officer"])
def test_only_coordinators_and_leadership_export(role, request, client_for, register):
    client = client_for(request.getfixturevalue(role))
    for url in ("national-export.json", "national-export.csv", "national-export.csv?part=bieu04"):
        assert client.get(f"/reporting/periods/{register.pk}/{url}").status_code == 403


def test_a_viewer_exports(client_for, viewer, register):
    assert client_for(viewer).get(f"/reporting/periods/{register.pk}/national-export.json").status_code == 200
