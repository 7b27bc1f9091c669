"""Lists in Vietnamese alphabetical order (D before Đ, lower case among capitals, tone marks after letters),
agencies in administrative order, statuses in lifecycle order — in Python and on either database."""

import pytest
from django.urls import reverse

from agencies.models import Agency
from clusters.models import Cluster
from core.text import sort_key
from places.models import Commune
from tasks.models import Task
from tests.factories import AgencyFactory, ClusterFactory, CommuneFactory, TaskFactory
from tests.helpers import days

pytestmark = pytest.mark.django_db

CLUSTERS_IN_ORDER = ["CCN Dương Liễu", "CCN Đông Sơn", "CCN làng nghề Vạn Phúc", "CCN thực phẩm Đông Anh", "CCN Xà Cầu"]
COMMUNES_IN_ORDER = ["Dương Nội", "Đại Mỗ", "Đông Ngạc", "Hóa An", "Hòa Lạc", "Hòa Xá", "Ô Diên"]


def test_python_sorts_vietnamese_names_as_the_alphabet_does():
    shuffled = ["CCN Xà Cầu", "CCN thực phẩm Đông Anh", "CCN Đông Sơn", "CCN làng nghề Vạn Phúc", "CCN Dương Liễu"]
    assert sorted(shuffled, key=sort_key) == CLUSTERS_IN_ORDER
    communes = ["Ô Diên", "Hòa Xá", "Đông Ngạc", "Hóa An", "Dương Nội", "Hòa Lạc", "Đại Mỗ"]
    assert sorted(communes, key=sort_key) == COMMUNES_IN_ORDER
    # Tones only decide between otherwise equal words: none, huyền, hỏi, ngã, sắc, nặng.
    assert sorted(["mạ", "má", "mã", "mả", "mà", "ma"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


@pytest.fixture
def clusters(db):
    for index, name in enumerate(reversed(CLUSTERS_IN_ORDER)):
        ClusterFactory(code=f"C-{index}", name=name)


def test_the_database_orders_clusters_and_communes_the_vietnamese_way(clusters):
    assert list(Cluster.objects.values_list("name", flat=True)) == CLUSTERS_IN_ORDER
    for name in reversed(COMMUNES_IN_ORDER):
        CommuneFactory(name=name)
    assert list(Commune.objects.values_list("name", flat=True)) == COMMUNES_IN_ORDER


def test_the_register_page_and_the_api_sort_clusters_by_name_the_vietnamese_way(client_for, api_for, viewer, clusters):
    response = client_for(viewer).get(reverse("clusters:cluster_list"), {"ordering": "name"})
    assert [cluster.name for cluster in response.context["clusters"]] == CLUSTERS_IN_ORDER
    results = api_for(viewer).get("/api/v1/clusters/", {"ordering": "-name"}).json()["results"]
    assert [row["name"] for row in results] == CLUSTERS_IN_ORDER[::-1]


def test_the_admin_lists_clusters_the_vietnamese_way(client_for, coordinator, clusters):
    response = client_for(coordinator).get(reverse("admin:clusters_cluster_changelist"))
    assert [cluster.name for cluster in response.context["cl"].result_list] == CLUSTERS_IN_ORDER


def test_agencies_come_in_administrative_order_not_by_code(focal_agency):
    AgencyFactory(
        code="AA-UBND", name="UBND xã Tây Phương", kind=Agency.Kind.COMMUNE_COMMITTEE, commune=CommuneFactory()
    )
    AgencyFactory(code="BQL", name="Ban Quản lý dự án hạ tầng", kind=Agency.Kind.PROJECT_BOARD)
    AgencyFactory(code="CATP", name="Công an Thành phố", kind=Agency.Kind.POLICE)
    AgencyFactory(code="STC", name="Sở Tài chính", kind=Agency.Kind.DEPARTMENT)
    AgencyFactory(code="SXD", name="Sở Xây dựng", kind=Agency.Kind.DEPARTMENT)
    AgencyFactory(code="SNNMT", name="Sở Nông nghiệp và Môi trường", kind=Agency.Kind.DEPARTMENT)
    assert list(Agency.objects.values_list("code", flat=True)) == [
        "SCT",
        "SNNMT",
        "STC",
        "SXD",
        "CATP",
        "BQL",
        "AA-UBND",
    ]


def test_a_listed_order_is_the_sql_of_the_case_it_stands_for_and_follows_relations(focal_agency, group):
    from django.db.models import Case, F, IntegerField, Value, When
    from django.db.models.lookups import Exact

    from agencies.models import AGENCY_KIND_ORDER
    from core.search import listed_order

    def sql(ranked):
        return Agency.objects.order_by(ranked.asc(), "code").query.sql_with_params()

    whens = [When(Exact(F("kind"), kind), then=Value(rank)) for rank, kind in enumerate(AGENCY_KIND_ORDER)]
    case = Case(*whens, default=Value(len(AGENCY_KIND_ORDER)), output_field=IntegerField())
    assert sql(listed_order("kind", AGENCY_KIND_ORDER)) == sql(case)
    police = AgencyFactory(code="CATP", name="Công an Thành phố", kind=Agency.Kind.POLICE)
    department = AgencyFactory(code="ZZ", name="Sở Xây dựng", kind=Agency.Kind.DEPARTMENT)
    for code, agency in [("T-1", police), ("T-2", department), ("T-3", focal_agency)]:
        TaskFactory(group=group, code=code, lead_agency=agency)
    # Ordered by the agency: its Meta.ordering, the kind's rank re-prefixed through the relation.
    assert list(Task.objects.order_by("lead_agency").values_list("code", flat=True)) == ["T-3", "T-2", "T-1"]


def test_sorting_tasks_by_status_follows_the_lifecycle(api_for, viewer, group, agency):
    for code, status in [("T-1", "cancelled"), ("T-3", "in_progress"), ("T-4", "not_started")]:
        TaskFactory(group=group, code=code, lead_agency=agency, status=status)
    for code, status in [("T-2", Task.Status.DONE), ("T-5", Task.Status.AWAITING_ACCEPTANCE)]:
        TaskFactory(group=group, code=code, lead_agency=agency, status=status, completed_on=days(-1))
    results = api_for(viewer).get("/api/v1/tasks/", {"ordering": "status"}).json()["results"]
    assert [row["status"] for row in results] == [
        "not_started",
        "in_progress",
        "awaiting_acceptance",
        "done",
        "cancelled",
    ]


def test_sorting_clusters_by_status_follows_the_lifecycle(client_for, viewer):
    ClusterFactory(code="C-OP", status=Cluster.Status.OPERATING)
    ClusterFactory(code="C-IS", status=Cluster.Status.IN_SCHEME)
    ClusterFactory(code="C-EST", status=Cluster.Status.ESTABLISHED)
    response = client_for(viewer).get(reverse("clusters:cluster_list"), {"ordering": "status"})
    assert [cluster.code for cluster in response.context["clusters"]] == ["C-IS", "C-EST", "C-OP"]


# Đ is a letter of its own, after D and before E: "Ba Đình" before "Ba Vì" (code points put Đ after V).
BA_IN_ORDER = ["Ba Đình", "Ba Vì"]


@pytest.mark.parametrize(("ordering", "expected"), [("name", BA_IN_ORDER), ("-name", BA_IN_ORDER[::-1])])
def test_the_api_orders_communes_and_agencies_by_name_the_vietnamese_way(api_for, viewer, ordering, expected):
    for name in reversed(BA_IN_ORDER):
        CommuneFactory(name=name)
        AgencyFactory(name=f"UBND {name}", kind=Agency.Kind.COMMUNE_COMMITTEE)
    api = api_for(viewer)
    communes = api.get("/api/v1/communes/", {"ordering": ordering, "page_size": 100}).json()["results"]
    assert [row["name"] for row in communes if row["name"].startswith("Ba ")] == expected
    agencies = api.get("/api/v1/agencies/", {"ordering": ordering, "page_size": 100}).json()["results"]
    assert [row["name"] for row in agencies if row["name"].startswith("UBND Ba ")] == [f"UBND {n}" for n in expected]


@pytest.mark.parametrize(("ordering", "expected"), [("title", BA_IN_ORDER), ("-title", BA_IN_ORDER[::-1])])
def test_the_task_list_and_the_api_order_tasks_by_title_the_vietnamese_way(
    client_for, api_for, viewer, group, agency, ordering, expected
):
    for code, title in [("T-1", "Ba Vì"), ("T-2", "Ba Đình")]:
        TaskFactory(group=group, code=code, lead_agency=agency, title=title)
    page = client_for(viewer).get(reverse("tasks:task_list"), {"ordering": ordering})
    assert [task.title for task in page.context["tasks"]] == expected
    results = api_for(viewer).get("/api/v1/tasks/", {"ordering": ordering}).json()["results"]
    assert [row["title"] for row in results] == expected
