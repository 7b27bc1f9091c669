"""DEMO data of the Circular 14 cycle (``load_reporting_demo``, called by ``load_demo_data`` with its clock on the
half-year's reporting days): two invented
infrastructure investors bound to clusters of the register, the users ``cdt.demo`` (an investor) and
``ubnd.demo`` (the People's Committee of a commune hosting their clusters), and a few reports of the current
half-year in different states: one accepted, one returned, one draft.

Everything goes through the services (the investors' clusters through ``cluster_update``, the reports through
``submission_save`` / ``submission_return`` / ``submission_accept``) or ``sync``, and a second run changes
nothing.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from agencies.models import Agency, Membership
from clusters.models import Cluster, occupancy_of
from clusters.services import cluster_update
from core.dates import local_today
from core.loading import Tally, sync
from places.models import Commune
from reporting import services
from reporting.models import ReportForm, Submission

REASON = "DỮ LIỆU MẪU: chế độ báo cáo định kỳ theo Thông tư 14/2024/TT-BCT"
Role = Membership.Role
# (code, name): invented companies, so nobody takes them for the clusters' real investors.
INVESTORS = [
    ("CDT-MAU-1", "Công ty CP Hạ tầng mẫu Thăng Long (DỮ LIỆU MẪU)"),
    ("CDT-MAU-2", "Công ty TNHH Đầu tư mẫu Hồng Hà (DỮ LIỆU MẪU)"),
]
CLUSTERS_PER_INVESTOR = 2
INVESTOR_USER = ("cdt.demo", "Minh", "Đỗ Văn", "Phó Giám đốc")
COMMUNE_USER = ("ubnd.demo", "Hoa", "Vũ Thị", "Chuyên viên Văn phòng UBND")
# How the demo's three reports end: (investor, its n-th cluster, state).
STORIES = [(0, 0, "accepted"), (0, 1, "returned"), (1, 0, "draft")]


def load_reporting_demo(password, log=print):
    """Load (or leave as they are) the cycle's demo records; new users get ``password``. Returns the users."""
    coordinator = _coordinator()
    if coordinator is None:
        log("Chưa có cán bộ điều phối của Sở Công Thương: bỏ qua dữ liệu mẫu báo cáo định kỳ.")
        return {}
    commune = _host_commune()
    if commune is None:
        log("Sổ đăng ký chưa có cụm công nghiệp: bỏ qua dữ liệu mẫu báo cáo định kỳ.")
        return {}
    tally = Tally()
    investors = [_investor(code, name, tally) for code, name in INVESTORS]
    clusters = _bind_clusters(commune, investors, coordinator)
    committee = Agency.objects.get(kind=Agency.Kind.COMMUNE_COMMITTEE, commune=commune)
    users = {
        INVESTOR_USER[0]: _user(INVESTOR_USER, investors[0], Role.INVESTOR, password, tally),
        COMMUNE_USER[0]: _user(COMMUNE_USER, committee, Role.COMMUNE_REPORTER, password, tally),
    }
    other_investor = _user(("cdt.demo2", "", "Cán bộ chủ đầu tư mẫu 2", ""), investors[1], Role.INVESTOR, None, tally)
    senders = [users[INVESTOR_USER[0]], other_investor]
    period = services.ensure_periods(local_today().year)[0]
    form = ReportForm.objects.get(code="02")
    for investor, index, state in STORIES:
        cluster = clusters[investor][index]
        if not Submission.objects.filter(period=period, form=form, cluster=cluster).exists():
            _play(period, form, cluster, senders[investor], coordinator, state)
    log(
        f"Báo cáo định kỳ mẫu: {', '.join(users)} (UBND {commune}) — chủ đầu tư {tally}; "
        f"cụm của chủ đầu tư mẫu: {', '.join(c.code for group in clusters for c in group)}."
    )
    return users


def _coordinator():
    return (
        get_user_model()
        .objects.filter(memberships__is_active=True, memberships__role=Role.COORDINATOR, is_active=True)
        .order_by("username")
        .first()
    )


def _host_commune():
    """The commune hosting the most clusters in the register (ties: the lowest code), with a People's Committee."""
    return (
        Commune.objects.filter(agencies__kind=Agency.Kind.COMMUNE_COMMITTEE)
        .annotate(hosted=Count("clusters", filter=~Q(clusters__status=Cluster.Status.REVOKED), distinct=True))
        .filter(hosted__gt=0)
        .order_by("-hosted", "code")
        .first()
    )


def _investor(code, name, tally):
    return sync(
        Agency,
        {"code": code},
        {"name": name, "short_name": name.split(" (")[0], "kind": Agency.Kind.INVESTOR},
        reason=REASON,
        tally=tally,
        overwrite=False,
    )


