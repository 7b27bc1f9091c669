"""Danh sách cụm của chỉ tiêu: coordinators name the clusters a target is measured on, with a reason, on the
target's page; the change is in the target's history; others get 403 and see no button. A cluster whose state
today does not suit the target is refused on the field, naming it and why, and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clusters.models import Cluster, ClusterDecision
from tasks import services
from tasks.models import Target
from tests.core.test_admin import form_data
from tests.factories import ClusterDecisionFactory, ClusterFactory, TargetFactory

pytestmark = pytest.mark.django_db


def listed(**fields):
    """An established cluster (its establishment decision of 2020): what an infrastructure list may hold."""
    cluster = ClusterFactory(**fields)
    ClusterDecisionFactory(cluster=cluster, date=datetime.date(2020, 5, 1))
    return cluster


@pytest.fixture
def target(group):
    return TargetFactory(plan=group.plan, description="Hoàn thành hạ tầng 26 cụm", target_min=26)


def test_a_coordinator_names_the_targets_clusters_with_a_reason(client_for, coordinator, target):
    first, second, _other = listed(), listed(), listed()
    client = client_for(coordinator)
    url = reverse("tasks:target_clusters", args=[target.pk])
    page = client.get(reverse("tasks:target_detail", args=[target.pk])).content.decode()
    assert url in page and 'data-named-count="0"' in page

    without_reason = client.post(url, {"clusters": [first.pk, second.pk]})
    assert without_reason.status_code == 200 and without_reason.context["form"].errors["reason"]
    assert not target.clusters.exists()

    response = client.post(url, {"clusters": [first.pk, second.pk], "reason": "Danh sách theo Báo cáo 12/SCT"})

    assert response.status_code == 302
    assert set(target.clusters.all()) == {first, second}
    latest = target.history.latest("history_date")
    assert latest.history_user == coordinator and latest.history_change_reason == "Danh sách theo Báo cáo 12/SCT"
    page = client.get(reverse("tasks:target_detail", args=[target.pk])).content.decode()
    assert 'data-named-count="2"' in page


def test_the_same_list_sent_twice_leaves_one_history_record(client_for, coordinator, target):
    cluster = listed()
    client = client_for(coordinator)
    url = reverse("tasks:target_clusters", args=[target.pk])
    before = target.history.count()

    for _ in range(2):
        assert client.post(url, {"clusters": [cluster.pk], "reason": "Lập danh sách"}).status_code == 302

    assert target.history.count() == before + 1


def test_others_get_403_and_see_no_button(client_for, officer, viewer, target):
    url = reverse("tasks:target_clusters", args=[target.pk])
    for user in (officer, viewer):
        client = client_for(user)
        assert url not in client.get(reverse("tasks:target_detail", args=[target.pk])).content.decode()
        assert client.get(url).status_code == 403
        assert client.post(url, {"clusters": [], "reason": "x"}).status_code == 403


def test_the_service_refuses_others(officer, target):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.target_clusters_set(actor=officer, target=target, clusters=[], reason="x")


# --- a list holds only the clusters whose state suits the target -------------------------------------------


def in_scheme(code="CCN-MOI", name="CCN Mới trong phương án"):
    """A cluster of the development scheme with no establishment decision."""
    return ClusterFactory(code=code, name=name, status=Cluster.Status.IN_SCHEME)


REFUSED = "Cụm CCN-MOI — CCN Mới trong phương án không phù hợp với chỉ tiêu này: chưa có quyết định thành lập"


def test_the_page_refuses_a_cluster_not_yet_established_on_the_infrastructure_list(client_for, coordinator, target):
    fits, misfit = listed(), in_scheme()
    url = reverse("tasks:target_clusters", args=[target.pk])
    before = target.history.count()

    response = client_for(coordinator).post(url, {"clusters": [fits.pk, misfit.pk], "reason": "Danh sách 26 cụm"})

    assert response.status_code == 200
    assert any(REFUSED in error for error in response.context["form"].errors["clusters"])
    assert REFUSED in response.content.decode()
    assert not target.clusters.exists() and target.history.count() == before


def test_the_service_names_each_misfit_and_why_by_measure(coordinator, group):
    completed = listed(code="CCN-XONG", name="CCN Đã xong", infrastructure_completed_on=datetime.date(2025, 6, 1))
    not_operating = listed(code="CCN-XD", name="CCN Đang xây dựng")
    no_plant = listed(code="CCN-HD", name="CCN Hoạt động", operating_since=datetime.date(2021, 1, 1))
    removed = listed(code="CCN-BO", name="CCN Bỏ")
    ClusterDecisionFactory(cluster=removed, kind=ClusterDecision.Kind.REMOVE, date=datetime.date(2025, 1, 1))
    Measure = Target.Measure

    def refusal(measure, cluster):
        target = TargetFactory(plan=group.plan, measure=measure)
        with pytest.raises(ValidationError) as refused:
            services.target_clusters_set(actor=coordinator, target=target, clusters=[cluster], reason="Lập danh sách")
        assert not target.clusters.exists()
        (message,) = refused.value.message_dict["clusters"]
        return message

    assert refusal(Measure.INFRASTRUCTURE_COMPLETED, completed) == (
        "Cụm CCN-XONG — CCN Đã xong không phù hợp với chỉ tiêu này: đã hoàn thành hạ tầng ngày 01/06/2025, "
        "trước kỳ tính."
    )
    assert refusal(Measure.FILLED, not_operating) == (
        "Cụm CCN-XD — CCN Đang xây dựng không phù hợp với chỉ tiêu này: chưa hoạt động (chưa có dự án thứ cấp), "
        "chưa thể lấp đầy."
    )
    assert refusal(Measure.WASTEWATER_HANDED_OVER, no_plant) == (
        "Cụm CCN-HD — CCN Hoạt động không phù hợp với chỉ tiêu này: chưa có trạm xử lý nước thải tập trung đã "
        "hoặc đang đầu tư."
    )
    assert refusal(Measure.NEWLY_ESTABLISHED, removed) == (
        "Cụm CCN-BO — CCN Bỏ không phù hợp với chỉ tiêu này: không còn trong sổ đăng ký (đã bãi bỏ hoặc đưa ra "
        "khỏi phương án)."
    )
    # The same clusters where they suit: filled and handed-over lists take an operating cluster with a plant.
    with_plant = listed(
        operating_since=datetime.date(2021, 1, 1),
        wastewater_status=Cluster.Wastewater.OPERATING,
        wastewater_built_on=datetime.date(2022, 1, 1),
    )
    for measure in (Measure.FILLED, Measure.WASTEWATER_HANDED_OVER):
        target = TargetFactory(plan=group.plan, measure=measure)
        services.target_clusters_set(actor=coordinator, target=target, clusters=[with_plant], reason="Danh sách")
        assert list(target.clusters.all()) == [with_plant]


def test_the_admin_refuses_a_misfit_on_the_field_and_saves_nothing(client_for, coordinator, target):
    fits, misfit = listed(), in_scheme()
    client = client_for(coordinator)
    url = reverse("admin:tasks_target_change", args=[target.pk])
    data = form_data(client.get(url))
    data.update(clusters=[str(fits.pk), str(misfit.pk)], change_reason="Danh sách 26 cụm")
    before = target.history.count()

    response = client.post(url, data)

    assert response.status_code == 200
    assert any(REFUSED in error for error in response.context["adminform"].form.errors["clusters"])
    assert not target.clusters.exists() and target.history.count() == before
    data.update(clusters=[str(fits.pk)])
    assert client.post(url, data).status_code == 302
    assert list(target.clusters.all()) == [fits]


def test_the_api_offers_no_way_to_change_a_list(coordinator_api, target):
    """Targets are read-only in the API: a list is changed on the page or in the admin, where it is checked."""
    misfit = in_scheme()
    url = f"/api/v1/targets/{target.pk}/"

    for method in ("patch", "put"):
        response = getattr(coordinator_api, method)(url, {"clusters": [misfit.pk]}, format="json")
        assert response.status_code == 405
    assert not target.clusters.exists()
