"""Biểu 04 from the register over time: a register of dated facts, Biểu 04 of the half-year and of the year 2026
checked row by row against figures worked out by hand, issued and then left alone by later facts, and the rows held
against each other and against the other surfaces that read the same register.

The register (clusters.register reads decisions, dated milestones and periodic figures; never ``status``):

==  ======  =========  =========================================================================================
A   thường  DN         lập 04/05/2020 (40 ha), mở rộng 10/09/2026 (40 → 50 ha); QHCT 10/01/2021, đất CN 30 ha;
                       dự án HT 01/06/2021 (200 tỷ); khởi công 01/09/2021, nghiệm thu 01/03/2023; hoạt động
                       01/06/2023; trạm XLNT khởi công 01/01/2022, đạt chuẩn 01/05/2023; số liệu 6T/2026 thuê
                       18 + giao 3 ha, 20 dự án (5 FDI, 18 hoạt động); năm 2026 thuê 24 ha, 25 dự án (6, 22)
B   làng    HTX        lập 01/03/2026 (12 ha)
C   chuyên  DN         cũ, không có quyết định; hoạt động từ 01/01/2005; 20 ha, đất CN 15 ha; 6T/2026 thuê
    ngành              12 ha, 10 dự án (0 FDI, 9 hoạt động); không báo cáo năm 2026
D   thường  DN         lập 01/08/2026 (30 ha); dự án HT 01/10/2026 (150 tỷ)
E   thường  DN         lập 01/01/2018 (25 ha), bãi bỏ 01/05/2026
F   thường  —          trong phương án, 15 ha
G   thường  DN         lập 01/03/2019 (18 ha); QHCT 01/09/2019, đất CN 12 ha; trạm XLNT khởi công 01/07/2026;
                       hoạt động 01/11/2026; năm 2026 thuê 6 ha, 3 dự án (1 FDI, 2 hoạt động)
==  ======  =========  =========================================================================================

Accepted: A's Biểu 02 of the half-year (paid investment 130,5 tỷ) and the Biểu 03 of A's commune (120,5 tỷ
revenue, 3 tỷ to the budget, 800 workers). Nothing accepted for the year.
"""

import datetime
from decimal import Decimal

import pytest

from clusters import register
from clusters.models import Cluster, ClusterDecision
from clusters.services import cluster_decision_create, cluster_report_save
from reporting import bieu, services
from reporting.models import Bieu04, ReportForm
from reporting.services import ensure_periods
from tests.factories import ClusterDecisionFactory, ClusterFactory, SignatoryFactory

from .conftest import BIEU02

pytestmark = pytest.mark.django_db

Kind = ClusterDecision.Kind
Type = Cluster.Type
D = datetime.date

# TT → (key, the half-year 2026, the year 2026), worked out by hand from the table above; None: "chưa có số liệu".
EXPECTED = {
    "1": ("plan_clusters", "6", "6"),  # E annulled 01/05/2026
    "2": ("plan_area", "135", "145"),  # 40+12+20+30+15+18; A expanded to 50 in September
    "3": ("established", "3", "4"),  # A B G; D from 01/08
    "4": ("established_area", "70", "110"),
    "5": ("established_in_period", "1", "2"),  # B; B and D
    "6": ("established_area_in_period", "12", "42"),
    "7": ("enterprise_investor", "2", "3"),  # A G; A D G (B is a cooperative)
    "8": ("enterprise_investor_area", "58", "98"),
    "9": ("detailed_plan", "2", "2"),  # A G
    "10": ("detailed_plan_area", "58", "68"),
    "11": ("infrastructure_project", "1", "2"),  # A; A D
    "12": ("infrastructure_project_area", "40", "80"),
    "13": ("approved_investment", "200", "350"),  # over row 11's clusters only
    "14": ("paid_investment", "130.5", None),  # A's accepted Biểu 02; none accepted for the year
    "15": ("operating", "2", "3"),  # A C; A C G
    "15.1": ("operating_established", "1", "2"),
    "15.2": ("operating_unestablished", "1", "1"),  # C, the old cluster
    "15.3": ("operating_craft", "0", "0"),
    "15.4": ("operating_specialised", "1", "1"),
    "16": ("operating_area", "60", "88"),
    "16.1": ("operating_established_area", "40", "68"),
    "16.2": ("operating_unestablished_area", "20", "20"),
    "16.3": ("operating_craft_area", "0", "0"),
    "16.4": ("operating_specialised_area", "20", "20"),
    "17": ("industrial_land", "45", "57"),
    "18": ("leased_land", "30", "42"),  # C keeps its half-year figure at the year's end
    "19": ("occupancy", "73.33", "73.68"),  # 33/45; (24+6+12)/57
    "20": ("tenant_projects", "30", "38"),
    "21": ("foreign_projects", "5", "7"),
    "22": ("active_projects", "27", "33"),
    "23": ("revenue", "120.5", None),
    "24": ("budget_paid", "3", None),
    "25": ("workers", "800", None),
    "26": ("wastewater_built", "1", "2"),  # A; A G
    "27": ("wastewater_compliant", "1", "1"),
}


