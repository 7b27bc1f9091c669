"""Coordinators edit the register on staff pages: a cluster's record, its decisions (with the document), its
periodic figures and its documents. Every page goes through clusters.services, asks a reason, refuses a
stale form, shows Vietnamese errors and leaves history with the reason and the person; others get 403."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from clusters import services
from clusters.forms import ClusterDecisionForm, ClusterForm, ClusterReportForm
from clusters.models import Cluster, ClusterDecision, ClusterReport
from tests.factories import ClusterFactory, ClusterReportFactory, ProvinceFactory
from tests.helpers import form_payload

pytestmark = pytest.mark.django_db


def errors_of(response):
    form = response.context["form"]
    return {name: " ".join(messages) for name, messages in form.errors.items()}


@pytest.fixture
def cluster():
    return ClusterFactory(
        code="CCN-QD",
        name="CCN Quất Động",
        total_area_ha=Decimal("40"),
        industrial_land_ha=Decimal("30"),
        leased_land_ha=Decimal("12"),
        committed_land_ha=None,
        status=Cluster.Status.IN_SCHEME,
    )


# --- the cluster record --------------------------------------------------------------------------------


def test_a_coordinator_adds_a_cluster_from_the_register_page(client_for, coordinator):
    province = ProvinceFactory()
    client = client_for(coordinator)
    assert reverse("clusters:cluster_create") in client.get(reverse("clusters:cluster_list")).content.decode()

    response = client.post(
        reverse("clusters:cluster_create"),
        {
            "code": "CCN-MOI",
            "name": "CCN Phú Nghĩa mở rộng",
            "type": Cluster.Type.GENERAL,
            "province": province.pk,
            "status": Cluster.Status.IN_SCHEME,
            "wastewater_status": Cluster.Wastewater.NONE,
            "total_area_ha": "45,5",
            "industrial_land_ha": "32",
            "planned_completion_date": "31/12/2026",
        },
    )

    assert response.status_code == 302, errors_of(response)
    cluster = Cluster.objects.get(code="CCN-MOI")
    assert response.url == reverse("clusters:cluster_detail", args=[cluster.pk])
    assert cluster.total_area_ha == Decimal("45.5")
    assert cluster.planned_completion_date == datetime.date(2026, 12, 31)
    record = cluster.history.get()
    assert record.history_user == coordinator and record.history_change_reason == "Thêm cụm công nghiệp vào sổ đăng ký"


def test_a_cluster_posted_twice_is_added_once(client_for, coordinator):
    province = ProvinceFactory()
    data = {
        "code": "CCN-MOI",
        "name": "CCN Mới",
        "type": Cluster.Type.GENERAL,
        "province": province.pk,
        "status": Cluster.Status.IN_SCHEME,
        "wastewater_status": Cluster.Wastewater.NONE,
    }
    client = client_for(coordinator)
    assert client.post(reverse("clusters:cluster_create"), data).status_code == 302

    second = client.post(reverse("clusters:cluster_create"), data)

    assert second.status_code == 200
    assert "đã tồn tại" in errors_of(second)["code"]
    assert Cluster.objects.filter(code="CCN-MOI").count() == 1


def test_editing_a_cluster_asks_a_reason_and_leaves_history_with_it(client_for, coordinator, cluster):
    client = client_for(coordinator)
    url = reverse("clusters:cluster_update", args=[cluster.pk])
    assert url in client.get(reverse("clusters:cluster_detail", args=[cluster.pk])).content.decode()
    form = ClusterForm(cluster=cluster)

    without_reason = client.post(url, form_payload(form, leased_land_ha="18"))
    assert "Trường này là bắt buộc" in errors_of(without_reason)["reason"]

    response = client.post(url, form_payload(form, leased_land_ha="18", reason="Báo cáo quý III của chủ đầu tư"))

    assert response.status_code == 302
    cluster.refresh_from_db()
    assert cluster.leased_land_ha == Decimal("18") and cluster.version == 2
    latest = cluster.history.latest("history_date")
    assert latest.history_user == coordinator
    assert latest.history_change_reason == "Báo cáo quý III của chủ đầu tư"
    page = client.get(reverse("clusters:cluster_detail", args=[cluster.pk])).content.decode()
    assert "Báo cáo quý III của chủ đầu tư" in page


def test_a_stale_form_is_refused_with_who_changed_the_cluster_not_overwritten(
    client_for, coordinator, second_coordinator, cluster
):
    form = ClusterForm(cluster=cluster)  # loaded at version 1
    services.cluster_update(actor=second_coordinator, cluster=cluster, reason="Sửa tên", name="CCN Quất Động 2")

    response = client_for(coordinator).post(
        reverse("clusters:cluster_update", args=[cluster.pk]),
        form_payload(form, leased_land_ha="20", reason="Cập nhật đất"),
    )

    assert response.status_code == 200
    assert "đã được Trần Anna thay đổi" in " ".join(response.context["form"].non_field_errors())
    cluster.refresh_from_db()
    assert cluster.leased_land_ha == Decimal("12") and cluster.name == "CCN Quất Động 2"


def test_the_same_edit_sent_twice_is_saved_once_without_an_error(client_for, coordinator, cluster):
    client = client_for(coordinator)
    data = form_payload(ClusterForm(cluster=cluster), leased_land_ha="20", reason="Cập nhật đất")
    url = reverse("clusters:cluster_update", args=[cluster.pk])

    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302

    assert cluster.history.count() == 1 + 1  # created, edited once


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"total_area_ha": "-5"}, "total_area_ha", "Giá trị không được âm."),
        ({"leased_land_ha": "35"}, "__all__", "Diện tích đã cho thuê không được lớn hơn diện tích đất công nghiệp."),
        ({"infrastructure_completed_on": "31/12/9999"}, "infrastructure_completed_on", "Ngày phải trong khoảng"),
        ({"infrastructure_completed_on": "2026-13-45"}, "infrastructure_completed_on", "Ngày không hợp lệ"),
    ],
)
def test_bad_values_get_vietnamese_errors_and_nothing_is_written(
    client_for, coordinator, cluster, changes, field, message
):
    response = client_for(coordinator).post(
        reverse("clusters:cluster_update", args=[cluster.pk]),
        form_payload(ClusterForm(cluster=cluster), reason="Sửa", **changes),
    )

    assert response.status_code == 200
    assert message in errors_of(response)[field]
    cluster.refresh_from_db()
    assert cluster.version == 1


# --- decisions -----------------------------------------------------------------------------------------


def test_a_coordinator_records_an_establishment_with_its_document_and_the_cluster_follows(
    client_for, coordinator, cluster, pdf
):
    client = client_for(coordinator)
    url = reverse("clusters:cluster_decision_create", args=[cluster.pk])
    assert url in client.get(reverse("clusters:cluster_detail", args=[cluster.pk])).content.decode()

    response = client.post(
        url,
        {
            "kind": ClusterDecision.Kind.ESTABLISH,
            "number": "3568/QĐ-UBND",
            "date": "15/04/2026",
            "issuing_body": "UBND Thành phố Hà Nội",
            "area_after_ha": "42",
            "document": pdf("Quyết định thành lập.pdf"),
            "reason": "Quyết định thành lập cụm",
        },
    )

    assert response.status_code == 302
    decision = ClusterDecision.objects.get(cluster=cluster)
    assert decision.document_name and decision.date == datetime.date(2026, 4, 15)
    annotated = Cluster.objects.with_legal_history().get(pk=cluster.pk)
    assert annotated.established_on == datetime.date(2026, 4, 15)
    assert annotated.total_area_ha == Decimal("42")
    assert decision.history.get().history_change_reason == "Quyết định thành lập cụm"
    page = client.get(reverse("clusters:cluster_detail", args=[cluster.pk])).content.decode()
    assert reverse("clusters:cluster_decision_document", args=[decision.pk]) in page
    assert "Quyết định về cụm" in page and "Quyết định thành lập cụm" in page  # in the timeline, with the reason


def test_a_decision_posted_twice_is_recorded_once(client_for, coordinator, cluster):
    client = client_for(coordinator)
    data = {
        "kind": ClusterDecision.Kind.EXPAND,
        "number": "12/QĐ-UBND",
        "date": "01/03/2026",
        "issuing_body": "UBND Thành phố Hà Nội",
        "area_before_ha": "40",
        "area_after_ha": "50",
        "reason": "Ghi nhận",
    }
    url = reverse("clusters:cluster_decision_create", args=[cluster.pk])
    assert client.post(url, data).status_code == 302

    second = client.post(url, data)

    assert second.status_code == 200
    assert "Cụm này đã có quyết định mang số này." in " ".join(second.context["form"].non_field_errors())
    assert ClusterDecision.objects.filter(cluster=cluster).count() == 1


def test_a_decision_with_a_negative_area_or_a_date_out_of_range_is_refused_in_vietnamese(
    client_for, coordinator, cluster
):
    response = client_for(coordinator).post(
        reverse("clusters:cluster_decision_create", args=[cluster.pk]),
        {
            "kind": ClusterDecision.Kind.EXPAND,
            "number": "12/QĐ-UBND",
            "date": "01/03/1999",
            "issuing_body": "UBND Thành phố Hà Nội",
            "area_after_ha": "-3",
            "reason": "Ghi nhận",
        },
    )

    errors = errors_of(response)
    assert "Giá trị không được âm." in errors["area_after_ha"]
    assert "Ngày phải trong khoảng 01/01/2000 đến 31/12/2100." in errors["date"]
    assert not ClusterDecision.objects.exists()


def test_correcting_a_decision_needs_a_reason_and_refuses_a_stale_form(
    client_for, coordinator, second_coordinator, cluster, department
):
    decision = services.cluster_decision_create(
        actor=coordinator,
        cluster=cluster,
        reason="Ghi nhận",
        kind=ClusterDecision.Kind.ESTABLISH,
        number="7/QĐ-UBND",
        date=datetime.date(2026, 2, 1),
    )
    url = reverse("clusters:cluster_decision_update", args=[decision.pk])
    client = client_for(coordinator)
    form = ClusterDecisionForm(cluster=cluster, decision=decision)

    response = client.post(url, form_payload(form, number="7/QĐ-UBND-sửa", reason="Sửa số theo bản chính"))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.number == "7/QĐ-UBND-sửa"
    assert decision.history.latest("history_date").history_change_reason == "Sửa số theo bản chính"

    services.cluster_decision_update(actor=second_coordinator, decision=decision, reason="Sửa", notes="Ghi chú")
    stale = client.post(url, form_payload(form, issuing_body="UBND TP", reason="Sửa cơ quan"))
    assert "đã được Trần Anna thay đổi" in " ".join(stale.context["form"].non_field_errors())
    decision.refresh_from_db()
    assert decision.issuing_body == department.governing_body_name  # the default: the Department's governing body


# --- periodic figures -----------------------------------------------------------------------------------


def test_a_coordinator_enters_a_periods_figures_once_and_corrects_them_with_a_reason(client_for, coordinator, cluster):
    client = client_for(coordinator)
    url = reverse("clusters:cluster_report_create", args=[cluster.pk])
    data = {"year": "2026", "period": "half_year", "tenant_projects": "14", "workers": "820", "reason": "Biểu 02"}

    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same figures twice: saved once
    report = ClusterReport.objects.get(cluster=cluster)
    assert (report.year, report.tenant_projects, report.workers) == (2026, 14, 820)
    assert report.history.count() == 1

    other = client.post(url, {**data, "workers": "900"})
    assert "Kỳ này đã có số liệu" in errors_of(other)["period"]

    edit = reverse("clusters:cluster_report_update", args=[report.pk])
    response = client.post(
        edit,
        form_payload(ClusterReportForm(cluster=cluster, report=report), workers="900", reason="Số liệu chính thức"),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.workers == 900
    page = client.get(reverse("clusters:cluster_detail", args=[cluster.pk])).content.decode()
    assert "Số liệu chính thức" in page and edit in page


def test_bad_figures_get_vietnamese_errors(client_for, coordinator, cluster):
    response = client_for(coordinator).post(
        reverse("clusters:cluster_report_create", args=[cluster.pk]),
        {"year": "1990", "period": "annual", "tenant_projects": "3", "foreign_projects": "5", "reason": "Biểu 03"},
    )

    errors = errors_of(response)
    assert "Năm báo cáo phải từ 2000 đến 2100." in errors["year"]
    assert not ClusterReport.objects.exists()

    response = client_for(coordinator).post(
        reverse("clusters:cluster_report_create", args=[cluster.pk]),
        {"year": "2025", "period": "annual", "tenant_projects": "3", "foreign_projects": "5", "reason": "Biểu 03"},
    )
    assert "Số dự án FDI không được lớn hơn tổng số dự án." in errors_of(response)["foreign_projects"]
    assert not ClusterReport.objects.exists()


# --- documents on the record ------------------------------------------------------------------------------


def test_a_coordinator_attaches_the_wastewater_evidence_with_a_reason(client_for, coordinator, cluster, pdf):
    client = client_for(coordinator)
    url = reverse("clusters:cluster_document_upload", args=[cluster.pk, "wastewater_evidence"])
    assert url in client.get(reverse("clusters:cluster_detail", args=[cluster.pk])).content.decode()

    response = client.post(url, {"upload": pdf("Kết quả quan trắc.pdf"), "reason": "Kết quả quan trắc", "version": 1})

    assert response.status_code == 302
    cluster.refresh_from_db()
    assert cluster.wastewater_evidence_file_name and cluster.version == 2
    assert cluster.history.latest("history_date").history_change_reason == "Kết quả quan trắc"


def test_a_file_that_is_not_what_it_claims_is_refused_in_vietnamese(client_for, coordinator, cluster):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client_for(coordinator).post(
        reverse("clusters:cluster_document_upload", args=[cluster.pk, "infrastructure_acceptance"]),
        {"upload": fake, "reason": "Biên bản", "version": 1},
    )

    assert response.status_code == 200 and errors_of(response)["upload"]
    cluster.refresh_from_db()
    assert not cluster.infrastructure_acceptance_file


# --- who may ------------------------------------------------------------------------------------------------


def test_others_see_no_edit_buttons_and_get_403_on_every_edit_page(client_for, officer, viewer, cluster):
    report = ClusterReportFactory(cluster=cluster)
    decision = ClusterDecision.objects.create(
        cluster=cluster, kind=ClusterDecision.Kind.ESTABLISH, number="1/QĐ", date=datetime.date(2026, 1, 5)
    )
    urls = [
        reverse("clusters:cluster_create"),
        reverse("clusters:cluster_update", args=[cluster.pk]),
        reverse("clusters:cluster_decision_create", args=[cluster.pk]),
        reverse("clusters:cluster_decision_update", args=[decision.pk]),
        reverse("clusters:cluster_report_create", args=[cluster.pk]),
        reverse("clusters:cluster_report_update", args=[report.pk]),
        reverse("clusters:cluster_document_upload", args=[cluster.pk, "wastewater_evidence"]),
    ]
    for user in (officer, viewer):
        client = client_for(user)
        page = client.get(reverse("clusters:cluster_detail", args=[cluster.pk])).content.decode()
        listing = client.get(reverse("clusters:cluster_list")).content.decode()
        for url in urls:
            assert url not in page and url not in listing
            assert client.get(url).status_code == 403
            assert client.post(url, {"reason": "x"}).status_code == 403
    cluster.refresh_from_db()
    assert cluster.version == 1
