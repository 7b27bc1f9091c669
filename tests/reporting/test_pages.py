"""The reporting pages as their users meet them: the calendar and one's own reports, a Biểu 02 filled in, sent,
returned and accepted on the page, the errors by row, who may open what, and the tracker of a period."""

import datetime
from collections import Counter

import pytest
from django.urls import reverse

from clusters.models import ClusterReport
from reporting import services
from reporting.models import Submission
from tests.core.test_page_query_counts import BELL, REQUEST, queries_of

from .conftest import BIEU02

pytestmark = pytest.mark.django_db


def page(period, cluster=None, commune=None):
    if cluster is not None:
        return reverse("reporting:submission_cluster", args=[period.pk, cluster.pk])
    return reverse("reporting:submission_commune", args=[period.pk, commune.pk])


def typed(values=BIEU02, **extra):
    """The page's form as a reporter sends it: every row's value, no notes."""
    data = {f"v_{key}": value for key, value in values.items()}
    data.update(extra)
    return data


def signed(**extra):
    return typed(signer_name="Trần Văn A", signer_title="Giám đốc", action="submit", **extra)


def send(investor, half_year, report_forms, cluster):
    return services.submission_save(
        actor=investor,
        period=half_year,
        form=report_forms["02"],
        cluster=cluster,
        values=BIEU02,
        submit=True,
        signer_name="Trần Văn A",
        signer_title="Giám đốc",
    )


# --- landing, calendar, navigation -----------------------------------------------------------------------


def test_a_reporter_lands_on_the_reporting_page_and_sees_only_it_in_the_navigation(
    client_for, investor, half_year, cluster
):
    client = client_for(investor)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("reporting:home")
    home = client.get(reverse("reporting:home"))
    html = home.content.decode()
    assert "Báo cáo định kỳ (Thông tư 14)" in html
    assert f'href="{reverse("tasks:task_list")}"' not in html
    assert f'href="{reverse("clusters:cluster_list")}"' not in html
    assert "15/12/2025 – 14/06/2026" in html and "20/06/2026" in html and "25/06/2026" in html


def test_the_calendar_shows_both_periods_and_the_department_links_to_the_trackers(
    client_for, coordinator, report_forms, hanoi_clock
):
    response = client_for(coordinator).get(reverse("reporting:home"))
    html = response.content.decode()
    assert "15/12/2025 – 14/12/2026" in html and "31/12/2026" in html and "30/06/2026" in html
    half_year = services.ensure_periods(2026)[0]
    assert reverse("reporting:tracker", args=[half_year.pk]) in html
    assert reverse("tasks:task_list") in html  # members keep the plan's navigation


def test_an_investor_sees_their_own_clusters_reports_only(
    client_for, investor, half_year, cluster, sibling_cluster, far_cluster
):
    rows = client_for(investor).get(reverse("reporting:home")).context["mine"][0][1]
    assert [(row.form.code, row.subject) for row in rows] == [("02", cluster)]
    assert rows[0].can_edit and rows[0].days_late == 0  # due today, 20/06/2026


def test_a_commune_sees_its_biểu_03_and_reads_its_clusters_biểu_02(
    client_for, commune_reporter, half_year, cluster, sibling_cluster, far_cluster, commune
):
    rows = client_for(commune_reporter).get(reverse("reporting:home")).context["mine"][0][1]
    assert [(row.form.code, str(row.subject), row.can_edit) for row in rows] == [
        ("02", str(cluster), False),
        ("02", str(sibling_cluster), False),
        ("03", str(commune), True),
    ]


# --- filling in, sending, deciding -----------------------------------------------------------------------------


def test_the_form_is_prefilled_from_the_register(client_for, investor, half_year, cluster):
    response = client_for(investor).get(page(half_year, cluster))
    form = response.context["form"]
    assert form["v_approved_investment"].value() == "250"  # 250 billion đồng in the register
    assert form["v_serviced_land"].value() == "12"
    html = response.content.decode()
    for column in ("TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Ghi chú", "Lưu nháp", "Gửi báo cáo"):
        assert column in html


