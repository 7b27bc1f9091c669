"""Load DEMO data: demo users and about sixty invented tasks of Plan 305/KH-UBND, through the workflow.

Everything goes through ``tasks.services`` (assign, report progress, request and approve extensions,
report and accept completion, cancel), so the demo history reads like real use. Deadlines are relative
to today in Hanoi and chosen so that every deadline status appears. Deterministic: ``random.Random(305)``.
Running it again changes nothing once the demo tasks exist.
"""

import datetime
import os
import random
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from agencies.models import Agency, Membership
from clusters.models import Cluster
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

    # --- summary --------------------------------------------------------------------------------------

    def report(self):
        tasks = Task.objects.filter(code__startswith="KH305-").with_deadline_status()
        counts = dict(tasks.values_list("deadline_status").annotate(n=Count("pk")).values_list("deadline_status", "n"))
        lines = [f"  {DeadlineStatus(code).label}: {counts.get(code, 0)}" for code in DeadlineStatus.values]
        lines.append(f"  Đã hủy: {counts.get(None, 0)}")
        self.stdout.write(self.style.SUCCESS(f"DỮ LIỆU MẪU: {tasks.count()} nhiệm vụ mẫu theo tình trạng thời hạn:"))
        self.stdout.write("\n".join(lines))
