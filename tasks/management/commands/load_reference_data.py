"""Load Plan 305/KH-UBND's reference data: Hanoi and its communes, the plan, its groups, agencies,
duties and targets, and the sourced cluster register. Safe to run again: it writes only what differs.

Clusters come from ``clusters/data/hanoi-clusters-sourced.csv`` (pieced together from news pages; each row
keeps its sources) and communes from ``clusters/data/hanoi-communes-2025.csv`` (Decision 19/2025/QĐ-TTg).
Once loaded, the register belongs to the coordinators: later runs add missing clusters but leave existing
ones as edited, unless ``--refresh-clusters`` asks to re-apply the sourced values.
"""

import csv
import datetime
import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from agencies.models import Agency, Responsibility
from clusters.models import Cluster, Commune, Province
from tasks import reference_data as ref
from tasks.management.loading import Tally, sync
from tasks.models import Plan, Target, TaskGroup

DATA_DIR = Path(settings.BASE_DIR) / "clusters" / "data"
CLUSTERS_CSV = DATA_DIR / "hanoi-clusters-sourced.csv"
COMMUNES_CSV = DATA_DIR / "hanoi-communes-2025.csv"
CLUSTER_CODE = "HN-CCN-{:03d}"

DECISION_RE = re.compile(r"QĐ\s+(\d+/QĐ-UBND)\s+(\d{1,2})/(\d{1,2})/(\d{4})")
INVESTMENT_RE = re.compile(r"TMĐT\s+(\d+(?:\.\d+)?)\s*bn VND")
NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
TWO_PLACES = Decimal("0.01")


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Command(BaseCommand):
    help = "Nạp dữ liệu tham chiếu Kế hoạch 305/KH-UBND (chạy lại nhiều lần không thay đổi gì)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh-clusters",
            action="store_true",
            help="Ghi đè các cụm đã có bằng số liệu trong tệp CSV (mặc định chỉ thêm cụm còn thiếu).",
        )

    def handle(self, *args, refresh_clusters=False, **options):
        self.tallies = {}
        with transaction.atomic():
            province = self.load_places()
            plan, groups = self.load_plan()
            clusters = self.load_clusters(province, refresh=refresh_clusters)
            agencies = self.load_agencies(plan, groups, clusters)
            self.load_targets(plan, clusters, agencies)
        self.report(plan)

    def tally(self, label):
        return self.tallies.setdefault(label, Tally())

    # --- places --------------------------------------------------------------------------------------

    def load_places(self):
        tally = self.tally("xã, phường")
        province = sync(
            Province,
            {"code": ref.PROVINCE["code"]},
            {"name": ref.PROVINCE["name"]},
            reason=ref.LOAD_REASON,
            tally=self.tally("tỉnh, thành phố"),
        )
        existing = {commune.code: commune for commune in Commune.objects.all()}
        for row in read_csv(COMMUNES_CSV):
            if row["province_code"] != province.code:
                continue
            sync(
                Commune,
                {"code": row["code"]},
                {"province": province, "name": row["name"], "kind": row["kind"]},
                reason=ref.LOAD_REASON,
                tally=tally,
                existing=existing.get(row["code"]),
            )
        return province

    # --- the plan -----------------------------------------------------------------------------------

    def load_plan(self):
        values = {name: value for name, value in ref.PLAN.items() if name != "number"}
        plan = sync(Plan, {"number": ref.PLAN["number"]}, values, reason=ref.LOAD_REASON, tally=self.tally("kế hoạch"))
        tally = self.tally("nhóm nhiệm vụ")
        groups = {
            number: sync(
                TaskGroup, {"plan": plan, "number": number}, {"name": name}, reason=ref.LOAD_REASON, tally=tally
            )
            for number, name in ref.TASK_GROUPS.items()
        }
        return plan, groups

    # --- agencies and their duties ------------------------------------------------------------------

    def load_agencies(self, plan, groups, clusters):
        agencies_tally, duties_tally = self.tally("cơ quan"), self.tally("trách nhiệm")
        agencies = {}
        for order, spec in enumerate(ref.CITY_AGENCIES, start=1):
            agency = sync(
                Agency,
                {"code": spec["code"]},
                {
                    "name": spec["name"],
                    "short_name": spec["short_name"],
                    "kind": spec["kind"],
                    "is_focal_point": spec.get("is_focal_point", False),
                },
                reason=ref.LOAD_REASON,
                tally=agencies_tally,
            )
            agencies[agency.code] = agency
            self.load_duty(
                agency, plan, spec["responsibility"], [groups[n] for n in spec["groups"]], order, duties_tally
            )

        host_communes = sorted(
            {commune for cluster in clusters for commune in cluster.communes.all()}, key=lambda c: c.code
        )
        for order, commune in enumerate(host_communes, start=len(ref.CITY_AGENCIES) + 1):
            agency = sync(
                Agency,
                {"code": ref.commune_committee_code(commune.code)},
                {
                    "name": f"UBND {commune.full_name}",
                    "short_name": f"UBND {commune.full_name}",
                    "kind": Agency.Kind.COMMUNE_COMMITTEE,
                    "commune": commune,
                },
                reason=ref.LOAD_REASON,
                tally=agencies_tally,
            )
            agencies[agency.code] = agency
            duty_groups = [groups[n] for n in ref.COMMUNE_COMMITTEE_GROUPS]
            self.load_duty(agency, plan, ref.COMMUNE_COMMITTEE_RESPONSIBILITY, duty_groups, order, duties_tally)
        return agencies

    def load_duty(self, agency, plan, text, groups, order, tally):
        sync(
            Responsibility,
            {"agency": agency, "plan": plan},
            {"text": text, "order": order},
            m2m={"task_groups": groups},
            reason=ref.LOAD_REASON,
            tally=tally,
        )

    # --- targets --------------------------------------------------------------------------------------

    def load_targets(self, plan, clusters, agencies):
        tally = self.tally("chỉ tiêu")
        not_operating = [cluster for cluster in clusters if cluster.status != Cluster.Status.OPERATING]
        for spec in ref.TARGETS:
            responsible = spec.get("responsible_agency")
            sync(
                Target,
                {"plan": plan, "order": spec["order"]},
                {
                    "description": spec["description"],
                    "measure": spec["measure"],
                    "target_min": spec["target_min"],
                    "target_max": spec.get("target_max"),
                    "unit": spec["unit"],
                    "responsible_agency": agencies[responsible] if responsible else None,
                    "notes": spec["notes"],
                },
                # The named set is an assumption coordinators adjust: set once, then left to them.
                m2m={"clusters": not_operating if spec.get("named_set") == "not_operating" else []},
                m2m_on_create_only=("clusters",),
                reason=ref.LOAD_REASON,
                tally=tally,
            )

    # --- the cluster register -----------------------------------------------------------------------

    def load_clusters(self, province, *, refresh):
        tally = self.tally("cụm công nghiệp")
        communes = list(Commune.objects.filter(province=province))
        existing = {cluster.code: cluster for cluster in Cluster.objects.prefetch_related("communes")}
        clusters = []
        for index, row in enumerate(read_csv(CLUSTERS_CSV), start=1):
            code = CLUSTER_CODE.format(index)
            values, current_communes, warnings = cluster_values(row, province, communes)
            for warning in warnings:
                self.stderr.write(self.style.WARNING(f"{code}: {warning}"))
            cluster = sync(
                Cluster,
                {"code": code},
                values,
                m2m={"communes": current_communes},
                reason=ref.LOAD_REASON,
                tally=tally,
                existing=existing.get(code),
                overwrite=refresh,
            )
            clusters.append(cluster)
        return clusters

    # --- summary --------------------------------------------------------------------------------------

    def report(self, plan):
        city = Agency.objects.filter(code__in=ref.CITY_AGENCY_CODES).count()
        committees = Agency.objects.filter(kind=Agency.Kind.COMMUNE_COMMITTEE).count()
        self.stdout.write(
            self.style.SUCCESS(f"Đã nạp dữ liệu tham chiếu Kế hoạch {plan.number} ({plan.title}):")
            + f"\n  {plan.task_groups.count()} nhóm nhiệm vụ, {plan.targets.count()} chỉ tiêu,"
            f" {city} cơ quan cấp Thành phố và {committees} UBND xã, phường,"
            f" {Cluster.objects.count()} cụm công nghiệp, {Commune.objects.count()} xã, phường."
        )
        for label, tally in self.tallies.items():
            self.stdout.write(f"  {label}: {tally}")