def test_a_draft_keeps_what_was_typed_and_is_in_the_history(client_for, investor, half_year, cluster):
    client = client_for(investor)
    response = client.post(page(half_year, cluster), typed({"leased_land": "9", "occupancy": "60,5"}, action="draft"))
    assert response.status_code == 302
    submission = Submission.objects.get(cluster=cluster, period=half_year)
    assert submission.state == Submission.State.DRAFT
    again = client.get(page(half_year, cluster))
    assert again.context["form"]["v_occupancy"].value() == "60,5"
    assert "Lưu nháp báo cáo" in again.content.decode()


def test_errors_are_shown_on_their_rows_and_nothing_typed_is_lost(client_for, investor, half_year, cluster):
    client = client_for(investor)
    bad = {**BIEU02, "occupancy": "120", "foreign_projects": "13", "investor_workers": "abc"}
    response = client.post(page(half_year, cluster), signed() | typed(bad))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["v_investor_workers"] == ["Không phải là số: hãy nhập chữ số, ví dụ 1.234,5 hoặc 45."]
    assert form["v_occupancy"].value() == "120" and form["v_investor_workers"].value() == "abc"
    assert not Submission.objects.filter(cluster=cluster, state=Submission.State.SUBMITTED).exists()
    # The rules speak per row in the same round, not once the text is fixed.
    errors = form.errors
    assert errors["v_occupancy"] == ["Tỷ lệ phải từ 0 đến 100%."]
    assert errors["v_foreign_projects"] == ["Không được lớn hơn chỉ tiêu 6 (12)."]
    assert 'id="row-occupancy"' in response.content.decode()


def test_numbers_are_read_as_vietnamese_write_them_and_an_ambiguous_one_is_refused(
    client_for, investor, half_year, cluster
):
    client = client_for(investor)
    response = client.post(page(half_year, cluster), typed({**BIEU02, "investor_workers": "1.025"}, action="draft"))
    assert response.status_code == 302
    saved = Submission.objects.get(cluster=cluster).values.get(indicator__key="investor_workers")
    assert saved.value == 1025  # "1.025" is one thousand and twenty-five people, as a Vietnamese reader means
    again = client.get(page(half_year, cluster))
    assert again.context["form"]["v_investor_workers"].value() == "1.025"
    assert again.context["form"]["v_paid_investment"].value() == "130,5"
    html = again.content.decode()
    assert 'name="v_paid_investment"' in html and 'type="number"' not in html

    response = client.post(page(half_year, cluster), typed({**BIEU02, "serviced_land": "10.5"}, action="draft"))
    assert response.context["form"].errors["v_serviced_land"] == [
        "Viết số thập phân bằng dấu phẩy, ví dụ 10,5; dấu chấm chỉ dùng để tách hàng nghìn, ví dụ 10.500."
    ]
    assert response.context["form"]["v_serviced_land"].value() == "10.5"  # shown back as typed


def test_every_error_comes_in_one_round_listed_by_row_with_links(client_for, investor, half_year, cluster):
    bad = {**BIEU02, "serviced_land": "10.5", "occupancy": "120"}
    response = client_for(investor).post(page(half_year, cluster), typed(bad, action="submit"))
    form = response.context["form"]
    # The signer, a row that is no number and a row the rules refuse: all at once, not the signer first.
    assert set(form.errors) == {"signer_name", "signer_title", "v_serviced_land", "v_occupancy"}
    html = response.content.decode()
    assert '<a href="#id_v_occupancy">Dòng 5 — Tỉ lệ lấp đầy của cụm công nghiệp: Tỷ lệ phải từ 0 đến 100%.</a>' in html
    assert '<a href="#id_signer_name">Người ký: Cần ghi người ký báo cáo.</a>' in html
    # In the page's order: the rows, then the signer below the table.
    assert html.index('href="#id_v_serviced_land"') < html.index('href="#id_v_occupancy"')
    assert html.index('href="#id_v_occupancy"') < html.index('href="#id_signer_name"')
    assert not Submission.objects.filter(cluster=cluster).exists()


def test_sending_needs_the_signer_but_a_draft_does_not(client_for, investor, half_year, cluster):
    client = client_for(investor)
    response = client.post(page(half_year, cluster), typed(action="submit", signer_title=""))
    assert response.context["form"].errors["signer_name"] == ["Cần ghi người ký báo cáo."]
    assert not Submission.objects.filter(cluster=cluster).exists()
    assert client.post(page(half_year, cluster), typed(action="draft")).status_code == 302


