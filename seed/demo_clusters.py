"""DEMO facts for the sourced clusters: what the sources leave out, invented plausibly and marked as demo.

The sourced CSV (``seed/cluster_register.py``) tells each cluster's reported state in words ("established (7/2017)",
"groundbreaking 9/2023", "operating") and rarely a date. The register reads dated facts only, so the demo gives
every cluster the dated facts its reported state implies, in the order the law sets (Decree 32/2024/NĐ-CP):
establishment decision, detailed plan 1/500, infrastructure project, start of works, acceptance, first tenant.
A sourced date or number is kept; a missing one is invented (decision numbers ``DEMO-…/QĐ-UBND``) and said so in the
record. Periodic figures (``ClusterReport``) are sized on the cluster's industrial land. Nothing here writes: the
demo story (``seed/demo_register.py``) records these facts through the services. Deterministic: one
``random.Random`` per cluster, seeded by its code.
"""

import datetime
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

from clusters.models import Cluster
from clusters.periods import PeriodKind, data_window

from .cluster_register import DECISION_RE

CENT = Decimal("0.01")
# The demo's facts before the plan are all recorded on the day the system is set up; none may be later.
LAST_FACT = datetime.date(2025, 11, 1)
FIRST_FACT = datetime.date(2000, 1, 1)


class Profile:
    """Where the sources leave a cluster, read from its reported status."""

    PLANNED = "planned"  # proposed for the scheme: stays in the scheme
    APPRAISAL = "appraisal"  # "agreed to establish", no decision known: under appraisal (recorded by hand)
    ESTABLISHED = "established"
    SITE_CLEARANCE = "site_clearance"
    BUILDING = "building"  # works started 2021–2025: the plan's 26
    COMPLETED = "completed"  # infrastructure accepted in 2025, first tenants since (no central plant yet)
    OPERATING = "operating"


# Demo choices where the words say no more than "established": picked so the demo tasks (seed/demo_tasks.py) fit.
# Works started 2021–2025 besides those the sources report: with them, the plan's 26 "đã khởi công".
STARTED_IN_DEMO = {"HN-CCN-007", "HN-CCN-013", "HN-CCN-019", "HN-CCN-031", "HN-CCN-053", "HN-CCN-054",
                   "HN-CCN-057", "HN-CCN-058"}  # fmt: skip
# Phú Thịnh, Cầu Bầu giai đoạn 2: infrastructure accepted in 2025, their first tenant projects started soon after
# (so they operate, "đã có dự án đầu tư trong cụm"), land still mostly free: two of the plan's 6 to fill.
COMPLETED_IN_DEMO = {"HN-CCN-017", "HN-CCN-028"}
SITE_CLEARANCE_IN_DEMO = {"HN-CCN-020": 60, "HN-CCN-022": 70}  # Di Trạch, La Phù: land still being cleared
# How far an established cluster has gone: 1 detailed plan, 2 infrastructure project (else: the decision only).
STEP_IN_DEMO = {"HN-CCN-006": 1, "HN-CCN-011": 1, "HN-CCN-012": 0, "HN-CCN-018": 1, "HN-CCN-021": 2}
# Thường Tín's clusters are reported 100% filled.
FULL = {"HN-CCN-001", "HN-CCN-003", "HN-CCN-004", "HN-CCN-005"}
# The operating clusters whose plant the plan's 11 hand over in 2026 (dates in seed/demo_register.py), and those
# whose plant was built but never run.
HANDED_OVER_2026 = ["HN-CCN-001", "HN-CCN-003", "HN-CCN-047"]
PLANT_IDLE = {"HN-CCN-005", "HN-CCN-086"}
# The plan's 26: five of them are accepted in 2026 (in this order; dates in seed/demo_register.py).
COMPLETED_2026 = ["HN-CCN-066", "HN-CCN-067", "HN-CCN-065", "HN-CCN-044", "HN-CCN-019"]
# The plan's 6 to fill: operating clusters (infrastructure completed, tenants in) not yet full; the first two fill up
# in 2026.
TO_FILL = ["HN-CCN-024", "HN-CCN-023", "HN-CCN-002", "HN-CCN-047", "HN-CCN-028", "HN-CCN-017"]