def _cluster(code, commune, **values):
    cluster = ClusterFactory(code=code, name=f"CCN {code}", status=Cluster.Status.IN_SCHEME, **values)
    cluster.communes.set([commune])
    return cluster


def _decide(cluster, kind, date, area_after=None, area_before=None):
    ClusterDecisionFactory(cluster=cluster, kind=kind, date=date, area_before_ha=area_before, area_after_ha=area_after)


@pytest.fixture
def periods(report_forms, hanoi_clock):
    return ensure_periods(2026)


@pytest.fixture
def dated_register(periods, commune, other_commune, investor_agency, investor, coordinator, commune_reporter):
    half_year = periods[0]
    enterprise = Cluster.InvestorKind.ENTERPRISE
    a = _cluster(
        "CCN-A",
        commune,
        investor=investor_agency,
        investor_name=investor_agency.name,
        investor_kind=enterprise,
        total_area_ha=40,
        industrial_land_ha=30,
        leased_land_ha=None,
        detailed_plan_number="1/QĐ",
        detailed_plan_date=D(2021, 1, 10),
        infrastructure_project_number="2/QĐ",
        infrastructure_project_date=D(2021, 6, 1),
        approved_investment_vnd=200 * 10**9,
        construction_started_on=D(2021, 9, 1),
        infrastructure_completed_on=D(2023, 3, 1),
        operating_since=D(2023, 6, 1),
        wastewater_status=Cluster.Wastewater.OPERATING,
        wastewater_started_on=D(2022, 1, 1),
        wastewater_compliant=True,
        wastewater_compliant_since=D(2023, 5, 1),
    )
    _decide(a, Kind.ESTABLISH, D(2020, 5, 4), area_after=40)
    _decide(a, Kind.EXPAND, D(2026, 9, 10), area_before=40, area_after=50)
    b = _cluster("CCN-B", commune, type=Type.CRAFT_VILLAGE, investor_name="HTX B", investor_kind="cooperative")
    _decide(b, Kind.ESTABLISH, D(2026, 3, 1), area_after=12)
    c = _cluster(
        "CCN-C",
        other_commune,
        type=Type.SPECIALISED,
        investor_name="Công ty C",
        investor_kind=enterprise,
        total_area_ha=20,
        industrial_land_ha=15,
        leased_land_ha=None,
        operating_since=D(2005, 1, 1),
        is_pre_2009_legacy=True,
    )
    d = _cluster(
        "CCN-D",
        other_commune,
        investor_name="Công ty D",
        investor_kind=enterprise,
        total_area_ha=30,
        infrastructure_project_number="9/QĐ",
        infrastructure_project_date=D(2026, 10, 1),
        approved_investment_vnd=150 * 10**9,
    )
    _decide(d, Kind.ESTABLISH, D(2026, 8, 1), area_after=30)
    e = _cluster("CCN-E", other_commune, investor_name="Công ty E", investor_kind=enterprise, total_area_ha=25)
    _decide(e, Kind.ESTABLISH, D(2018, 1, 1), area_after=25)
    _decide(e, Kind.REVOKE, D(2026, 5, 1))
    _cluster("CCN-F", other_commune, investor_name="", total_area_ha=15)
    g = _cluster(
        "CCN-G",
        other_commune,
        investor_name="Công ty G",
        investor_kind=enterprise,
        total_area_ha=18,
        industrial_land_ha=12,
        leased_land_ha=None,
        detailed_plan_number="5/QĐ",
        detailed_plan_date=D(2019, 9, 1),
        operating_since=D(2026, 11, 1),
        wastewater_started_on=D(2026, 7, 1),
        wastewater_status=Cluster.Wastewater.UNDER_CONSTRUCTION,
    )
    _decide(g, Kind.ESTABLISH, D(2019, 3, 1), area_after=18)

    def figures(cluster, period, **values):
        cluster_report_save(actor=coordinator, cluster=cluster, year=2026, period=period, reason="Số liệu", **values)

    figures(a, "half_year", committed_land_ha=3)  # the Biểu 02 below brings the rest of the half-year
    figures(c, "half_year", leased_land_ha=12, tenant_projects=10, foreign_projects=0, active_projects=9)
    figures(
        a, "annual", leased_land_ha=24, committed_land_ha=0, tenant_projects=25, foreign_projects=6, active_projects=22
    )
    figures(
        g, "annual", leased_land_ha=6, committed_land_ha=0, tenant_projects=3, foreign_projects=1, active_projects=2
    )

    bieu02 = {
        **BIEU02,
        "approved_investment": "200",
        "serviced_land": "25",
        "leased_land": "18",
        "occupancy": "70",
        "tenant_projects": "20",
        "foreign_projects": "5",
        "active_projects": "18",
    }
    sent = services.submission_save(
        actor=investor,
        period=half_year,
        form=_form("02"),
        cluster=a,
        values=bieu02,
        submit=True,
        signer_name="Trần Văn A",
        signer_title="Giám đốc",
    )
    services.submission_accept(actor=coordinator, submission=sent)
    computed = {key: figure.value for key, figure in bieu.compute(half_year, commune).items()}
    values = {key: "0" if value is None else str(value).replace(".", ",") for key, value in computed.items()}
    sent = services.submission_save(
        actor=commune_reporter,
        period=half_year,
        form=_form("03"),
        commune=commune,
        values={**values, "revenue": "120,5", "budget_paid": "3", "workers": "800"},
        submit=True,
        signer_name="Lê Văn C",
        signer_title="Chủ tịch",
    )
    services.submission_accept(actor=coordinator, submission=sent)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "g": g}