def test_the_half_year_walk_on_the_pages(client_for, investor, coordinator, half_year, cluster):
    reporter, department = client_for(investor), client_for(coordinator)
    assert reporter.post(page(half_year, cluster), signed()).status_code == 302
    submission = Submission.objects.get(cluster=cluster, period=half_year)
    assert submission.state == Submission.State.SUBMITTED
    # Sent: read-only for the investor, with accept/return for the coordinator.
    assert reporter.get(page(half_year, cluster)).context["can_edit"] is False
    shown = department.get(page(half_year, cluster))
    assert shown.context["can_decide"] and "Tiếp nhận" in shown.content.decode()

    blank = department.post(reverse("reporting:submission_return", args=[submission.pk]), {"reason": "  "})
    assert blank.status_code == 200 and blank.context["return_form"].errors["reason"]
    department.post(reverse("reporting:submission_return", args=[submission.pk]), {"reason": "Tỷ lệ lấp đầy sai"})
    returned = reporter.get(page(half_year, cluster))
    assert returned.context["can_edit"] and "Tỷ lệ lấp đầy sai" in returned.content.decode()

    version = Submission.objects.get(pk=submission.pk).version
    corrected = signed(version=version) | typed({**BIEU02, "occupancy": "61"})
    assert reporter.post(page(half_year, cluster), corrected).status_code == 302
    department.post(reverse("reporting:submission_accept", args=[submission.pk]))
    assert Submission.objects.get(pk=submission.pk).state == Submission.State.ACCEPTED
    assert ClusterReport.objects.get(cluster=cluster, year=2026, period="half_year").tenant_projects == 12
    history = reporter.get(page(half_year, cluster)).context["events"]
    assert [event.reason for event in history][:3] == [
        f"Tiếp nhận báo cáo {Submission.objects.get(pk=submission.pk)}",
        "Gửi báo cáo",
        "Tỷ lệ lấp đầy sai",
    ]
    occupancy = "5. Tỉ lệ lấp đầy của cụm công nghiệp"
    assert [(c.old, c.new) for c in history[1].changes if c.label == occupancy] == [("60", "61")]


def test_a_double_send_is_safe(client_for, investor, half_year, cluster):
    client = client_for(investor)
    client.post(page(half_year, cluster), signed())
    second = client.post(page(half_year, cluster), signed(), follow=True)
    assert second.status_code == 200
    assert "không sửa được nữa" in second.content.decode()
    assert Submission.objects.get(cluster=cluster).history.filter(history_change_reason="Gửi báo cáo").count() == 1


def test_a_double_click_on_save_draft_is_one_save(client_for, investor, half_year, cluster):
    client = client_for(investor)
    body = typed({"leased_land": "9"}, action="draft")
    client.post(page(half_year, cluster), body)
    body["version"] = Submission.objects.get(cluster=cluster).version  # what the page shows after the first save
    client.post(page(half_year, cluster), body)
    second = client.post(page(half_year, cluster), body)  # the same click again, on the version it loaded
    assert second.status_code == 302
    assert Submission.objects.get(cluster=cluster).history.filter(history_change_reason="Lưu nháp báo cáo").count() == 2


def test_a_stale_draft_is_refused_with_the_typed_values_kept(client_for, investor, half_year, cluster):
    client = client_for(investor)
    client.post(page(half_year, cluster), typed({"leased_land": "9"}, action="draft"))
    client.post(page(half_year, cluster), typed({"leased_land": "8"}, action="draft", version=2))
    response = client.post(page(half_year, cluster), typed({"leased_land": "7"}, action="draft", version=2))
    assert response.status_code == 200
    assert "tải lại trang" in response.content.decode()
    assert response.context["form"]["v_leased_land"].value() == "7"


def test_coordinators_cannot_decide_what_they_sent_themselves(
    client_for, coordinator, half_year, cluster, report_forms
):
    send(coordinator, half_year, report_forms, cluster)
    response = client_for(coordinator).get(page(half_year, cluster))
    assert response.context["can_decide"] is False
    assert "Không được tự tiếp nhận" in response.content.decode()


