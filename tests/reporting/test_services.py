"""The cycle's writes, through the services every door calls: draft, submit, return, resubmit, accept into the
register; the rules of the values; who may do what."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clusters.models import ClusterReport
from core.services import StateConflict
from reporting import bieu, services
from reporting.models import Submission

from .conftest import BIEU02

pytestmark = pytest.mark.django_db


def _save(actor, period, forms, cluster, values=BIEU02, **kwargs):
    return services.submission_save(
        actor=actor, period=period, form=forms["02"], cluster=cluster, values=values, **kwargs
    )


def test_ensure_periods_is_idempotent_and_sets_the_windows(report_forms):
    half, annual = services.ensure_periods(2026)
    assert services.ensure_periods(2026) == [half, annual]
    assert (half.window_label, annual.window_label) == ("15/12/2025 – 14/06/2026", "15/12/2025 – 14/12/2026")
    assert [report_forms[c].due_on(half).isoformat() for c in ("02", "03", "04")] == [
        "2026-06-20",
        "2026-06-25",
        "2026-06-30",
    ]
    assert report_forms["04"].due_on(annual).isoformat() == "2026-12-31"


def test_the_half_year_walk_returns_then_accepts_into_the_register(
    half_year, report_forms, cluster, investor, coordinator
):
    draft = _save(investor, half_year, report_forms, cluster, values={"leased_land": "9"})
    assert draft.state == Submission.State.DRAFT

    sent = _save(
        investor, half_year, report_forms, cluster, submit=True, signer_name="Trần Văn A", signer_title="Giám đốc"
    )
    assert sent.state == Submission.State.SUBMITTED and sent.submitted_by == investor

    returned = services.submission_return(actor=coordinator, submission=sent, reason="Tỷ lệ lấp đầy chưa khớp")
    assert returned.state == Submission.State.RETURNED and returned.return_reason == "Tỷ lệ lấp đầy chưa khớp"

    corrected = _save(
        investor,
        half_year,
        report_forms,
        cluster,
        values={"occupancy": "60,5"},
        submit=True,
        signer_name="Trần Văn A",
        signer_title="Giám đốc",
    )
    accepted = services.submission_accept(actor=coordinator, submission=corrected)
    assert accepted.state == Submission.State.ACCEPTED

    report = ClusterReport.objects.get(cluster=cluster, year=2026, period="half_year")
    assert (report.tenant_projects, report.foreign_projects, report.leased_land_ha) == (12, 3, Decimal("9.00"))
    assert report.revenue_vnd == Decimal(4_200_000_000) and report.average_income_vnd == Decimal(9_500_000)
    assert report.wastewater_built is True and report.wastewater_compliant is False
    # Every step is in the history, with who and why.
    reasons = [h.history_change_reason for h in accepted.history.order_by("history_date")]
    assert "Tỷ lệ lấp đầy chưa khớp" in reasons and reasons[-1].startswith("Tiếp nhận báo cáo")


def test_starting_a_report_writes_one_history_row_by_the_reporter(half_year, report_forms, cluster, investor):
    draft = _save(investor, half_year, report_forms, cluster, values={"leased_land": "9"})

    rows = list(draft.history.all())
    assert [(row.history_type, row.history_user, row.history_change_reason) for row in rows] == [
        ("+", investor, "Lưu nháp báo cáo")
    ]
    assert rows[0].state == Submission.State.DRAFT

    _save(investor, half_year, report_forms, cluster, values={"leased_land": "10"})
    assert draft.history.count() == 2  # each later save: one more


def test_a_sent_report_cannot_be_edited_and_a_double_accept_is_a_conflict(
    half_year, report_forms, cluster, investor, coordinator
):
    sent = _save(investor, half_year, report_forms, cluster, submit=True, signer_name="A", signer_title="GĐ")
    with pytest.raises(StateConflict):
        _save(investor, half_year, report_forms, cluster, values={"leased_land": "1"})
    services.submission_accept(actor=coordinator, submission=sent)
    with pytest.raises(StateConflict):
        services.submission_accept(actor=coordinator, submission=sent)
    assert ClusterReport.objects.filter(cluster=cluster).count() == 1


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        ({"tenant_projects": "12,5"}, "tenant_projects", "phải là số nguyên"),
        ({"wastewater_built": "2"}, "wastewater_built", "chỉ ghi 1 (có) hoặc 0 (không)"),
        ({"occupancy": "101"}, "occupancy", "từ 0 đến 100"),
        ({"leased_land": "16"}, "leased_land", "diện tích đất công nghiệp của cụm"),
        ({"foreign_projects": "13"}, "foreign_projects", "Không được lớn hơn chỉ tiêu 6"),
        ({"leased_land": "-1"}, "leased_land", "không được âm"),
        ({"leased_land": "abc"}, "leased_land", "Không phải là số"),
        ({"leased_land": ""}, "leased_land", "Cần ghi số liệu"),
    ],
)
def test_bad_values_are_refused_by_row_and_nothing_is_written(
    half_year, report_forms, cluster, investor, changes, key, message
):
    with pytest.raises(ValidationError) as error:
        _save(
            investor,
            half_year,
            report_forms,
            cluster,
            values={**BIEU02, **changes},
            submit=True,
            signer_name="A",
            signer_title="GĐ",
        )
    assert message in error.value.message_dict[key][0]
    assert not Submission.objects.exclude(state=Submission.State.NOT_STARTED).exists()
    assert not Submission.objects.filter(values__isnull=False).exists()


def test_who_may_send_and_decide(
    half_year, report_forms, cluster, investor, other_investor, commune_reporter, officer, coordinator
):
    with pytest.raises(PermissionDenied):
        _save(other_investor, half_year, report_forms, cluster)
    with pytest.raises(PermissionDenied):
        _save(officer, half_year, report_forms, cluster)
    with pytest.raises(PermissionDenied):
        _save(commune_reporter, half_year, report_forms, cluster)
    sent = _save(investor, half_year, report_forms, cluster, submit=True, signer_name="A", signer_title="GĐ")
    with pytest.raises(PermissionDenied):
        services.submission_accept(actor=investor, submission=sent)
    # A coordinator who entered a paper report may not accept it: another one does.
    paper = services.submission_save(
        actor=coordinator,
        period=half_year,
        form=report_forms["03"],
        commune=cluster.communes.get(),
        values={},
        submit=False,
    )
    assert paper.state == Submission.State.DRAFT


def test_bieu04_sums_accepted_bieu02_and_counts_the_register(
    half_year, report_forms, cluster, sibling_cluster, far_cluster, investor, coordinator, commune_reporter
):
    sent = _save(investor, half_year, report_forms, cluster, submit=True, signer_name="A", signer_title="GĐ")
    services.submission_accept(actor=coordinator, submission=sent)
    figures = bieu.compute(half_year)
    assert figures["plan_clusters"].value == 3
    assert figures["established"].value == 1 and figures["established_in_period"].value == 1
    assert figures["operating"].value == 1 and figures["operating_established"].value == 1
    assert figures["leased_land"].value == Decimal("9") and figures["tenant_projects"].value == 12
    # Rows 26–27 read the register's plant dates (none recorded here), not the investor's 1/0.
    assert figures["wastewater_built"].value == 0 and figures["wastewater_compliant"].value == 0
    assert figures["occupancy"].value == Decimal("60.00")
    assert [s["id"] for s in figures["tenant_projects"].sources] == [cluster.pk]
    assert [s["id"] for s in figures["paid_investment"].sources] == [sent.pk]
    # The commune's Biểu 03 starts from its two clusters.
    commune_figures = bieu.compute(half_year, cluster.communes.get())
    assert commune_figures["plan_clusters"].value == 2 and commune_figures["revenue"].value is None
