"""The two installations themselves: the second loaded from the national list as a real one is, with its own
Department, and Decree 32's smaller clusters allowed in its mountain communes only."""

import pytest
from django.core.cache import cache

from clusters.selectors import warnings_for
from clusters.services import cluster_create
from department.models import Department
from places import provinces
from places.models import Commune

pytestmark = pytest.mark.django_db


def test_the_installation_holds_its_province_its_department_and_its_communes(installation):
    department = Department.objects.get()
    assert department.province == installation.province
    assert (department.governing_body, department.name, department.place_name) == (
        installation.info.governing_body,
        installation.info.department_name,
        installation.info.place_name,
    )
    communes = Commune.objects.filter(province=installation.province)
    if installation.key == "hanoi":
        assert installation.info.governing_body == "UBND THÀNH PHỐ HÀ NỘI"
        assert communes.count() == 4  # a handful of the city's communes
    else:
        assert installation.info.governing_body == "UBND TỈNH TUYÊN QUANG" and installation.info.mountain_default
        # Every commune of the national list, loaded as mountain areas but for the ward the Department corrected.
        assert communes.count() == len(provinces.communes_of("08")) == 124
        assert list(communes.filter(is_mountain=False)) == [installation.lowland_commune]
    assert installation.mountain_commune.is_mountain and not installation.lowland_commune.is_mountain


def test_a_cluster_of_5_to_10_ha_is_allowed_in_a_mountain_commune_and_warned_in_a_lowland_one(installation):
    for cluster in installation.clusters:
        assert 5 <= cluster.total_area_ha < 10
        assert warnings_for(cluster) == []
    lowland = cluster_create(
        actor=installation.coordinator,
        code="CCN-DB",
        name="CCN Đồng Bằng",
        province=installation.province,
        communes=[installation.lowland_commune],
        total_area_ha=installation.clusters[0].total_area_ha,
    )
    assert warnings_for(lowland) == ["Diện tích 7,50 ha nằm ngoài khoảng 10–75 ha của Nghị định 32/2024/NĐ-CP."]


def test_the_home_page_carries_the_installations_names(installation, client_for):
    cache.clear()
    text = client_for(installation.coordinator).get("/").content.decode()
    assert installation.info.governing_body in text and installation.info.department_name in text
    if installation.foreign_place:
        assert installation.foreign_place not in text
