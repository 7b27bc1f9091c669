"""Search-as-you-type filters: the filter forms render only the chosen cluster, agency or person, and the
/lookup/ endpoints answer what was typed, folded, scoped, at most 20, in Vietnamese order."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.lookups import LOOKUP_LIMIT
from tests.core.test_page_query_counts import REQUEST, describe
from tests.factories import AgencyFactory, ClusterFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


def options_of(page, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no select {name}"
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))


def lookup(client, name, q=""):
    response = client.get(reverse(f"lookup:{name}"), {"q": q})
    assert response.status_code == 200
    return response.json()["results"]


@pytest.fixture
def clusters(db):
    return {
        "dong_anh": ClusterFactory(code="CCN-DA", name="CCN Đông Anh"),
        "bac_son": ClusterFactory(code="CCN-BS", name="CCN Bắc Sơn"),
        "an_khanh": ClusterFactory(code="CCN-AK", name="CCN An Khánh"),
    }


def test_the_task_filter_renders_only_the_chosen_cluster_and_agency(client_for, coordinator, agency, clusters, task):
    client = client_for(coordinator)
    page = client.get(reverse("tasks:task_list")).content.decode()
    assert options_of(page, "cluster") == [("", "Tất cả")]
    assert options_of(page, "lead_agency") == [("", "Tất cả")]
    assert 'data-lookup="/lookup/clusters/"' in page
    assert 'data-lookup="/lookup/agencies/"' in page
    assert 'data-placeholder="Gõ để tìm…"' in page

    chosen = clusters["dong_anh"]
    page = client.get(reverse("tasks:task_list"), {"cluster": chosen.pk, "lead_agency": agency.pk}).content.decode()
    assert options_of(page, "cluster") == [("", "Tất cả"), (str(chosen.pk), "CCN Đông Anh")]
    assert re.search(rf'<option value="{chosen.pk}" selected>', page)
    assert options_of(page, "lead_agency") == [("", "Tất cả"), (str(agency.pk), "Sở Xây dựng")]


def test_a_cluster_id_in_the_url_still_filters_and_an_unknown_one_is_a_field_error(
    client_for, coordinator, group, agency, clusters
):
    mine = TaskFactory(group=group, code="NV-DA", title="Việc ở Đông Anh", clusters=[clusters["dong_anh"]])
    TaskFactory(group=group, code="NV-BS", title="Việc ở Bắc Sơn", clusters=[clusters["bac_son"]])
    client = client_for(coordinator)
    page = client.get(reverse("tasks:task_list"), {"cluster": clusters["dong_anh"].pk}).content.decode()
    assert mine.title in page and "Việc ở Bắc Sơn" not in page

    response = client.get(reverse("tasks:task_list"), {"cluster": 999999})
    assert response.status_code == 200
    assert "Lựa chọn không hợp lệ" in response.content.decode() or "không hợp lệ" in response.content.decode()
    assert options_of(response.content.decode(), "cluster") == [("", "Tất cả")]

    response = client.get(reverse("tasks:task_list"), {"cluster": "abc"})
    assert response.status_code == 200


def test_the_api_filters_by_the_same_ids(api_for, coordinator, group, clusters):
    TaskFactory(group=group, code="NV-DA", clusters=[clusters["dong_anh"]])
    TaskFactory(group=group, code="NV-BS", clusters=[clusters["bac_son"]])
    response = api_for(coordinator).get("/api/v1/tasks/", {"cluster": clusters["dong_anh"].pk})
    assert response.status_code == 200
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [row["code"] for row in rows] == ["NV-DA"]
    assert api_for(coordinator).get("/api/v1/tasks/", {"cluster": 999999}).status_code == 400


def test_the_audit_filter_renders_only_the_chosen_person_and_agency(client_for, coordinator, officer, agency):
    client = client_for(coordinator)
    page = client.get(reverse("audit:audit_log")).content.decode()
    assert options_of(page, "user") == [("", "Tất cả")]
    assert options_of(page, "agency") == [("", "Tất cả")]
    assert 'data-lookup="/lookup/users/"' in page

    page = client.get(reverse("audit:audit_log"), {"user": officer.pk, "agency": agency.pk}).content.decode()
    assert options_of(page, "user") == [("", "Tất cả"), (str(officer.pk), "Lê Bob (bob)")]
    assert options_of(page, "agency") == [("", "Tất cả"), (str(agency.pk), "Sở Xây dựng")]


def test_cluster_lookup_folds_what_was_typed_and_answers_in_vietnamese_order(client_for, viewer, clusters):
    client = client_for(viewer)
    assert lookup(client, "clusters", "dong anh") == [{"id": clusters["dong_anh"].pk, "label": "CCN Đông Anh"}]
    assert lookup(client, "clusters", "CCN-BS") == [{"id": clusters["bac_son"].pk, "label": "CCN Bắc Sơn"}]
    assert [row["label"] for row in lookup(client, "clusters")] == ["CCN An Khánh", "CCN Bắc Sơn", "CCN Đông Anh"]
    assert lookup(client, "clusters", "không có cụm này") == []


def test_lookups_answer_at_most_twenty(client_for, officer):
    for n in range(LOOKUP_LIMIT + 5):
        ClusterFactory(code=f"CCN-X{n:02d}", name=f"CCN Xuân {n:02d}")
    assert len(lookup(client_for(officer), "clusters", "xuan")) == LOOKUP_LIMIT


def test_agency_lookup_folds_and_orders_by_name(client_for, officer, agency, other_agency, focal_agency):
    AgencyFactory(code="UBND-DA", name="UBND huyện Đông Anh", short_name="UBND Đông Anh")
    client = client_for(officer)
    assert [row["label"] for row in lookup(client, "agencies", "dong anh")] == ["UBND Đông Anh"]
    assert [row["label"] for row in lookup(client, "agencies", "so")] == [
        "Sở Công Thương",
        "Sở Tài chính",
        "Sở Xây dựng",
    ]


def test_user_lookup_is_for_coordinators_and_folds_names(client_for, coordinator, officer, viewer):
    UserFactory(username="dung", first_name="Dũng", last_name="Đặng Văn")
    client = client_for(coordinator)
    assert [row["label"] for row in lookup(client, "users", "dang van dung")] == ["Đặng Văn Dũng (dung)"]
    assert [row["label"] for row in lookup(client, "users", "dung")] == ["Đặng Văn Dũng (dung)"]
    assert [row["label"] for row in lookup(client, "users", "le")] == ["Lê Bob (bob)"]
    assert client_for(officer).get(reverse("lookup:users")).status_code == 403
    assert client_for(viewer).get(reverse("lookup:users")).status_code == 403


def test_lookups_need_a_member(client, client_for, agency):
    outsider = UserFactory(username="olga")
    for name in ("clusters", "agencies", "users"):
        assert client.get(reverse(f"lookup:{name}")).status_code == 302
        assert client_for(outsider).get(reverse(f"lookup:{name}")).status_code == 403


@pytest.mark.parametrize("name", ["clusters", "agencies", "users"])
def test_each_lookup_runs_one_query_after_the_request(name, client_for, coordinator, clusters, agency):
    client = client_for(coordinator)
    client.get(reverse(f"lookup:{name}"), {"q": "a"})  # warm caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(f"lookup:{name}"), {"q": "a"}).status_code == 200
    table = {"clusters": "clusters_cluster", "agencies": "agencies_agency", "users": "auth_user"}[name]
    assert Counter(describe(q["sql"]) for q in queries) == REQUEST + Counter({f"SELECT {table}": 1})
