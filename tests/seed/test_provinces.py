"""One installation, one province: ``load_reference_data --province <code>`` makes any of the 34 provinces' installation
from data (its communes from the national list, its Department's names, its focal agency, an empty plan), refuses an
unknown code or a second province, and leaves Hanoi's load as it was; ``--province national`` makes the Ministry's."""

import csv
import unicodedata

import pytest
from django.core.management import CommandError
from django.urls import reverse

from agencies.models import Agency
from clusters.models import Cluster
from core.audit import record_save
from department.models import Department
from places import provinces
from places.models import Commune, Province
from tasks.models import Plan, Task, TaskGroup
from tests.factories import MembershipFactory, UserFactory
from tests.seed.conftest import run_command

pytestmark = pytest.mark.django_db


def national_list(code):
    with provinces.NATIONAL_COMMUNES_CSV.open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["province_code"] == code]


@pytest.fixture
def bac_ninh(settings):
    settings.PROVINCE_CODE = "24"
    return run_command("load_reference_data", "--province", "24")


def test_bac_ninh_loads_its_communes_from_the_national_list_with_their_kind(bac_ninh):
    rows = national_list("24")

    assert list(Province.objects.values_list("code", "name")) == [("24", "Tỉnh Bắc Ninh")]
    assert Commune.objects.count() == len(rows) == 99
    wards = [row for row in rows if unicodedata.normalize("NFC", row["commune_name"]).startswith("Phường ")]
    assert Commune.objects.filter(kind=Commune.Kind.WARD).count() == len(wards) == 33
    # The national list writes this one's name decomposed (NFD): it loads in one spelling, as a ward.
    assert Commune.objects.get(code="09367").full_name == "Phường Từ Sơn"
    assert not Commune.objects.filter(is_mountain=True).exists()  # Bắc Ninh's default: lowland


def test_bac_ninh_gets_its_departments_names_a_focal_agency_and_an_empty_plan(bac_ninh):
    department = Department.objects.get()

    assert (department.governing_body, department.governing_body_name) == (
        "UBND TỈNH BẮC NINH",
        "Ủy ban nhân dân tỉnh Bắc Ninh",
    )
    assert (department.name, department.place_name, department.header_name) == (
        "Sở Công Thương tỉnh Bắc Ninh",
        "Bắc Ninh",
        "SỞ CÔNG THƯƠNG",
    )
    focal = Agency.objects.get()
    assert (focal.code, focal.is_focal_point, focal.name) == ("SCT", True, "Sở Công Thương tỉnh Bắc Ninh")
    assert not Plan.objects.exists() and not TaskGroup.objects.exists() and not Task.objects.exists()
    assert not Cluster.objects.exists()
    assert "Bước tiếp theo" in bac_ninh and "createsuperuser" in bac_ninh


def test_bac_ninhs_home_page_carries_its_name(bac_ninh, client_for):
    coordinator = UserFactory(username="sct.bacninh")
    MembershipFactory(user=coordinator, agency=Agency.objects.get(code="SCT"), role="coordinator")

    page = client_for(coordinator).get(reverse("dashboard"))

    assert page.status_code == 200
    text = page.content.decode()
    assert "UBND TỈNH BẮC NINH" in text and "Sở Công Thương tỉnh Bắc Ninh" in text
    assert "Hà Nội" not in text


def test_a_new_clusters_form_offers_the_provinces_communes(bac_ninh, client_for):
    coordinator = UserFactory(username="sct.bacninh")
    MembershipFactory(user=coordinator, agency=Agency.objects.get(code="SCT"), role="coordinator")

    text = client_for(coordinator).get(reverse("clusters:cluster_create")).content.decode()

    assert "Tỉnh Bắc Ninh" in text and "Từ Sơn" in text


def test_running_it_again_changes_nothing_and_keeps_the_departments_edits(bac_ninh, settings):
    department = Department.objects.get()
    department.name = "Sở Công Thương Bắc Ninh (đã sửa)"
    record_save(department, actor=None, reason="Sửa tên Sở")

    output = run_command("load_reference_data")

    assert Department.objects.get().name == "Sở Công Thương Bắc Ninh (đã sửa)"
    assert "tạo mới 0, cập nhật 0" in output and Commune.objects.count() == 99


def test_an_unknown_code_is_refused_with_the_known_ones():
    with pytest.raises(CommandError, match="Không có tỉnh, thành phố mã “99”.*24 Bắc Ninh"):
        run_command("load_reference_data", "--province", "99")
    assert not Province.objects.exists()


def test_a_second_province_is_refused_one_installation_one_province(bac_ninh):
    with pytest.raises(CommandError, match="đã nạp Tỉnh Bắc Ninh .*không nạp thêm Thành phố Hà Nội"):
        run_command("load_reference_data", "--province", "01")
    with pytest.raises(CommandError, match="CSDL quốc gia cần một cơ sở dữ liệu mới"):
        run_command("load_reference_data", "--province", "national")
    assert list(Province.objects.values_list("code", flat=True)) == ["24"]


def test_a_wholly_mountainous_province_loads_its_communes_as_mountain_areas(settings):
    settings.PROVINCE_CODE = "04"
    run_command("load_reference_data", "--province", "04")

    assert Commune.objects.count() == len(national_list("04"))
    assert not Commune.objects.filter(is_mountain=False).exists()


def test_the_national_installation_lists_the_34_provinces_and_the_ministry():
    run_command("load_reference_data", "--province", "national")

    assert Province.objects.count() == 34 and not Commune.objects.exists()
    assert list(Agency.objects.filter(is_focal_point=True).values_list("code", "kind")) == [("BCT", "ministry")]
    assert not Department.objects.exists()


def test_the_provinces_file_names_each_province_of_the_national_list_as_the_documents_print_it():
    names = {}
    with provinces.NATIONAL_COMMUNES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names[row["province_code"]] = row["province_name"]
    table = provinces.provinces()

    assert set(table) == set(names) and len(table) == 34
    assert sum(len(provinces.communes_of(code)) for code in table) == 3321
    hanoi, hcmc = table["01"], table["79"]
    assert (hanoi.kind, hanoi.governing_body, hanoi.place_name) == ("city", "UBND THÀNH PHỐ HÀ NỘI", "Hà Nội")
    assert hcmc.place_name == "Thành phố Hồ Chí Minh"  # Decree 30: a unit named after a person, in full
    assert table["24"].department_name == "Sở Công Thương tỉnh Bắc Ninh"
    assert {c.kind for code in table for c in provinces.communes_of(code)} == {"ward", "commune", "special_zone"}


def test_hanoi_reference_data_names_its_department_as_the_provinces_file_does():
    from seed import reference_data as ref

    hanoi = provinces.province("01").department_values()
    assert {name: ref.DEPARTMENT[name] for name in hanoi} == hanoi
