"""Build a national-scale data set for the benchmark: by default 150 agencies, 3,000 clusters, 100,000 tasks,
about 200,000 progress reports and about 1,000,000 history rows, in minutes.

Every row goes through the audited bulk helpers (``core.audit.audited_bulk_create`` / ``audited_bulk_update``),
so each creation and each later change (the task started, each progress report and the percent it moved,
a completion reported and accepted, an extension granted) leaves its history row with a user and a reason,
as the services would. What it generates is marked by its codes (``SCALE-``): it refuses to run on a
database holding tasks or clusters it did not generate (demo or real data) unless ``--force``; the plan's
reference data (``load_reference_data``, loaded first) is not data in that sense and is kept.

The same ``--seed`` gives the same data (names, dates, statuses, reports); only ids and the moment of the
history rows differ between runs.

    python manage.py generate_scale_data                         # the national scale
    python manage.py generate_scale_data --tasks 20000 --clusters 600 --agencies 40 --seed 7
"""

import datetime
import random
import time
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from agencies.models import Agency, Membership
from clusters.models import Cluster
from core.audit import audited_bulk_create, audited_bulk_set
from core.dates import local_today
from places.models import Province
from tasks import tally
from tasks.models import ExtensionRequest, Plan, ProgressReport, Task, TaskGroup

PREFIX = "SCALE-"
TASK_CODE = PREFIX + "NV-{:06d}"
CLUSTER_CODE = PREFIX + "CCN-{:05d}"
AGENCY_CODE = PREFIX + "CQ-{:04d}"
ACTOR = "scale.dieuphoi"
OFFICER = "scale.canbo.{:04d}"
REFERENCE_CLUSTER_PREFIX = "HN-CCN-"  # the plan's sourced register (load_reference_data)
CHUNK = 2000
REASON = "Dữ liệu quy mô quốc gia (generate_scale_data)"

PLACES = [
    "Đông Anh",
    "Sóc Sơn",
    "Ứng Hòa",
    "Thạch Thất",
    "Chương Mỹ",
    "Phú Xuyên",
    "Mê Linh",
    "Quốc Oai",
    "Thanh Oai",
    "Gia Lâm",
    "Ba Vì",
    "Mỹ Đức",
]
TOPICS = [
    "Đầu tư xây dựng hạ tầng kỹ thuật",
    "Thẩm định hồ sơ thành lập",
    "Giải phóng mặt bằng",
    "Xây dựng trạm xử lý nước thải tập trung",
    "Thu hút dự án thứ cấp",
    "Lập quy hoạch chi tiết 1/500",
    "Kiểm tra phòng cháy chữa cháy",
    "Báo cáo tình hình hoạt động",
]


def generated_q():
    return Q(code__startswith=PREFIX)


def foreign_data():
    """What the database holds that this command did not generate (reference clusters excepted)."""
    tasks = Task.objects.exclude(generated_q()).count()
    clusters = Cluster.objects.exclude(generated_q()).exclude(code__startswith=REFERENCE_CLUSTER_PREFIX).count()
    return tasks, clusters


