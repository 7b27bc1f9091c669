"""load_reference_data loads exactly the seed's plan, groups, agencies, targets, communes and clusters,
and running it again changes nothing (not even the history)."""

import csv
import datetime
import re
from decimal import Decimal

import pytest
from django.apps import apps

from agencies.models import Agency
from clusters import register
from clusters.models import Cluster, ClusterDecision
from places.models import Commune, Province
from seed import reference_data as ref
from seed.cluster_register import CLUSTERS_CSV, sourced_rows
from tasks.models import Plan, Responsibility, Target, TaskGroup
from tests.seed.conftest import run_command

pytestmark = pytest.mark.django_db


def history_rows():
    """Every history row, many-to-many snapshots included."""
    return sum(model.objects.count() for model in apps.get_models() if model.__name__.startswith("Historical"))


def record_counts():
    return {model.__name__: model.objects.count() for model in apps.get_models()}


def csv_rows():
    with CLUSTERS_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def committees():
    """A People's Committee for each 2025 commune the CSV places a cluster in."""
    return sorted({f"UBND-{row['new_commune_code']}" for row in csv_rows() if row["new_commune_code"]})


def test_running_it_twice_changes_nothing_and_writes_no_history(reference_data):
    counts, history = record_counts(), history_rows()

    output = run_command("load_reference_data")

    assert record_counts() == counts
    assert history_rows() == history
    assert "tạo mới 0, cập nhật 0" in output


def test_it_loads_plan_305_of_12_11_2025_for_2026(reference_data):
    plan = Plan.objects.get()

    assert plan.number == "305/KH-UBND"
    assert plan.issued_on == datetime.date(2025, 11, 12)
    assert plan.issuing_body == "UBND Thành phố Hà Nội"
    assert (plan.year, plan.period_start, plan.period_end) == (
        2026,
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )


def test_it_loads_exactly_the_five_task_groups_named_as_in_the_seed(reference_data):
    assert list(TaskGroup.objects.values_list("number", "name")) == [
        (1, "Hoàn thiện cơ chế, chính sách phát triển cụm công nghiệp"),
        (2, "Quản lý, vận hành hiệu quả các cụm đã đi vào hoạt động"),
        (3, "Đẩy nhanh đầu tư hạ tầng kỹ thuật các cụm đã có quyết định thành lập"),
        (4, "Thúc đẩy hình thành cụm công nghiệp mới"),
        (5, "Tăng cường công tác kiểm tra, giám sát"),
    ]


def test_it_loads_the_six_city_agencies_and_a_committee_per_host_commune(reference_data):
    assert sorted(Agency.objects.values_list("code", flat=True)) == sorted(
        ["SCT", "SXD", "STC", "SNNMT", "CATP", "BQLDA-HTKT", *committees()]
    )
    assert {"UBND-10003", "UBND-10015", "UBND-10231"} <= set(committees())  # the demo tasks' communes
    assert list(Agency.objects.filter(is_focal_point=True).values_list("code", flat=True)) == ["SCT"]
    assert Agency.objects.get(code="CATP").kind == Agency.Kind.POLICE
    assert Agency.objects.get(code="BQLDA-HTKT").kind == Agency.Kind.PROJECT_BOARD
    committee = Agency.objects.get(code="UBND-10231")
    assert (committee.name, committee.kind, committee.commune.name) == (
        "UBND xã Thượng Phúc",
        Agency.Kind.COMMUNE_COMMITTEE,
        "Thượng Phúc",
    )


def test_every_agency_has_its_duty_from_the_seed(reference_data):
    duties = {r.agency.code: r for r in Responsibility.objects.select_related("agency", "plan")}

    assert set(duties) == {*ref.CITY_AGENCY_CODES, *committees()}
    assert "cơ quan đầu mối" in duties["SCT"].text
    assert "bàn giao hệ thống xử lý nước thải tại 11 cụm công nghiệp" in duties["BQLDA-HTKT"].text
    assert "quy hoạch chi tiết tỷ lệ 1/500" in duties["UBND-10015"].text
    assert {d.plan.number for d in duties.values()} == {"305/KH-UBND"}
    assert list(duties["SXD"].task_groups.values_list("number", flat=True)) == [3]


