"""The cluster register over the API: written by coordinators through the services, with history."""

import pytest

from clusters import services
from clusters.models import Cluster, ClusterReport
from tests.factories import ClusterDecisionFactory, ClusterFactory, CommuneFactory, ProvinceFactory

# API tests run on a fixed Hanoi clock: 20/06/2026 10:00 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("hanoi_clock")

CLUSTERS = "/api/v1/clusters/"


@pytest.fixture
def new_cluster(db):
    return {
        "code": "CCN-QD",
        "name": "CCN Quất Động",
        "province": ProvinceFactory().pk,
        "communes": [CommuneFactory(name="Thượng Phúc").pk],
        "former_district": "Thường Tín",
        "total_area_ha": "40.50",
        "industrial_land_ha": 30,
        "leased_land_ha": 27,
        "status": "operating",
        "operating_since": "2019-05-01",
    }


def test_a_coordinator_adds_a_cluster_with_a_reason_and_sees_its_occupancy(coordinator_api, coordinator, new_cluster):
    response = coordinator_api.post(CLUSTERS, {**new_cluster, "reason": "Theo báo cáo của xã"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["occupancy_pct"], body["status_label"], body["version"]) == (90.0, "Đang hoạt động", 1)
    record = Cluster.objects.get().history.get()
    assert (record.history_user, record.history_change_reason) == (coordinator, "Theo báo cáo của xã")


def test_a_cluster_edit_needs_the_current_version(coordinator_api, second_coordinator):
    cluster = ClusterFactory()
    services.cluster_update(actor=second_coordinator, cluster=cluster, reason="Trước", notes="Người khác")
    stale = coordinator_api.patch(f"{CLUSTERS}{cluster.pk}/", {"notes": "Tôi", "version": 1, "reason": "Sau"})
    assert stale.status_code == 409
    fresh = coordinator_api.patch(f"{CLUSTERS}{cluster.pk}/", {"notes": "Tôi", "version": 2, "reason": "Sau"})
    assert (fresh.status_code, fresh.json()["version"]) == (200, 3)


def test_a_cluster_edit_shows_in_its_history_with_the_tokens_user(coordinator_api):
    cluster = ClusterDecisionFactory(cluster__status=Cluster.Status.ESTABLISHED).cluster
    coordinator_api.patch(
        f"{CLUSTERS}{cluster.pk}/", {"site_clearance_percent": 40, "version": 1, "reason": "Có QĐ thu hồi đất"}
    )
    entry = coordinator_api.get(f"{CLUSTERS}{cluster.pk}/history/").json()["results"][0]
    assert entry["user"]["username"] == "alice"
    assert entry["reason"] == "Có QĐ thu hồi đất"
    # The stage follows the fact recorded (clearance under way), in the same history record.
    assert {change["field"]: (change["old"], change["new"]) for change in entry["changes"]} == {
        "site_clearance_percent": ("—", "40"),
        "status": ("Đã có quyết định thành lập", "Đang giải phóng mặt bằng"),
    }


def test_a_stage_the_dated_facts_do_not_give_is_refused_with_the_reason(coordinator_api):
    cluster = ClusterFactory(status=Cluster.Status.IN_SCHEME)
    response = coordinator_api.patch(f"{CLUSTERS}{cluster.pk}/", {"status": "operating", "version": 1, "reason": "x"})
    assert response.status_code == 400
    assert "theo đó cụm đang ở “Trong phương án phát triển”" in response.json()["status"][0]
    cluster.refresh_from_db()
    assert (cluster.status, cluster.version) == (Cluster.Status.IN_SCHEME, 1)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"total_area_ha": "1e400"}, "total_area_ha"),
        ({"total_area_ha": -5}, "total_area_ha"),
        ({"total_area_ha": 12345678901}, "total_area_ha"),
        ({"industrial_land_ha": 50, "total_area_ha": 40}, "non_field_errors"),  # more industrial land than total
        ({"site_clearance_percent": 150}, "site_clearance_percent"),
        ({"latitude": 91}, "latitude"),
        ({"wastewater_capacity_m3_per_day": 10**20}, "wastewater_capacity_m3_per_day"),
        ({"wastewater_compliant": True}, "wastewater_compliant"),  # no plant operating
        ({"status_decision_date": "2026-02-31"}, "status_decision_date"),
        ({"communes": [10**30]}, "communes"),
        ({"type": ""}, "type"),
        ({"id": 5}, "id"),
    ],
)
def test_bad_cluster_input_gets_400_with_a_message(coordinator_api, new_cluster, changes, field):
    response = coordinator_api.post(CLUSTERS, {**new_cluster, **changes}, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert not Cluster.objects.exists()


def test_a_report_for_a_period_is_created_then_replaced(coordinator_api):
    cluster = ClusterFactory()
    url = f"{CLUSTERS}{cluster.pk}/reports/"
    first = coordinator_api.post(url, {"year": 2026, "period": "half_year", "workers": 500}, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["data_window"] == "15/12/2025 – 14/06/2026"
    again = coordinator_api.post(url, {"year": 2026, "period": "half_year", "workers": 650}, format="json")
    assert (again.status_code, again.json()["workers"]) == (200, 650)
    assert ClusterReport.objects.count() == 1
    assert coordinator_api.get(url).json()["count"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {"year": 1999, "period": "annual"},
        {"year": 2026, "period": "quarter"},
        {"year": 2026, "period": "annual", "tenant_projects": 2, "foreign_projects": 3},
        {"year": 2026, "period": "annual", "wastewater_compliant": True},
    ],
)
def test_bad_reports_get_400(coordinator_api, body):
    cluster = ClusterFactory()
    assert coordinator_api.post(f"{CLUSTERS}{cluster.pk}/reports/", body, format="json").status_code == 400


def test_an_officer_reads_the_register_but_cannot_change_it(officer_api, new_cluster):
    cluster = ClusterFactory()
    assert officer_api.get(f"{CLUSTERS}{cluster.pk}/").status_code == 200
    assert officer_api.post(CLUSTERS, new_cluster, format="json").status_code == 403
    patch = officer_api.patch(f"{CLUSTERS}{cluster.pk}/", {"notes": "x", "version": 1, "reason": "x"})
    assert patch.status_code == 403