# --- who may open what -----------------------------------------------------------------------------------------


def test_an_investor_cannot_open_another_investors_cluster(
    client_for, investor, other_investor, half_year, cluster, sibling_cluster, report_forms
):
    send(other_investor, half_year, report_forms, sibling_cluster)
    client = client_for(investor)
    assert client.get(page(half_year, sibling_cluster)).status_code == 404
    assert client.post(page(half_year, sibling_cluster), signed()).status_code == 404
    xlsx = reverse("reporting:xlsx_cluster", args=[half_year.pk, sibling_cluster.pk])
    assert client.get(xlsx).status_code == 404
    submission = Submission.objects.get(cluster=sibling_cluster)
    assert client.post(reverse("reporting:submission_accept", args=[submission.pk])).status_code == 404


def test_a_commune_reads_its_clusters_but_not_others_and_cannot_edit_a_biểu_02(
    client_for, commune_reporter, half_year, cluster, far_cluster, commune, other_commune
):
    client = client_for(commune_reporter)
    own = client.get(page(half_year, cluster))
    assert own.status_code == 200 and own.context["can_edit"] is False
    assert client.post(page(half_year, cluster), signed()).status_code == 403
    assert client.get(page(half_year, far_cluster)).status_code == 404
    assert client.get(page(half_year, commune=other_commune)).status_code == 404
    assert client.get(page(half_year, commune=commune)).context["can_edit"] is True


def test_reporters_cannot_open_the_tracker_nor_decide(client_for, investor, half_year, cluster, report_forms):
    send(investor, half_year, report_forms, cluster)
    client = client_for(investor)
    assert client.get(reverse("reporting:tracker", args=[half_year.pk])).status_code == 403
    submission = Submission.objects.get(cluster=cluster)
    assert client.post(reverse("reporting:submission_accept", args=[submission.pk])).status_code == 403
    assert Submission.objects.get(pk=submission.pk).state == Submission.State.SUBMITTED


def test_an_officer_has_no_reporting_pages(client_for, officer, half_year, cluster):
    client = client_for(officer)
    assert client.get(reverse("reporting:home")).status_code == 403
    assert client.get(page(half_year, cluster)).status_code == 403


# --- the tracker ----------------------------------------------------------------------------------------------


@pytest.fixture
def late_cycle(half_year, report_forms, cluster, sibling_cluster, far_cluster, investor, other_investor, hanoi_clock):
    """On 20/06 cluster A's Biểu 02 is sent; then the clock reads 27/06: B and C never sent theirs, and the
    communes' Biểu 03 (due 25/06) are late."""
    send(investor, half_year, report_forms, cluster)
    services.submission_save(
        actor=other_investor,
        period=half_year,
        form=report_forms["02"],
        cluster=sibling_cluster,
        values={"leased_land": "1"},
    )
    hanoi_clock.move_to(datetime.date(2026, 6, 27))
    return half_year


def test_the_tracker_lists_every_expected_report_with_lateness(client_for, viewer, late_cycle, commune, other_commune):
    response = client_for(viewer).get(reverse("reporting:tracker", args=[late_cycle.pk]))
    rows = {(row.form.code, str(row.subject)): (row.state, row.days_late) for row in response.context["rows"]}
    assert rows == {
        ("02", "CCN Thử Nghiệm A"): ("submitted", 0),
        ("02", "CCN Thử Nghiệm B"): ("draft", 7),
        ("02", "CCN Thử Nghiệm C"): ("not_started", 7),
        ("03", str(other_commune)): ("not_started", 2),
        ("03", str(commune)): ("not_started", 2),
    }
    counts = {state: count for state, _label, count in response.context["counts"]}
    assert counts == {"not_started": 3, "draft": 1, "submitted": 1, "returned": 0, "accepted": 0}
    html = response.content.decode()
    assert html.count('class="row-overdue"') == 4 and "10231" in html


def test_the_tracker_filters_by_state_and_form(client_for, coordinator, late_cycle):
    client = client_for(coordinator)
    url = reverse("reporting:tracker", args=[late_cycle.pk])
    assert [row.state for row in client.get(url + "?state=draft").context["rows"]] == ["draft"]
    assert {row.form.code for row in client.get(url + "?form=03").context["rows"]} == {"03"}
    assert client.get(url + "?state=bogus&form=99").status_code == 200