def test_it_loads_the_five_targets_of_the_plan(reference_data):
    targets = list(Target.objects.order_by("order"))

    assert [(t.order, t.measure, t.target_min, t.target_max, t.unit) for t in targets] == [
        (1, Target.Measure.INFRASTRUCTURE_COMPLETED, 26, None, "cụm"),
        (2, Target.Measure.FILLED, 6, None, "cụm"),
        (3, Target.Measure.NEWLY_ESTABLISHED, 5, 10, "cụm"),
        (4, Target.Measure.NEW_WASTEWATER_COMPLIANT_SHARE, 100, None, "%"),
        (5, Target.Measure.WASTEWATER_HANDED_OVER, 11, None, "cụm"),
    ]
    assert targets[4].responsible_agency.code == "BQLDA-HTKT"


def test_the_targets_load_with_empty_cluster_lists_since_the_plan_names_no_clusters(reference_data):
    assert Target.objects.count() == 5
    assert not Target.clusters.through.objects.exists()
    assert "để trống" in Target.objects.get(order=1).notes


def test_running_it_again_keeps_the_lists_a_coordinator_has_filled(reference_data, coordinator):
    from tasks import services

    target = Target.objects.get(order=1)
    # Clusters the reference data leaves fit for the list of the 26: established, infrastructure not yet complete.
    fitting = [state.id for state in register.as_of() if state.established and not state.infrastructure_complete]
    chosen = list(Cluster.objects.filter(pk__in=fitting[:3]))
    assert len(chosen) == 3
    services.target_clusters_set(actor=coordinator, target=target, clusters=chosen, reason="Danh sách 26 cụm")

    run_command("load_reference_data")

    assert set(Target.objects.get(order=1).clusters.all()) == set(chosen)


def test_it_loads_hanoi_and_its_126_communes_and_wards(reference_data):
    assert Province.objects.get().name == "Thành phố Hà Nội"
    assert Commune.objects.count() == 126
    assert Commune.objects.filter(kind=Commune.Kind.WARD).count() == 51
    assert Commune.objects.filter(kind=Commune.Kind.COMMUNE).count() == 75


def test_it_loads_the_86_sourced_clusters_coded_in_row_order(reference_data):
    rows = csv_rows()

    assert len(rows) == 87, "the expansion of Quất Động mở rộng has a row of its own"
    assert Cluster.objects.count() == 86
    assert list(Cluster.objects.order_by("code").values_list("code", flat=True)) == [
        f"HN-CCN-{n:03d}" for n in range(1, 87)
    ]
    assert Cluster.objects.get(code="HN-CCN-001").name == rows[0]["name_vi"]
    assert Cluster.objects.get(code="HN-CCN-003").name == rows[3]["name_vi"]
    assert Cluster.objects.get(code="HN-CCN-086").name == rows[86]["name_vi"]


def test_every_cluster_sits_in_the_2025_commune_the_csv_gives_by_its_official_code(reference_data):
    placed = 0
    for code, row in sourced_rows():
        communes = list(Cluster.objects.get(code=code).communes.values_list("code", flat=True))
        if row["new_commune_code"]:
            assert communes == [row["new_commune_code"]], code
            placed += 1
        else:
            assert communes == [], code
    assert placed == 46  # the folded row of Quất Động 2 gives its commune to Quất Động mở rộng


def test_no_commune_is_chosen_among_several_and_the_notes_name_the_candidates(reference_data):
    ngoc_liep = Cluster.objects.get(code="HN-CCN-006")
    binh_phu = Cluster.objects.get(code="HN-CCN-033")  # Bình Phú, merged into Quang Trung on 1/1/2025
    ngoc_son = Cluster.objects.get(code="HN-CCN-014")  # no commune of that name in Chương Mỹ
    lien_phuong = Cluster.objects.get(code="HN-CCN-003")  # no old commune in the sources

    assert (ngoc_liep.former_district, ngoc_liep.former_commune) == ("Quốc Oai", "Ngọc Liệp")
    assert not ngoc_liep.communes.exists()
    assert "có thể là: Xã Kiều Phú (09910); Xã Tây Phương (10003)" in ngoc_liep.notes
    assert not binh_phu.communes.exists()
    assert "Xã Kiều Phú (09910); Xã Tây Phương (10003)" in binh_phu.notes
    assert not ngoc_son.communes.exists() and "không có xã cũ Ngọc Sơn" in ngoc_son.notes
    assert (lien_phuong.former_district, lien_phuong.former_commune) == ("Thường Tín", "")
    assert "Xã Thượng Phúc (10231)" in lien_phuong.notes and "nguồn không nêu xã cũ" in lien_phuong.notes


