"""Agencies and their people from Excel: a missing agency added, accounts without a usable password, memberships
in the roles given, invitations asked for once the import is kept; all or nothing, and idempotent."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from agencies.models import Agency, Membership
from imports.base import Refused
from imports.people import PeopleImport
from tests.factories import AgencyFactory

from .helpers import xlsx

HEADER = ["Họ tên", "Email", "Đơn vị", "Loại đơn vị", "Vai trò", "Chức danh"]
ROWS = [
    ["Nguyễn Văn An", "an.nv@hanoi.gov.vn", "Sở Xây dựng", "", "Cán bộ cơ quan", "Chuyên viên"],
    ["Trần Thị Bình", "binh.tt@hanoi.gov.vn", "Ban Quản lý dự án đầu tư xây dựng", "Ban quản lý dự án", "Chỉ xem", ""],
    ["Lê Văn Cường", "cuong.lv@hanoi.gov.vn", "Ban Quản lý dự án đầu tư xây dựng", "Ban quản lý dự án", "", ""],
]


def staff(rows, name="can-bo.xlsx"):
    return xlsx([HEADER, *rows], name=name)


def test_a_bad_row_refuses_the_list_then_the_fixed_one_is_written_then_changes_nothing(
    agency, coordinator, django_capture_on_commit_callbacks
):
    bad = [*ROWS, ["Phạm Dũng", "khong-phai-email", "Sở Xây dựng", "", "Quản trị", ""]]
    User = get_user_model()
    users_before = User.objects.count()

    with pytest.raises(Refused) as refused:
        PeopleImport().run(staff(bad), actor=coordinator)
    errors = refused.value.preview.all_errors
    assert "Trang tính “Sheet1”, dòng 5, cột “Thư điện tử”: Thư điện tử “khong-phai-email” không hợp lệ." in errors
    assert any(e.startswith("Trang tính “Sheet1”, dòng 5, cột “Vai trò”: Vai trò “Quản trị” không có") for e in errors)
    assert User.objects.count() == users_before

    with django_capture_on_commit_callbacks(execute=True):
        PeopleImport().run(staff(ROWS), actor=coordinator)

    an = User.objects.get(email="an.nv@hanoi.gov.vn")
    assert (an.first_name, an.last_name, an.has_usable_password()) == ("An", "Nguyễn Văn", False)
    membership = Membership.objects.get(user=an)
    assert (membership.agency, membership.role, membership.title) == (agency, "officer", "Chuyên viên")
    board = Agency.objects.get(name="Ban Quản lý dự án đầu tư xây dựng")
    assert board.kind == Agency.Kind.PROJECT_BOARD
    assert Membership.objects.get(user__email="binh.tt@hanoi.gov.vn").role == "viewer"
    assert Membership.objects.get(user__email="cuong.lv@hanoi.gov.vn").agency == board
    assert membership.history.get().history_change_reason == "nhập từ tệp can-bo.xlsx"
    assert board.history.get().history_change_reason == "nhập từ tệp can-bo.xlsx"
    # Each new person is invited by email to set their own password.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(row[1] for row in ROWS)
    assert all("/accounts/invitation/" in m.body for m in mail.outbox)
    recorded = Membership.history.count() + Agency.history.count()

    preview = PeopleImport().preview(staff(ROWS), actor=coordinator)

    assert [row.state for row in preview.rows] == ["unchanged"] * 3
    PeopleImport().run(staff(ROWS), actor=coordinator)
    assert Membership.history.count() + Agency.history.count() == recorded


def test_a_person_moved_to_another_agency_is_previewed_old_to_new(agency, other_agency, coordinator):
    PeopleImport().run(staff(ROWS[:1]), actor=coordinator)
    moved = [["Nguyễn Văn An", "AN.NV@hanoi.gov.vn", "STC", "", "", "Chuyên viên"]]

    preview = PeopleImport().preview(staff(moved), actor=coordinator)

    assert [c.as_dict() for c in preview.rows[0].changes] == [
        {"field": "cơ quan", "old": "Sở Xây dựng", "new": "Sở Tài chính"}
    ]
    PeopleImport().run(staff(moved), actor=coordinator)
    assert Membership.objects.get(user__email="an.nv@hanoi.gov.vn", is_active=True).agency == other_agency


def test_a_coordinator_cannot_import_a_change_to_their_own_membership(focal_agency, coordinator):
    AgencyFactory(code="SXD", name="Sở Xây dựng")
    mine = [["Alice Nguyễn", coordinator.email, "Sở Xây dựng", "", "", ""]]

    preview = PeopleImport().preview(staff(mine), actor=coordinator)

    assert preview.rows[0].errors == [
        "Trang tính “Sheet1”, dòng 2: Không được tự tạo hay sửa phân công của chính mình."
    ]
