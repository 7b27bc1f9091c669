"""Searching as Vietnamese staff type: without accents, in any case, with either tone-mark placement —
on the pages, in the API and in the admin alike (core.text.fold, core.search)."""

import pytest
from django.urls import reverse

from agencies.models import Agency
from clusters.models import Cluster
from core.audit import audited_bulk_create, audited_bulk_update
from tasks.models import Task
from tests.factories import AgencyFactory, ClusterFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(group, agency):
    """Tasks and clusters whose names carry đ, tone marks in both placements, and capitals."""
    return {
        "dong_anh": TaskFactory(
            group=group, code="T-DA", title="Di dời cơ sở sản xuất tại Đông Anh", lead_agency=agency
        ),
        "ung_hoa_old": TaskFactory(group=group, code="T-UHO", title="Hạ tầng CCN Ứng Hoà", lead_agency=agency),
        "ung_hoa_new": TaskFactory(group=group, code="T-UHN", title="Hạ tầng CCN Ứng Hòa", lead_agency=agency),
        "thuy": TaskFactory(group=group, code="T-TH", title="Kiểm tra xã Thuỵ Lâm", lead_agency=agency),
        "other": TaskFactory(group=group, code="T-X", title="Báo cáo nước thải", lead_agency=agency),
        "cluster": ClusterFactory(code="C-DS", name="CCN Đông Sơn", investor_name="Công ty Hoà Bình"),
        "other_cluster": ClusterFactory(code="C-XC", name="CCN Xà Cầu"),
    }


def page_codes(client, query):
    response = client.get(reverse("tasks:task_list"), {"q": query})
    assert response.status_code == 200
    return sorted(task.code for task in response.context["tasks"])


def api_codes(api, url, query):
    response = api.get(url, {"q": query})
    assert response.status_code == 200, response.json()
    return sorted(row["code"] for row in response.json()["results"])


def test_a_search_typed_without_accents_finds_the_accented_task_on_the_page(client_for, viewer, places):
    client = client_for(viewer)
    assert page_codes(client, "dong anh") == ["T-DA"]
    assert page_codes(client, "ĐÔNG ANH") == ["T-DA"]
    assert page_codes(client, "  Dong   Anh ") == ["T-DA"]


def test_hoa_finds_both_tone_mark_placements_and_thuy_finds_thuy(client_for, viewer, places):
    client = client_for(viewer)
    assert page_codes(client, "ung hoa") == ["T-UHN", "T-UHO"]
    assert page_codes(client, "Ứng Hòa") == ["T-UHN", "T-UHO"]
    assert page_codes(client, "Ứng Hoà") == ["T-UHN", "T-UHO"]
    assert page_codes(client, "thúy lâm") == ["T-TH"]


def test_the_api_searches_tasks_and_clusters_the_same_way(api_for, viewer, places):
    api = api_for(viewer)
    assert api_codes(api, "/api/v1/tasks/", "dong anh") == ["T-DA"]
    assert api_codes(api, "/api/v1/tasks/", "HOA") == ["T-UHN", "T-UHO"]
    assert api_codes(api, "/api/v1/clusters/", "dong son") == ["C-DS"]
    assert api_codes(api, "/api/v1/clusters/", "hòa bình") == ["C-DS"]


def test_the_cluster_register_page_finds_a_cluster_typed_without_accents(client_for, viewer, places):
    response = client_for(viewer).get(reverse("clusters:cluster_list"), {"q": "ccn dong son"})
    assert [cluster.code for cluster in response.context["clusters"]] == ["C-DS"]


def test_the_admin_search_finds_accented_records_typed_without_accents(client_for, coordinator, places):
    client = client_for(coordinator)
    response = client.get(reverse("admin:tasks_task_changelist"), {"q": "dong anh"})
    assert [task.code for task in response.context["cl"].result_list] == ["T-DA"]
    response = client.get(reverse("admin:clusters_cluster_changelist"), {"q": "dong son"})
    assert [cluster.code for cluster in response.context["cl"].result_list] == ["C-DS"]


def test_the_admin_searches_through_a_related_agency_folded(client_for, coordinator, agency):
    agency_name = AgencyFactory(code="UBND-DA", name="UBND xã Đông Anh", kind=Agency.Kind.DEPARTMENT)
    response = client_for(coordinator).get(reverse("admin:agencies_agency_changelist"), {"q": "ubnd dong anh"})
    assert list(response.context["cl"].result_list) == [agency_name]
    response = client_for(coordinator).get(reverse("admin:agencies_membership_changelist"), {"q": "dong anh"})
    assert list(response.context["cl"].result_list) == []


def test_the_search_column_follows_saves_and_audited_bulk_writes(coordinator, group, agency):
    task = TaskFactory(group=group, title="Việc ở Đông Anh", lead_agency=agency)
    assert "dong anh" in task.search_text
    task.title = "Việc ở Sóc Sơn"
    audited_bulk_update([task], ["title"], actor=coordinator, reason="Đổi tên")
    assert "soc son" in Task.objects.get(pk=task.pk).search_text
    created = audited_bulk_create(
        [Cluster(code="C-NEW", name="CCN Đại Mỗ", province=ClusterFactory().province, total_area_ha=10)],
        actor=coordinator,
        reason="Nạp dữ liệu",
    )
    assert Cluster.objects.get(pk=created[0].pk).search_text.startswith("c-new ccn dai mo")
