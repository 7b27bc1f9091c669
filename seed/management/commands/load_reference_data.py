"""Load the reference data of the installation's province (``--province``, default ``settings.PROVINCE_CODE``):
the province and its communes and wards from the national list (``places.provinces``), the Department's names
(created once, then the Department's to edit), the Circular 14 forms (``reporting.reference``), and the focal
agency. Hanoi (01) also loads Plan 305/KH-UBND: its groups, agencies, duties and targets, and the sourced cluster
register; any other province starts with an empty plan its coordinators build. ``--province national`` loads the
Ministry's installation (``national``): the 34 provinces and the Ministry as focal agency.

One installation serves one province: loading another province into a database that holds one is refused.
Safe to run again: it writes only what differs.

Clusters come from ``seed/data/hanoi-clusters-sourced-v2.csv`` (pieced together from public pages; each row
keeps its sources and its 2025 commune's code); communes from the national list ``places/data/vietnam-communes-2025.csv``
(Decision 19/2025/QĐ-TTg). Only sourced facts are loaded; the stage follows from them (``seed.cluster_register``).
Once loaded, the register belongs to the coordinators: later runs add missing clusters but leave existing
ones as edited, unless ``--refresh-clusters`` asks to re-apply the sourced values.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agencies.models import Agency
from clusters.models import Cluster, ClusterDecision
from core.loading import Tally, sync
from department.models import Department
from places import provinces
from places.models import Commune, Province
from reporting import reference as reporting_reference
from seed import reference_data as ref
from seed.cluster_register import cluster_decisions, cluster_values, sourced_rows
from tasks.models import Plan, Responsibility, Target, TaskGroup

# The focal agency of a province's plan (the Department itself), and the Ministry's in the national roll-up.
FOCAL_AGENCY_CODE = "SCT"
MINISTRY_AGENCY_CODE = "BCT"
NATIONAL_REASON = "Nạp dữ liệu tham chiếu CSDL quốc gia về cụm công nghiệp"


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu tham chiếu của tỉnh, thành phố (--province, mặc định PROVINCE_CODE): xã, phường, thông tin Sở, "
        "biểu mẫu Thông tư 14; với Hà Nội cả Kế hoạch 305/KH-UBND. Chạy lại nhiều lần không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            help=(
                "Mã tỉnh, thành phố theo danh mục 2025 (01 Hà Nội, 24 Bắc Ninh…), hoặc “national” cho CSDL quốc gia "
                "của Bộ Công Thương. Mặc định: PROVINCE_CODE của cài đặt."
            ),
        )
        parser.add_argument(
            "--refresh-clusters",
            action="store_true",
            help="Ghi đè các cụm đã có bằng số liệu trong tệp CSV (mặc định chỉ thêm cụm còn thiếu).",
        )

    def handle(self, *args, province=None, refresh_clusters=False, **options):
        code = (province or settings.PROVINCE_CODE).strip()
        self.tallies = {}
        if code == settings.NATIONAL:
            self.refuse_a_second_province(None)
            with transaction.atomic():
                self.load_national()
            return self.report_national()
        info = provinces.province(code)
        if info is None:
            known = ", ".join(f"{p.code} {p.short_name}" for p in provinces.provinces().values())
            raise CommandError(
                f"Không có tỉnh, thành phố mã “{code}” trong danh mục 2025 (places/data/provinces-2025.csv). "
                f"Các mã: {known}; hoặc “{settings.NATIONAL}” cho CSDL quốc gia."
            )
        self.refuse_a_second_province(info)
        self.reason = ref.LOAD_REASON if code == ref.PROVINCE["code"] else f"Nạp dữ liệu tham chiếu {info.name}"
        with transaction.atomic():
            province = self.load_places(info)
            self.load_department(province, info)
            if code == ref.PROVINCE["code"]:
                plan, groups = self.load_plan()
                clusters = self.load_clusters(province, refresh=refresh_clusters)
                agencies = self.load_agencies(plan, groups, clusters)
                self.load_targets(plan, agencies)
            else:
                plan = None
                self.load_focal_agency(info)
            self.load_report_forms()
        if plan is not None:
            self.report(plan)
        else:
            self.report_province(info)
        if code != settings.PROVINCE_CODE:
            self.stderr.write(
                self.style.WARNING(
                    f"Lưu ý: PROVINCE_CODE của cài đặt là “{settings.PROVINCE_CODE}”: đặt PROVINCE_CODE={code} "
                    "trong môi trường của ứng dụng để các trang dùng tỉnh vừa nạp."
                )
            )

    def tally(self, label):
        return self.tallies.setdefault(label, Tally())

    def refuse_a_second_province(self, info):
        """One installation, one province: a database that holds another province (or the national roll-up's
        34) is refused, before anything is written."""
        loaded = list(Province.objects.order_by("code"))
        if not loaded:
            return
        if info is None:
            if Commune.objects.exists() or Department.objects.exists():
                holder = Department.objects.select_related("province").first()
                name = holder.province.name if holder else loaded[0].name
                raise CommandError(
                    f"Cơ sở dữ liệu này là của {name}: mỗi cài đặt phục vụ một tỉnh, thành phố. "
                    "CSDL quốc gia cần một cơ sở dữ liệu mới."
                )
            return
        others = [p for p in loaded if p.code != info.code]
        if others:
            what = (
                "CSDL quốc gia (đã nạp danh sách 34 tỉnh, thành phố)"
                if len(loaded) > 1
                else f"{others[0].name} (mã {others[0].code})"
            )
            raise CommandError(
                f"Cơ sở dữ liệu này đã nạp {what}: mỗi cài đặt phục vụ một tỉnh, thành phố, không nạp thêm "
                f"{info.name}. Dùng một cơ sở dữ liệu mới (DATABASE_URL) với PROVINCE_CODE={info.code}."
            )

    # --- places --------------------------------------------------------------------------------------

    def load_places(self, info):
        tally = self.tally("xã, phường")
        province = sync(
            Province, {"code": info.code}, {"name": info.name}, reason=self.reason, tally=self.tally("tỉnh, thành phố")
        )
        existing = {commune.code: commune for commune in Commune.objects.filter(province=province)}
        for commune in provinces.communes_of(info.code):
            found = existing.get(commune.code)
            sync(
                Commune,
                {"code": commune.code},
                {"province": province, "name": commune.name, "kind": commune.kind},
                reason=self.reason,
                tally=tally,
                existing=found,
            )
            if found is None and info.mountain_default:
                # The province's default, set once: afterwards the flag is the Department's to correct.
                Commune.objects.filter(code=commune.code).update(is_mountain=True)
        return province

    def load_department(self, province, info):
        # Created once; afterwards the names are the Department's to edit. Hanoi's carry its contact too.
        values = ref.DEPARTMENT if info.code == ref.PROVINCE["code"] else info.department_values()
        sync(
            Department,
            {"province": province},
            values,
            reason=self.reason,
            tally=self.tally("thông tin Sở"),
            overwrite=False,
        )

    def load_focal_agency(self, info):
        """The Department as the focal agency of its plan: coordinators are its members (``Membership.clean``)."""
        sync(
            Agency,
            {"code": FOCAL_AGENCY_CODE},
            {
                "name": info.department_name,
                "short_name": "Sở Công Thương",
                "kind": Agency.Kind.DEPARTMENT,
                "is_focal_point": True,
            },
            reason=self.reason,
            tally=self.tally("cơ quan"),
            overwrite=False,
        )

    # --- the Ministry's installation -------------------------------------------------------------------

    def load_national(self):
        """The 34 provinces (without their communes: the roll-up counts provinces), the Circular 14 forms and the
        Ministry as the focal agency, whose coordinators collect the provinces' exports."""
        self.reason = NATIONAL_REASON
        for info in provinces.provinces().values():
            sync(
                Province,
                {"code": info.code},
                {"name": info.name},
                reason=self.reason,
                tally=self.tally("tỉnh, thành phố"),
            )
        sync(
            Agency,
            {"code": MINISTRY_AGENCY_CODE},
            {
                "name": "Bộ Công Thương",
                "short_name": "Bộ Công Thương",
                "kind": Agency.Kind.MINISTRY,
                "is_focal_point": True,
            },
            reason=self.reason,
            tally=self.tally("cơ quan"),
            overwrite=False,
        )
        self.load_report_forms()

    def report_national(self):
        self.stdout.write(
            self.style.SUCCESS("Đã nạp dữ liệu tham chiếu CSDL quốc gia về cụm công nghiệp (Bộ Công Thương):")
            + f"\n  {Province.objects.count()} tỉnh, thành phố; cơ quan đầu mối {MINISTRY_AGENCY_CODE}."
        )
        for label, tally in self.tallies.items():
            self.stdout.write(f"  {label}: {tally}")
        self.stdout.write(
            "Bước tiếp theo: đặt PROVINCE_CODE=national; tạo cán bộ điều phối (thành viên vai trò Điều phối của "
            f"cơ quan {MINISTRY_AGENCY_CODE}); nhận tệp xuất CSDL quốc gia của các tỉnh tại /national/ "
            "(docs/national.md)."
        )

    def report_province(self, info):
        self.stdout.write(
            self.style.SUCCESS(f"Đã nạp dữ liệu tham chiếu {info.name}:")
            + f"\n  {Commune.objects.count()} xã, phường, đặc khu; thông tin {info.department_name};"
            f" cơ quan đầu mối {FOCAL_AGENCY_CODE}; chưa có kế hoạch."
        )
        for label, tally in self.tallies.items():
            self.stdout.write(f"  {label}: {tally}")
        self.stdout.write(
            "Bước tiếp theo (docs/provinces.md):\n"
            f"  1. Đặt PROVINCE_CODE={info.code} trong môi trường của ứng dụng.\n"
            "  2. Tạo tài khoản quản trị (manage.py createsuperuser), rồi trong trang quản trị tạo cán bộ điều phối: "
            f"thành viên vai trò Điều phối của cơ quan {FOCAL_AGENCY_CODE}.\n"
            "  3. Kiểm tra tên Sở, địa danh và người ký văn bản (Thông tin Sở, Người ký văn bản).\n"
            "  4. Đánh dấu các xã, phường thuộc địa bàn miền núi (Xã, phường).\n"
            "  5. Lập kế hoạch năm của UBND tỉnh, cơ quan, nhiệm vụ và sổ đăng ký cụm trên các trang, hoặc nhập từ tệp."
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
            reason=self.reason,
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
