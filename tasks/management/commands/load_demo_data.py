"""Load DEMO data: demo users, about sixty invented tasks of Plan 305/KH-UBND through the workflow, and dated
2026 facts in the cluster register with the targets' cluster lists (so the dashboard's targets show progress).

Everything goes through ``tasks.services`` (assign, report progress, request and approve extensions,
report and accept completion, cancel), so the demo history reads like real use. Deadlines are relative
to today in Hanoi and chosen so that every deadline status appears. Deterministic: ``random.Random(305)``.
Running it again changes nothing once the demo tasks exist.
"""

import datetime
import os
import random
import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from agencies.models import Agency, Membership
from clusters import services as cluster_services
from clusters.models import Cluster, ClusterDecision, Province
from tasks import reference_data as ref
from tasks import services
from tasks.management.demo_tasks import DEMO_TASKS, PROGRESS_NOTES
from tasks.management.loading import Tally, sync
from tasks.models import DeadlineStatus, Plan, Task, local_today

DEMO_REASON = "DỮ LIỆU MẪU: giao nhiệm vụ theo Kế hoạch 305/KH-UBND"
SOURCE_DOCUMENT = "Kế hoạch số 305/KH-UBND ngày 12/11/2025 của UBND Thành phố"
Role = Membership.Role

# The people who log in (README, "Người dùng mẫu"): username, first name, last name, agency, role, title.
LOGIN_USERS = [
    ("sct.dieuphoi", "Hà", "Nguyễn Thu", "SCT", Role.COORDINATOR, "Chuyên viên Phòng Quản lý công nghiệp"),
    ("sxd.canbo", "Đức", "Trần Minh", "SXD", Role.OFFICER, "Chuyên viên Phòng Hạ tầng kỹ thuật"),
    ("stc.canbo", "Lan", "Lê Thị", "STC", Role.OFFICER, "Chuyên viên Phòng Đầu tư"),
    ("lanhdao.xem", "Hùng", "Phạm Quốc", "SCT", Role.VIEWER, "Phó Giám đốc Sở"),
]
# Staff of the other agencies, who cannot log in; they only give the demo's progress reports an author.
DEPARTMENT_REPORTER = "sct.tonghop"
REPORTING_AGENCIES = ["SNNMT", "CATP", "BQLDA-HTKT", "UBND-10231", "UBND-10015", "UBND-10003"]

# How many tasks end up in each situation; extension scenarios go to tasks led by SXD or STC, whose
# officers can log in and request them.
SCENARIOS = {
    "overdue": 9,
    "due_soon": 8,
    "on_track": 17,
    "no_deadline": 5,
    "done_on_time": 8,
    "done_late": 5,
    "awaiting_on_time": 2,
    "awaiting_late": 1,
    "cancelled": 2,
}
EXTENSION_SCENARIOS = ["extension_pending", "extension_pending", "extension_approved"]


# The register's demo facts, dated in the plan year 2026 (``load_register_facts``).
DEMO_CLUSTER_PREFIX = "MAU-"
CENT = Decimal("0.01")
INFRASTRUCTURE_COMPLETED_2026 = [
    datetime.date(2026, 3, 31),
    datetime.date(2026, 5, 15),
    datetime.date(2026, 6, 30),
    datetime.date(2026, 9, 10),
    datetime.date(2026, 10, 20),
]
FILLED_IN_2026 = 2
# (plant built, compliant since, handed over)
HANDOVERS_2026 = [
    (datetime.date(2025, 6, 30), datetime.date(2026, 2, 15), datetime.date(2026, 4, 1)),
    (datetime.date(2025, 9, 30), datetime.date(2026, 3, 20), datetime.date(2026, 7, 15)),
    (datetime.date(2025, 12, 15), datetime.date(2026, 5, 5), datetime.date(2026, 9, 30)),
]
# (code, name, area ha, establishment decision, plant compliant since or None)
NEW_CLUSTERS_2026 = [
    ("MAU-01", "CCN mẫu Phú Xuyên 2", Decimal("45"), datetime.date(2026, 2, 10), datetime.date(2026, 8, 1)),
    ("MAU-02", "CCN mẫu Ứng Hòa", Decimal("38.5"), datetime.date(2026, 5, 20), datetime.date(2026, 10, 1)),
    ("MAU-03", "CCN mẫu Sóc Sơn", Decimal("52"), datetime.date(2026, 9, 5), None),
]