def _form(code):
    return ReportForm.objects.get(code=code)


def _values(period):
    return {key: figure.value for key, figure in bieu.compute(period).items()}


def _expected(column):
    """{key: the value worked out by hand} of one period's column."""
    return {key: None if columns[column] is None else Decimal(columns[column]) for key, *columns in EXPECTED.values()}


@pytest.mark.parametrize(("index", "name"), [(0, "half_year"), (1, "annual")])
def test_each_of_the_35_rows_is_the_figure_worked_out_by_hand(periods, dated_register, index, name):
    period = periods[index]
    assert period.kind == name
    values = _values(period)
    assert list(values) == [key for key, *_columns in EXPECTED.values()]  # the 35 rows, in the form's order
    assert values == _expected(index)


def test_the_printed_rows_carry_their_numbers_and_blank_when_there_is_no_source(periods, dated_register):
    lines = [line for line in bieu.table(bieu.snapshot(periods[1])) if "key" in line]
    assert [line["row"] for line in lines] == list(EXPECTED)
    by_key = {line["key"]: line for line in lines}
    for key in ("paid_investment", "revenue", "budget_paid", "workers"):
        assert by_key[key]["value"] is None and by_key[key]["note"] == "Chưa có số liệu"
    assert by_key["occupancy"]["note"].startswith("Bình quân theo diện tích")
    assert by_key["leased_land"]["note"] == ""