# --- one CSV row → one cluster record ---------------------------------------------------------------


def cluster_values(row, province, communes):
    """The cluster fields a sourced CSV row gives, its current communes, and warnings for the operator.

    Every interpretation is written into ``notes`` next to the raw value, so a reader can check it.
    """
    notes, warnings = [], []
    name = row["name_vi"].strip().replace("(expanded)", "(mở rộng)")
    status_text = row["status_as_reported"].strip()
    status = _status(status_text)
    area, area_note = _area(row["area_ha"])
    former_commune, commune_note = _former_commune(row["old_commune"])
    current_communes, commune_warning = _current_communes(row["new_commune_2025"], communes)
    decision_ref = row["decision_ref"].strip()
    decisions = DECISION_RE.findall(decision_ref)

    values = {
        "name": name,
        "type": Cluster.Type.CRAFT_VILLAGE if "làng nghề" in name.lower() else Cluster.Type.GENERAL,
        "province": province,
        "former_district": row["old_district"].strip(),
        "former_commune": former_commune,
        "total_area_ha": area,
        "status": status,
        "status_decision": "",
        "status_decision_date": None,
        "establishment_decision_number": "",
        "establishment_decision_date": None,
        "investor_name": row["infra_investor"].strip(),
        "investor_kind": _investor_kind(row["infra_investor"]),
        "approved_investment_vnd": None,
        "wastewater_status": Cluster.Wastewater.PLANNED if "wwtp planned" in status_text.lower() else "none",
        "data_source": row["source_url"].strip(),
        "data_as_of": None,
    }
    if decisions:
        number, day, month, year = decisions[0]
        date = datetime.date(int(year), int(month), int(day))
        values["status_decision"], values["status_decision_date"] = f"Quyết định số {number}", date
        if status != Cluster.Status.SITE_CLEARANCE:
            # The decision behind an "established" or "expansion decided" status is the establishment one.
            values["establishment_decision_number"], values["establishment_decision_date"] = number, date
    investment = INVESTMENT_RE.search(decision_ref)
    if investment:
        values["approved_investment_vnd"] = (Decimal(investment.group(1)) * 1_000_000_000).quantize(Decimal(1))

    notes.append(f"Tình trạng theo nguồn: {status_text}.")
    if decision_ref:
        notes.append(f"Văn bản, số liệu theo nguồn: {decision_ref}.")
    notes += [note for note in (area_note, commune_note) if note]
    if commune_warning:
        notes.append(commune_warning)
        warnings.append(commune_warning)
    notes.append(f"Trường có nguồn: {row['fields_sourced'].strip()}.")
    values["notes"] = "\n".join(notes)
    return values, current_communes, warnings