PARTIAL_NUMBER_RE = re.compile(r"QĐ\s+(\d+)/QĐ-UBND(?:\s+(\d{1,2})/(\d{1,2})(?!/))?")
FULL_DATE_RE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})")
MONTH_RE = re.compile(r"(?<![\dQ/])(1[0-2]|0?[1-9])/((?:19|20)\d\d)")
YEAR_RE = re.compile(r"(?<![\d/])((?:19|20)\d\d)(?!\d)")
HALF_RE = re.compile(r"H([12])/((?:19|20)\d\d)")
DAY_MONTH_RE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")


@dataclass
class Report:
    """A periodic report's figures (``ClusterReport``) and the day the Department received it."""

    year: int
    period: str
    values: dict
    received_on: datetime.date


@dataclass
class DemoCluster:
    """The demo facts of one sourced cluster."""

    code: str
    name: str
    profile: str
    status_text: str = ""
    establishment: dict | None = None  # ClusterDecision values, when none is sourced
    values: dict = field(default_factory=dict)  # cluster fields to fill
    reports: list = field(default_factory=list)
    industrial: Decimal | None = None
    leased: Decimal | None = None
    committed: Decimal | None = None


def profile_of(code, row):
    text = row["status_as_reported"].lower()
    if "agreed to" in text:
        return Profile.APPRAISAL
    if "planned:" in text or "proposed" in text:
        return Profile.PLANNED
    if "operating" in text or "operational" in text:
        return Profile.OPERATING
    if any(word in text for word in ("groundbreaking", "construction", "infrastructure being completed")):
        return Profile.BUILDING
    if "land recovery" in text or code in SITE_CLEARANCE_IN_DEMO:
        return Profile.SITE_CLEARANCE
    if code in STARTED_IN_DEMO:
        return Profile.BUILDING
    if code in COMPLETED_IN_DEMO:
        return Profile.COMPLETED
    return Profile.ESTABLISHED


def demo_cluster(code, row, sourced):
    """The demo facts of the cluster ``code`` (CSV ``row``; ``sourced``: the values the reference loader gave it and
    its sourced decisions, ``(values, decisions)``)."""
    values, decisions = sourced
    rng = random.Random(code)
    profile = profile_of(code, row)
    demo = DemoCluster(code=code, name=values["name"], profile=profile, status_text=row["status_as_reported"])
    if profile == Profile.PLANNED:
        return demo
    if profile == Profile.APPRAISAL:
        demo.values["status"] = Cluster.Status.UNDER_APPRAISAL
        return demo
    number = int(code.rsplit("-", 1)[1])
    area = values["total_area_ha"]
    established = next((d for d in decisions if d["kind"] == "establish"), None)
    if established:
        founded = established["date"]
    else:
        founded, demo.establishment = _establishment(number, row, profile, rng, area, decisions)
    started = values.get("construction_started_on") or _started(row, profile, founded, rng)
    plan, project = _plan_and_project(profile, code, row, founded, started, rng)
    fields = demo.values
    if plan:
        district = values["former_district"]
        fields.update(
            detailed_plan_number=f"DEMO-QH{number:03d}/QĐ-UBND",
            detailed_plan_date=plan,
            detailed_plan_approver=f"UBND huyện {district}" if district else "UBND Thành phố Hà Nội",
        )
        if area:
            demo.industrial = (area * Decimal(rng.randint(68, 76)) / 100).quantize(CENT)
            fields["industrial_land_ha"] = demo.industrial
    if project:
        fields.update(infrastructure_project_number=f"DEMO-DA{number:03d}/QĐ-UBND", infrastructure_project_date=project)
        if not values.get("approved_investment_vnd") and area:
            fields["approved_investment_vnd"] = (area * rng.randint(14, 22) * 1_000_000_000).quantize(Decimal(1))
    if profile == Profile.SITE_CLEARANCE:
        fields["site_clearance_percent"] = SITE_CLEARANCE_IN_DEMO.get(code, 85)
    if started and profile in (Profile.BUILDING, Profile.COMPLETED, Profile.OPERATING):
        if not values.get("construction_started_on"):
            fields["construction_started_on"] = started
        fields["site_clearance_percent"] = 100
    if profile in (Profile.COMPLETED, Profile.OPERATING):
        _completed_and_operating(demo, row, started, rng)
    if profile == Profile.BUILDING and demo.industrial:
        fields["serviced_land_ha"] = (demo.industrial * Decimal(rng.randint(0, 40)) / 100).quantize(CENT)
    investment = fields.get("approved_investment_vnd") or values.get("approved_investment_vnd")
    if investment and profile in (Profile.BUILDING, Profile.COMPLETED, Profile.OPERATING):
        share = 95 if profile != Profile.BUILDING else rng.randint(20, 70)
        fields["disbursed_investment_vnd"] = (investment * share / 100).quantize(Decimal(1))
    return demo


