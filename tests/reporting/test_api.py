"""The Circular 14 cycle over /api/v1/: who may read and write what (the new roles' matrix), one half-year's
workflow (draft, submit, return, resubmit, accept), the error codes, and Biểu 04 live or as issued."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusters.models import Cluster, ClusterReport
from reporting import bieu, services
from reporting.models import Bieu04, ReportingPeriod, Submission
from tests.factories import ClusterFactory

from .conftest import BIEU02

pytestmark = pytest.mark.django_db

SIGNER = {"signer_name": "Trần Văn A", "signer_title": "Giám đốc"}


def _draft(api, period, cluster, values=None, **extra):
    body = {"period": period.pk, "form": "02", "cluster": cluster.pk, "values": values or {"leased_land": "9"}}
    return api.post("/api/v1/submissions/", {**body, **extra}, format="json")


def _sent(actor, period, forms, cluster):
    return services.submission_save(
        actor=actor, period=period, form=forms["02"], cluster=cluster, values=BIEU02, submit=True, **SIGNER
    )


# --- reading: the forms, the periods ---------------------------------------------------------------------


def test_report_forms_list_every_indicator_in_row_order(api_for, investor, report_forms):
    response = api_for(investor).get("/api/v1/report-forms/", {"code": "02"})
    assert response.status_code == 200
    (form,) = response.json()["results"]
    rows = form["indicators"]
    assert len(rows) == 14 and rows[0]["row"] == "1"
    occupancy = next(row for row in rows if row["key"] == "occupancy")
    assert (occupancy["unit"], occupancy["nature"]) == ("%", "stock")


def test_the_periods_of_this_year_exist_with_their_windows_and_due_dates(
    api_for, commune_reporter, report_forms, hanoi_clock
):
    assert not ReportingPeriod.objects.exists()
    response = api_for(commune_reporter).get("/api/v1/reporting-periods/")
    assert response.status_code == 200
    periods = {p["kind"]: p for p in response.json()["results"]}
    half = periods["half_year"]
    assert (half["year"], half["data_start"], half["data_end"]) == (2026, "2025-12-15", "2026-06-14")
    assert {d["form"]: d["due_on"] for d in half["due_dates"]}["03"] == "2026-06-25"
    assert half["bieu04_issued"] is False


# --- the permission matrix of the new roles --------------------------------------------------------------


def test_an_officer_gets_403_on_every_reporting_endpoint(officer_api, half_year):
    for url in ["/api/v1/report-forms/", "/api/v1/reporting-periods/", "/api/v1/submissions/"]:
        response = officer_api.get(url)
        assert response.status_code == 403, url
        assert "Chế độ báo cáo định kỳ" in response.json()["detail"]


def test_an_investor_sees_only_their_clusters_submissions(
    api_for, half_year, report_forms, cluster, far_cluster, investor, other_investor
):
    mine = services.submission_save(
        actor=investor, period=half_year, form=report_forms["02"], cluster=cluster, values={"leased_land": "9"}
    )
    theirs = services.submission_save(
        actor=other_investor, period=half_year, form=report_forms["02"], cluster=far_cluster, values={}
    )
    api = api_for(investor)
    assert [s["id"] for s in api.get("/api/v1/submissions/").json()["results"]] == [mine.pk]
    assert api.get(f"/api/v1/submissions/{theirs.pk}/").status_code == 404
    # Nor may they write one for another investor's cluster.
    response = _draft(api, half_year, far_cluster)
    assert response.status_code == 403
    assert "Chỉ chủ đầu tư hạ tầng của cụm" in response.json()["detail"]


def test_a_commune_sees_its_biểu_03_and_its_clusters_biểu_02_only(
    api_for, half_year, report_forms, cluster, far_cluster, commune, investor, other_investor, commune_reporter
):
    in_commune = services.submission_save(
        actor=investor, period=half_year, form=report_forms["02"], cluster=cluster, values={}
    )
    elsewhere = services.submission_save(
        actor=other_investor, period=half_year, form=report_forms["02"], cluster=far_cluster, values={}
    )
    api = api_for(commune_reporter)
    created = api.post(
        "/api/v1/submissions/",
        {"period": half_year.pk, "form": "03", "commune": commune.pk, "values": {"workers": "120"}},
        format="json",
    )
    assert created.status_code == 201, created.json()
    seen = {s["id"] for s in api.get("/api/v1/submissions/").json()["results"]}
    assert seen == {in_commune.pk, created.json()["id"]}
    assert api.get(f"/api/v1/submissions/{elsewhere.pk}/").status_code == 404
    # It reads its clusters' Biểu 02 but does not send them.
    response = api.post(f"/api/v1/submissions/{in_commune.pk}/submit/", SIGNER, format="json")
    assert response.status_code == 403


def test_a_viewer_reads_everything_but_writes_nothing(api_for, viewer, half_year, report_forms, cluster, investor):
    sent = _sent(investor, half_year, report_forms, cluster)
    api = api_for(viewer)
    assert api.get(f"/api/v1/submissions/{sent.pk}/").status_code == 200
    assert _draft(api, half_year, cluster).status_code == 403
    assert api.post(f"/api/v1/submissions/{sent.pk}/accept/", {}, format="json").status_code == 403


def test_a_reporter_cannot_accept_and_biểu_04_is_the_departments(api_for, half_year, report_forms, cluster, investor):
    sent = _sent(investor, half_year, report_forms, cluster)
    api = api_for(investor)
    response = api.post(f"/api/v1/submissions/{sent.pk}/accept/", {}, format="json")
    assert response.status_code == 403 and "tiếp nhận" in response.json()["detail"]
    assert api.get(f"/api/v1/reporting-periods/{half_year.pk}/bieu-04/").status_code == 403


# --- the workflow -----------------------------------------------------------------------------------------


def test_the_half_year_walk_through_the_api(
    api_for, half_year, report_forms, cluster, investor, coordinator, second_coordinator
):
    reporter, department = api_for(investor), api_for(coordinator)

    draft = _draft(reporter, half_year, cluster, notes={"leased_land": "Theo hợp đồng thuê"})
    assert draft.status_code == 201, draft.json()
    body = draft.json()
    assert (body["state"], body["form"], body["values"]) == (
        "draft",
        "02",
        [{"key": "leased_land", "row": "4", "value": "9.000", "note": "Theo hợp đồng thuê"}],
    )
    # The same subject again updates the draft (200), it does not open a second one.
    again = _draft(reporter, half_year, cluster, values={"tenant_projects": "12"}, version=body["version"])
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    pk = body["id"]

    sent = reporter.post(
        f"/api/v1/submissions/{pk}/submit/",
        {**SIGNER, "values": BIEU02, "version": again.json()["version"]},
        format="json",
    )
    assert sent.status_code == 200, sent.json()
    assert sent.json()["state"] == "submitted" and sent.json()["submitted_by"]["username"] == "cdt.a"

    returned = department.post(f"/api/v1/submissions/{pk}/return/", {"reason": "Tỷ lệ lấp đầy chưa khớp"})
    assert returned.status_code == 200
    assert (returned.json()["state"], returned.json()["return_reason"]) == ("returned", "Tỷ lệ lấp đầy chưa khớp")

    corrected = reporter.patch(
        f"/api/v1/submissions/{pk}/",
        {"values": {"occupancy": "60,5"}, "version": returned.json()["version"]},
        format="json",
    )
    assert corrected.status_code == 200 and corrected.json()["state"] == "returned"
    resent = reporter.post(f"/api/v1/submissions/{pk}/submit/", {**SIGNER, "version": corrected.json()["version"]})
    assert resent.json()["state"] == "submitted"

    accepted = api_for(second_coordinator).post(f"/api/v1/submissions/{pk}/accept/", {})
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    report = ClusterReport.objects.get(cluster=cluster, year=2026, period="half_year")
    assert (report.tenant_projects, report.leased_land_ha) == (12, Decimal("9.00"))


# --- the error codes ----------------------------------------------------------------------------------------


def test_bad_values_are_400_keyed_by_indicator_and_nothing_is_written(
    api_for, half_year, report_forms, cluster, investor
):
    response = _draft(api_for(investor), half_year, cluster, values={"occupancy": "120", "leased_land": "mười"})
    assert response.status_code == 400
    # Every error in one answer: the value that is no number, and the rules' verdict on the others.
    assert response.json()["leased_land"] == ["Không phải là số."]
    assert response.json()["occupancy"] == ["Tỷ lệ phải từ 0 đến 100%."]
    response = _draft(api_for(investor), half_year, cluster, values={"occupancy": "120", "no_such_row": "1"})
    assert response.status_code == 400 and "no_such_row" in response.json()
    response = _draft(api_for(investor), half_year, cluster, values={"occupancy": "120"})
    assert response.status_code == 400 and response.json()["occupancy"] == ["Tỷ lệ phải từ 0 đến 100%."]
    assert not Submission.objects.filter(state=Submission.State.DRAFT).exists()


def test_a_note_without_its_value_and_an_unknown_field_are_400(api_for, half_year, report_forms, cluster, investor):
    response = _draft(api_for(investor), half_year, cluster, notes={"occupancy": "?"})
    assert response.status_code == 400 and "occupancy" in response.json()
    response = _draft(api_for(investor), half_year, cluster, submit=True)
    assert response.status_code == 400 and "submit" in response.json()


def test_submitting_without_every_row_or_signer_is_400(api_for, half_year, report_forms, cluster, investor):
    api = api_for(investor)
    draft = _draft(api, half_year, cluster).json()
    pk, version = draft["id"], draft["version"]
    response = api.post(f"/api/v1/submissions/{pk}/submit/", {"signer_name": "", "signer_title": "GĐ", "version": 1})
    assert response.status_code == 400 and "signer_name" in response.json()
    response = api.post(f"/api/v1/submissions/{pk}/submit/", {**SIGNER, "version": version})
    assert response.status_code == 400 and "occupancy" in response.json()
    assert Submission.objects.get(pk=pk).state == Submission.State.DRAFT


def test_a_sent_report_a_second_accept_and_a_stale_version_are_409(
    api_for, half_year, report_forms, cluster, investor, coordinator
):
    reporter = api_for(investor)
    pk = _draft(reporter, half_year, cluster).json()["id"]
    stale = Submission.objects.get(pk=pk).version
    _draft(reporter, half_year, cluster, values={"tenant_projects": "3"}, version=stale)
    response = reporter.patch(f"/api/v1/submissions/{pk}/", {"values": {"leased_land": "1"}, "version": stale})
    assert response.status_code == 409

    fresh = Submission.objects.get(pk=pk).version
    reporter.post(f"/api/v1/submissions/{pk}/submit/", {**SIGNER, "values": BIEU02, "version": fresh}, format="json")
    sent = Submission.objects.get(pk=pk).version
    response = reporter.patch(
        f"/api/v1/submissions/{pk}/", {"values": {"leased_land": "1"}, "version": sent}, format="json"
    )
    assert response.status_code == 409 and "không sửa được nữa" in response.json()["detail"]
    department = api_for(coordinator)
    assert department.post(f"/api/v1/submissions/{pk}/accept/", {}).status_code == 200
    assert department.post(f"/api/v1/submissions/{pk}/accept/", {}).status_code == 409
    assert department.post(f"/api/v1/submissions/{pk}/return/", {"reason": "Sai"}).status_code == 409


def test_a_coordinator_who_entered_a_paper_report_may_not_accept_it(
    api_for, half_year, report_forms, cluster, coordinator
):
    api = api_for(coordinator)
    draft = _draft(api, half_year, cluster, values=BIEU02).json()
    pk = draft["id"]
    assert api.post(f"/api/v1/submissions/{pk}/submit/", {**SIGNER, "version": draft["version"]}).status_code == 200
    response = api.post(f"/api/v1/submissions/{pk}/accept/", {})
    assert response.status_code == 403 and "chính mình gửi" in response.json()["detail"]


def test_filters_narrow_the_list_and_an_unknown_id_is_400(
    api_for, half_year, report_forms, cluster, sibling_cluster, investor, other_investor, coordinator
):
    _sent(investor, half_year, report_forms, cluster)
    services.submission_save(
        actor=other_investor, period=half_year, form=report_forms["02"], cluster=sibling_cluster, values={}
    )
    api = api_for(coordinator)
    states = [s["state"] for s in api.get("/api/v1/submissions/", {"state": "submitted"}).json()["results"]]
    assert states == ["submitted"]
    assert len(api.get("/api/v1/submissions/", {"cluster": sibling_cluster.pk}).json()["results"]) == 1
    assert api.get("/api/v1/submissions/", {"period": 999999}).status_code == 400


def test_a_late_draft_shows_its_days_late(api_for, half_year, report_forms, cluster, investor, hanoi_clock):
    api = api_for(investor)
    pk = _draft(api, half_year, cluster).json()["id"]
    hanoi_clock.move_to(datetime.date(2026, 6, 23))
    body = api.get(f"/api/v1/submissions/{pk}/").json()
    assert (body["due_on"], body["days_late"]) == ("2026-06-20", 3)


# --- Biểu 04 ------------------------------------------------------------------------------------------------


def test_bieu_04_is_computed_live_with_sources_until_issued(
    api_for, half_year, report_forms, cluster, investor, coordinator, second_coordinator
):
    sent = _sent(investor, half_year, report_forms, cluster)
    services.submission_accept(actor=second_coordinator, submission=sent)
    api = api_for(coordinator)
    body = api.get(f"/api/v1/reporting-periods/{half_year.pk}/bieu-04/").json()
    assert body["issued"] is False and body["number"] is None
    rows = {row["key"]: row for row in body["rows"]}
    # The cluster's figures of the period, written into the register by the accepted Biểu 02.
    assert rows["tenant_projects"]["value"] == "12" and rows["tenant_projects"]["origin"] == "register"
    assert rows["tenant_projects"]["sources"] == [
        {
            "type": "cluster",
            "id": cluster.pk,
            "label": "CCN-A — CCN Thử Nghiệm A",
            "value": "12",
            "received_on_paper": False,
        }
    ]
    assert rows["paid_investment"]["origin"] == "bieu02"
    assert rows["paid_investment"]["sources"][0]["id"] == sent.pk
    assert rows["operating"]["value"] == "1" and rows["operating"]["sources"][0]["type"] == "cluster"

    # Once issued, the frozen rows are shown, whatever the register says since.
    Bieu04.objects.create(
        period=half_year,
        number="456/BC-SCT",
        issued_on=datetime.date(2026, 6, 30),
        signer="Nguyễn Văn B",
        figures=bieu.frozen(bieu.compute(half_year)),
        issued_by=coordinator,
    )
    ClusterFactory(status=Cluster.Status.OPERATING)  # the register moves on; the issued figures do not
    body = api.get(f"/api/v1/reporting-periods/{half_year.pk}/bieu-04/").json()
    assert (body["issued"], body["number"], body["issued_on"]) == (True, "456/BC-SCT", "2026-06-30")
    values = {row["key"]: row["value"] for row in body["rows"]}
    assert (values["tenant_projects"], values["operating"]) == ("12", "1")
    assert api.get(f"/api/v1/reporting-periods/{half_year.pk}/").json()["bieu04_issued"] is True


# --- the lists' cost, as tests/core/test_api_query_counts.py pins the others ---------------------------------

AUTH = 2  # knox's token with its user; scoping's membership with its agency


def _queries(api, url):
    with CaptureQueriesContext(connection) as context:
        response = api.get(url, {"page_size": 200})
    assert response.status_code == 200, response.content[:300]
    return len(context)


REPORTING_LISTS = [
    ("/api/v1/report-forms/", 3),  # count, page, their indicators
    ("/api/v1/reporting-periods/", 5),  # this year's two periods exist; the forms (due dates); count, page
    ("/api/v1/submissions/", 2),  # count, page with periods, forms, senders and deciders
]


@pytest.mark.parametrize(("url", "queries"), REPORTING_LISTS)
def test_a_reporting_list_costs_the_same_queries_for_3_or_30_objects(
    api_for, coordinator, investor_agency, investor, report_forms, half_year, url, queries
):
    def grow(start, n):
        for i in range(start, start + n):
            services.ensure_periods(2000 + i)
            cluster = ClusterFactory(investor=investor_agency)
            sent = services.submission_save(
                actor=investor, period=half_year, form=report_forms["02"], cluster=cluster, values={}
            )
            if i % 2:
                services.submission_save(
                    actor=investor,
                    period=half_year,
                    form=report_forms["02"],
                    cluster=cluster,
                    values={**BIEU02, "leased_land": "0", "serviced_land": "0"},
                    submit=True,
                    version=sent.version,
                    **SIGNER,
                )

    api = api_for(coordinator)
    grow(0, 3)
    few = _queries(api, url)
    grow(3, 27)
    assert _queries(api, url) == few == AUTH + queries


@pytest.mark.parametrize("key", ["tenant_projects", "leased_land", "wastewater_built"])
@pytest.mark.parametrize("typed", ["1e30", "1e999999", "123456789012345678"])
def test_a_number_too_large_to_keep_is_400_on_its_indicator(
    api_for, half_year, report_forms, cluster, investor, key, typed
):
    response = _draft(api_for(investor), half_year, cluster, values={key: typed})
    assert response.status_code == 400
    assert response.json() == {key: ["Số liệu quá lớn."]}


def test_a_form_code_postgresql_cannot_store_is_a_400_not_a_500(api_for, half_year, coordinator, commune):
    response = api_for(coordinator).post(
        "/api/v1/submissions/",
        {"period": half_year.pk, "form": "0\x003", "commune": commune.pk, "values": {}},
        format="json",
    )
    assert response.status_code == 400 and "form" in response.json()


def test_a_write_of_figures_without_the_version_read_is_400_and_overwrites_nothing(
    api_for, half_year, report_forms, cluster, investor
):
    api = api_for(investor)
    draft = _draft(api, half_year, cluster, values={"tenant_projects": "3"}).json()
    pk = draft["id"]
    for response in (
        api.patch(f"/api/v1/submissions/{pk}/", {"values": {"tenant_projects": "99"}}, format="json"),
        _draft(api, half_year, cluster, values={"tenant_projects": "99"}),
        api.post(f"/api/v1/submissions/{pk}/submit/", {**SIGNER, "values": {"tenant_projects": "99"}}, format="json"),
    ):
        assert response.status_code == 400 and "version" in response.json(), response.json()
    saved = Submission.objects.get(pk=pk)
    assert saved.version == draft["version"]
    assert [v.value for v in saved.values.filter(indicator__key="tenant_projects")] == [3]
    # With the version read it is saved.
    patched = api.patch(
        f"/api/v1/submissions/{pk}/", {"values": {"tenant_projects": "4"}, "version": draft["version"]}, format="json"
    )
    assert patched.status_code == 200