def test_only_sourced_facts_are_loaded_and_every_status_is_the_stage_they_give(reference_data):
    quat_dong = Cluster.objects.get(code="HN-CCN-001")
    expansion = Cluster.objects.get(code="HN-CCN-002")
    huu_bang = Cluster.objects.get(code="HN-CCN-027")
    lien_hiep_2 = Cluster.objects.get(code="HN-CCN-040")

    for cluster in Cluster.objects.all():
        assert cluster.status == register.state_of(cluster).stage, cluster.code
    # Reported "operating", but no source dates anything: in the scheme until the facts are recorded.
    assert quat_dong.status == Cluster.Status.IN_SCHEME and "operating" in quat_dong.notes
    assert "laodongthudo.vn" in quat_dong.data_source
    decision = expansion.decisions.get()
    assert (decision.kind, decision.number, decision.date) == (
        ClusterDecision.Kind.EXPAND,
        "1406/QĐ-UBND",
        datetime.date(2025, 3, 12),
    )
    assert (decision.area_before_ha, decision.area_after_ha) == (Decimal("43.00"), Decimal("47.51"))
    assert expansion.approved_investment_vnd == Decimal("83030000000")
    assert (expansion.name, expansion.total_area_ha, expansion.status) == (
        "CCN Quất Động mở rộng",
        Decimal("47.51"),
        Cluster.Status.ESTABLISHED,  # an expansion is decided for an established cluster
    )
    assert "vcci.com.vn" in expansion.data_source and "Gộp với dòng" in expansion.notes
    establishment = huu_bang.decisions.get()
    assert (establishment.kind, establishment.number, establishment.date) == (
        ClusterDecision.Kind.ESTABLISH,
        "2795/QĐ-UBND",
        datetime.date(2020, 6, 26),
    )
    assert huu_bang.status == Cluster.Status.ESTABLISHED and huu_bang.type == Cluster.Type.CRAFT_VILLAGE
    assert "không thống nhất" in huu_bang.notes  # 30 | 30.6 | ~30.5 ha
    assert (lien_hiep_2.construction_started_on, lien_hiep_2.status) == (
        datetime.date(2024, 1, 19),
        Cluster.Status.UNDER_CONSTRUCTION,
    )
    assert ClusterDecision.objects.count() == 6
    assert not ClusterDecision.objects.filter(number__startswith="DEMO").exists()
    assert Cluster.objects.get(code="HN-CCN-023").total_area_ha == Decimal("2.45")


def test_every_record_it_writes_carries_the_load_reason(reference_data):
    reasons = set(Cluster.history.values_list("history_change_reason", flat=True))
    reasons |= set(Agency.history.values_list("history_change_reason", flat=True))
    reasons |= set(Target.history.values_list("history_change_reason", flat=True))

    assert reasons == {"Nạp dữ liệu tham chiếu Kế hoạch 305/KH-UBND"}
    assert Cluster.history.count() == Cluster.objects.count()  # one record per cluster, communes included


def test_a_cluster_edited_by_coordinators_is_left_as_they_edited_it(reference_data):
    cluster = Cluster.objects.get(code="HN-CCN-007")
    cluster.status = Cluster.Status.UNDER_CONSTRUCTION
    cluster._change_reason = "Đã khởi công hạ tầng"
    cluster.save()

    run_command("load_reference_data")

    assert Cluster.objects.get(code="HN-CCN-007").status == Cluster.Status.UNDER_CONSTRUCTION


def test_refresh_clusters_puts_the_sourced_values_back_with_a_new_version(reference_data):
    cluster = Cluster.objects.get(code="HN-CCN-027")
    cluster.status = Cluster.Status.UNDER_CONSTRUCTION
    cluster.save()

    run_command("load_reference_data", "--refresh-clusters")

    cluster.refresh_from_db()
    assert cluster.status == Cluster.Status.ESTABLISHED  # QĐ 2795/QĐ-UBND of 26/6/2020
    assert cluster.version == 2
    assert cluster.history.latest().history_change_reason == "Nạp dữ liệu tham chiếu Kế hoạch 305/KH-UBND"


def test_both_files_spell_ung_hoa_alike_once_loaded_so_cluster_and_commune_match(reference_data):
    # The communes file writes "Ứng Hoà", the clusters file both "Ứng Hoà" and "Ứng Hòa".
    assert Commune.objects.get(code="10402").name == "Ứng Hòa"
    districts = set(
        Cluster.objects.filter(former_district__startswith="Ứng H").values_list("former_district", flat=True)
    )
    assert districts == {"Ứng Hòa"}
    # No old-style placement is left anywhere ("Hoà" at a syllable's end; "Hoàng" is no such case).
    names = [
        *Commune.objects.values_list("name", flat=True),
        *Cluster.objects.values_list("former_district", flat=True),
    ]
    assert not [name for name in names if re.search(r"oà(?!\w)", name)]