def _establishment(number, row, profile, rng, area, decisions):
    """(date, decision values) of the establishment decision: the number and date the sources give, else invented."""
    text = row["status_as_reported"]
    # Only what the status says of the establishment ("established (10/2019)"), not of the works.
    clause = next((part for part in text.split(";") if "establish" in part), "")
    ref = row["decision_ref"]
    notes = []
    partial = PARTIAL_NUMBER_RE.search(ref) if not DECISION_RE.search(ref) else None
    date = None
    if partial and partial.group(2):
        # "QĐ 4754/QĐ-UBND 20/7 (year not stated)": the day is sourced; the year is that of its batch.
        date = datetime.date(2017, int(partial.group(3)), int(partial.group(2)))
        notes.append("Số và ngày, tháng theo nguồn; năm 2017 là giả định (DỮ LIỆU MẪU).")
    elif match := FULL_DATE_RE.search(clause):
        date = datetime.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        notes.append("Ngày theo nguồn.")
    elif match := MONTH_RE.search(clause):
        date = datetime.date(int(match.group(2)), int(match.group(1)), rng.randint(2, 27))
        notes.append("Tháng, năm theo nguồn; ngày là giả định (DỮ LIỆU MẪU).")
    elif "68/2017" in clause:
        date = datetime.date(rng.choice((2018, 2019)), rng.randint(1, 12), rng.randint(2, 27))
        notes.append("Thành lập theo Nghị định 68/2017/NĐ-CP; ngày là giả định (DỮ LIỆU MẪU).")
    elif match := YEAR_RE.search(clause):
        date = datetime.date(int(match.group(1)), rng.randint(1, 12), rng.randint(2, 27))
        notes.append("Năm theo nguồn; ngày, tháng là giả định (DỮ LIỆU MẪU).")
    elif "#67378" in clause:
        date = datetime.date(2017, rng.randint(7, 12), rng.randint(2, 27))
        notes.append("Cùng đợt thành lập năm 2017 theo nguồn; ngày, tháng là giả định (DỮ LIỆU MẪU).")
    else:
        years = (2017, 2020)
        if profile == Profile.OPERATING:
            # An old operating cluster, unless the sources report it opened lately ("operational" in 1/2025).
            years = (2015, 2019) if "operational" in text else (2004, 2010)
        date = datetime.date(rng.randint(*years), rng.randint(1, 12), rng.randint(2, 27))
        notes.append("Nguồn không nêu ngày thành lập: ngày là giả định (DỮ LIỆU MẪU).")
    expansions = [d["date"] for d in decisions]
    if expansions and date >= min(expansions):
        date = min(expansions) - datetime.timedelta(days=3650)
    if partial:
        decision_number = f"{partial.group(1)}/QĐ-UBND"
        notes.insert(0, f"Số quyết định theo nguồn: {ref}.")
    else:
        decision_number = f"DEMO-{number:03d}/QĐ-UBND"
        notes.insert(0, "Số quyết định là số mẫu (DỮ LIỆU MẪU): nguồn không nêu số.")
    before = row.get("area_before_expansion")
    decided = area
    if before:
        decided = Decimal(re.findall(r"\d+(?:\.\d+)?", before)[0]).quantize(CENT)
    return date, {
        "kind": "establish",
        "number": decision_number,
        "date": date,
        "area_after_ha": decided,
        "notes": " ".join(notes),
    }


