"""The cluster register from an older Excel file (old communes and districts, its own headers, a title above the
table), all or nothing, idempotent, and back out to Excel in the same layout."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from clusters.models import Cluster, ClusterDecision
from imports.base import Refused
from imports.clusters import ClusterImport, register_bytes
from tests.factories import ClusterFactory

from .helpers import again, xlsx

# An older file: a title, an empty line, its own words for the columns, old districts and communes.
HEADER = [
    "STT",
    "Tên CCN",
    "Huyện",
    "Xã",
    "Diện tích (ha)",
    "Diện tích đất công nghiệp (ha)",
    "Quyết định thành lập",
    "Ngày thành lập",
    "Ghi chú",
]


def register_file(rows, name="so-cum-2024.xlsx"):
    return xlsx([["DANH SÁCH CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN THÀNH PHỐ"], [], HEADER, *rows], name=name)


GOOD_ROWS = [
    [1, "CCN Cổ Loa", "Huyện Đông Anh", "Xã Cổ Loa", "45,5", 30, "1234/QĐ-UBND", "12/03/2021", "Cụm làng nghề cũ"],
    [2, "CCN Bắc Hồng", "Đông Anh", "Bắc Hồng", 20, "15,25", "56/QĐ-UBND", datetime.datetime(2022, 8, 1), ""],
]


def history_with(reason):
    return Cluster.history.filter(history_change_reason=reason)


def test_a_bad_row_refuses_the_whole_file_naming_sheet_row_and_column(hanoi, coordinator):
    bad = [*GOOD_ROWS, [3, "CCN Mai Lâm", "Huyện Đông Anh", "Xã Mai Lâm", "10.5", 8, "7/QĐ-UBND", "31/02/2023", ""]]

    with pytest.raises(Refused) as refused:
        ClusterImport().run(register_file(bad), actor=coordinator)

    errors = refused.value.preview.all_errors
    assert "Trang tính “Sheet1”, dòng 6, cột “Tổng diện tích (ha)”: Viết số thập phân bằng dấu phẩy" in " ".join(errors)
    assert any(e.startswith("Trang tính “Sheet1”, dòng 6, cột “Ngày QĐ thành lập”: Ngày “31/02/2023”") for e in errors)
    assert not Cluster.objects.exists()


def test_the_fixed_file_is_written_through_the_services_with_its_reason_then_changes_nothing(hanoi, coordinator):
    ClusterImport().run(register_file(GOOD_ROWS), actor=coordinator)

    co_loa = Cluster.objects.get(name="CCN Cổ Loa")
    # The old commune Cổ Loa of Đông Anh district went wholly into the 2025 commune Đông Anh (00454).
    assert [c.code for c in co_loa.communes.all()] == ["00454"]
    assert (co_loa.former_district, co_loa.former_commune) == ("Huyện Đông Anh", "Xã Cổ Loa")
    assert co_loa.total_area_ha == Decimal("45.50")
    assert co_loa.code == "CCN-00454-01"
    decision = ClusterDecision.objects.get(cluster=co_loa)
    assert (decision.kind, decision.number, decision.date) == ("establish", "1234/QĐ-UBND", datetime.date(2021, 3, 12))
    # The stage follows from the decision (services._settle_stage), not from the file.
    assert co_loa.status == Cluster.Status.ESTABLISHED
    assert [c.code for c in Cluster.objects.get(name="CCN Bắc Hồng").communes.all()] == ["00466"]
    recorded = history_with("nhập từ tệp so-cum-2024.xlsx").count()
    assert recorded >= 2
    assert ClusterDecision.history.filter(history_change_reason="nhập từ tệp so-cum-2024.xlsx").count() == 2

    preview = ClusterImport().preview(register_file(GOOD_ROWS), actor=coordinator)

    assert [row.state for row in preview.rows] == ["unchanged", "unchanged"]
    ClusterImport().run(register_file(GOOD_ROWS), actor=coordinator)
    assert history_with("nhập từ tệp so-cum-2024.xlsx").count() == recorded
    assert Cluster.objects.count() == 2


def test_a_changed_figure_is_previewed_old_to_new_and_nothing_is_written_before_the_run(hanoi, coordinator):
    ClusterImport().run(register_file(GOOD_ROWS), actor=coordinator)
    changed = [GOOD_ROWS[0][:5] + [32] + GOOD_ROWS[0][6:], GOOD_ROWS[1]]

    preview = ClusterImport().preview(register_file(changed, name="sua.xlsx"), actor=coordinator)

    row = preview.rows[0]
    assert row.state == "change"
    assert [change.as_dict() for change in row.changes] == [
        {"field": "diện tích đất công nghiệp (ha)", "old": "30", "new": "32"}
    ]
    assert Cluster.objects.get(name="CCN Cổ Loa").industrial_land_ha == 30
    assert not history_with("nhập từ tệp sua.xlsx").exists()


def test_an_old_commune_split_between_new_units_asks_the_user_and_never_guesses(hanoi, coordinator):
    rows = [[1, "CCN Tân Triều", "Huyện Thanh Trì", "Xã Tân Triều", 12, "", "", "", ""]]

    preview = ClusterImport().preview(register_file(rows), actor=coordinator)

    row = preview.rows[0]
    assert row.state == "choice"
    assert [code for code, _label in row.choice.options] == ["00316", "00364", "00643", "09556"]
    with pytest.raises(Refused):
        ClusterImport().run(register_file(rows), actor=coordinator)
    assert not Cluster.objects.exists()

    ClusterImport().run(register_file(rows), actor=coordinator, choices={4: "00643"})

    assert [c.name for c in Cluster.objects.get().communes.all()] == ["Thanh Liệt"]


def test_a_choice_outside_the_successors_is_still_a_question(hanoi, coordinator):
    rows = [[1, "CCN Tân Triều", "Huyện Thanh Trì", "Xã Tân Triều", 12, "", "", "", ""]]

    preview = ClusterImport().preview(register_file(rows), actor=coordinator, choices={4: "00454"})

    assert preview.rows[0].state == "choice"


def test_the_register_exported_and_imported_again_changes_nothing(hanoi, coordinator):
    ClusterImport().run(register_file(GOOD_ROWS), actor=coordinator)
    ClusterFactory(
        code="CCN-X01",
        name="CCN Phú Nghĩa",
        total_area_ha=Decimal("70.25"),
        industrial_land_ha=50,
        notes="Đã có nhà đầu tư thứ cấp.\r\nĐang lập hồ sơ mở rộng.",  # as a form stores a text area
        main_industries="=Cơ khí; điện tử",  # text a spreadsheet would read as a formula stays text
    )
    before = Cluster.history.count()

    exported = register_bytes(Cluster.objects.all())
    upload = xlsx([], name="xuat.xlsx")
    upload.file = io.BytesIO(exported)
    upload.size = len(exported)
    preview = ClusterImport().preview(upload, actor=coordinator)

    assert preview.counts["unchanged"] == 3, preview.all_errors
    ClusterImport().run(again(upload), actor=coordinator)
    assert Cluster.history.count() == before
    sheet = load_workbook(io.BytesIO(exported)).active
    assert [cell.value for cell in sheet[1]][:3] == ["Mã cụm", "Tên cụm công nghiệp", "Loại cụm"]


def test_only_a_coordinator_imports(hanoi, officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ClusterImport().preview(register_file(GOOD_ROWS), actor=officer)


def test_the_preview_of_fifty_unchanged_rows_reads_a_fixed_number_of_queries(hanoi, coordinator):
    rows = [
        [n, f"CCN Số {n}", "Huyện Đông Anh", "Xã Cổ Loa", 10 + n, 5, f"{n}/QĐ-UBND", "01/02/2020", ""]
        for n in range(50)
    ]
    ClusterImport().run(register_file(rows), actor=coordinator)

    with CaptureQueriesContext(connection) as queries:
        preview = ClusterImport().preview(register_file(rows), actor=coordinator)

    assert preview.counts["unchanged"] == 50
    # The province; its communes; the clusters, their communes and their establishment decisions (two
    # prefetches); the coordinator's membership (scoping, read once per request and kept on the user). Nothing per row.
    assert len(queries) == 5, [q["sql"] for q in queries]


def test_an_expansion_is_recorded_after_the_establishment_and_the_total_follows_the_file(hanoi, coordinator):
    header = ["Mã cụm", "Tên cụm công nghiệp", "Xã, phường hiện nay", "Tổng diện tích (ha)"]
    header += ["Số QĐ thành lập", "Ngày QĐ thành lập", "Diện tích theo QĐ thành lập (ha)"]
    header += ["Số QĐ mở rộng", "Ngày QĐ mở rộng", "Diện tích sau mở rộng (ha)"]
    row = ["CCN-MR", "CCN Mở Rộng", "Xã Đông Anh", 60, "1/QĐ-UBND", "01/03/2019", 40, "9/QĐ-UBND", "05/05/2024", 60]

    ClusterImport().run(xlsx([header, row], name="mo-rong.xlsx"), actor=coordinator)

    cluster = Cluster.objects.get(code="CCN-MR")
    assert [(d.kind, d.number, d.area_after_ha) for d in cluster.decisions.order_by("date")] == [
        ("establish", "1/QĐ-UBND", Decimal("40.00")),
        ("expand", "9/QĐ-UBND", Decimal("60.00")),
    ]
    assert cluster.total_area_ha == Decimal("60.00")
    exported = register_bytes(Cluster.objects.all())
    upload = xlsx([], name="xuat.xlsx")
    upload.file, upload.size = io.BytesIO(exported), len(exported)
    assert [r.state for r in ClusterImport().preview(upload, actor=coordinator).rows] == ["unchanged"]

    later = [*row[:7], "12/QĐ-UBND", "01/10/2025", 75]
    later[3] = 75
    preview = ClusterImport().preview(xlsx([header, later], name="mo-rong-2.xlsx"), actor=coordinator)

    assert [c.as_dict() for c in preview.rows[0].changes] == [
        {"field": "tổng diện tích (ha)", "old": "60", "new": "75"},
        {"field": "quyết định mở rộng", "old": "—", "new": "số 12/QĐ-UBND, ngày 01/10/2025, 75 ha"},
    ]