class Command(BaseCommand):
    help = "Sinh dữ liệu quy mô quốc gia (mặc định 100.000 nhiệm vụ) để đo hiệu năng; chỉ chạy trên CSDL thử."

    def add_arguments(self, parser):
        parser.add_argument("--tasks", type=int, default=100_000)
        parser.add_argument("--clusters", type=int, default=3_000)
        parser.add_argument("--agencies", type=int, default=150)
        parser.add_argument("--seed", type=int, default=305)
        parser.add_argument(
            "--force", action="store_true", help="Chạy cả khi CSDL có dữ liệu không do lệnh này sinh ra."
        )

    def handle(self, *args, tasks, clusters, agencies, seed, force, **options):
        if min(tasks, clusters, agencies) < 1:
            raise CommandError("Số nhiệm vụ, cụm và cơ quan phải lớn hơn 0.")
        foreign_tasks, foreign_clusters = foreign_data()
        if (foreign_tasks or foreign_clusters) and not force:
            raise CommandError(
                f"CSDL đang có {foreign_tasks} nhiệm vụ và {foreign_clusters} cụm không do lệnh này sinh ra "
                "(dữ liệu mẫu hoặc dữ liệu thật). Dùng một CSDL trống, hoặc thêm --force nếu chắc chắn."
            )
        if Task.objects.filter(generated_q()).exists():
            raise CommandError("CSDL đã có dữ liệu sinh trước đó; hãy dùng một CSDL trống.")
        self.rng = random.Random(seed)
        self.started = time.monotonic()
        self.verbose = options.get("verbosity", 1) >= 1
        self.step("Dữ liệu tham chiếu")
        call_command("load_reference_data", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.today = local_today()
        self.plan = Plan.objects.order_by("-year", "-issued_on").first()
        self.groups = list(TaskGroup.objects.filter(plan=self.plan).order_by("number"))
        self.actor = self.make_actor()
        with transaction.atomic():
            self.make_agencies(agencies)
        with transaction.atomic():
            self.make_clusters(clusters)
        for start in range(0, tasks, 10_000):  # a transaction per 10,000 tasks keeps memory flat
            with transaction.atomic():
                self.make_tasks(start, min(tasks, start + 10_000))
        self.count_figures()
        self.tidy()
        self.step("Xong")
        self.summary()

    def count_figures(self):
        """The kept figures counted, as ``count_task_figures`` or the first reader would: every task written notes
        its pair (``tasks.tally``), and hundreds of thousands of notes, or the dead rows their deletion leaves
        until a vacuum, would make each page's check for notes read them."""
        self.step("Số liệu nhiệm vụ")
        tally.current()

    def tidy(self):
        """VACUUM (ANALYZE) on PostgreSQL, as autovacuum would do a while after such a load: each task is
        written several times (its story), which leaves the table five times its size in dead rows and the
        planner without statistics; measuring that would time a database no installation runs for long
        (the dashboard's figures read 1 GB instead of 200 MB, with plans built for 10 rows a group)."""
        if connection.vendor != "postgresql":
            return
        # VACUUM cannot run inside a transaction (a caller's, as in the tests): there, statistics at least.
        statement = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        self.step(statement)
        with connection.cursor() as cursor:
            cursor.execute(statement)

    # --- progress ------------------------------------------------------------------------------------

    def step(self, label):
        if self.verbose:
            self.stdout.write(f"[{time.monotonic() - self.started:7.1f} s] {label}")
            self.stdout.flush()

    def summary(self):
        audited = [m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")]
        rows = sum(getattr(m, m._meta.simple_history_manager_attribute).count() for m in audited)
        self.stdout.write(
            f"{Task.objects.count()} nhiệm vụ, {Cluster.objects.count()} cụm, {Agency.objects.count()} cơ quan, "
            f"{ProgressReport.objects.count()} báo cáo tiến độ, {rows} bản ghi lịch sử "
            f"trong {time.monotonic() - self.started:.0f} giây."
        )

    # --- people and agencies -------------------------------------------------------------------------

    def make_actor(self):
        user, created = get_user_model().objects.get_or_create(
            username=ACTOR, defaults={"first_name": "Điều phối", "last_name": "Sinh dữ liệu", "is_active": True}
        )
        if created:
            user.set_unusable_password()
            user.save()
            sct = Agency.objects.get(code="SCT")
            audited_bulk_create(
                [Membership(user=user, agency=sct, role=Membership.Role.COORDINATOR)], actor=user, reason=REASON
            )
        return user

    def make_agencies(self, count):
        self.step(f"{count} cơ quan và cán bộ")
        rng = self.rng
        kinds = [Agency.Kind.DEPARTMENT, Agency.Kind.PROJECT_BOARD, Agency.Kind.OTHER]
        created = audited_bulk_create(
            [
                Agency(
                    code=AGENCY_CODE.format(n),
                    name=f"{rng.choice(['Ban', 'Phòng', 'Trung tâm'])} {rng.choice(TOPICS).lower()} số {n}",
                    short_name=f"CQ {n}",
                    kind=rng.choice(kinds),
                    email=f"cq{n}@scale.invalid",
                )
                for n in range(1, count + 1)
            ],
            actor=self.actor,
            reason=REASON,
        )
        users = get_user_model().objects.bulk_create(
            [
                get_user_model()(username=OFFICER.format(n), first_name=f"Cán bộ {n}", password="!")
                for n in range(1, count + 1)
            ]
        )
        audited_bulk_create(
            [
                Membership(user=user, agency=agency, role=Membership.Role.OFFICER)
                for user, agency in zip(users, created, strict=True)
            ],
            actor=self.actor,
            reason=REASON,
        )
        # Lead agencies: the generated ones and the plan's own (reference) agencies, in a fixed order.
        self.agencies = list(Agency.objects.filter(is_active=True).order_by("code"))
        self.officer_of = dict(zip((a.pk for a in created), users, strict=True))

    # --- clusters ------------------------------------------------------------------------------------

    def make_clusters(self, count):
        self.step(f"{count} cụm công nghiệp")
        rng = self.rng
        province = Province.objects.order_by("code").first()
        statuses = list(Cluster.Status.values)
        for start in range(0, count, CHUNK):
            batch = []
            for n in range(start + 1, min(count, start + CHUNK) + 1):
                area = Decimal(rng.randint(100, 7500)) / 100
                place = rng.choice(PLACES)
                batch.append(
                    Cluster(
                        code=CLUSTER_CODE.format(n),
                        name=f"Cụm công nghiệp {place} {n}",
                        province=province,
                        former_district=place,
                        status=rng.choice(statuses),
                        total_area_ha=area,
                        industrial_land_ha=(area * Decimal("0.7")).quantize(Decimal("0.01")),
                        investor_name=f"Công ty cổ phần đầu tư hạ tầng {place} {n % 97}",
                        data_source="Sinh tự động để đo hiệu năng",
                    )
                )
            audited_bulk_create(batch, actor=self.actor, reason=REASON)
        self.clusters = list(Cluster.objects.filter(generated_q()).values_list("pk", flat=True))

    # --- tasks and their stories ---------------------------------------------------------------------

    def make_tasks(self, first, last):
        self.step(f"Nhiệm vụ {first + 1:,}–{last:,}")
        rng, today = self.rng, self.today
        tasks = []
        for n in range(first + 1, last + 1):
            due = today + datetime.timedelta(days=rng.randint(-180, 300)) if rng.random() > 0.08 else None
            place = rng.choice(PLACES)
            tasks.append(
                Task(
                    group=rng.choice(self.groups),
                    code=TASK_CODE.format(n),
                    title=f"{rng.choice(TOPICS)} cụm công nghiệp {place} (đợt {n % 50 + 1})",
                    description=f"Nhiệm vụ số {n} tại {place}.",
                    expected_output=rng.choice(["Báo cáo", "Quyết định của UBND Thành phố", "Văn bản thẩm định"]),
                    lead_agency=rng.choice(self.agencies),
                    start_date=today - datetime.timedelta(days=365),
                    due_date=due,
                    original_due_date=due,
                    priority=rng.choice(Task.Priority.values),
                )
            )
        created = []
        for start in range(0, len(tasks), CHUNK):
            created += audited_bulk_create(tasks[start : start + CHUNK], actor=self.actor, reason=REASON)
        self.link(created)
        self.stories(created)

    def link(self, tasks):
        """Supporting agencies and clusters (many-to-many rows: plain rows, their tasks' history has them)."""
        rng = self.rng
        supporting = Task.supporting_agencies.through
        clusters = Task.clusters.through
        support_rows, cluster_rows = [], []
        for task in tasks:
            for agency in rng.sample(self.agencies, rng.randint(0, 2)):
                if agency.pk != task.lead_agency_id:
                    support_rows.append(supporting(task_id=task.pk, agency_id=agency.pk))
            for cluster_id in rng.sample(self.clusters, min(len(self.clusters), rng.randint(0, 2))):
                cluster_rows.append(clusters(task_id=task.pk, cluster_id=cluster_id))
        supporting.objects.bulk_create(support_rows, batch_size=CHUNK)
        clusters.objects.bulk_create(cluster_rows, batch_size=CHUNK)

    def update(self, objs, fields, reason):
        """Objects changed alike go in one UPDATE each (``audited_bulk_set``), each with its history row."""
        alike = {}
        for obj in objs:
            alike.setdefault(tuple(getattr(obj, name) for name in fields), []).append(obj)
        for key, group in alike.items():
            audited_bulk_set(group, actor=self.actor, reason=reason, **dict(zip(fields, key, strict=True)))

    def stories(self, tasks):
        """What happens to tasks afterwards, in waves, each change with its history row, as the services do:
        a first progress report starts a task, each report moves its percent, some are completed and
        accepted, some get an extension."""
        rng, today = self.rng, self.today
        # The coordinator names the officer in charge of each task (one of its lead agency's officers).
        for task in tasks:
            task.responsible_user = self.officer_of.get(task.lead_agency_id, self.actor)
        self.update(tasks, ["responsible_user"], "Phân công cán bộ phụ trách")
        started = [t for t in tasks if rng.random() < 0.88]
        # Reports per started task: 1–4, about 2.25 on average (about 200,000 for 100,000 tasks).
        plans = {t.pk: sorted(rng.sample(range(5, 96), rng.choice([1, 2, 2, 3, 3, 4]))) for t in started}
        wave = 0
        while True:
            reporting = [t for t in started if len(plans[t.pk]) > wave]
            if not reporting:
                break
            reports = []
            for task in reporting:
                percent = plans[task.pk][wave]
                remaining = len(plans[task.pk]) - wave - 1
                # The latest report within the last 60 days (a quarter of them older than STALE_PROGRESS_DAYS).
                reported_on = today - datetime.timedelta(days=rng.randint(0, 60) + 25 * remaining)
                reports.append(
                    ProgressReport(
                        task=task,
                        agency_id=task.lead_agency_id,
                        author=self.officer_of.get(task.lead_agency_id, self.actor),
                        reported_on=reported_on,
                        text=f"Đã thực hiện được {percent}% khối lượng công việc.",
                        progress_percent=percent,
                    )
                )
                task.progress_percent = percent
                task.status = Task.Status.IN_PROGRESS
            for start in range(0, len(reports), CHUNK):
                audited_bulk_create(reports[start : start + CHUNK], actor=self.actor, reason="Báo cáo tiến độ")
            self.update(reporting, ["status", "progress_percent"], "Cập nhật theo báo cáo tiến độ")
            wave += 1
        # Completion reported (a third of the started), most then accepted.
        finishing = [t for t in started if rng.random() < 0.33]
        for task in finishing:
            deadline = task.due_date or today
            task.completed_on = min(today, deadline + datetime.timedelta(days=rng.randint(-60, 20)))
            task.status = Task.Status.AWAITING_ACCEPTANCE
            task.progress_percent = 100
        self.update(finishing, ["status", "completed_on", "progress_percent"], "Báo cáo hoàn thành")
        accepted = [t for t in finishing if rng.random() < 0.8]
        for task in accepted:
            task.status = Task.Status.DONE
            task.completion_deadline = task.due_date
        self.update(accepted, ["status", "completion_deadline"], "Xác nhận hoàn thành")
        # Extensions granted to some open tasks with a deadline: the request, its decision, the new deadline.
        extended = [t for t in started if t.status == Task.Status.IN_PROGRESS and t.due_date and rng.random() < 0.1]
        requests = []
        for task in extended:
            new_due = task.due_date + datetime.timedelta(days=rng.choice([30, 60, 90]))
            requests.append(
                ExtensionRequest(
                    task=task,
                    requested_by=self.officer_of.get(task.lead_agency_id, self.actor),
                    previous_due_date=task.due_date,
                    proposed_due_date=new_due,
                    reason="Vướng mắc giải phóng mặt bằng",
                )
            )
            task.due_date = new_due
        created = []
        for start in range(0, len(requests), CHUNK):
            created += audited_bulk_create(requests[start : start + CHUNK], actor=self.actor, reason="Đề nghị gia hạn")
        decided_at = timezone.now()
        for request in created:
            request.status = ExtensionRequest.Status.APPROVED
            request.decided_by = self.actor
            request.decided_on = today
            request.decided_at = decided_at
            request.decision_note = "Đồng ý"
        self.update(created, ["status", "decided_by", "decided_at", "decided_on", "decision_note"], "Chấp thuận")
        self.update(extended, ["due_date"], "Gia hạn theo đề nghị được chấp thuận")