def _bind_clusters(commune, investors, coordinator):
    """Each investor's clusters: those already bound to it, else the commune's first clusters (then others)."""
    candidates = sorted(
        Cluster.objects.exclude(status=Cluster.Status.REVOKED).annotate(
            here=Count("communes", filter=Q(communes=commune))
        ),
        # The commune's clusters first, those furthest along (with land to report) before the others.
        key=lambda c: (-c.here, -_stage_rank(c), c.code),
    )
    bound = []
    for investor in investors:
        own = [cluster for cluster in candidates if cluster.investor_id == investor.pk][:CLUSTERS_PER_INVESTOR]
        free = [c for c in candidates if c.investor_id not in {i.pk for i in investors}]
        for cluster in free[: CLUSTERS_PER_INVESTOR - len(own)]:
            own.append(cluster_update(actor=coordinator, cluster=cluster, reason=REASON, investor=investor))
            candidates = [c if c.pk != cluster.pk else own[-1] for c in candidates]
        bound.append(own)
    return bound


def _stage_rank(cluster):
    return Cluster.LIFECYCLE.index(cluster.status) if cluster.status in Cluster.LIFECYCLE else -1


def _user(spec, agency, role, password, tally):
    username, first, last, title = spec
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=first, last_name=last, email=f"{username}@example.gov.vn")
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    sync(
        Membership,
        {"user": user, "is_active": True},
        {"agency": agency, "role": role, "title": title},
        reason=REASON,
        tally=tally,
        overwrite=False,
    )
    return user


def _values(cluster):
    """A Biểu 02 for ``cluster`` that says what the register says: its project, its serviced and leased land
    (within its industrial land, within its area), its latest periodic figures, its plant; parts within their
    wholes."""
    report = cluster.reports.order_by("-year", "-period").first()
    industrial = cluster.industrial_land_ha
    serviced = min(cluster.serviced_land_ha or Decimal(0), industrial or Decimal(0))
    leased = cluster.leased_land_ha if cluster.leased_land_ha is not None else getattr(report, "leased_land_ha", None)
    leased = min(leased or Decimal(0), serviced)
    occupancy = occupancy_of(industrial, leased, cluster.committed_land_ha) if industrial else None
    tenants = getattr(report, "tenant_projects", None) or 0
    values = {
        "approved_investment": _billions(cluster.approved_investment_vnd),
        "paid_investment": _billions(cluster.disbursed_investment_vnd),
        "serviced_land": serviced,
        "leased_land": leased,
        "occupancy": _comma(occupancy if occupancy is not None else Decimal(0)),
        "tenant_projects": str(tenants),
        "foreign_projects": str(min(getattr(report, "foreign_projects", None) or 0, tenants)),
        "active_projects": str(min(getattr(report, "active_projects", None) or 0, tenants)),
        "investor_revenue": "6,4" if tenants else "0",
        "investor_budget_paid": "1,1" if tenants else "0",
        "investor_workers": "32",
        "investor_average_income": "9,8",
        "wastewater_built": "1" if cluster.wastewater_built else "0",
        "wastewater_compliant": "1" if cluster.wastewater_built and cluster.wastewater_compliant else "0",
    }
    return values


def _billions(vnd):
    """đồng → tỷ đồng as Vietnamese write it ("83,03")."""
    return _comma((Decimal(vnd or 0) / 1_000_000_000).quantize(Decimal("0.01")))


def _comma(number):
    return format(number.normalize(), "f").replace(".", ",")


def _play(period, form, cluster, sender, coordinator, state):
    values = _values(cluster)
    if state == "returned":
        # The slip the Department returns it for: an occupancy that does not follow from the land reported.
        values["occupancy"] = "62,5"
    if state == "draft":
        keep = ("serviced_land", "leased_land", "tenant_projects")
        services.submission_save(
            actor=sender, period=period, form=form, cluster=cluster, values={k: values[k] for k in keep}
        )
        return
    sent = services.submission_save(
        actor=sender,
        period=period,
        form=form,
        cluster=cluster,
        values=values,
        submit=True,
        signer_name=f"{sender.last_name} {sender.first_name}".strip(),
        signer_title="Giám đốc",
    )
    if state == "accepted":
        services.submission_accept(actor=coordinator, submission=sent)
    else:
        services.submission_return(
            actor=coordinator,
            submission=sent,
            reason="DỮ LIỆU MẪU: tỷ lệ lấp đầy chưa khớp diện tích đã cho thuê; đề nghị rà soát lại chỉ tiêu 5.",
        )
