"""The DEMO tasks' stories for ``load_demo_data``: each task's life through the workflow, as dated events.

A task is assigned on the plan's issue date (a few later, on their start date); its lead agency reports
progress at its own rhythm (some agencies fell silent over ``STALE_PROGRESS_DAYS`` ago); extensions are
requested with a letter and decided a few days later; completions are reported, then accepted, or returned
once and reported again. Deadlines are relative to today in Hanoi and chosen so that every deadline status
appears; no event is after yesterday. Deterministic: ``random.Random(305)``.
"""

import datetime
import random
from functools import partial

from django.conf import settings

from clusters.models import Cluster
from tasks import services
from tasks.models import ExtensionRequest, Task, local_today

from .demo_clock import Event
from .demo_tasks import DEMO_TASKS, PROGRESS_NOTES

DEMO_REASON = "DỮ LIỆU MẪU: giao nhiệm vụ theo Kế hoạch 305/KH-UBND"
SOURCE_DOCUMENT = "Kế hoạch số 305/KH-UBND ngày 12/11/2025 của UBND Thành phố"
# Staff of the Department who report on its own tasks: the one who accepts a completion may not be the one
# who reported it (four eyes).
DEPARTMENT_REPORTER = "sct.tonghop"

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
# The agencies whose officers log in in the demo (README, "Người dùng mẫu").
LOGIN_AGENCIES = ("SXD", "STC")
# Days between two progress reports of an agency; the silent agencies' last report is older than
# STALE_PROGRESS_DAYS, so the update rates and the "chưa cập nhật" list have someone to show.
REPORT_EVERY_DAYS = {"SXD": 25, "STC": 30, "SCT": 30, "SNNMT": 35, "BQLDA-HTKT": 30, "UBND-10231": 30}
DEFAULT_REPORT_EVERY_DAYS = 40
SILENT_AGENCIES = {"CATP", "UBND-10015"}
# Share of tasks assigned on their start date rather than on the plan's issue date.
ASSIGNED_LATER = 0.25


def days(n):
    return datetime.timedelta(days=n)


