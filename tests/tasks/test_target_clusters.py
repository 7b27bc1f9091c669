"""Danh sách cụm của chỉ tiêu: coordinators name the clusters a target is measured on, with a reason, on the
target's page; the change is in the target's history; others get 403 and see no button."""

import pytest
from django.urls import reverse

from tasks import services
from tests.factories import ClusterFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(group):
    return TargetFactory(plan=group.plan, description="Hoàn thành hạ tầng 26 cụm", target_min=26)


def test_a_coordinator_names_the_targets_clusters_with_a_reason(client_for, coordinator, target):
    first, second, _other = ClusterFactory(), ClusterFactory(), ClusterFactory()
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
    cluster = ClusterFactory()
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