def _started(row, profile, founded, rng):
    """The start of works the status reports to the month or year (the day invented); for a cluster the demo has
    start, a day in 2022–2025; for an operating one, a year or two after its establishment."""
    if profile not in (Profile.BUILDING, Profile.COMPLETED, Profile.OPERATING):
        return None
    text = row["status_as_reported"]
    works = re.search(r"(?:groundbreaking|construction began|construction started)([^;]*)", text)
    if works:
        part = works.group(1)
        if match := FULL_DATE_RE.search(part):
            return datetime.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if match := MONTH_RE.search(part):
            return datetime.date(int(match.group(2)), int(match.group(1)), rng.randint(2, 27))
        if match := HALF_RE.search(part):
            first = 1 if match.group(1) == "1" else 7
            return datetime.date(int(match.group(2)), rng.randint(first, first + 5), rng.randint(2, 27))
        if match := DAY_MONTH_RE.search(part):
            # "11/4 (year not given)", "4/11 (… context 2024)": the year of the other works of that time.
            return datetime.date(2024, int(match.group(2)), int(match.group(1)))
    if profile == Profile.OPERATING:
        return min(founded + datetime.timedelta(days=rng.randint(300, 700)), LAST_FACT)
    # Works the demo starts: in 2022–2025 (in 2022–2023 for a cluster the demo then accepts in 2025).
    latest = datetime.date(2023, 6, 30) if profile == Profile.COMPLETED else datetime.date(2025, 6, 30)
    earliest = max(founded + datetime.timedelta(days=400), datetime.date(2022, 1, 1))
    return earliest + datetime.timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))


