"""Load Plan 305/KH-UBND's reference data: Hanoi and its communes, the plan, its groups, agencies,
duties and targets, the sourced cluster register, and the Circular 14 forms (``reporting.reference``).
Safe to run again: it writes only what differs.

Clusters come from ``seed/data/hanoi-clusters-sourced-v2.csv`` (pieced together from public pages; each row
keeps its sources and its 2025 commune's code) and communes from ``places/data/hanoi-communes-2025.csv``
(Decision 19/2025/QĐ-TTg). Only sourced facts are loaded; the stage follows from them (``seed.cluster_register``).
Once loaded, the register belongs to the coordinators: later runs add missing clusters but leave existing
ones as edited, unless ``--refresh-clusters`` asks to re-apply the sourced values.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from agencies.models import Agency
from clusters.models import Cluster, ClusterDecision
from core.loading import Tally, sync
from department.models import Department
from places.models import Commune, Province
from places.reference import COMMUNES_CSV
from reporting import reference as reporting_reference
from seed import reference_data as ref
from seed.cluster_register import cluster_decisions, cluster_values, read_csv, sourced_rows
from tasks.models import Plan, Responsibility, Target, TaskGroup


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
            self.load_department(province)
            plan, groups = self.load_plan()
            clusters = self.load_clusters(province, refresh=refresh_clusters)
            agencies = self.load_agencies(plan, groups, clusters)
            self.load_targets(plan, agencies)
            self.load_report_forms()
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

    def load_department(self, province):
        # Created once; afterwards the names are the Department's to edit.
        sync(
            Department,
            {"province": province},
            ref.DEPARTMENT,
            reason=ref.LOAD_REASON,
            tally=self.tally("thông tin Sở"),
            overwrite=False,
        )

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

    # --- the Circular 14 forms, their indicators and this year's periods ---------------------------------

    def load_report_forms(self):
        reporting_reference.load(
            reason=ref.LOAD_REASON,
            forms_tally=self.tally("biểu báo cáo"),
            indicators_tally=self.tally("chỉ tiêu báo cáo"),
        )

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
                    # Decree 30 writes "UBND xã Tây Phương": the unit's kind in lower case.
                    "name": f"UBND {commune.get_kind_display().lower()} {commune.name}",
                    "short_name": f"UBND {commune.get_kind_display().lower()} {commune.name}",
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

    def load_targets(self, plan, agencies):
        tally = self.tally("chỉ tiêu")
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
                # The plan names no clusters: a target is created with an empty list, which then belongs to the
                # coordinators (a later run never touches it).
                m2m={"clusters": []},
                m2m_on_create_only=("clusters",),
                reason=ref.LOAD_REASON,
                tally=tally,
            )

    # --- the cluster register -----------------------------------------------------------------------

    def load_clusters(self, province, *, refresh):
        tally = self.tally("cụm công nghiệp")
        communes = {commune.code: commune for commune in Commune.objects.filter(province=province)}
        existing = {cluster.code: cluster for cluster in Cluster.objects.prefetch_related("communes")}
        clusters = []
        for code, row in sourced_rows():
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
            for decision in cluster_decisions(row):
                number = decision.pop("number")
                sync(
                    ClusterDecision,
                    {"cluster": cluster, "number": number},
                    decision,
                    reason=ref.LOAD_REASON,
                    tally=self.tally("quyết định về cụm"),
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
