"""The plan report in each installation: drafted, its narrative written, issued; the .docx is headed with the
province's governing body and Department, dated at its place, addressed to its People's Committee and cites the
plan as that committee's."""

import datetime

import pytest
from docx import Document

from plan_reports.services import plan_report_draft, plan_report_draft_update, plan_report_issue
from tasks.models import Task
from tests.factories import TaskFactory
from tests.plan_reports.test_report_content import text_of

pytestmark = pytest.mark.django_db

CUT_OFF = datetime.date(2026, 6, 20)


def test_the_plan_report_is_drafted_written_and_issued_under_the_provinces_names(installation):
    world = installation
    TaskFactory(code="KH120-1.01", group=world.groups[0], lead_agency=world.agency, status=Task.Status.IN_PROGRESS)
    TaskFactory(
        code="KH120-2.01",
        group=world.groups[1],
        lead_agency=world.other_agency,
        due_date=datetime.date(2026, 5, 31),
        status=Task.Status.DONE,
        completed_on=datetime.date(2026, 5, 20),
        progress_percent=100,
    )

    draft = plan_report_draft(actor=world.coordinator, plan=world.plan, cut_off=CUT_OFF)
    assert draft.general_assessment.startswith("Đến ngày 20/06/2026, trong tổng số 2 nhiệm vụ")
    draft = plan_report_draft_update(
        actor=world.coordinator,
        report=draft,
        general_assessment="Các nhiệm vụ đầu tư hạ tầng cụm miền núi được triển khai đúng tiến độ.",
        shortcomings="- Địa hình đồi núi, giao thông khó khăn.",
        recommendations="Đề nghị bố trí vốn hỗ trợ hạ tầng cụm công nghiệp miền núi.",
        signatory=world.director,
    )
    report = plan_report_issue(
        actor=world.coordinator,
        report=draft,
        number=f"15/BC-{world.department.short_name}",
        issued_on=CUT_OFF,
        signatory=world.director,
    )

    assert report.status == report.Status.ISSUED
    document = Document(report.docx_file.open("rb"))
    left, right = document.tables[0].rows[0].cells
    info = world.info
    assert left.text.startswith(f"{info.governing_body}\nSỞ CÔNG THƯƠNG\n")
    assert f"{info.place_name}, ngày 20 tháng 6 năm 2026" in right.text
    text = text_of(report.docx_file.open("rb").read())
    assert f"Kính gửi: {info.governing_body_name}" in text
    assert f"{info.department_name} là cơ quan đầu mối" in text
    assert f"Kế hoạch số 120/KH-UBND ngày 15/01/2026 của {info.governing_body_name}" in text
    assert "Địa hình đồi núi, giao thông khó khăn." in text and "Hoàng Văn Giám" in text
    if world.foreign_place:
        assert world.foreign_place not in text