TRACKER = Counter(
    {
        "SELECT reporting_reportingperiod": 1,  # the period
        "SELECT reporting_reportform": 2,  # the collected forms (filter choices); the forms expected_subjects reads
        "SELECT clusters_cluster": 1,  # the clusters with an investor (account or name), with their investor
        "SELECT places_commune": 2,  # their communes (prefetch); the communes expecting a Biểu 03
        "SELECT reporting_submission": 1,  # the period's submissions
        "SELECT agencies_membership": 1,  # the reporters' active accounts (the others send on paper)
    }
)


def test_the_tracker_runs_the_same_queries_however_many_reports(
    client_for, coordinator, late_cycle, investor_agency, commune
):
    from tests.factories import ClusterFactory

    client = client_for(coordinator)
    url = reverse("reporting:tracker", args=[late_cycle.pk])
    queries_of(client, url)
    assert queries_of(client, url) == REQUEST + BELL + TRACKER
    for n in range(5):
        ClusterFactory(code=f"CCN-X{n}", investor=investor_agency).communes.set([commune])
    assert queries_of(client, url) == REQUEST + BELL + TRACKER


# --- no input is a server error ---------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["1e999", "-0", "1" * 30, "1,2,3", "NaN", "Infinity", "0x10", "١٢"])
def test_odd_numbers_are_form_errors_never_server_errors(client_for, investor, half_year, cluster, raw):
    response = client_for(investor).post(page(half_year, cluster), signed() | typed({**BIEU02, "leased_land": raw}))
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("action", ["\x00", "publish", "submit\x00", "Gửi"])
def test_an_unknown_button_is_a_form_error_and_nothing_is_saved(client_for, investor, half_year, cluster, action):
    response = client_for(investor).post(page(half_year, cluster), signed() | {"action": action})

    assert response.status_code == 200
    assert "Thao tác không hợp lệ: hãy bấm một trong các nút của trang." in response.content.decode()
    assert not Submission.objects.filter(cluster=cluster, period=half_year).exists()


def test_a_form_sent_with_enter_names_no_button_and_is_a_draft(client_for, investor, half_year, cluster):
    body = signed()
    del body["action"]
    assert client_for(investor).post(page(half_year, cluster), body).status_code == 302
    assert Submission.objects.get(cluster=cluster, period=half_year).state == Submission.State.DRAFT


def _sweep_forms(client, url):
    from hypothesis import given
    from hypothesis import strategies as st

    from tests.core.test_page_fuzz import SWEEP, _write_forms, filled

    forms = _write_forms(client, url)
    assert forms

    @given(data=st.data())
    @SWEEP
    def sweep(data):
        for form in forms:
            body = filled(data.draw, form["fields"])
            response = client.post(form["action"] or url, body)
            assert response.status_code < 500, (form["action"], body)

    sweep()


@pytest.mark.parametrize("role", ["investor", "coordinator"])
def test_no_submission_form_is_a_server_error(client_for, request, role, half_year, cluster):
    _sweep_forms(client_for(request.getfixturevalue(role)), page(half_year, cluster))


def test_no_decision_form_is_a_server_error(client_for, coordinator, investor, half_year, cluster, report_forms):
    send(investor, half_year, report_forms, cluster)
    _sweep_forms(client_for(coordinator), page(half_year, cluster))


def test_no_tracker_filter_is_a_server_error(client_for, coordinator, late_cycle):
    from urllib.parse import urlencode

    from hypothesis import given
    from hypothesis import strategies as st

    from tests.core.test_page_fuzz import SWEEP, filled, forms_of

    client = client_for(coordinator)
    url = reverse("reporting:tracker", args=[late_cycle.pk])
    fields = {name: options for form in forms_of(client, url, "get") for name, options in form["fields"].items()}
    assert {"state", "form"} <= set(fields)

    @given(data=st.data())
    @SWEEP
    def sweep(data):
        assert client.get(f"{url}?{urlencode(filled(data.draw, fields), doseq=True)}").status_code == 200

    sweep()
