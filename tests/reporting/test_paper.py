"""A report received on paper: a coordinator types its figures, attaches the scanned letter, enters its number and
date of receipt, and accepts it in one step; it is marked "Nhận bản giấy" on the pages, in the API and among the
sources of Biểu 04, and its scan leaves the server only to those who may see the report."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clusters.models import ClusterReport
from clusters.services import cluster_update
from reporting.models import Submission

from .test_pages import page, typed

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def scan(name="cong-van-125.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type)


def paper(**extra):
    """The page's form as a coordinator sends a paper report: every row, the signer, the letter and its scan."""
    letter = {
        "signer_name": "Trần Văn B",
        "signer_title": "Giám đốc",
        "paper_letter_number": "125/BC-HTB",
        "paper_received_on": "18/06/2026",
        "paper_scan": scan(),
        "action": "paper",
    }
    return typed(**{**letter, **extra})


def stored_files(settings):
    root = settings.MEDIA_ROOT / "reporting-paper"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_coordinator_records_a_paper_report_and_everyone_sees_it_so(
    client_for, api_for, coordinator, other_investor, investor, half_year, report_forms, sibling_cluster
):
    """Investor B has an agency but sends on paper; its letter reaches the Department."""
    # B's infrastructure project is approved, so its Biểu 02 counts in Biểu 04 row 14 (the paid investment).
    cluster_update(
        actor=coordinator,
        cluster=sibling_cluster,
        reason="Phê duyệt dự án",
        infrastructure_project_number="7/QĐ-UBND",
        infrastructure_project_date=datetime.date(2026, 2, 1),
    )
    client = client_for(coordinator)
    url = page(half_year, sibling_cluster)
    form_page = client.get(url)
    assert "Nhận báo cáo bản giấy" in form_page.content.decode()

    response = client.post(url, paper())
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    submission = Submission.objects.get(period=half_year, cluster=sibling_cluster)
    assert submission.state == Submission.State.ACCEPTED and submission.received_on_paper
    assert submission.paper_letter_number == "125/BC-HTB"
    assert submission.paper_received_on == datetime.date(2026, 6, 18)
    assert submission.decided_by == coordinator and submission.signer_name == "Trần Văn B"
    # History: the coordinator, and why.
    record = submission.history.latest("history_date")
    assert record.history_user == coordinator
    assert record.history_change_reason == "Nhận báo cáo bản giấy: công văn số 125/BC-HTB, nhận ngày 18/06/2026"
    # Its figures went into the register, as an accepted report's do.
    assert ClusterReport.objects.get(cluster=sibling_cluster, year=2026).tenant_projects == 12

    # The page says so, with the letter and its scan.
    html = client.get(url).content.decode()
    assert "Nhận bản giấy" in html and "Công văn số 125/BC-HTB, nhận ngày 18/06/2026" in html
    scan_url = reverse("reporting:paper_scan", args=[submission.pk])
    assert scan_url in html
    download = client.get(scan_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "cong-van-125.pdf" in download["Content-Disposition"]
    # Investor B reads its own report's scan; investor A may not see it at all.
    assert client_for(other_investor).get(scan_url).status_code == 200
    assert client_for(investor).get(scan_url).status_code == 404

    # The tracker marks it.
    tracker = client.get(reverse("reporting:tracker", args=[half_year.pk])).content.decode()
    assert tracker.count("data-paper") == 1

    # The API says so too.
    body = api_for(coordinator).get(f"/api/v1/submissions/{submission.pk}/").json()
    assert body["received_on_paper"] is True and body["state"] == "accepted"
    assert body["paper_letter_number"] == "125/BC-HTB" and body["paper_received_on"] == "2026-06-18"
    assert body["paper_scan_url"] == scan_url

    # And so do the sources of Biểu 04, on the page and in the API.
    sources = client.get(reverse("reporting:bieu04_sources", args=[half_year.pk, "paid_investment"]))
    assert "data-paper" in sources.content.decode()
    rows = api_for(coordinator).get(f"/api/v1/reporting-periods/{half_year.pk}/bieu-04/").json()["rows"]
    (tenants,) = [row for row in rows if row["key"] == "paid_investment"]
    assert tenants["sources"][0]["id"] == submission.pk and tenants["sources"][0]["received_on_paper"] is True


def test_a_commune_report_may_come_on_paper_too(client_for, coordinator, half_year, commune, sibling_cluster):
    from reporting.models import Indicator

    values = {indicator.key: "0" for indicator in Indicator.objects.filter(form__code="03")}
    response = client_for(coordinator).post(page(half_year, commune=commune), paper(**typed(values)))
    assert response.status_code == 302
    submission = Submission.objects.get(period=half_year, commune=commune, cluster__isnull=True)
    assert submission.received_on_paper and submission.state == Submission.State.ACCEPTED


def test_the_letter_is_checked_and_nothing_is_kept_when_something_is_wrong(
    client_for, coordinator, half_year, sibling_cluster, settings
):
    client = client_for(coordinator)
    url = page(half_year, sibling_cluster)
    workbook = scan("cong-van.xlsx", b"PK\x03\x04not really", "application/vnd.ms-excel")
    response = client.post(
        url, paper(paper_letter_number="", paper_received_on="21/06/2026", paper_scan=workbook, v_leased_land="x")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["paper_letter_number"] == ["Cần ghi số công văn gửi báo cáo."]
    assert errors["paper_received_on"] == ["Ngày nhận bản giấy không được sau hôm nay."]
    assert "cong-van.xlsx" in errors["paper_scan"][0]
    assert errors["v_leased_land"]
    assert not Submission.objects.exists() and stored_files(settings) == []

    # A real Office file is no scan either; and a letter without its scan is refused.
    response = client.post(url, paper(paper_scan=""))
    assert response.context["form"].errors["paper_scan"] == ["Cần đính kèm bản chụp công văn (PDF hoặc ảnh)."]
    # The rows are checked as the reporter's would be, against the register too.
    response = client.post(url, paper(v_serviced_land="25"))
    assert "lớn hơn diện tích của cụm trong sổ đăng ký (20 ha)" in response.context["form"].errors["v_serviced_land"][0]
    assert not Submission.objects.exists() and stored_files(settings) == []


def test_only_a_coordinator_records_a_paper_report(client_for, other_investor, viewer, half_year, sibling_cluster):
    url = page(half_year, sibling_cluster)
    assert "Nhận báo cáo bản giấy" not in client_for(other_investor).get(url).content.decode()
    assert client_for(other_investor).post(url, paper()).status_code == 403
    assert client_for(viewer).post(url, paper()).status_code == 403
    assert not Submission.objects.exists()


def test_a_report_already_sent_online_is_not_taken_again_on_paper(
    client_for, coordinator, investor, half_year, report_forms, cluster
):
    from .test_pages import send

    sent = send(investor, half_year, report_forms, cluster)
    response = client_for(coordinator).post(page(half_year, cluster), paper(version=sent.version))
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.state == Submission.State.SUBMITTED and not sent.received_on_paper
