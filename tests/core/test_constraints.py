"""The database rules of the models come back as clear Vietnamese messages from full_clean()."""

import pytest
from django.core.exceptions import ValidationError

from agencies.models import Membership
from tasks.models import TaskGroup
from tests.factories import (
    ClusterFactory,
    MembershipFactory,
    PlanFactory,
    ProvinceFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def cluster_with(**values):
    return ClusterFactory.build(province=ProvinceFactory(), **values)


def messages_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.messages


def test_a_negative_total_area_is_refused():
    assert "Tổng diện tích không được âm." in messages_of(
        cluster_with(total_area_ha=-1, industrial_land_ha=None, leased_land_ha=None)
    )


def test_a_negative_leased_area_is_refused():
    assert "Diện tích đất đã cho thuê không được âm." in messages_of(cluster_with(leased_land_ha=-1))


def test_more_industrial_land_than_the_whole_cluster_is_refused():
    cluster = cluster_with(total_area_ha=10, industrial_land_ha=12, leased_land_ha=None)

    assert "Diện tích đất công nghiệp không được lớn hơn tổng diện tích." in messages_of(cluster)


def test_more_leased_land_than_industrial_land_is_refused():
    cluster = cluster_with(total_area_ha=20, industrial_land_ha=10, leased_land_ha=11)

    assert "Diện tích đã cho thuê không được lớn hơn diện tích đất công nghiệp." in messages_of(cluster)


def test_areas_within_each_other_are_accepted():
    cluster_with(total_area_ha=20, industrial_land_ha=15, leased_land_ha=15).full_clean()


def test_progress_over_100_percent_is_refused(group, agency):
    task = TaskFactory.build(group=group, lead_agency=agency, progress_percent=101)

    assert "Tiến độ phải từ 0 đến 100%." in messages_of(task)


def test_a_user_has_only_one_active_membership(officer, other_agency):
    second = MembershipFactory.build(user=officer, agency=other_agency, role=Membership.Role.OFFICER)

    assert "Mỗi người dùng chỉ có một phân công đang hiệu lực." in messages_of(second)


def test_an_inactive_second_membership_is_allowed(officer, other_agency):
    MembershipFactory.build(user=officer, agency=other_agency, is_active=False).full_clean()


def test_only_focal_point_staff_can_be_coordinators(agency):
    membership = MembershipFactory.build(user=UserFactory(), agency=agency, role=Membership.Role.COORDINATOR)

    assert "Chỉ cán bộ của cơ quan đầu mối mới có vai trò điều phối." in messages_of(membership)


def test_task_groups_are_numbered_from_1():
    group = TaskGroup(plan=PlanFactory(), number=0, name="Nhóm thử")

    assert "Số thứ tự nhóm nhiệm vụ bắt đầu từ 1." in messages_of(group)


def test_a_plan_may_have_more_than_five_groups():
    TaskGroup(plan=PlanFactory(), number=7, name="Nhóm thứ bảy").full_clean()