def test_issued_it_stays_as_signed_and_recomputing_the_same_day_gives_the_same(periods, dated_register, coordinator):
    half_year = periods[0]
    issued = services.bieu04_issue(
        actor=coordinator,
        period=half_year,
        number="301/BC-SCT",
        issued_on=D(2026, 6, 30),
        signer="Nguyễn Văn Giám",
        gaps_reason="Ban hành theo hạn",
    )
    frozen = {key: row["value"] for key, row in issued.figures["rows"].items()}

    # The register moves on after the half-year: B's establishment annulled, F established, G's figures corrected.
    cluster_decision_create(
        actor=coordinator,
        cluster=dated_register["b"],
        reason="QĐ",
        kind=Kind.REVOKE,
        number="77/QĐ",
        date=D(2026, 7, 1),
    )
    f = Cluster.objects.get(code="CCN-F")
    cluster_decision_create(
        actor=coordinator, cluster=f, reason="QĐ", kind=Kind.ESTABLISH, number="78/QĐ", date=D(2026, 10, 1)
    )
    cluster_report_save(
        actor=coordinator,
        cluster=dated_register["g"],
        year=2026,
        period="annual",
        reason="Đính chính",
        leased_land_ha=7,
    )

    issued.refresh_from_db()
    assert {key: row["value"] for key, row in issued.figures["rows"].items()} == frozen
    recomputed = {key: row["value"] for key, row in bieu.snapshot(half_year)["rows"].items()}
    assert recomputed == frozen
    assert Decimal(frozen["established"]) == 3 and Decimal(frozen["leased_land"]) == 30

    # The year's Biểu 04 sees both (B annulled, F established) and G's corrected figure.
    year = services.bieu04_issue(
        actor=coordinator,
        period=periods[1],
        number="650/BC-SCT",
        issued_on=D(2026, 12, 28),
        signer="Nguyễn Văn Giám",
        gaps_reason="Ban hành theo hạn",
    )
    values = {key: Decimal(row["value"]) for key, row in year.figures["rows"].items() if row["value"] is not None}
    assert (values["established"], values["plan_clusters"], values["leased_land"]) == (4, 5, 43)


def test_a_correction_replaces_the_issued_one_and_keeps_it_as_signed(periods, dated_register, coordinator, client_for):
    half_year = periods[0]
    first = services.bieu04_issue(
        actor=coordinator, period=half_year, number="301/BC-SCT", issued_on=D(2026, 6, 30), signer="A", gaps_reason="x"
    )
    cluster_report_save(
        actor=coordinator,
        cluster=dated_register["c"],
        year=2026,
        period="half_year",
        reason="Sai số",
        tenant_projects=11,
    )
    second = services.bieu04_issue(
        actor=coordinator,
        period=half_year,
        number="315/BC-SCT",
        issued_on=D(2026, 7, 5),
        signer="A",
        gaps_reason="x",
        replaces=first,
        correction_reason="CCN-C báo lại số dự án",
    )
    first.refresh_from_db()
    assert (first.is_current, first.figures["rows"]["tenant_projects"]["value"]) == (False, "30")
    assert (second.is_current, second.replaces, second.figures["rows"]["tenant_projects"]["value"]) == (
        True,
        first,
        "31",
    )
    assert bieu.current(half_year)[1] == second
    html = client_for(coordinator).get(f"/reporting/periods/{half_year.pk}/bieu-04/").content.decode()
    assert "Đính chính Biểu 04 số 301/BC-SCT" in html and 'data-replaced="301/BC-SCT"' in html
    assert [h.history_change_reason for h in first.history.order_by("history_date")][-1].startswith(
        "Được thay thế bởi Biểu 04 số 315/BC-SCT"
    )
    # A correction needs its reason; a replaced one cannot be corrected again.
    with pytest.raises(Exception, match="lý do đính chính"):
        services.bieu04_issue(
            actor=coordinator, period=half_year, number="316/BC", issued_on=D(2026, 7, 6), signer="A", replaces=second
        )
    assert Bieu04.objects.filter(period=half_year).count() == 2


def test_issuing_with_gaps_needs_a_reason_and_the_page_lists_them_first(
    periods, dated_register, coordinator, client_for
):
    half_year = periods[0]
    html = client_for(coordinator).get(f"/reporting/periods/{half_year.pk}/bieu-04/").content.decode()
    assert "data-completeness" in html and 'data-missing-form="02"' in html
    with pytest.raises(Exception, match="Ghi lý do ban hành khi chưa đủ số liệu"):
        services.bieu04_issue(actor=coordinator, period=half_year, number="1/BC", issued_on=D(2026, 6, 30), signer="A")
    assert not Bieu04.objects.exists()
    issued = services.bieu04_issue(
        actor=coordinator,
        period=half_year,
        number="1/BC",
        issued_on=D(2026, 6, 30),
        signer="A",
        gaps_reason="Đến hạn 30/6",
    )
    assert issued.gaps_reason == "Đến hạn 30/6"
    assert "CCN-B — CCN CCN-B" in issued.gaps["reporters"]["02"]["missing"]


