"""Two installations with different shapes, built the way a real one is, then given a small world by the services.

- ``hanoi``: the city (01), its Department's names, a handful of its communes; the Department flags two of Ba Vì's
  communes as mountain areas (Hanoi's default is lowland).
- ``tuyen_quang``: a wholly mountainous province (08), loaded by ``load_reference_data --province 08``: all its
  communes from the national list, loaded as mountain areas, its Department's names and its focal agency; the
  Department marks one ward as lowland.

On each, the same small world: the focal agency's coordinator, two departments' officers, a mountain commune's
People's Committee with its reporter, a plan of two groups (``tasks.planning.plan_create``), two clusters of 5–10 ha
in the mountain commune (``clusters.services``), which Decree 32 allows only in mountain areas, their investor, and
the Director who signs.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from agencies.models import Agency, Membership
from clusters.models import Cluster, ClusterDecision
from clusters.services import cluster_create, cluster_decision_create
from core.audit import record_save
from core.loading import Tally
from department.models import Department
from places import provinces
from places.models import Commune, Province
from reporting import reference as reporting_reference
from tasks.planning import plan_create
from tests.factories import (
    AgencyFactory,
    CommuneFactory,
    DepartmentFactory,
    FocalAgencyFactory,
    MembershipFactory,
    ProvinceFactory,
    SignatoryFactory,
    UserFactory,
)

HANOI, TUYEN_QUANG = "hanoi", "tuyen_quang"
CODES = {HANOI: "01", TUYEN_QUANG: "08"}
# Hanoi's test communes (real codes and names of the national list): two of Ba Vì's hills, two lowland.
HANOI_COMMUNES = ("09700", "09706", "10030", "00004")  # Ba Vì, Yên Bài, Phú Nghĩa, Ba Đình
HANOI_MOUNTAIN = ("09700", "09706")
# Tuyên Quang: the mountain commune of the world, and the ward its Department marks as lowland.
TUYEN_QUANG_MOUNTAIN, TUYEN_QUANG_LOWLAND = "02212", "02215"  # Phường Nông Tiến, Phường Minh Xuân

FLAG_REASON = "Xác định địa bàn miền núi theo quyết định của UBND tỉnh"


@dataclass
class Installation:
    key: str
    info: provinces.ProvinceInfo
    province: Province
    department: Department
    mountain_commune: Commune
    lowland_commune: Commune
    focal: Agency
    coordinator: object
    officer: object  # SXD
    other_officer: object  # STC
    agency: Agency
    other_agency: Agency
    commune_agency: Agency
    commune_reporter: object
    investor_agency: Agency
    investor: object
    director: object  # a department.Signatory
    plan: object
    groups: list
    clusters: list = field(default_factory=list)

    @property
    def code(self):
        return self.info.code

    @property
    def foreign_place(self):
        """A place name this installation's documents must never print: Hanoi's, outside Hanoi."""
        return None if self.code == "01" else "Hà Nội"


def _user(username, agency, role, **names):
    user = UserFactory(username=username, **names)
    MembershipFactory(user=user, agency=agency, role=role)
    return user


def _load_hanoi():
    """Hanoi as the test suite has it: the province, its Department's names and a handful of communes."""
    province = ProvinceFactory(code="01", name="Thành phố Hà Nội")
    department = DepartmentFactory(province=province)
    by_code = {commune.code: commune for commune in provinces.communes_of("01")}
    for code in HANOI_COMMUNES:
        commune = by_code[code]
        CommuneFactory(code=code, name=commune.name, kind=commune.kind, province=province)
    focal = FocalAgencyFactory(name=department.name)
    reporting_reference.load(reason="Nạp biểu mẫu", forms_tally=Tally(), indicators_tally=Tally())
    return province, department, focal


def _load_province(code):
    """Any other province as its installation is made: the real loader, the national list's communes."""
    call_command("load_reference_data", province=code, stdout=StringIO(), stderr=StringIO())
    return Province.objects.get(code=code), Department.objects.get(), Agency.objects.get(code="SCT")


def _flag(commune, is_mountain, actor):
    """The Department corrects a commune's mountain flag (as the admin does: with history and a reason)."""
    commune.is_mountain = is_mountain
    record_save(commune, actor=actor, reason=FLAG_REASON)
    return commune


