"""The national export (format ccn-national-export, version 2): the register as it stood at the close of the period's
data window, every decision in force by then, the period's accepted Biểu 02/03 per subject and the issued Biểu 04; as
JSON that validates against the committed schema, and as CSV parts with the same vocabulary; the page and
``manage.py export_national_cluster_data`` write the same bytes."""

import csv
import datetime
import io
import json
from decimal import Decimal

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusters.models import Cluster, ClusterDecision
from clusters.periods import PeriodKind
from reporting import bieu, export, services
from reporting.models import ReportingPeriod, SubmissionValue
from tests.factories import ClusterDecisionFactory, ClusterFactory

from .conftest import BIEU02

pytestmark = pytest.mark.django_db

Kind = ClusterDecision.Kind
VALIDATOR = jsonschema.Draft202012Validator(
    export.schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


@pytest.fixture
def annual(half_year):
    return ReportingPeriod.objects.get(year=2026, kind=PeriodKind.ANNUAL)


@pytest.fixture
def register(half_year, cluster, sibling_cluster, far_cluster):
    """CCN-A established 01/03/2026, expanded 01/04 (20 → 25 ha) and adjusted 10/05 (25 → 24 ha); CCN-B established
    17/06/2026, after the half-year's window closed (14/06); CCN-C in the scheme only; CCN-R revoked before the
    window closed."""
    ClusterDecisionFactory(
        cluster=cluster,
        kind=Kind.EXPAND,
        number="200/QĐ-UBND",
        date=datetime.date(2026, 4, 1),
        area_before_ha=20,
        area_after_ha=25,
        issuing_body="UBND Thành phố",
    )
    ClusterDecisionFactory(
        cluster=cluster, kind=Kind.ADJUST, number="300/QĐ-UBND", date=datetime.date(2026, 5, 10), area_after_ha=24
    )
    ClusterDecisionFactory(cluster=sibling_cluster, number="400/QĐ-UBND", date=datetime.date(2026, 6, 17))
    revoked = ClusterFactory(code="CCN-R", name="CCN Đã Bãi Bỏ", status=Cluster.Status.REVOKED)
    ClusterDecisionFactory(cluster=revoked, date=datetime.date(2025, 1, 5))
    ClusterDecisionFactory(cluster=revoked, kind=Kind.REVOKE, date=datetime.date(2026, 2, 1))
    return half_year


@pytest.fixture
def reported(register, report_forms, cluster, sibling_cluster, investor, other_investor, coordinator, commune_reporter):
    """Biểu 02 of CCN-A accepted (its average income row left empty), Biểu 02 of CCN-B sent but not accepted, Biểu 03
    of CCN-A's commune accepted."""
    bieu02 = services.submission_save(
        actor=investor,
        period=register,
        form=report_forms["02"],
        cluster=cluster,
        values=BIEU02,
        submit=True,
        signer_name="Trần Văn A",
        signer_title="Giám đốc",
    )
    services.submission_accept(actor=coordinator, submission=bieu02)
    # An accepted report whose row was left empty (an older record): the export says null, not 0.
    SubmissionValue.objects.filter(submission=bieu02, indicator__key="investor_average_income").delete()
    services.submission_save(
        actor=other_investor,
        period=register,
        form=report_forms["02"],
        cluster=sibling_cluster,
        values={**BIEU02, "approved_investment": "999"},
        submit=True,
        signer_name="Trần Văn B",
        signer_title="Giám đốc",
    )
    commune = cluster.communes.get()
    computed = {key: figure.value for key, figure in bieu.compute(register, commune).items()}
    bieu03 = services.submission_save(
        actor=commune_reporter,
        period=register,
        form=report_forms["03"],
        commune=commune,
        values=computed | {"revenue": "120,5", "budget_paid": "3", "workers": "800"},
        submit=True,
        signer_name="Lê Văn C",
        signer_title="Chủ tịch",
    )
    services.submission_accept(actor=coordinator, submission=bieu03)
    return register


def _issue(coordinator, period):
    return services.bieu04_issue(
        actor=coordinator,
        period=period,
        number="456/BC-SCT",
        issued_on=datetime.date(2026, 6, 30),
        signer="A",
        gaps_reason="Theo hạn",
    )


def _json(client, period):
    response = client.get(f"/reporting/periods/{period.pk}/national-export.json")
    assert response.status_code == 200
    return json.loads(response.content)


def _csv(client, period, part):
    response = client.get(f"/reporting/periods/{period.pk}/national-export.csv?part={part}")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def _clusters(data):
    return {record["code"]: record for record in data["clusters"]}


def test_the_json_is_the_register_at_the_close_of_the_window_with_its_format_and_province(
    client_for, coordinator, register
):
    response = client_for(coordinator).get(f"/reporting/periods/{register.pk}/national-export.json")
    assert 'filename="csdl-ccn-2026-6-thang.json"' in response["Content-Disposition"]
    data = json.loads(response.content)
    assert (data["format"], data["version"]) == ("ccn-national-export", 2)
    assert data["province"] == {"code": "01", "name": "Thành phố Hà Nội"}
    assert data["period"] | {"id": None} == {
        "id": None,
        "year": 2026,
        "kind": {"code": "half_year", "label": "6 tháng"},
        "label": "6 tháng năm 2026",
        "data_start": "2025-12-15",
        "data_end": "2026-06-14",
    }
    assert data["register_as_of"] == "2026-06-14"
    clusters = _clusters(data)
    assert list(clusters) == ["CCN-A", "CCN-B", "CCN-C"]  # CCN-R was revoked on 01/02/2026
    first = clusters["CCN-A"]
    assert first["province_code"] == "01"
    assert first["communes"] == [{"code": "10231", "name": "Xã Xã Thử Nghiệm"}]
    assert first["type"] == {"code": "general", "label": "Cụm công nghiệp thông thường"}
    assert first["stage"] == {"code": "operating", "label": "Đang hoạt động"}
    assert first["investor"] == {
        "name": "Công ty CP Hạ tầng A",
        "kind": {"code": "enterprise", "label": "Doanh nghiệp"},
    }
    assert first["facts"]["established"] and first["facts"]["established_in_period"]
    assert first["dates"]["established_on"] == "2026-03-01"
    assert first["areas"]["total_ha"] == "24.00"  # the area of the adjustment, the latest decision in force


def test_a_cluster_established_after_the_window_closed_is_established_in_the_annual_export_only(
    client_for, coordinator, register, annual
):
    client = client_for(coordinator)
    half = _clusters(_json(client, register))["CCN-B"]
    assert half["facts"]["established"] is False and half["dates"]["established_on"] is None
    assert half["stage"]["code"] == "in_scheme" and half["decisions"] == []
    whole = _clusters(_json(client, annual))["CCN-B"]
    assert whole["facts"]["established"] is True and whole["dates"]["established_on"] == "2026-06-17"
    assert whole["stage"] == {"code": "established", "label": "Đã có quyết định thành lập"}
    assert [decision["number"] for decision in whole["decisions"]] == ["400/QĐ-UBND"]


def test_every_decision_in_force_is_listed_with_its_kind_body_and_areas(client_for, coordinator, register):
    decisions = _clusters(_json(client_for(coordinator), register))["CCN-A"]["decisions"]
    assert [(d["kind"]["code"], d["date"]) for d in decisions] == [
        ("establish", "2026-03-01"),
        ("expand", "2026-04-01"),
        ("adjust", "2026-05-10"),
    ]
    assert decisions[1] == {
        "kind": {"code": "expand", "label": "Mở rộng"},
        "number": "200/QĐ-UBND",
        "date": "2026-04-01",
        "issuing_body": "UBND Thành phố",
        "area_before_ha": "20.00",
        "area_after_ha": "25.00",
    }
    assert decisions[2]["kind"] == {"code": "adjust", "label": "Điều chỉnh"} and decisions[2]["area_before_ha"] is None


def test_the_accepted_reports_appear_per_subject_and_a_missing_value_is_null(client_for, coordinator, reported):
    data = _json(client_for(coordinator), reported)
    assert [report["cluster"]["code"] for report in data["bieu02"]] == ["CCN-A"]  # CCN-B's is not accepted
    rows = {row["key"]: row for row in data["bieu02"][0]["rows"]}
    assert rows["approved_investment"] == {
        "key": "approved_investment",
        "row": "1",
        "label": rows["approved_investment"]["label"],
        "unit": "Tỷ đồng",
        "value": "250.000",
    }
    assert Decimal(rows["leased_land"]["value"]) == 9
    assert rows["investor_average_income"]["value"] is None
    assert data["bieu02"][0]["accepted_at"].startswith("2026-06-20T")
    assert [report["commune"] for report in data["bieu03"]] == [{"code": "10231", "name": "Xã Xã Thử Nghiệm"}]
    commune_rows = {row["key"]: row["value"] for row in data["bieu03"][0]["rows"]}
    assert Decimal(commune_rows["revenue"]) == Decimal("120.5") and Decimal(commune_rows["workers"]) == 800
    # The cluster's own periodic figures of the period come from its accepted Biểu 02.
    first = _clusters(data)["CCN-A"]
    assert first["period_figures"]["tenant_projects"] == 12 and Decimal(first["areas"]["leased_land_ha"]) == 9
    assert _clusters(data)["CCN-B"]["period_figures"] == {
        "tenant_projects": None,
        "foreign_projects": None,
        "active_projects": None,
        "workers": None,
    }


def test_the_export_validates_against_the_committed_schema(client_for, coordinator, reported, annual):
    client = client_for(coordinator)
    _issue(coordinator, reported)
    for period in (reported, annual):
        data = _json(client, period)
        VALIDATOR.validate(data)
    assert data["bieu04"] is None  # the annual Biểu 04 is not issued


def test_the_schema_rejects_an_export_that_breaks_the_format(client_for, coordinator, register):
    data = _json(client_for(coordinator), register)
    data["clusters"][0]["stage"] = "operating"  # a bare code instead of {code, label}
    assert not VALIDATOR.is_valid(data)
    data = _json(client_for(coordinator), register)
    data["clusters"][0]["areas"]["total_ha"] = 24.0  # a number instead of a decimal string
    assert not VALIDATOR.is_valid(data)


def test_the_schemas_codes_are_the_models_codes():
    defs = export.schema()["$defs"]
    for name, choices in (
        ("cluster_type", Cluster.Type),
        ("cluster_stage", Cluster.Status),
        ("investor_kind", Cluster.InvestorKind),
        ("decision_kind", ClusterDecision.Kind),
        ("period_kind", PeriodKind),
    ):
        assert defs[name]["properties"]["code"]["enum"] == list(choices.values), name


def test_the_schema_is_served_to_members(viewer_api, anonymous, db):
    response = viewer_api.get("/api/v1/schema/national-export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    assert json.loads(response.content) == export.schema()
    assert anonymous.get("/api/v1/schema/national-export.json").status_code in (401, 403)


def test_the_json_carries_the_issued_bieu04_as_signed(client_for, coordinator, register):
    _issue(coordinator, register)
    bieu04 = _json(client_for(coordinator), register)["bieu04"]
    assert (bieu04["number"], bieu04["issued_on"], bieu04["signer"]) == ("456/BC-SCT", "2026-06-30", "A")
    rows = {row["key"]: row for row in bieu04["rows"]}
    assert len(rows) == 35 and rows["plan_clusters"] == {
        "row": "1",
        "key": "plan_clusters",
        "label": "Số lượng cụm công nghiệp theo phương án phát triển cụm công nghiệp",
        "unit": "Cụm",
        "value": rows["plan_clusters"]["value"],
        "origin": "register",
    }


def test_the_csv_register_has_one_row_per_cluster_with_the_json_paths_as_columns(client_for, coordinator, register):
    rows = _csv(client_for(coordinator), register, "register")
    assert [row["code"] for row in rows] == ["CCN-A", "CCN-B", "CCN-C"]
    first = rows[0]
    assert (first["period_year"], first["period_kind_code"]) == ("2026", "half_year")
    assert first["communes_code"] == "10231" and first["communes_name"] == "Xã Xã Thử Nghiệm"
    assert (first["stage_code"], first["stage_label"]) == ("operating", "Đang hoạt động")
    assert first["investor_kind_code"] == "enterprise" and first["areas_total_ha"] == "24.00"
    assert first["facts_established"] == "true" and first["dates_established_on"] == "2026-03-01"
    assert rows[1]["facts_established"] == "false" and rows[1]["dates_established_on"] == ""
    assert "decisions_number" not in first  # one row per decision in the decisions part


def test_the_csv_decisions_and_reports_have_one_row_per_item(client_for, coordinator, reported):
    client = client_for(coordinator)
    decisions = _csv(client, reported, "decisions")
    assert [(row["cluster_code"], row["kind_code"], row["number"]) for row in decisions][1:] == [
        ("CCN-A", "expand", "200/QĐ-UBND"),
        ("CCN-A", "adjust", "300/QĐ-UBND"),
    ]
    assert decisions[1]["kind_label"] == "Mở rộng" and decisions[1]["area_after_ha"] == "25.00"
    bieu02 = _csv(client, reported, "bieu02")
    assert {row["cluster_code"] for row in bieu02} == {"CCN-A"}
    assert {row["key"]: row["value"] for row in bieu02}["investor_average_income"] == ""
    bieu03 = _csv(client, reported, "bieu03")
    assert {row["commune_code"] for row in bieu03} == {"10231"}
    assert list(bieu03[0])[:6] == [
        "period_year",
        "period_kind_code",
        "commune_code",
        "commune_name",
        "accepted_at",
        "key",
    ]


def test_the_csv_of_bieu04_exists_once_issued(client_for, coordinator, register):
    client = client_for(coordinator)
    url = f"/reporting/periods/{register.pk}/national-export.csv?part=bieu04"
    assert client.get(url).status_code == 404
    assert client.get(f"/reporting/periods/{register.pk}/national-export.csv?part=other").status_code == 404
    _issue(coordinator, register)
    rows = _csv(client, register, "bieu04")
    assert len(rows) == 35
    assert rows[0] | {"value": None} == {
        "period_year": "2026",
        "period_kind_code": "half_year",
        "number": "456/BC-SCT",
        "issued_on": "2026-06-30",
        "signer": "A",
        "row": "1",
        "key": "plan_clusters",
        "label": "Số lượng cụm công nghiệp theo phương án phát triển cụm công nghiệp",
        "unit": "Cụm",
        "value": None,
        "origin": "register",
    }


@pytest.mark.parametrize("part", ["register", "decisions", "bieu02", "bieu03"])
def test_an_empty_part_still_has_its_header(client_for, coordinator, half_year, part):
    response = client_for(coordinator).get(f"/reporting/periods/{half_year.pk}/national-export.csv?part={part}")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 and lines[0].startswith("period_year,period_kind_code,")


def test_the_command_writes_the_bytes_the_page_downloads(client_for, coordinator, reported, tmp_path):
    _issue(coordinator, reported)
    client = client_for(coordinator)
    output = tmp_path / "export.json"
    call_command("export_national_cluster_data", period=reported.pk, output_format="json", output=str(output))
    assert output.read_bytes() == client.get(f"/reporting/periods/{reported.pk}/national-export.json").content
    for part in export.CSV_PARTS:
        output = tmp_path / f"{part}.csv"
        call_command(
            "export_national_cluster_data", period=reported.pk, output_format="csv", part=part, output=str(output)
        )
        response = client.get(f"/reporting/periods/{reported.pk}/national-export.csv?part={part}")
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


def test_the_export_reads_a_fixed_number_of_queries_whatever_the_register_holds(coordinator, reported):
    _issue(coordinator, reported)
    with CaptureQueriesContext(connection) as few:
        export.national_data(reported)
    for number in range(3):
        extra = ClusterFactory(code=f"CCN-X{number}")
        ClusterDecisionFactory(cluster=extra, date=datetime.date(2026, 2, 1))
    with CaptureQueriesContext(connection) as more:
        export.national_data(reported)
    # The register (clusters, decisions, periodic figures, communes); the clusters' province and names, their
    # provinces, their communes, the decisions' issuing bodies; the forms' rows, the accepted reports, their values;
    # whether Biểu 04 is issued, and the issued one.
    assert len(few) == len(more) == 13