@pytest.mark.parametrize("index", [0, 1])
def test_rows_about_the_same_clusters_come_from_one_set(periods, dated_register, index):
    figures = bieu.compute(periods[index])

    def ids(key):
        return {source["id"] for source in figures[key].sources if source["type"] == "cluster"}

    value = {key: figure.value for key, figure in figures.items()}
    assert value["operating"] == value["operating_established"] + value["operating_unestablished"]
    assert value["operating_area"] == value["operating_established_area"] + value["operating_unestablished_area"]
    assert value["operating_craft"] + value["operating_specialised"] <= value["operating"]
    assert ids("approved_investment") <= ids("infrastructure_project") == ids("infrastructure_project_area")
    assert ids("leased_land") <= ids("operating") and ids("tenant_projects") <= ids("operating")
    assert value["leased_land"] <= value["industrial_land"]
    assert value["established_in_period"] <= value["established"]
    assert value["wastewater_compliant"] <= value["wastewater_built"]
    plants = Cluster.objects.filter(wastewater_started_on__isnull=False).count()
    assert value["wastewater_built"] <= plants


def test_the_dashboard_and_biểu_04_read_one_occupancy_for_the_same_day(periods, dated_register):
    annual = periods[1]
    state = register.for_period(annual)
    occupancy, counted = state.occupancy()
    assert bieu.compute(annual)["occupancy"].value == occupancy == Decimal("73.68")
    assert {s.code for s in counted} == {"CCN-A", "CCN-C", "CCN-G"}


def test_in_register_on_agrees_with_the_register_state(periods, dated_register):
    for day in (D(2026, 4, 30), D(2026, 5, 1), D(2026, 12, 14)):
        as_queryset = set(register.in_register_on(day).values_list("code", flat=True))
        assert as_queryset == {state.code for state in register.as_of(day).in_register}
    assert "CCN-E" in set(register.in_register_on(D(2026, 4, 30)).values_list("code", flat=True))


def test_biểu_04_labels_are_the_circulars_own_words(report_forms):
    labels = dict(report_forms["04"].indicators.values_list("row", "label"))
    assert labels["7"] == "Số lượng cụm công nghiệp do doanh nghiệp làm chủ đầu tư xây dựng hạ tầng kỹ thuật"
    assert labels["8"] == "Tổng diện tích các cụm công nghiệp do doanh nghiệp làm chủ đầu tư hạ tầng kỹ thuật"
    assert labels["11"] == "Số lượng cụm công nghiệp đã được phê duyệt dự án đầu tư xây dựng hạ tầng"
    assert labels["12"] == "Tổng diện tích các cụm công nghiệp đã được phê duyệt dự án đầu tư xây dựng hạ tầng kỹ thuật"


def test_a_coordinator_corrects_an_issued_biểu_04_from_its_page(
    periods, dated_register, coordinator, client_for, department
):
    director = SignatoryFactory(department=department, full_name="Nguyễn Văn Giám", title="Giám đốc")
    half_year = periods[0]
    first = services.bieu04_issue(
        actor=coordinator, period=half_year, number="301/BC-SCT", issued_on=D(2026, 6, 30), signer="A", gaps_reason="x"
    )
    client = client_for(coordinator)
    url = f"/reporting/periods/{half_year.pk}/bieu-04/"
    form = {
        "replaces": first.pk,
        "number": "315/BC-SCT",
        "issued_on": "05/07/2026",
        "signatory": director.pk,
        "gaps_reason": "Theo hạn",
    }
    # Without its reason, or naming no Biểu 04 that exists: refused on the page, nothing issued.
    response = client.post(url, form)
    assert response.status_code == 400
    assert response.context["form"].errors["correction_reason"] == ["Cần ghi lý do đính chính Biểu 04 đã ban hành."]
    response = client.post(url, {**form, "replaces": 10**30, "correction_reason": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors["replaces"] == ["Không tìm thấy Biểu 04 cần đính chính; hãy tải lại trang."]
    assert Bieu04.objects.count() == 1

    response = client.post(url, {**form, "correction_reason": "CCN-C báo lại số dự án"})
    assert response.status_code == 302
    first.refresh_from_db()
    current = bieu.current(half_year)[1]
    assert (first.is_current, current.number, current.replaces) == (False, "315/BC-SCT", first)
