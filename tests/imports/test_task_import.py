"""A plan's annex from Excel: groups as heading rows, agencies by name, deadlines as typed, all or nothing, and
idempotent."""

import datetime

import pytest
from django.urls import reverse

from imports.base import Refused
from imports.tasks import TaskImport
from tasks.models import Task
from tests.factories import AgencyFactory, ClusterFactory, PlanFactory, TaskGroupFactory

from .helpers import xlsx

HEADER = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Sản phẩm", "CCN"]


@pytest.fixture
def plan(db):
    plan = PlanFactory()
    TaskGroupFactory(plan=plan, number=1, name="Hoàn thiện cơ chế, chính sách")
    TaskGroupFactory(plan=plan, number=2, name="Đầu tư hạ tầng cụm công nghiệp")
    return plan


@pytest.fixture
def agencies(db):
    return [
        AgencyFactory(code="SXD", name="Sở Xây dựng"),
        AgencyFactory(code="STC", name="Sở Tài chính"),
        AgencyFactory(code="SNNMT", name="Sở Nông nghiệp và Môi trường"),
    ]


def annex(rows, name="phu-luc.xlsx"):
    return xlsx([["PHỤ LỤC: DANH MỤC NHIỆM VỤ"], HEADER, *rows], name=name)


ROWS = [
    ["I", "Hoàn thiện cơ chế, chính sách", "", "", "", "", ""],
    [
        1,
        "Xây dựng quy chế quản lý cụm công nghiệp",
        "Sở Xây dựng",
        "Sở Tài chính; SNNMT",
        "30/06/2026",
        "Quyết định",
        "",
    ],
    ["II", "Đầu tư hạ tầng cụm công nghiệp", "", "", "", "", ""],
    [
        2,
        "Đôn đốc đầu tư hạ tầng CCN Phú Nghĩa",
        "sở tài chính",
        "",
        datetime.datetime(2026, 9, 30),
        "Báo cáo",
        "CCN-X01",
    ],
]


def test_a_bad_row_refuses_the_annex_then_the_fixed_one_is_written_then_changes_nothing(plan, agencies, coordinator):
    cluster = ClusterFactory(code="CCN-X01", name="CCN Phú Nghĩa")
    bad = [*ROWS, [3, "Kiểm tra đất đai", "Sở Không Có", "", "31/13/2026", "", ""]]

    with pytest.raises(Refused) as refused:
        TaskImport().run(annex(bad), actor=coordinator, options={"plan": plan})
    errors = refused.value.preview.all_errors
    assert "Trang tính “Sheet1”, dòng 7, cột “Cơ quan chủ trì”: Không tìm thấy cơ quan “Sở Không Có”." in errors
    assert any(e.startswith("Trang tính “Sheet1”, dòng 7, cột “Thời hạn”: Ngày “31/13/2026”") for e in errors)
    assert not Task.objects.exists()

    TaskImport().run(annex(ROWS), actor=coordinator, options={"plan": plan})

    first = Task.objects.get(title="Xây dựng quy chế quản lý cụm công nghiệp")
    assert (first.code, first.group.number, first.lead_agency.code) == ("KH305-1.01", 1, "SXD")
    assert sorted(a.code for a in first.supporting_agencies.all()) == ["SNNMT", "STC"]
    assert first.due_date == datetime.date(2026, 6, 30)
    second = Task.objects.get(code="KH305-2.01")
    assert (second.lead_agency.code, list(second.clusters.all())) == ("STC", [cluster])
    assert first.history.get().history_change_reason == "nhập từ tệp phu-luc.xlsx"
    recorded = Task.history.count()

    preview = TaskImport().preview(annex(ROWS), actor=coordinator, options={"plan": plan})

    assert [row.state for row in preview.rows] == ["unchanged", "unchanged"]
    TaskImport().run(annex(ROWS), actor=coordinator, options={"plan": plan})
    assert Task.history.count() == recorded


def test_a_changed_deadline_is_refused_on_its_row_by_the_service(plan, agencies, coordinator):
    ClusterFactory(code="CCN-X01", name="CCN Phú Nghĩa")
    TaskImport().run(annex(ROWS), actor=coordinator, options={"plan": plan})
    moved = [*ROWS[:1], [*ROWS[1][:4], "31/12/2026", *ROWS[1][5:]], *ROWS[2:]]

    preview = TaskImport().preview(annex(moved), actor=coordinator, options={"plan": plan})

    assert preview.rows[0].errors == [
        "Trang tính “Sheet1”, dòng 4, cột “Thời hạn”: Thời hạn chỉ thay đổi qua đề nghị gia hạn được chấp thuận."
    ]


def test_the_annex_over_the_api_names_its_plan(plan, agencies, coordinator, api_for):
    ClusterFactory(code="CCN-X01", name="CCN Phú Nghĩa")
    client = api_for(coordinator)

    missing = client.post("/api/v1/imports/tasks/?dry_run=true", {"file": annex(ROWS)}, format="multipart")
    assert missing.status_code == 400 and "plan" in missing.json()

    response = client.post(
        "/api/v1/imports/tasks/?dry_run=true", {"file": annex(ROWS), "plan": plan.number}, format="multipart"
    )
    assert response.status_code == 200
    assert response.json()["counts"]["create"] == 2
    assert not Task.objects.exists()


def test_the_annex_on_the_pages(plan, agencies, coordinator, client_for):
    ClusterFactory(code="CCN-X01", name="CCN Phú Nghĩa")
    client = client_for(coordinator)

    upload = client.post(reverse("imports:upload", args=["tasks"]), {"file": annex(ROWS), "plan": plan.pk})
    assert upload.status_code == 302
    client.post(upload["Location"], {"action": "confirm"})

    assert Task.objects.count() == 2