def _status(text):
    lowered = text.lower()
    if "operating" in lowered:
        return Cluster.Status.OPERATING
    if "land clearance" in lowered:
        return Cluster.Status.SITE_CLEARANCE
    return Cluster.Status.ESTABLISHED


def _area(raw):
    raw = raw.strip()
    if not raw:
        return None, ""
    numbers = NUMBER_RE.findall(raw)
    if not numbers:
        return None, f"Diện tích theo nguồn không đọc được: {raw}."
    area = Decimal(numbers[0])
    rounded = area.quantize(TWO_PLACES)
    if "conflict" in raw or len(numbers) > 1:
        return rounded, f"Diện tích theo các nguồn không thống nhất ({raw}); lấy giá trị đầu tiên."
    if rounded != area:
        return rounded, f"Diện tích theo nguồn: {raw} ha (làm tròn đến 0,01 ha)."
    return rounded, ""


def _former_commune(raw):
    raw = raw.strip()
    if raw.startswith("("):
        return "", f"Xã cũ: nguồn không rõ {raw}."
    if raw.startswith("TT "):
        raw = "Thị trấn " + raw[3:]
    return raw.replace(" + ", ", "), ""


def _current_communes(raw, communes):
    """``"Phường Chương Mỹ"`` → the ward Chương Mỹ; ``"Thượng Phúc"`` → the commune (xã) of that name."""
    raw = raw.strip()
    if not raw:
        return [], ""
    kind = None
    for label, value in (("Phường ", Commune.Kind.WARD), ("Xã ", Commune.Kind.COMMUNE)):
        if raw.startswith(label):
            kind, raw = value, raw[len(label) :]
    matches = [c for c in communes if c.name == raw and (kind is None or c.kind == kind)]
    if len(matches) != 1:
        return [], f"Không xác định được xã, phường hiện nay “{raw}” trong danh mục 2025 ({len(matches)} kết quả)."
    return matches, ""


def _investor_kind(raw):
    raw = raw.strip()
    if not raw:
        return ""
    if raw.startswith("BQLDA"):
        return Cluster.InvestorKind.STATE_BOARD
    if raw.startswith("HTX"):
        return Cluster.InvestorKind.COOPERATIVE
    return Cluster.InvestorKind.ENTERPRISE