def _plan_and_project(profile, code, row, founded, started, rng):
    """The dates of the detailed plan and of the infrastructure project, between establishment and works."""
    reported = re.search(r"1/500 plan approved (\d{1,2})/(\d{4})", row["status_as_reported"])
    if reported:
        return datetime.date(int(reported.group(2)), int(reported.group(1)), rng.randint(2, 27)), None
    if started:
        span = (started - founded).days
        return founded + datetime.timedelta(days=span * 35 // 100), founded + datetime.timedelta(days=span * 70 // 100)
    step = STEP_IN_DEMO.get(code, int(code[-2:]) % 3)
    if profile == Profile.SITE_CLEARANCE:
        step = 1
    if founded.year >= 2025:
        step = 0  # established this year: the detailed plan is still being drawn up
    plan = min(founded + datetime.timedelta(days=rng.randint(180, 420)), LAST_FACT) if step >= 1 else None
    project = min(plan + datetime.timedelta(days=rng.randint(90, 300)), LAST_FACT) if step >= 2 else None
    return plan, project


def _completed_and_operating(demo, row, started, rng):
    fields = demo.values
    text = row["status_as_reported"]
    if "approved and operational" in text and "(1/2025)" in text and started.year >= 2023:
        completed = max(started + datetime.timedelta(days=240), datetime.date(2024, 9, 1))
        completed = min(completed, datetime.date(2024, 11, 28))
    elif demo.profile == Profile.COMPLETED:
        completed = datetime.date(2025, rng.randint(3, 9), rng.randint(2, 27))
    else:
        completed = min(started + datetime.timedelta(days=rng.randint(450, 800)), LAST_FACT)
    fields["infrastructure_completed_on"] = completed
    fields["infrastructure_acceptance"] = (
        f"Biên bản nghiệm thu số DEMO-{demo.code[-3:]}/BB-NT ngày {completed:%d/%m/%Y} (DỮ LIỆU MẪU)"
    )
    if demo.industrial:
        fields["serviced_land_ha"] = demo.industrial
    if demo.profile == Profile.OPERATING:
        fields["operating_since"] = min(completed + datetime.timedelta(days=rng.randint(20, 150)), LAST_FACT)
        _plant(demo, rng, completed)
    else:
        # The first tenant project starts a few weeks after acceptance (its own draw: the land figures stay put).
        days = random.Random(f"{demo.code}-tenant").randint(20, 90)
        fields["operating_since"] = min(completed + datetime.timedelta(days=days), LAST_FACT)
    _land_and_reports(demo, rng)


def _plant(demo, rng, completed):
    """Every operating cluster has a central plant, built or being finished (the plan hands over 11)."""
    fields = demo.values
    area = demo.industrial or Decimal(20)
    fields["wastewater_capacity_m3_per_day"] = max(100, int(area * 25 / 50) * 50)
    if demo.code in HANDED_OVER_2026:
        fields["wastewater_status"] = Cluster.Wastewater.UNDER_CONSTRUCTION
        fields["wastewater_started_on"] = datetime.date(2024, rng.randint(1, 12), rng.randint(2, 27))
    elif demo.code in PLANT_IDLE:
        # Built but never run (the sources say so): recorded as not yet in operation.
        fields["wastewater_status"] = Cluster.Wastewater.UNDER_CONSTRUCTION
        fields["wastewater_started_on"] = completed - datetime.timedelta(days=rng.randint(200, 400))
        fields["wastewater_built_on"] = completed
    else:
        fields["wastewater_status"] = Cluster.Wastewater.OPERATING
        fields["wastewater_started_on"] = completed - datetime.timedelta(days=rng.randint(200, 400))
        fields["wastewater_built_on"] = completed


def _land_and_reports(demo, rng):
    """The land leased and committed (within the industrial land) and the periodic reports of 2024–2025, growing to
    the occupancy the sources report (Thường Tín's clusters full)."""
    industrial = demo.industrial
    if industrial:
        share = Decimal(100) if demo.code in FULL else Decimal(rng.randint(45, 80))
        if demo.profile == Profile.COMPLETED:
            share = Decimal(rng.randint(15, 35))
        demo.leased = (industrial * share / 100).quantize(CENT)
        room = industrial - demo.leased
        demo.committed = min(room, (industrial * Decimal(rng.randint(2, 6)) / 100).quantize(CENT))
        demo.values.update(leased_land_ha=demo.leased, committed_land_ha=demo.committed)
    received = {(2024, PeriodKind.ANNUAL): None, (2025, PeriodKind.HALF_YEAR): None, (2025, PeriodKind.ANNUAL): None}
    for index, (year, kind) in enumerate(received):
        lag = Decimal(2 - index) * Decimal("0.06")  # a little less land leased a period earlier
        closed = data_window(year, kind)[1]
        demo.reports.append(Report(year, kind, figures(demo, lag, closed=closed), received_after(year, kind)))


def figures(demo, lag, leased=None, closed=None):
    """A report's figures: land as leased then (``lag``: the share of industrial land leased since), projects and
    workers sized on that land (craft clusters lease small plots: about one project per half hectare); projects
    are active only once the cluster operates (at ``closed``, the close of the report's data window)."""
    random_state = random.Random(f"{demo.code}-{lag}")
    if demo.industrial:
        leased = leased if leased is not None else max(Decimal(0), demo.leased - (demo.industrial * lag).quantize(CENT))
        committed = min(demo.committed, demo.industrial - leased)
        tenants = max(1, int(leased / Decimal("0.5")))
        workers = int(leased * random_state.randint(45, 75))
    else:
        # No area in the sources: no land figures; the projects as reported ("86 licensed projects"), else a few dozen.
        leased = committed = None
        reported = re.search(r"(\d+) licensed projects", demo.status_text)
        base = int(reported.group(1)) if reported else random_state.randint(20, 60)
        tenants = max(5, int(base * (1 - float(lag))))
        workers = tenants * random_state.randint(25, 40)
    operating_since = demo.values.get("operating_since")
    operating = operating_since is not None and (closed is None or operating_since <= closed)
    active = tenants - tenants // 10 if operating else 0
    return {
        "leased_land_ha": leased,
        "committed_land_ha": committed,
        "tenant_projects": tenants,
        "foreign_projects": tenants // 20,
        "active_projects": active,
        "workers": workers if active else 0,
        "wastewater_built": demo.profile == Profile.OPERATING,
        "wastewater_compliant": False,
        "source": "DỮ LIỆU MẪU — số liệu báo cáo định kỳ mẫu, không phải số liệu thật.",
    }


def received_after(year, kind):
    """A report reaches the Department six days after its data window closes (Circular 14: by the 20th)."""
    return data_window(year, kind)[1] + datetime.timedelta(days=6)
