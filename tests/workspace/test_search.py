"""The header's search: tasks, clusters and reports matching the words, accents aside, among what the user may see."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

from .conftest import send_bieu02

pytestmark = pytest.mark.django_db


def search(client, q):
    return client.get(reverse("workspace:search"), {"q": q})


def test_every_page_has_a_labelled_search_box_in_the_header(client_for, officer):
    page = client_for(officer).get(reverse("workspace:my_agency")).content.decode()

    assert 'role="search"' in page
    assert '<label class="visually-hidden" for="header-search-q">Tìm nhiệm vụ, cụm công nghiệp, báo cáo</label>' in page
    assert f'action="{reverse("workspace:search")}"' in page


def test_an_officer_finds_a_task_typed_without_accents(client_for, officer, open_task, cluster):
    response = search(client_for(officer), "QUY CHE")

    assert [task.code for task in response.context["tasks"]] == [open_task.code]
    assert response.context["clusters"] == []
    assert open_task.title in response.content.decode()


def test_a_member_finds_clusters_by_name_or_investor(client_for, viewer, cluster, sibling_cluster):
    response = search(client_for(viewer), "ha tang b")

    assert response.context["clusters"] == [sibling_cluster]


def test_an_investor_never_finds_another_investors_cluster_or_report(
    client_for, investor, other_investor, half_year, report_forms, cluster, sibling_cluster, open_task
):
    send_bieu02(investor, half_year, report_forms, cluster)
    client = client_for(investor)

    response = search(client, "thu nghiem")  # both clusters are "CCN Thử Nghiệm …"

    assert response.context["clusters"] == [cluster]
    assert [s.cluster for s in response.context["submissions"]] == [cluster]
    assert "tasks" not in response.context  # the plan's tasks are not a reporter's
    page = response.content.decode()
    assert sibling_cluster.name not in page
    assert search(client, "CCN-B").context["found"] is False
    assert search(client_for(other_investor), "thu nghiem").context["clusters"] == [sibling_cluster]


def test_a_commune_finds_the_clusters_on_its_land_and_no_others(
    client_for, commune_reporter, cluster, sibling_cluster, far_cluster
):
    response = search(client_for(commune_reporter), "thu nghiem")

    assert response.context["clusters"] == [cluster, sibling_cluster]
    assert far_cluster.name not in response.content.decode()


def test_someone_without_a_role_finds_nothing(client_for, open_task, cluster):
    response = search(client_for(UserFactory(username="olga")), "quy che")

    assert response.status_code == 200
    assert "Không tìm thấy kết quả nào" in response.content.decode()


def test_an_empty_search_asks_for_words(client_for, officer):
    page = search(client_for(officer), "  ").content.decode()

    assert "Nhập mã hoặc tên nhiệm vụ" in page
