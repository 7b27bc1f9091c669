"""The register pages: filterable list with figures, and a cluster's record with its reports, tasks, history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from clusters import services as cluster_services
from clusters.models import Cluster
from tests.factories import ClusterFactory, ClusterReportFactory, CommuneFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clusters():
    commune = CommuneFactory(name="Thượng Phúc")
    quat_dong = ClusterFactory(
        code="CCN-QD",
        name="CCN Quất Động",
        status=Cluster.Status.OPERATING,
        total_area_ha=Decimal("38.5"),
        industrial_land_ha=Decimal("30"),
        leased_land_ha=Decimal("27"),
        wastewater_status=Cluster.Wastewater.OPERATING,
        wastewater_compliant=True,
        former_district="Thường Tín",
    )
    quat_dong.communes.set([commune])
    other = ClusterFactory(code="CCN-NEW", name="CCN Mới", status=Cluster.Status.UNDER_APPRAISAL, leased_land_ha=None)
    return quat_dong, other


def test_register_lists_clusters_with_area_occupancy_and_status(client_for, officer, clusters):
    response = client_for(officer).get(reverse("clusters:cluster_list"))
    page = response.content.decode()
    assert "CCN Quất Động" in page and "CCN Mới" in page
    assert "38,5" in page and "90%" in page
    assert "Xã Thượng Phúc" in page and "Thường Tín" in page
    assert response.context["figures"]["count"] == 2


def test_register_filters_by_status_and_wastewater_with_the_api_filterset(client_for, officer, clusters):
    client = client_for(officer)
    by_status = client.get(reverse("clusters:cluster_list"), {"status": "operating"})
    assert [c.code for c in by_status.context["clusters"]] == ["CCN-QD"]
    compliant = client.get(reverse("clusters:cluster_list"), {"wastewater_compliant": "true"})
    assert [c.code for c in compliant.context["clusters"]] == ["CCN-QD"]
    filled = client.get(reverse("clusters:cluster_list"), {"occupancy_min": "80"})
    assert [c.code for c in filled.context["clusters"]] == ["CCN-QD"]


def test_register_figures_follow_the_filter(client_for, officer, clusters):
    """The figures of what is shown come from the register as of today: the occupancy is Register.occupancy() over
    the operating clusters shown, from their periodic figures in force, labelled as the dashboard labels it."""
    import datetime

    quat_dong, _other = clusters
    quat_dong.operating_since = datetime.date(2020, 1, 1)
    quat_dong.save()
    ClusterReportFactory(cluster=quat_dong, year=2025, period="annual", leased_land_ha=Decimal("27"))
    client = client_for(officer)

    for query in ({"status": "operating"}, {"register": "operating"}, {"stage": "operating"}):
        response = client.get(reverse("clusters:cluster_list"), query)
        figures = response.context["figures"]
        assert (figures["count"], figures["total_area"], figures["occupancy"], figures["leased_land"]) == (
            1,
            Decimal("38.50"),
            Decimal("90.00"),
            Decimal("27"),
        ), query
    page = client.get(reverse("clusters:cluster_list")).content.decode()
    assert "Tỷ lệ lấp đầy bình quân (theo diện tích) của các cụm đã hoạt động" in page
    assert 'data-occupancy="90.00"' in page


def test_cluster_page_shows_the_record_reports_and_linked_tasks(client_for, officer, clusters, group, agency):
    cluster = clusters[0]
    ClusterReportFactory(cluster=cluster, year=2026, workers=1234)
    TaskFactory(group=group, code="T-CL", title="Bàn giao trạm xử lý nước thải", lead_agency=agency, clusters=[cluster])
    page = client_for(officer).get(reverse("clusters:cluster_detail", args=[cluster.pk])).content.decode()
    assert "CCN Quất Động" in page and "Đang hoạt động" in page
    assert "1.234" in page and "6 tháng 2026" in page and "15/12/2025 – 14/06/2026" in page
    assert "Bàn giao trạm xử lý nước thải" in page


@pytest.mark.parametrize("role", ["coordinator", "viewer"])
def test_coordinators_and_viewers_see_the_history_of_the_record(request, role, client_for, coordinator, clusters):
    cluster = clusters[1]
    cluster_services.cluster_update(actor=coordinator, cluster=cluster, reason="Theo Quyết định 99", name="CCN Mới Tên")
    client = client_for(request.getfixturevalue(role))
    page = client.get(reverse("clusters:cluster_detail", args=[cluster.pk])).content.decode()
    assert "Theo Quyết định 99" in page
    assert 'class="timeline"' in page


def test_officer_sees_a_note_instead_of_the_history(client_for, officer, coordinator, clusters):
    cluster = clusters[1]
    cluster_services.cluster_update(actor=coordinator, cluster=cluster, reason="Theo Quyết định 99", name="CCN Mới Tên")
    page = client_for(officer).get(reverse("clusters:cluster_detail", args=[cluster.pk])).content.decode()
    assert "Theo Quyết định 99" not in page
    assert "chỉ hiển thị cho lãnh đạo và cán bộ điều phối" in page


def test_area_outside_the_decree_is_a_warning_not_an_error(client_for, officer):
    cluster = ClusterFactory(code="BIG", total_area_ha=Decimal("120"), industrial_land_ha=Decimal("90"))
    page = client_for(officer).get(reverse("clusters:cluster_detail", args=[cluster.pk])).content.decode()
    assert "nằm ngoài khoảng" in page and "msg-warning" in page
