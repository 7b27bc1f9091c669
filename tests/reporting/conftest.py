"""The Circular 14 cycle's cast: the forms (loaded from the data files), the half-year 2026 period, two
clusters of one commune with their investors' users, that commune's reporter, and a third cluster elsewhere."""

import datetime

import pytest

from agencies.models import Agency, Membership
from clusters.models import Cluster
from reporting import reference
from reporting.models import Indicator, ReportForm
from reporting.services import ensure_periods
from tests.factories import (
    AgencyFactory,
    ClusterDecisionFactory,
    ClusterFactory,
    CommuneFactory,
    MembershipFactory,
    UserFactory,
)


@pytest.fixture
def report_forms(db):
    forms = {}
    for lookup, values in reference.form_specs():
        forms[lookup["code"]] = ReportForm.objects.create(**lookup, **values)
    for code, key, values in reference.indicator_specs():
        Indicator.objects.create(form=forms[code], key=key, **values)
    return forms


@pytest.fixture
def half_year(report_forms, hanoi_clock):
    """The half-year 2026 period; the clock reads 20/06/2026, its Biểu 02 due date."""
    return ensure_periods(2026)[0]


@pytest.fixture
def commune(db):
    return CommuneFactory(code="10231", name="Xã Thử Nghiệm")


@pytest.fixture
def other_commune(db):
    return CommuneFactory(code="10015", name="Phường Khác")


def _investor(code, name):
    return AgencyFactory(code=code, name=name, short_name=name, kind=Agency.Kind.INVESTOR)


@pytest.fixture
def investor_agency(db):
    return _investor("CDT-A", "Công ty CP Hạ tầng A")


@pytest.fixture
def other_investor_agency(db):
    return _investor("CDT-B", "Công ty CP Hạ tầng B")


def _cluster(code, name, investor, commune, **values):
    cluster = ClusterFactory(code=code, name=name, investor=investor, investor_name=investor.name, **values)
    cluster.communes.set([commune])
    return cluster


@pytest.fixture
def cluster(investor_agency, commune):
    """Established 01/03/2026, its infrastructure project approved 15/03/2026 and operating since 01/04/2026 (all
    inside the half-year's window), 15 ha of industrial land; its investor is A."""
    cluster = _cluster(
        "CCN-A",
        "CCN Thử Nghiệm A",
        investor_agency,
        commune,
        status=Cluster.Status.OPERATING,
        investor_kind=Cluster.InvestorKind.ENTERPRISE,
        approved_investment_vnd=250_000_000_000,
        disbursed_investment_vnd=120_000_000_000,
        serviced_land_ha=12,
        infrastructure_project_number="55/QĐ-UBND",
        infrastructure_project_date=datetime.date(2026, 3, 15),
        operating_since=datetime.date(2026, 4, 1),
    )
    ClusterDecisionFactory(cluster=cluster, date=datetime.date(2026, 3, 1))
    return cluster


@pytest.fixture
def sibling_cluster(other_investor_agency, commune):
    """In the same commune, investor B, in the development plan only."""
    return _cluster("CCN-B", "CCN Thử Nghiệm B", other_investor_agency, commune, status=Cluster.Status.IN_SCHEME)


@pytest.fixture
def far_cluster(other_investor_agency, other_commune):
    """In another commune, investor B."""
    return _cluster("CCN-C", "CCN Thử Nghiệm C", other_investor_agency, other_commune, status=Cluster.Status.IN_SCHEME)


def _user(username, agency, role):
    user = UserFactory(username=username)
    MembershipFactory(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def investor(investor_agency):
    return _user("cdt.a", investor_agency, Membership.Role.INVESTOR)


@pytest.fixture
def other_investor(other_investor_agency):
    return _user("cdt.b", other_investor_agency, Membership.Role.INVESTOR)


@pytest.fixture
def commune_agency(commune):
    return AgencyFactory(
        code="UBND-10231", name="UBND Xã Thử Nghiệm", kind=Agency.Kind.COMMUNE_COMMITTEE, commune=commune
    )


@pytest.fixture
def commune_reporter(commune_agency):
    return _user("ubnd.10231", commune_agency, Membership.Role.COMMUNE_REPORTER)


@pytest.fixture
def other_commune_reporter(other_commune):
    agency = AgencyFactory(
        code="UBND-10015", name="UBND Phường Khác", kind=Agency.Kind.COMMUNE_COMMITTEE, commune=other_commune
    )
    return _user("ubnd.10015", agency, Membership.Role.COMMUNE_REPORTER)


# A complete, consistent Biểu 02 for ``cluster``.
BIEU02 = {
    "approved_investment": "250",
    "paid_investment": "130,5",
    "serviced_land": "12",
    "leased_land": "9",
    "occupancy": "60",
    "tenant_projects": "12",
    "foreign_projects": "3",
    "active_projects": "10",
    "investor_revenue": "4,2",
    "investor_budget_paid": "0,8",
    "investor_workers": "25",
    "investor_average_income": "9,5",
    "wastewater_built": "1",
    "wastewater_compliant": "0",
}