def days(n):
    return datetime.timedelta(days=n)


class Command(BaseCommand):
    help = "Nạp DỮ LIỆU MẪU: người dùng mẫu và khoảng 60 nhiệm vụ mẫu (chạy lại không thay đổi gì)."

    def handle(self, *args, **options):
        self.stdout.write(self.style.WARNING("=== DỮ LIỆU MẪU — chỉ dùng để thử nghiệm, không phải số liệu thật ==="))
        if len(DEMO_TASKS) != sum(SCENARIOS.values()) + len(EXTENSION_SCENARIOS):
            raise CommandError("Số nhiệm vụ mẫu và số tình huống không khớp.")
        if not Plan.objects.filter(number=ref.PLAN["number"]).exists():
            self.stdout.write("Chưa có dữ liệu tham chiếu: nạp trước.")
            call_command("load_reference_data", stdout=self.stdout, stderr=self.stderr)
        with transaction.atomic():
            self.agencies = {agency.code: agency for agency in Agency.objects.all()}
            self.people, self.officers = self.load_users()
            if Task.objects.filter(code__startswith="KH305-").exists():
                self.stdout.write("Nhiệm vụ mẫu đã có: bỏ qua, không thay đổi gì.")
            else:
                self.load_tasks()
            self.load_register_facts()
        self.report()

    # --- users ----------------------------------------------------------------------------------------

    def load_users(self):
        User = get_user_model()
        password = os.environ.get("DEMO_PASSWORD") or ""
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        created_logins = []
        people, officers = {}, {}
        reporters = [
            (f"{code.lower().replace('-', '')}.canbo", "", f"Cán bộ {self.agencies[code]}", code, Role.OFFICER, "")
            for code in REPORTING_AGENCIES
        ]
        # The Department's own tasks are reported done by a second coordinator: the one who accepts a
        # completion may not be the one who reported it (four eyes).
        reporters.append((DEPARTMENT_REPORTER, "", "Cán bộ tổng hợp Sở Công Thương", "SCT", Role.COORDINATOR, ""))
        tally = Tally()
        for username, first, last, agency_code, role, title in LOGIN_USERS + reporters:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@example.gov.vn",
                    is_staff=role == Role.COORDINATOR,
                )
                if any(username == login[0] for login in LOGIN_USERS):
                    user.set_password(password)
                    created_logins.append(username)
                else:
                    user.set_unusable_password()
                user.save()
            sync(
                Membership,
                {"user": user, "is_active": True},
                {"agency": self.agencies[agency_code], "role": role, "title": title},
                reason="DỮ LIỆU MẪU: phân công người dùng mẫu",
                tally=tally,
                overwrite=False,
            )
            people[username] = user
            if role == Role.OFFICER:
                officers[agency_code] = user
        if created_logins:
            shown = password if generated else "(lấy từ biến môi trường DEMO_PASSWORD)"
            self.stdout.write(f"Người dùng mẫu: {', '.join(created_logins)} — mật khẩu: {shown}")
            if generated:
                self.stdout.write("Mật khẩu chỉ hiện một lần; đặt DEMO_PASSWORD để tự chọn.")
        else:
            self.stdout.write("Người dùng mẫu đã có; mật khẩu không đổi.")
        return people, officers

    # --- tasks ---------------------------------------------------------------------------------------

    def load_tasks(self):
        rng = random.Random(305)
        self.rng = rng
        self.today = local_today()
        self.coordinator = self.people["sct.dieuphoi"]
        plan = Plan.objects.get(number=ref.PLAN["number"])
        groups = {group.number: group for group in plan.task_groups.all()}
        clusters = {cluster.code: cluster for cluster in Cluster.objects.all()}

        extension_candidates = [row for row in DEMO_TASKS if row[1] in ("SXD", "STC")]
        extension_rows = rng.sample(extension_candidates, len(EXTENSION_SCENARIOS))
        scenarios = [name for name, count in SCENARIOS.items() for _ in range(count)]
        rng.shuffle(scenarios)
        plan_of = dict(zip((row[0] for row in extension_rows), EXTENSION_SCENARIOS, strict=True))
        remaining = iter(scenarios)
        first_on_time = True
        for code, lead, supporting, cluster_codes, title, output in DEMO_TASKS:
            scenario = plan_of.get(code) or next(remaining)
            due, start = self.dates_for(scenario)
            task = services.task_create(
                actor=self.coordinator,
                group=groups[int(code.split("-")[1].split(".")[0])],
                code=code,
                title=title,
                lead_agency=self.agencies[lead],
                supporting_agencies=[self.agencies[c] for c in supporting],
                clusters=[clusters[c] for c in cluster_codes if c in clusters],
                description=f"Nhiệm vụ mẫu theo {SOURCE_DOCUMENT}.",
                expected_output=output,
                start_date=start,
                due_date=due,
                priority=rng.choices(list(Task.Priority.values), weights=[2, 7, 1])[0],
                source_document=SOURCE_DOCUMENT,
                responsible_user=self.officers.get(lead) if lead in ("SXD", "STC") else None,
                reason=DEMO_REASON,
            )
            exact = scenario == "done_on_time" and first_on_time
            first_on_time = first_on_time and not exact
            self.play(task, scenario, completed_on_due_date=exact)

    def dates_for(self, scenario):
        """(due date, start date) for a scenario, relative to today in Hanoi."""
        rng, today, soon = self.rng, self.today, settings.DUE_SOON_DAYS
        due = {
            "overdue": today - days(rng.randint(1, 40)),
            "due_soon": today + days(rng.randint(0, soon)),
            "on_track": today + days(rng.randint(soon + 1, 200)),
            "no_deadline": None,
            "done_on_time": today - days(rng.randint(5, 60)),
            "done_late": today - days(rng.randint(25, 60)),
            "awaiting_on_time": today + days(rng.randint(3, 20)),
            "awaiting_late": today - days(rng.randint(5, 15)),
            "cancelled": today + days(rng.randint(30, 90)),
            "extension_pending": today + days(rng.randint(2, 12)),
            "extension_approved": today - days(rng.randint(2, 6)),
        }[scenario]
        start = (due or today) - days(rng.randint(60, 120))
        return due, start

    def reporter(self, task):
        """Who reports on a task: an officer of the lead agency; a second coordinator for the Department's own."""
        return self.officers.get(task.lead_agency.code, self.people[DEPARTMENT_REPORTER])

    def progress(self, task, percent, on):
        services.progress_report_create(
            actor=self.reporter(task),
            task=task,
            text=self.rng.choice(PROGRESS_NOTES),
            progress_percent=percent,
            reported_on=min(max(on, task.start_date), self.today),
        )

    def play(self, task, scenario, *, completed_on_due_date=False):
        """Take the task through the workflow steps its scenario needs."""
        rng, today = self.rng, self.today
        if scenario in ("overdue", "due_soon", "on_track", "no_deadline"):
            started = task.start_date <= today - days(20)
            if started and (scenario == "due_soon" or rng.random() < 0.6):
                first = rng.randint(10, 40)
                self.progress(task, first, today - days(rng.randint(20, 40)))
                if rng.random() < 0.5:
                    self.progress(task, min(95, first + rng.randint(15, 45)), today - days(rng.randint(1, 15)))
            return
        if scenario == "cancelled":
            services.task_cancel(
                actor=self.coordinator,
                task=task,
                reason="Nội dung đã được lồng ghép vào nhiệm vụ khác của Kế hoạch (dữ liệu mẫu).",
            )
            return
        if scenario in ("extension_pending", "extension_approved"):
            self.progress(task, rng.randint(30, 60), today - days(rng.randint(5, 20)))
            officer = self.reporter(task)
            extension = services.extension_request_create(
                actor=officer,
                task=task,
                proposed_due_date=max(task.due_date, today) + days(rng.randint(20, 45)),
                reason="Chờ ý kiến thống nhất của các sở, ngành liên quan (dữ liệu mẫu).",
                letter_number=f"{rng.randint(100, 999)}/{task.lead_agency.code}-KH",
                letter_date=today - days(1),
            )
            if scenario == "extension_approved":
                services.extension_request_approve(
                    actor=self.coordinator,
                    extension_request=extension,
                    decision_note="Đồng ý gia hạn (dữ liệu mẫu).",
                    decision_document=f"Văn bản số {rng.randint(1000, 4999)}/SCT-QLCN",
                )
            return
        # Completions: on time, late, or reported and awaiting the Department's acceptance.
        due = task.due_date
        if scenario == "done_on_time":
            completed = due if completed_on_due_date else max(task.start_date, due - days(rng.randint(1, 10)))
        elif scenario == "done_late":
            completed = min(today - days(1), due + days(rng.randint(1, 20)))
        elif scenario == "awaiting_on_time":
            completed = today - days(rng.randint(0, 2))
        else:  # awaiting_late
            completed = today - days(1)
        self.progress(task, rng.randint(50, 80), completed - days(rng.randint(10, 20)))
        task = services.task_report_completion(
            actor=self.reporter(task),
            task=task,
            completed_on=completed,
            evidence=f"Đã hoàn thành, sản phẩm: {task.expected_output} (dữ liệu mẫu).",
        )
        if scenario.startswith("done"):
            services.task_accept_completion(actor=self.coordinator, task=task, note="Đạt yêu cầu (dữ liệu mẫu).")

    # --- the register's 2026 facts and the targets' lists ----------------------------------------------

    def load_register_facts(self):
        """Dated 2026 facts in the register and the targets' cluster lists, so the demo dashboard's targets
        show progress: infrastructure completed, clusters filled, new clusters established with a compliant
        plant, plants handed over. All through the services with a DỮ LIỆU MẪU reason; each step is done only
        when its result is missing, so a second run changes nothing."""
        self.today = local_today()
        self.coordinator = self.people["sct.dieuphoi"]
        plan = Plan.objects.get(number=ref.PLAN["number"])
        targets = {target.order: target for target in plan.targets.all()}
        register = list(
            Cluster.objects.exclude(code__startswith=DEMO_CLUSTER_PREFIX)
            .exclude(status=Cluster.Status.REVOKED)
            .order_by("code")
        )
        operating = [c for c in register if c.status == Cluster.Status.OPERATING]
        building = [c for c in register if c.status != Cluster.Status.OPERATING]
        with_area = [c for c in register if c.total_area_ha]

        # Target 1: the clusters started in 2021-2025 (those not yet operating); some completed in 2026.
        started = building[:26]
        for cluster, day in zip(started, INFRASTRUCTURE_COMPLETED_2026, strict=False):
            self.update(
                cluster,
                "DỮ LIỆU MẪU: nghiệm thu hoàn thành hạ tầng",
                "infrastructure_completed_on",
                infrastructure_completed_on=self.dated(day),
                infrastructure_acceptance=f"Biên bản nghiệm thu số {day:%d%m}/BB-NT ngày {day:%d/%m/%Y} (mẫu)",
            )
        self.name_list(targets.get(1), started, "DỮ LIỆU MẪU: danh sách 26 cụm hoàn thành hạ tầng")

        # Target 2: six clusters with infrastructure in place, two of them filled (100%) in 2026.
        to_fill = [c for c in operating + started if c.total_area_ha][:6]
        for index, cluster in enumerate(to_fill):
            industrial = cluster.industrial_land_ha or (cluster.total_area_ha * Decimal("0.7")).quantize(CENT)
            share = Decimal(1) if index < FILLED_IN_2026 else Decimal("0.6") + Decimal(index) / 20
            self.update(
                Cluster.objects.get(pk=cluster.pk),
                "DỮ LIỆU MẪU: cập nhật diện tích đất đã cho thuê",
                "leased_land_ha",
                industrial_land_ha=industrial,
                leased_land_ha=(industrial * share).quantize(CENT),
            )
        self.name_list(targets.get(2), to_fill, "DỮ LIỆU MẪU: danh sách 6 cụm cần lấp đầy")

        # Target 5: eleven operating clusters' plants, three handed over in 2026.
        plants = (operating + [c for c in with_area if c not in operating])[:11]
        for cluster, (built, compliant, handed) in zip(plants, HANDOVERS_2026, strict=False):
            self.update(
                Cluster.objects.get(pk=cluster.pk),
                "DỮ LIỆU MẪU: bàn giao trạm xử lý nước thải",
                "wastewater_handed_over_on",
                wastewater_status=Cluster.Wastewater.OPERATING,
                wastewater_built_on=built,
                wastewater_compliant=True,
                wastewater_compliant_since=self.dated(compliant),
                wastewater_handed_over_on=self.dated(handed),
            )
        self.name_list(targets.get(5), plants, "DỮ LIỆU MẪU: danh sách 11 cụm bàn giao trạm xử lý nước thải")

        # Targets 3 and 4: new clusters established in 2026, two of three with a compliant plant.
        province = Province.objects.get(code=ref.PROVINCE["code"])
        for code, name, area, day, compliant in NEW_CLUSTERS_2026:
            cluster = Cluster.objects.filter(code=code).first() or cluster_services.cluster_create(
                actor=self.coordinator,
                reason="DỮ LIỆU MẪU: cụm mới trong phương án phát triển",
                code=code,
                name=name,
                province=province,
                status=Cluster.Status.IN_SCHEME,
                is_new_in_plan=True,
                total_area_ha=area,
                data_source="DỮ LIỆU MẪU — không phải số liệu thật.",
            )
            if not cluster.decisions.filter(kind=ClusterDecision.Kind.ESTABLISH).exists():
                cluster_services.cluster_decision_create(
                    actor=self.coordinator,
                    cluster=cluster,
                    reason="DỮ LIỆU MẪU: quyết định thành lập cụm",
                    kind=ClusterDecision.Kind.ESTABLISH,
                    number=f"{day:%d%m}/QĐ-UBND (mẫu)",
                    date=self.dated(day),
                    area_after_ha=area,
                )
            if compliant:
                self.update(
                    Cluster.objects.get(pk=cluster.pk),
                    "DỮ LIỆU MẪU: trạm xử lý nước thải đạt quy chuẩn",
                    "wastewater_compliant",
                    wastewater_status=Cluster.Wastewater.OPERATING,
                    wastewater_compliant=True,
                    wastewater_compliant_since=self.dated(compliant),
                )

    def dated(self, day):
        """A 2026 date of the demo, never after today (the demo may be loaded early in the year)."""
        return min(day, self.today)

    def update(self, cluster, reason, key, **values):
        """Record the demo fact ``values`` unless the cluster already has one (its ``key`` field is set): a
        second run, even on a later day, leaves the register as the first run (or a coordinator) left it."""
        if getattr(cluster, key) not in (None, "", False):
            return
        changes = {name: value for name, value in values.items() if getattr(cluster, name) != value}
        if changes:
            cluster_services.cluster_update(actor=self.coordinator, cluster=cluster, reason=reason, **changes)

    def name_list(self, target, clusters, reason):
        if target is not None and clusters and not target.clusters.exists():
            services.target_clusters_set(actor=self.coordinator, target=target, clusters=clusters, reason=reason)

    # --- summary --------------------------------------------------------------------------------------

    def report(self):
        tasks = Task.objects.filter(code__startswith="KH305-").with_deadline_status()
        counts = dict(tasks.values_list("deadline_status").annotate(n=Count("pk")).values_list("deadline_status", "n"))
        lines = [f"  {DeadlineStatus(code).label}: {counts.get(code, 0)}" for code in DeadlineStatus.values]
        lines.append(f"  Đã hủy: {counts.get(None, 0)}")
        self.stdout.write(self.style.SUCCESS(f"DỮ LIỆU MẪU: {tasks.count()} nhiệm vụ mẫu theo tình trạng thời hạn:"))
        self.stdout.write("\n".join(lines))
