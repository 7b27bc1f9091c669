"""Load DEMO data: demo users, about sixty invented tasks of Plan 305/KH-UBND and dated 2026 facts in the cluster
register with the targets' cluster lists, as a story that unfolds over the plan's life up to yesterday.

The story is planned as dated events (``demo_workflow``: each task's life; ``demo_register``: the register's
facts) and replayed in the order of their days with the clock set to each day (``demo_clock``), through the
services (assign, report progress, request and approve extensions, report, return and accept completion,
cancel; the register's updates and decisions). Every history record, notification and "recorded at" therefore
carries its day, and a plan report as of a past day shows what the dashboard showed that day. When the
database has no reference data yet, it is loaded first, dated the plan's issue date, so the register has a
past too. Deadlines are relative to today in Hanoi; deterministic (``random.Random(305)``); running it again
changes nothing once the demo tasks exist.
"""

import datetime
import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, DateTimeField, ExpressionWrapper, F
from django.utils import timezone

from agencies.models import Agency, Membership
from core.loading import Tally, sync
from department.models import Department, Signatory
from notifications.models import Notification
from reporting.services import ensure_periods
from seed import reference_data as ref
from seed.demo_clock import clock_at, replay
from seed.demo_register import RegisterStory
from seed.demo_reporting import load_reporting_demo
from seed.demo_signatures import load_signed_plan_report
from seed.demo_tasks import DEMO_TASKS
from seed.demo_workflow import DEPARTMENT_REPORTER, EXTENSION_SCENARIOS, SCENARIOS, TaskStories
from tasks.models import DeadlineStatus, Plan, Task, local_today

Role = Membership.Role

# The people who log in (README, "Người dùng mẫu"): username, first name, last name, agency, role, title.
LOGIN_USERS = [
    ("sct.dieuphoi", "Hà", "Nguyễn Thu", "SCT", Role.COORDINATOR, "Chuyên viên Phòng Quản lý công nghiệp"),
    ("sxd.canbo", "Đức", "Trần Minh", "SXD", Role.OFFICER, "Chuyên viên Phòng Hạ tầng kỹ thuật"),
    ("stc.canbo", "Lan", "Lê Thị", "STC", Role.OFFICER, "Chuyên viên Phòng Đầu tư"),
    ("lanhdao.xem", "Hùng", "Phạm Quốc", "SCT", Role.VIEWER, "Phó Giám đốc Sở"),
]
# Staff of the other agencies, who cannot log in; they only give the demo's progress reports an author.
REPORTING_AGENCIES = ["SNNMT", "CATP", "BQLDA-HTKT", "UBND-10231", "UBND-10015", "UBND-10003"]
# The system is set up (reference data, users) on the morning the plan is issued.
SET_UP_AT = datetime.time(7, 30)
# The bell's notifications of the last days are unread; older ones were read the day they came.
BELL_UNREAD_DAYS = 3


# Demo names, plainly so: a real installation enters its own signers on "Thông tin Sở và người ký".
DEMO_SIGNATORIES = [("Nguyễn Văn Mẫu (mẫu)", "Giám đốc"), ("Trần Thị Thử (mẫu)", "Phó Giám đốc")]