class TaskStories:
    """Plans each demo task's story as events (``plan_events``); ``demo_clock.replay`` plays them."""

    def __init__(self, *, plan, agencies, people, officers, today):
        self.rng = random.Random(305)
        self.plan = plan
        self.agencies = agencies
        self.people = people
        self.officers = officers
        self.coordinator = people["sct.dieuphoi"]
        self.today = today
        self.last_day = today - days(1)
        self.first_day = min(plan.issued_on, self.last_day)
        self.events = []
        self.cursor = None
        self.refused = False

    def step(self, day, action, *args, **kwargs):
        """Plan ``action`` on ``day``, kept between the task's previous step and yesterday; returns the day."""
        day = min(max(day, self.cursor), self.last_day)
        self.cursor = day
        self.events.append(Event(day, partial(action, *args, **kwargs)))
        return day

    def plan_events(self):
        rng = self.rng
        extension_candidates = [row for row in DEMO_TASKS if row[1] in LOGIN_AGENCIES]
        extension_rows = rng.sample(extension_candidates, len(EXTENSION_SCENARIOS))
        scenarios = [name for name, count in SCENARIOS.items() for _ in range(count)]
        rng.shuffle(scenarios)
        plan_of = dict(zip((row[0] for row in extension_rows), EXTENSION_SCENARIOS, strict=True))
        remaining = iter(scenarios)
        firsts = set()
        stories = {
            "done": self.plan_done,
            "awaiting": self.plan_awaiting,
            "extension": self.plan_extension,
            "cancelled": self.plan_cancelled,
        }
        for row in DEMO_TASKS:
            code, lead = row[0], row[1]
            scenario = plan_of.get(code) or next(remaining)
            due, start = self.dates_for(scenario)
            assigned = self.first_day
            if self.first_day < start <= self.last_day - days(30) and rng.random() < ASSIGNED_LATER:
                assigned = start
            self.cursor = assigned
            self.step(assigned, self.assign, row, start, due, rng.choices(list(Task.Priority.values), [2, 7, 1])[0])
            first = scenario not in firsts
            firsts.add(scenario)
            story = stories.get(scenario.split("_")[0], self.plan_open)
            story(code, lead, scenario, start, due, first=first)
        return self.events

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
        start = max(self.first_day, (due or today) - days(rng.randint(120, 330)))
        return due, start

    # --- planning each scenario ---------------------------------------------------------------------------

    def reports(self, code, lead, start, last, *, final, begin=0):
        """Progress reports at the lead agency's rhythm from a week after the start (or the task's last step)
        until ``last`` (a silent agency stopped over STALE_PROGRESS_DAYS ago), the percent rising from ``begin``
        to ``final``."""
        rng = self.rng
        last = min(last, self.last_day)
        if lead in SILENT_AGENCIES:
            last = min(last, self.today - days(settings.STALE_PROGRESS_DAYS + rng.randint(10, 40)))
        first = max(start, self.cursor) + days(7)
        every = REPORT_EVERY_DAYS.get(lead, DEFAULT_REPORT_EVERY_DAYS)
        dates = []
        while last >= first:
            dates.append(last)
            last -= days(every + rng.randint(-5, 5))
        for n, day in enumerate(reversed(dates), 1):
            percent = max(5, begin + (final - begin) * n // len(dates))
            self.step(day, self.report_progress, code, percent, rng.choice(PROGRESS_NOTES))

    def plan_open(self, code, lead, scenario, start, due, first):
        """Open tasks (overdue, due soon, on track, without deadline): reports, most of them up to date. The
        first overdue task of an agency that can log in asked for an extension in time, and was refused."""
        rng, begin = self.rng, 0
        if scenario == "overdue" and lead in LOGIN_AGENCIES and not self.refused:
            self.refused = True
            requested = due - days(rng.randint(10, 15))
            begin = rng.randint(20, 40)
            self.reports(code, lead, start, requested - days(rng.randint(3, 8)), final=begin)
            letter = (f"{rng.randint(100, 999)}/{lead}-KH", rng.randint(1, 3))
            requested = self.step(requested, self.request_extension, code, due + days(rng.randint(30, 60)), *letter)
            document = f"Văn bản số {rng.randint(1000, 4999)}/SCT-QLCN"
            self.step(requested + days(rng.randint(3, 6)), self.reject_extension, code, document)
        if rng.random() < 0.85:
            last = self.last_day - days(rng.randint(0, settings.STALE_PROGRESS_DAYS // 2))
            self.reports(code, lead, start, last, begin=begin, final=rng.randint(max(30, begin + 10), 90))

    def plan_cancelled(self, code, lead, scenario, start, due, first):
        day = self.cursor + days(self.rng.randint(30, 120))
        self.reports(code, lead, start, day - days(5), final=self.rng.randint(10, 30))
        self.step(day, self.cancel, code)

    def plan_extension(self, code, lead, scenario, start, due, first):
        """A request with the agency's letter; the approved one was decided a few days later."""
        rng = self.rng
        if scenario == "extension_pending":
            requested = self.last_day - days(rng.randint(0, 6))
            proposed = due + days(rng.randint(20, 45))
        else:
            requested = due - days(rng.randint(8, 15))
            proposed = self.today + days(rng.randint(20, 45))
        self.reports(code, lead, start, requested - days(rng.randint(3, 8)), final=rng.randint(30, 60))
        letter = (f"{rng.randint(100, 999)}/{lead}-KH", rng.randint(1, 3))
        requested = self.step(requested, self.request_extension, code, proposed, *letter)
        if scenario == "extension_approved":
            document = f"Văn bản số {rng.randint(1000, 4999)}/SCT-QLCN"
            self.step(requested + days(rng.randint(3, 7)), self.approve_extension, code, document)

    def plan_done(self, code, lead, scenario, start, due, first):
        """Reported done, then accepted; the first late one was returned once before."""
        rng = self.rng
        if scenario == "done_on_time":
            completed = due if first else max(start, due - days(rng.randint(1, 10)))
        else:
            completed = min(self.last_day, due + days(rng.randint(1, 20)))
        if scenario == "done_late" and first:
            self.reports(code, lead, start, due - days(rng.randint(8, 15)), final=rng.randint(50, 80))
            claimed = self.step(max(start, due - days(rng.randint(2, 5))), self.report_completion, code, None)
            returned = self.step(claimed + days(rng.randint(2, 4)), self.return_completion, code)
            completed = min(self.last_day, max(completed, returned + days(rng.randint(3, 8))))
        else:
            self.reports(code, lead, start, completed - days(rng.randint(10, 20)), final=rng.randint(50, 80))
        reported = self.step(completed + days(rng.randint(0, 2)), self.report_completion, code, completed)
        self.step(reported + days(rng.randint(1, 5)), self.accept_completion, code)

    def plan_awaiting(self, code, lead, scenario, start, due, first):
        """Reported done in the last days, awaiting the Department's acceptance."""
        completed = self.last_day - days(self.rng.randint(0, 2) if scenario == "awaiting_on_time" else 0)
        self.reports(code, lead, start, completed - days(self.rng.randint(10, 20)), final=self.rng.randint(50, 80))
        self.step(completed, self.report_completion, code, completed)

    # --- the steps, played on their day through the services ----------------------------------------------

    def reporter(self, task):
        """Who reports on a task: an officer of the lead agency; a second coordinator for the Department's own."""
        return self.officers.get(task.lead_agency.code, self.people[DEPARTMENT_REPORTER])

    def assign(self, row, start, due, priority):
        code, lead, supporting, cluster_codes, title, output = row
        services.task_create(
            actor=self.coordinator,
            group=self.plan.task_groups.get(number=int(code.split("-")[1].split(".")[0])),
            code=code,
            title=title,
            lead_agency=self.agencies[lead],
            supporting_agencies=[self.agencies[c] for c in supporting],
            clusters=list(Cluster.objects.filter(code__in=cluster_codes)),
            description=f"Nhiệm vụ mẫu theo {SOURCE_DOCUMENT}.",
            expected_output=output,
            start_date=start,
            due_date=due,
            priority=priority,
            source_document=SOURCE_DOCUMENT,
            responsible_user=self.officers.get(lead) if lead in LOGIN_AGENCIES else None,
            reason=DEMO_REASON,
        )

    def report_progress(self, code, percent, note):
        task = Task.objects.get(code=code)
        services.progress_report_create(
            actor=self.reporter(task), task=task, text=note, progress_percent=percent, reported_on=local_today()
        )

    def cancel(self, code):
        services.task_cancel(
            actor=self.coordinator,
            task=Task.objects.get(code=code),
            reason="Nội dung đã được lồng ghép vào nhiệm vụ khác của Kế hoạch (dữ liệu mẫu).",
        )

    def request_extension(self, code, proposed, letter_number, letter_days_before):
        task = Task.objects.get(code=code)
        services.extension_request_create(
            actor=self.reporter(task),
            task=task,
            proposed_due_date=proposed,
            reason="Chờ ý kiến thống nhất của các sở, ngành liên quan (dữ liệu mẫu).",
            letter_number=letter_number,
            letter_date=max(task.start_date, local_today() - days(letter_days_before)),
        )

    def reject_extension(self, code, document):
        services.extension_request_reject(
            actor=self.coordinator,
            extension_request=ExtensionRequest.objects.get(task__code=code, status=ExtensionRequest.Status.PENDING),
            decision_note="Không chấp thuận: đề nghị đơn vị tập trung hoàn thành đúng thời hạn (dữ liệu mẫu).",
            decision_document=document,
        )

    def approve_extension(self, code, document):
        services.extension_request_approve(
            actor=self.coordinator,
            extension_request=ExtensionRequest.objects.get(task__code=code, status=ExtensionRequest.Status.PENDING),
            decision_note="Đồng ý gia hạn (dữ liệu mẫu).",
            decision_document=document,
        )

    def report_completion(self, code, completed):
        """The lead agency reports the task done on ``completed`` (None: today)."""
        task = Task.objects.get(code=code)
        services.task_report_completion(
            actor=self.reporter(task),
            task=task,
            completed_on=completed or local_today(),
            evidence=f"Đã hoàn thành, sản phẩm: {task.expected_output} (dữ liệu mẫu).",
        )

    def return_completion(self, code):
        services.task_return(
            actor=self.coordinator,
            task=Task.objects.get(code=code),
            reason="Hồ sơ minh chứng chưa đầy đủ, đề nghị bổ sung (dữ liệu mẫu).",
        )

    def accept_completion(self, code):
        services.task_accept_completion(
            actor=self.coordinator, task=Task.objects.get(code=code), note="Đạt yêu cầu (dữ liệu mẫu)."
        )
