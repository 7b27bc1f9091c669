"""Issuing, reopening and comparing plan reports, on the pages and over the API; bad input is refused in
Vietnamese, never with a 500, and nothing is half-written."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from plan_reports.models import PlanReport
from plan_reports.services import plan_report_draft, plan_report_issue
from tasks import services as task_services
from tests.factories import SignatoryFactory

from .conftest import D1, D2


def docx_text(content):
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def issue(world, coordinator, cut_off=D1, number="01/BC-SCT"):
    return plan_report_issue(
        actor=coordinator, plan=world.plan, cut_off=cut_off, number=number, issued_on=cut_off, signer="Nguyễn Văn A"
    )


def test_a_report_is_drafted_written_previewed_then_issued_on_the_page(world, client_for, coordinator, department):
    director = SignatoryFactory(department=department, full_name="Trần Thị Giám Đốc", title="Giám đốc")
    client = client_for(coordinator)
    page = client.get(reverse("plan_reports:report_create"), {"plan": world.plan.pk, "cut_off": "20/06/2026"})
    assert page.status_code == 200
    assert page.context["preview"]["view"]["totals"]["counts"]["overdue"] == 2
    assert "Lập dự thảo báo cáo" in page.content.decode()

    answer = client.post(reverse("plan_reports:report_create"), {"plan": world.plan.pk, "cut_off": "20/06/2026"})
    draft = PlanReport.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("plan_reports:report_edit", args=[draft.pk])
    assert draft.is_draft and draft.number == "" and draft.created_by == coordinator
    # "Đánh giá chung" starts from the figures, for the staff to edit.
    assert "2 nhiệm vụ quá hạn chưa hoàn thành" in draft.general_assessment
    edit = client.get(answer["Location"]).content.decode()
    assert "2 nhiệm vụ quá hạn chưa hoàn thành" in edit

    narrative = {
        "cut_off": "20/06/2026",
        "general_assessment": "Các cơ quan đã tích cực triển khai.\n\nMột số nhiệm vụ còn chậm.",
        "shortcomings": "- Hồ sơ thẩm định chậm;\n- Thiếu vốn đầu tư hạ tầng.",
        "next_tasks": "Đôn đốc các chủ đầu tư.",
        "recommendations": "Đề nghị Thành phố bố trí vốn.",
        "signatory": director.pk,
        "capacity": "",
        "number": "",
        "issued_on": "",
    }
    saved = client.post(answer["Location"], {**narrative, "action": "save"})
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert draft.shortcomings.startswith("- Hồ sơ thẩm định chậm;") and draft.signatory == director
    assert draft.history.first().history_change_reason == "Sửa dự thảo báo cáo"

    preview = client.get(reverse("plan_reports:report_preview", args=[draft.pk]))
    text = docx_text(preview.content)
    assert "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN" in text and "- Thiếu vốn đầu tư hạ tầng." in text
    assert "Trần Thị Giám Đốc" in text and "……/BC-SCT" in text

    refused = client.post(answer["Location"], {**narrative, "action": "issue"})
    assert refused.status_code == 400 and "Cần nhập số hiệu báo cáo." in refused.content.decode()

    issued = client.post(
        answer["Location"], {**narrative, "number": "01/BC-SCT", "issued_on": "22/06/2026", "action": "issue"}
    )
    report = PlanReport.objects.get()
    assert issued.status_code == 302 and issued["Location"] == reverse("plan_reports:report_detail", args=[report.pk])
    assert (report.status, report.cut_off, report.issued_on) == ("issued", D1, datetime.date(2026, 6, 22))
    assert (report.signer, report.signer_title) == ("Trần Thị Giám Đốc", "Giám đốc")
    assert report.history.first().history_change_reason == "Ban hành báo cáo số 01/BC-SCT"
    listed = client.get(reverse("plan_reports:report_list")).content.decode()
    assert "01/BC-SCT" in listed
    # Issued: frozen. The edit page sends to the report; a renamed Signatory does not change what was signed.
    assert client.get(reverse("plan_reports:report_edit", args=[report.pk]))["Location"] == issued["Location"]
    again = client.post(reverse("plan_reports:report_edit", args=[report.pk]), {**narrative, "action": "save"})
    assert again.status_code == 302
    director.full_name = "Người Khác"
    director.save()
    report.refresh_from_db()
    assert report.signer == "Trần Thị Giám Đốc" and report.shortcomings.startswith("- Hồ sơ")


def test_a_draft_can_be_deleted_and_an_issued_report_cannot(world, client_for, coordinator):
    client = client_for(coordinator)
    draft = plan_report_draft(actor=coordinator, plan=world.plan, cut_off=D1)
    assert client.post(reverse("plan_reports:report_edit", args=[draft.pk]), {"action": "delete"}).status_code == 302
    assert not PlanReport.objects.exists()
    report = issue(world, coordinator)
    client.post(reverse("plan_reports:report_edit", args=[report.pk]), {"action": "delete"})
    assert PlanReport.objects.get() == report


def test_numbers_are_unique_among_issued_reports_only(world, coordinator):
    first = plan_report_draft(actor=coordinator, plan=world.plan, cut_off=D1)
    second = plan_report_draft(actor=coordinator, plan=world.plan, cut_off=D1)
    plan_report_issue(actor=coordinator, report=first, number="05/BC-SCT", issued_on=D1, signer="A")
    with pytest.raises(ValidationError) as refused:
        plan_report_issue(actor=coordinator, report=second, number="05/BC-SCT", issued_on=D1, signer="A")
    assert refused.value.message_dict == {"number": ["Số hiệu này đã được dùng cho một báo cáo khác."]}
    second.refresh_from_db()
    assert second.is_draft


def test_an_issued_report_shows_the_same_figures_after_the_data_changed(
    world, client_for, api_for, coordinator, officer, hanoi_clock
):
    report = issue(world, coordinator, cut_off=D1)
    page = client_for(coordinator).get(reverse("plan_reports:report_detail", args=[report.pk]))
    before_page = page.context["view"]
    before_api = api_for(coordinator).get(f"/api/v1/plan-reports/{report.pk}/").json()["figures"]
    docx_before = client_for(coordinator).get(reverse("plan_reports:report_docx", args=[report.pk]))
    docx_before = b"".join(docx_before.streaming_content)

    hanoi_clock.move_to(datetime.date(2026, 6, 21))
    task_services.task_report_completion(
        actor=officer, task=world.tasks["late"], completed_on=datetime.date(2026, 6, 21), evidence="Quyết định 12"
    )
    task_services.task_accept_completion(actor=coordinator, task=world.tasks["late"])

    page = client_for(coordinator).get(reverse("plan_reports:report_detail", args=[report.pk]))
    assert page.context["view"] == before_page
    assert page.context["view"]["totals"]["counts"]["overdue"] == 2
    assert 'data-overdue="KH-1"' in page.content.decode()
    assert api_for(coordinator).get(f"/api/v1/plan-reports/{report.pk}/").json()["figures"] == before_api
    again = client_for(coordinator).get(reverse("plan_reports:report_docx", args=[report.pk]))
    assert b"".join(again.streaming_content) == docx_before


def test_a_report_is_compared_with_the_previous_one(world, client_for, coordinator, officer, hanoi_clock):
    first = issue(world, coordinator, cut_off=D1, number="01/BC-SCT")
    hanoi_clock.move_to(datetime.date(2026, 7, 15))
    task_services.task_report_completion(
        actor=officer, task=world.tasks["late"], completed_on=datetime.date(2026, 7, 1), evidence="Quyết định 12"
    )
    task_services.task_accept_completion(actor=coordinator, task=world.tasks["late"])
    second = issue(world, coordinator, cut_off=D2, number="02/BC-SCT")
    assert second.previous == first

    page = client_for(coordinator).get(reverse("plan_reports:report_detail", args=[second.pk]))
    rows = {row["key"]: row for row in page.context["view"]["comparison"]}
    # 20/06: KH-1 and KH-2 overdue; 15/07: KH-1 done late, KH-2 and KH-3 (due 25/06) overdue, KH-4 (10/07) too.
    assert (rows["total:overdue"]["previous"], rows["total:overdue"]["value"], rows["total:overdue"]["change"]) == (
        2,
        3,
        1,
    )
    assert (rows["total:done_late"]["previous"], rows["total:done_late"]["value"]) == (0, 1)
    assert "Báo cáo trước: số 01/BC-SCT" in page.content.decode()


def test_the_cut_off_cannot_be_in_the_future_or_before_the_plan(world, client_for, coordinator):
    client = client_for(coordinator)
    page = client.get(reverse("plan_reports:report_create"), {"plan": world.plan.pk, "cut_off": "21/06/2026"})
    assert page.context["preview"] is None
    assert "Ngày chốt số liệu không được sau hôm nay" in page.content.decode()
    page = client.get(reverse("plan_reports:report_create"), {"plan": world.plan.pk, "cut_off": "01/11/2025"})
    assert "không được trước ngày ban hành Kế hoạch (12/11/2025)" in page.content.decode()


def test_a_number_already_used_is_refused_on_the_page(world, client_for, coordinator, department):
    issue(world, coordinator, number="01/BC-SCT")
    draft = plan_report_draft(actor=coordinator, plan=world.plan, cut_off=D1)
    signatory = SignatoryFactory(department=department)
    answer = client_for(coordinator).post(
        reverse("plan_reports:report_edit", args=[draft.pk]),
        {
            "cut_off": "20/06/2026",
            "number": "01/BC-SCT",
            "issued_on": "20/06/2026",
            "signatory": signatory.pk,
            "action": "issue",
        },
    )
    assert answer.status_code == 400
    assert answer.context["form"].errors["number"] == ["Số hiệu này đã được dùng cho một báo cáo khác."]
    assert PlanReport.objects.filter(status="issued").count() == 1


def test_the_api_lists_issues_and_serves_a_report_and_its_files(world, api_for, coordinator):
    api = api_for(coordinator)
    answer = api.post(
        "/api/v1/plan-reports/",
        {"cut_off": "2026-06-20", "number": "01/BC-SCT", "issued_on": "2026-06-20", "signer": "Nguyễn Văn A"},
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["figures"]["totals"]["counts"]["overdue"] == 2
    assert body["plan"] == world.plan.pk
    listed = api.get("/api/v1/plan-reports/").json()
    assert [r["number"] for r in listed["results"]] == ["01/BC-SCT"]
    assert api.get(body["docx_url"]).status_code == 200
    xlsx = api.get(body["xlsx_url"])
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"cut_off": "2026-06-21"}, "cut_off", "Ngày chốt số liệu không được sau hôm nay"),
        ({"cut_off": "2025-01-01"}, "cut_off", "không được trước ngày ban hành Kế hoạch"),
        ({"number": "01/BC-SCT"}, "number", "Số hiệu này đã được dùng cho một báo cáo khác."),
        ({"cut_off": "30/06/2026"}, "cut_off", ""),
        ({"signer": "  "}, "signer", ""),
        ({"colour": "red"}, "colour", "Trường này không tồn tại."),
    ],
)
def test_the_api_refuses_bad_input_with_field_errors(world, api_for, coordinator, payload, field, message):
    issue(world, coordinator, number="01/BC-SCT")
    body = {
        "cut_off": "2026-06-20",
        "number": "02/BC-SCT",
        "issued_on": "2026-06-20",
        "signer": "Nguyễn Văn A",
        **payload,
    }
    answer = api_for(coordinator).post("/api/v1/plan-reports/", body, format="json")
    assert answer.status_code == 400
    assert message in " ".join(answer.json()[field])
    assert PlanReport.objects.count() == 1


def test_a_double_submit_issues_one_report_and_answers_the_second_with_a_field_error(world, api_for, coordinator):
    body = {"cut_off": "2026-06-20", "number": "01/BC-SCT", "issued_on": "2026-06-20", "signer": "Nguyễn Văn A"}
    api = api_for(coordinator)
    assert api.post("/api/v1/plan-reports/", body, format="json").status_code == 201
    again = api.post("/api/v1/plan-reports/", body, format="json")
    assert again.status_code == 400
    assert again.json() == {"number": ["Số hiệu này đã được dùng cho một báo cáo khác."]}
    assert PlanReport.objects.count() == 1


def test_officers_may_neither_see_nor_issue_reports(world, api_for, client_for, officer, viewer, coordinator):
    issue(world, coordinator)
    assert client_for(officer).get(reverse("plan_reports:report_list")).status_code == 403
    assert api_for(officer).get("/api/v1/plan-reports/").status_code == 403
    assert client_for(viewer).get(reverse("plan_reports:report_list")).status_code == 200
    answer = api_for(viewer).post(
        "/api/v1/plan-reports/",
        {"cut_off": "2026-06-20", "number": "02/BC-SCT", "issued_on": "2026-06-20", "signer": "A"},
        format="json",
    )
    assert answer.status_code == 403
    assert "Báo cáo Kế hoạch" in client_for(viewer).get("/").content.decode()  # in the navigation
    assert "Báo cáo Kế hoạch" not in client_for(officer).get("/").content.decode()