def build(key):
    """The installation ``key`` with its small world; ``settings.PROVINCE_CODE`` must already name it."""
    code = CODES[key]
    info = provinces.province(code)
    province, department, focal = _load_hanoi() if key == HANOI else _load_province(code)
    coordinator = _user(
        f"sct{code}.dieuphoi", focal, Membership.Role.COORDINATOR, first_name="An", last_name="Nguyễn Văn"
    )
    coordinator.is_staff = True
    coordinator.save()
    if key == HANOI:
        for commune in Commune.objects.filter(code__in=HANOI_MOUNTAIN):
            _flag(commune, True, coordinator)
        mountain, lowland = Commune.objects.get(code=HANOI_MOUNTAIN[0]), Commune.objects.get(code="10030")
    else:
        mountain = Commune.objects.get(code=TUYEN_QUANG_MOUNTAIN)
        lowland = _flag(Commune.objects.get(code=TUYEN_QUANG_LOWLAND), False, coordinator)

    agency = AgencyFactory(code="SXD", name="Sở Xây dựng", short_name="Sở Xây dựng")
    other_agency = AgencyFactory(code="STC", name="Sở Tài chính", short_name="Sở Tài chính")
    officer = _user(f"sxd{code}", agency, Membership.Role.OFFICER, first_name="Bình", last_name="Lê Văn")
    other_officer = _user(f"stc{code}", other_agency, Membership.Role.OFFICER, first_name="Chi", last_name="Phạm Thị")
    committee_name = f"UBND {mountain.get_kind_display().lower()} {mountain.name}"
    commune_agency = AgencyFactory(
        code=f"UBND-{mountain.code}",
        name=committee_name,
        short_name=committee_name,
        kind=Agency.Kind.COMMUNE_COMMITTEE,
        commune=mountain,
    )
    commune_reporter = _user(f"ubnd.{mountain.code}", commune_agency, Membership.Role.COMMUNE_REPORTER)
    investor_agency = AgencyFactory(
        code=f"CDT-{code}", name="Công ty CP Hạ tầng Miền Núi", short_name="Hạ tầng Miền Núi", kind=Agency.Kind.INVESTOR
    )
    investor = _user(f"cdt{code}", investor_agency, Membership.Role.INVESTOR)
    director = SignatoryFactory(department=department, full_name="Hoàng Văn Giám", title="Giám đốc")

    plan = plan_create(
        actor=coordinator,
        number="120/KH-UBND",
        title="Kế hoạch phát triển cụm công nghiệp năm 2026",
        issued_on=datetime.date(2026, 1, 15),
        year=2026,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        groups=[
            {"name": "Hoàn thiện cơ chế, chính sách phát triển cụm công nghiệp"},
            {"name": "Đầu tư hạ tầng kỹ thuật cụm công nghiệp miền núi"},
        ],
    )
    clusters = [
        _mountain_cluster(coordinator, province, mountain, investor_agency, f"CCN-{code}-1", "CCN Khuôn Hà", "7.5"),
        _mountain_cluster(coordinator, province, mountain, investor_agency, f"CCN-{code}-2", "CCN Nà Hang", "6"),
    ]
    return Installation(
        key=key,
        info=info,
        province=province,
        department=department,
        mountain_commune=mountain,
        lowland_commune=lowland,
        focal=focal,
        coordinator=coordinator,
        officer=officer,
        other_officer=other_officer,
        agency=agency,
        other_agency=other_agency,
        commune_agency=commune_agency,
        commune_reporter=commune_reporter,
        investor_agency=investor_agency,
        investor=investor,
        director=director,
        plan=plan,
        groups=list(plan.task_groups.order_by("number")),
        clusters=clusters,
    )


def _mountain_cluster(actor, province, commune, investor, code, name, area):
    """A cluster of ``area`` ha (under the 10 ha Decree 32 asks of lowland clusters) established on 01/03/2026."""
    area = Decimal(area)
    cluster = cluster_create(
        actor=actor,
        code=code,
        name=name,
        province=province,
        communes=[commune],
        total_area_ha=area,
        industrial_land_ha=area - 1,
        investor=investor,
        investor_name=investor.name,
        investor_kind=Cluster.InvestorKind.ENTERPRISE,
    )
    cluster_decision_create(
        actor=actor,
        cluster=cluster,
        reason="Quyết định thành lập cụm",
        kind=ClusterDecision.Kind.ESTABLISH,
        number=f"{code[-1]}5/QĐ-UBND",
        date=datetime.date(2026, 3, 1),
    )
    cluster.refresh_from_db()
    return cluster