class Command(BaseCommand):
    help = "Nạp DỮ LIỆU MẪU: người dùng mẫu và khoảng 60 nhiệm vụ mẫu (chạy lại không thay đổi gì)."

    def handle(self, *args, **options):
        self.stdout.write(self.style.WARNING("=== DỮ LIỆU MẪU — chỉ dùng để thử nghiệm, không phải số liệu thật ==="))
        if len(DEMO_TASKS) != sum(SCENARIOS.values()) + len(EXTENSION_SCENARIOS):
            raise CommandError("Số nhiệm vụ mẫu và số tình huống không khớp.")
        began, today = timezone.now(), local_today()
        yesterday = today - datetime.timedelta(days=1)
        set_up = timezone.make_aware(datetime.datetime.combine(min(ref.PLAN["issued_on"], yesterday), SET_UP_AT))
        reference_loaded_before = Plan.objects.filter(number=ref.PLAN["number"]).exists()
        if not reference_loaded_before:
            self.stdout.write("Chưa có dữ liệu tham chiếu: nạp trước.")
            with clock_at(set_up):
                # The demo is Hanoi's Plan 305, whatever PROVINCE_CODE says (another province's database refuses it).
                call_command(
                    "load_reference_data", province=ref.PROVINCE["code"], stdout=self.stdout, stderr=self.stderr
                )
        with transaction.atomic():
            agencies = {agency.code: agency for agency in Agency.objects.all()}
            with clock_at(set_up + datetime.timedelta(minutes=15)):
                people, officers = self.load_users(agencies)
                self.load_signatories()
            self.replay_story(agencies, people, officers, today=today, began=began, warn=reference_loaded_before)
            # The reference data, replayed on the plan's issue day, opened that year's reporting periods: open today's.
            ensure_periods(today.year)
            self.load_reporting(today)
            load_signed_plan_report(
                coordinator=people["sct.dieuphoi"],
                plan=Plan.objects.get(number=ref.PLAN["number"]),
                today=today,
                log=self.stdout.write,
            )
        self.report()

    def load_signatories(self):
        """Two people who sign the Department's documents (demo names): the Director, and a Deputy who signs in
        the Director's place (KT.). Created once; afterwards the Department edits them."""
        department = Department.objects.first()
        if department is None:
            return
        tally = Tally()
        for order, (full_name, title) in enumerate(DEMO_SIGNATORIES, start=1):
            sync(
                Signatory,
                {"department": department, "full_name": full_name},
                {"title": title, "order": order, "is_active": True},
                reason="DỮ LIỆU MẪU: người ký văn bản mẫu",
                tally=tally,
                overwrite=False,
            )

    def load_reporting(self, today):
        """The Circular 14 cycle's demo (``demo_reporting``), played on the half-year's reporting days: two days
        after Biểu 02 was due (20/06) once that day has passed, else yesterday."""
        due_and_two = datetime.date(today.year, 6, 22)
        day = due_and_two if due_and_two < today else today - datetime.timedelta(days=1)
        with clock_at(timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))):
            users = load_reporting_demo(self.demo_password, log=self.stdout.write)
        if users:
            self.stdout.write(
                "Người dùng báo cáo định kỳ mẫu: cdt.demo (chủ đầu tư hạ tầng), ubnd.demo (UBND xã) — "
                "cùng mật khẩu với người dùng mẫu khi được tạo cùng lần nạp."
            )

    # --- the story ---------------------------------------------------------------------------------------

    def replay_story(self, agencies, people, officers, *, today, began, warn):
        """Plan the tasks' stories (unless the demo tasks exist) and the register's facts up to yesterday, then
        replay them; ``warn``: the reference data was loaded before, on the day it was loaded."""
        yesterday = today - datetime.timedelta(days=1)
        plan = Plan.objects.get(number=ref.PLAN["number"])
        stories = None
        if Task.objects.filter(code__startswith="KH305-").exists():
            self.stdout.write("Nhiệm vụ mẫu đã có: bỏ qua, không thay đổi gì.")
        else:
            if warn:
                self.stdout.write(
                    "Lưu ý: dữ liệu tham chiếu đã được nạp từ trước, nên sổ đăng ký cụm chỉ có lịch sử từ ngày nạp "
                    "đó; báo cáo tính đến các ngày trước đó sẽ không thấy các cụm."
                )
            stories = TaskStories(plan=plan, agencies=agencies, people=people, officers=officers, today=today)
        events = stories.plan_events() if stories else []
        events += RegisterStory(coordinator=people["sct.dieuphoi"], plan=plan, last_day=yesterday).plan_events()
        replay(events, until=began)
        if stories:
            self.read_the_bell(people.values(), before=today - datetime.timedelta(days=BELL_UNREAD_DAYS))

    def read_the_bell(self, users, *, before):
        """The demo's people read what reached them before ``before`` (a Hanoi date) two hours after it came:
        the bell shows the last days' news, not a year's."""
        start = timezone.make_aware(datetime.datetime.combine(before, datetime.time.min))
        Notification.objects.filter(recipient__in=list(users), created_at__lt=start, read_at__isnull=True).update(
            read_at=ExpressionWrapper(F("created_at") + datetime.timedelta(hours=2), output_field=DateTimeField())
        )

    # --- users ----------------------------------------------------------------------------------------

    def load_users(self, agencies):
        User = get_user_model()
        password = os.environ.get("DEMO_PASSWORD") or ""
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        self.demo_password = password
        created_logins = []
        people, officers = {}, {}
        reporters = [
            (f"{code.lower().replace('-', '')}.canbo", "", f"Cán bộ {agencies[code]}", code, Role.OFFICER, "")
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
                    date_joined=timezone.now(),
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
                {"agency": agencies[agency_code], "role": role, "title": title},
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

    # --- summary --------------------------------------------------------------------------------------

    def report(self):
        tasks = Task.objects.filter(code__startswith="KH305-").with_deadline_status()
        counts = dict(tasks.values_list("deadline_status").annotate(n=Count("pk")).values_list("deadline_status", "n"))
        lines = [f"  {DeadlineStatus(code).label}: {counts.get(code, 0)}" for code in DeadlineStatus.values]
        lines.append(f"  Đã hủy: {counts.get(None, 0)}")
        self.stdout.write(self.style.SUCCESS(f"DỮ LIỆU MẪU: {tasks.count()} nhiệm vụ mẫu theo tình trạng thời hạn:"))
        self.stdout.write("\n".join(lines))
