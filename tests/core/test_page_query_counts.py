"""Every page runs exactly the queries named here, on a small data set and on one several times larger.

Each page's queries are listed as a multiset of (statement, main table), each with a comment saying what it
is for, as healthchecks pins its queries. A page that starts reading more (a query per row, a forgotten
prefetch) or reads something new fails here, on SQLite and PostgreSQL alike.
"""

import datetime
import itertools
import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import invitations
from agencies.models import Membership
from clusters import services as cluster_services
from clusters.models import Cluster
from plan_reports.services import plan_report_issue
from tasks import services, targets
from tasks.models import Task, local_today
from tests.factories import (
    AgencyFactory,
    ClusterFactory,
    ClusterReportFactory,
    MembershipFactory,
    TargetFactory,
    TaskFactory,
    TaskGroupFactory,
    UserFactory,
)
from tests.helpers import days

pytestmark = pytest.mark.django_db

_serial = itertools.count()


class World:
    """A plan with tasks in every deadline status, a cluster, and a task with a full story."""

    def __init__(self, coordinator, second_coordinator, officer, agency, other_agency, group, pdf):
        self.coordinator, self.second, self.officer = coordinator, second_coordinator, officer
        self.agency, self.other_agency, self.group, self.pdf = agency, other_agency, group, pdf
        self.target = TargetFactory(plan=group.plan, description="Hoàn thành hạ tầng 26 cụm", target_min=26)
        self.cluster = ClusterFactory(code="CCN-QC", status=Cluster.Status.OPERATING)
        self.report = ClusterReportFactory(cluster=self.cluster, year=2025)
        cluster_services.cluster_update(actor=coordinator, cluster=self.cluster, reason="Cập nhật", notes="Ghi chú")
        self.decision = cluster_services.cluster_decision_create(
            actor=coordinator,
            cluster=self.cluster,
            reason="Ghi nhận",
            kind="establish",
            number="1/QĐ-UBND",
            date=datetime.date(2026, 1, 5),
        )
        self.task = self.story_task()
        self.add_tasks()
        self.plan_report = plan_report_issue(
            actor=coordinator, plan=group.plan, cut_off=days(0), number="1/BC-SCT", issued_on=days(0), signer="A"
        )

    def story_task(self):
        task = services.task_create(
            actor=self.coordinator,
            group=self.group,
            code=f"STORY-{next(_serial)}",
            title="Nhiệm vụ có đủ diễn biến",
            lead_agency=self.agency,
            supporting_agencies=[self.other_agency],
            clusters=[self.cluster],
            start_date=days(-90),
            due_date=days(20),
        )
        self.add_story(task)
        return task

    def add_story(self, task):
        """A progress report with a file, and an approved extension: every kind of timeline event."""
        services.progress_report_create(
            actor=self.officer, task=task, text="Tiến độ", progress_percent=30, files=[self.pdf()]
        )
        task.refresh_from_db()
        extension = services.extension_request_create(
            actor=self.officer,
            task=task,
            proposed_due_date=task.due_date + datetime.timedelta(days=10),
            reason="Chờ ý kiến",
            files=[self.pdf()],
        )
        services.extension_request_approve(actor=self.coordinator, extension_request=extension)

    def add_tasks(self, n=1):
        for _ in range(n):
            i = next(_serial)
            lead = AgencyFactory(code=f"QA{i}")
            MembershipFactory(user=UserFactory(username=f"qa{i}"), agency=lead, role=Membership.Role.OFFICER)
            group = TaskGroupFactory(plan=self.group.plan, number=1 + i % 5)
            for offset in (-5, 3, 40, None):
                TaskFactory(
                    group=group,
                    code=f"Q{i}-{offset}",
                    lead_agency=lead,
                    supporting_agencies=[self.agency, self.other_agency],
                    clusters=[self.cluster],
                    due_date=days(offset) if offset is not None else None,
                    original_due_date=days(offset) if offset is not None else None,
                )
            TaskFactory(
                group=group, code=f"Q{i}-done", lead_agency=lead, status=Task.Status.DONE, completed_on=days(-1)
            )
            cluster = ClusterFactory(code=f"CCN-Q{i}")
            ClusterReportFactory(cluster=cluster, year=2026)

    def grow(self, *, long_history=False):
        """Several times the tasks, more agencies and clusters, and a longer story on the same task."""
        self.add_tasks(6)
        for _ in range(3):
            self.add_story(self.task)
            self.task.refresh_from_db()
        for n in range(3):
            cluster_services.cluster_update(
                actor=self.coordinator, cluster=self.cluster, reason=f"Lần {n}", notes=str(n)
            )
            ClusterReportFactory(cluster=self.cluster, year=2020 + n)
            self.cluster.refresh_from_db()
        for n in range(4):  # more people for the people page, one of them invited and waiting
            person = UserFactory(username=f"nguoi-{next(_serial)}")
            MembershipFactory(user=person, agency=self.agency, role=Membership.Role.OFFICER)
            if n == 0:
                person.set_unusable_password()
                person.save()
                invitations.invite(actor=self.coordinator, user=person)
        for n in range(55 if long_history else 0):  # more than a page of the audit log
            services.task_update(actor=self.second, task=self.task, reason=f"Sửa {n}", title=f"Tên {n}")


@pytest.fixture
def world(coordinator, second_coordinator, officer, agency, other_agency, group, pdf):
    return World(coordinator, second_coordinator, officer, agency, other_agency, group, pdf)


def page_urls(world):
    task, cluster, agency = world.task, world.cluster, world.agency
    return {
        "dashboard": reverse("dashboard"),
        "task_list": reverse("tasks:task_list"),
        "task_list_filtered": reverse("tasks:task_list") + "?deadline_status=overdue&ordering=-due_date&q=Q",
        "task_list_chosen": reverse("tasks:task_list") + f"?cluster={world.cluster.pk}&lead_agency={world.agency.pk}",
        "task_export_xlsx": reverse("tasks:task_export_xlsx"),
        "task_export_csv": reverse("tasks:task_export_csv"),
        "task_detail": reverse("tasks:task_detail", args=[task.pk]),
        "task_update": reverse("tasks:task_update", args=[task.pk]),
        "task_create": reverse("tasks:task_create"),
        "my_agency": reverse("workspace:my_agency"),
        "cluster_list": reverse("clusters:cluster_list"),
        "cluster_detail": reverse("clusters:cluster_detail", args=[cluster.pk]),
        "target_clusters": reverse("tasks:target_clusters", args=[world.target.pk]),
        "cluster_create": reverse("clusters:cluster_create"),
        "cluster_update": reverse("clusters:cluster_update", args=[cluster.pk]),
        "cluster_decision_create": reverse("clusters:cluster_decision_create", args=[cluster.pk]),
        "cluster_decision_update": reverse("clusters:cluster_decision_update", args=[world.decision.pk]),
        "cluster_report_create": reverse("clusters:cluster_report_create", args=[cluster.pk]),
        "cluster_report_update": reverse("clusters:cluster_report_update", args=[world.report.pk]),
        "cluster_document_upload": reverse(
            "clusters:cluster_document_upload", args=[cluster.pk, "infrastructure_acceptance"]
        ),
        "agency_list": reverse("workspace:agency_list"),
        "agency_detail": reverse("workspace:agency_detail", args=[agency.pk]),
        # One kind of object per page: the audit log reads each kind on a page with its own few queries.
        "audit_log": reverse("audit:audit_log") + "?kind=tasks.task",
        "audit_export_csv": reverse("audit:audit_export_csv") + "?kind=tasks.task",
        "plan_report_list": reverse("plan_reports:report_list"),
        "plan_report_detail": reverse("plan_reports:report_detail", args=[world.plan_report.pk]),
        "plan_report_create": reverse("plan_reports:report_create"),
        "person_list": reverse("people:person_list"),
        "person_invite": reverse("people:person_invite"),
    }


def describe(sql):
    """A query as "STATEMENT table" (the outer statement's table, not a subquery's), e.g. "SELECT tasks_task";
    an aggregate without GROUP BY is "SELECT … COUNT"."""
    # PostgreSQL reads a form's options through a server-side cursor: the same SELECT, declared.
    sql = re.sub(r'^DECLARE "\w+" NO SCROLL CURSOR (?:WITH HOLD )?FOR ', "", sql)
    # A union in parentheses (PostgreSQL's "(SELECT …) UNION ALL (SELECT …)"): named by its first part.
    union = sql.startswith("(")
    sql = sql[1:] if union else sql
    statement = sql.split(None, 1)[0].upper()
    depth, outer = 0, []
    for token in re.findall(r'\(|\)|(?:FROM|INTO|UPDATE) "\w+"', sql):
        depth += {"(": 1, ")": -1}.get(token, 0)
        if depth <= 0 and token not in "()":
            outer.append(token.split('"')[1])
    name = f"{statement} {outer[0]}" if outer else statement
    aggregate = re.match(r"SELECT \(?COUNT\(", sql) and " GROUP BY " not in sql
    return name + " COUNT" if aggregate else name


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return Counter(describe(query["sql"]) for query in queries)


# What every page of a logged-in member costs, whatever it shows.
REQUEST = Counter(
    {
        "SELECT django_session": 1,  # the session
        "SELECT auth_user": 1,  # its user
        "SELECT agencies_membership": 1,  # their membership with its agency (navigation, scoping)
        # No session write: the idle timeout pushes the expiry forward at most once a minute (accounts.sessions).
    }
)
BELL = Counter({"SELECT notifications_notification COUNT": 1})  # the bell's unread count
LETTERHEAD = Counter({"SELECT department_department": 1})  # the print heading's names, cached until edited
TASK_FORM_OPTIONS = Counter(
    {
        "SELECT tasks_taskgroup": 1,  # groups (with their plans)
        "SELECT auth_user": 1,  # responsible user
        # Agencies and clusters are searched as one types (core.widgets.LookupSelect): no options to read.
    }
)
# The names of what the changes shown refer to, one query per kind of thing named (the task's creation names its
# group, agencies and clusters); changes that name nothing read none.
NAMES_IN_ONE_TASKS_CHANGES = Counter(
    {
        "SELECT tasks_taskgroup": 1,  # groups,
        "SELECT agencies_agency": 1,  # agencies,
        "SELECT clusters_cluster": 1,  # clusters
    }
)
HISTORY_OF_ONE_TASK = (
    Counter(
        {
            "SELECT tasks_historicaltask": 2,  # the page of records with users; every record of those tasks
            "SELECT tasks_historicaltask_supporting_agencies": 1,  # the many-to-many histories
            "SELECT tasks_historicaltask_clusters": 1,
        }
    )
    + NAMES_IN_ONE_TASKS_CHANGES
)
# The audit log's page of one task's records: the records come with their predecessors in one query, as rows
# without their users; the people who made the changes are read in one query for every kind on the page (with the
# people the records name), cheaper than joining them to every record read.
AUDIT_PAGE_OF_ONE_TASK = (
    HISTORY_OF_ONE_TASK - Counter({"SELECT tasks_historicaltask": 1}) + Counter({"SELECT auth_user": 1})
)

# Counts read from those kept per group and lead agency (tasks.tally): the rows, each saying whether a write has
# touched a pair since (TALLY_RECOUNT below: what a write adds to the next reader).
KEPT_COUNTS = Counter({"SELECT tasks_tasktally": 1})
# A list's count from them: summed in SQL, with whether a row is out of date (then read as KEPT_COUNTS).
KEPT_COUNT = Counter({"SELECT tasks_tasktally COUNT": 1})

EXPECTED = {
    "dashboard": REQUEST
    + BELL
    + Counter(
        {
            "SELECT tasks_plan": 1,  # every plan: the one shown (?plan=, else today's) and the selector's options
            # The Circular 14 reports escalated and still not sent, per period; the first reports waiting for the
            # coordinator to accept them ("Chờ tôi xử lý", workspace.waiting).
            "SELECT reporting_submission": 2,
            "SELECT tasks_extensionrequest": 1,  # "Chờ tôi xử lý": the first extension requests to decide
            # The register at the end of today (clusters.selectors.register_figures_on): the clusters with a
            # decision or a periodic figure, their decisions and their periodic figures (not their communes, which
            # no figure reads), counted in Python; the others, whose own columns decide their state, counted by
            # stage in SQL (one query instead of 3,000 states at national scale).
            "SELECT clusters_cluster": 2,
            "SELECT clusters_clusterdecision": 1,
            "SELECT clusters_clusterreport": 1,
            # The plan's figures (by deadline status: all, by group, by lead agency; update rates) and the
            # targets' progress come from the cache once a request has computed them: see DASHBOARD_FIGURES
            # below for the first request.
            "SELECT tasks_taskgroup": 1,  # the groups of the table
            "SELECT tasks_task": 3,  # "Chờ tôi xử lý": the first completions to accept; due soon; overdue
            "SELECT agencies_agency": 1,  # the lead agencies of the table
            "SELECT tasks_target": 1,  # the plan's targets
        }
    ),
    "task_list": REQUEST
    + BELL
    # The paginator's count: the plan's tasks, from the counts kept per group and lead agency.
    + KEPT_COUNT
    + Counter(
        {
            "SELECT tasks_task": 1,  # the page, with group and lead agency, deadline status in SQL
            "SELECT agencies_agency": 1,  # the page's supporting agencies
            # The agency and cluster filters are searched as one types (core.widgets.LookupSelect): no options
            # are read until one is chosen (task_list_chosen).
            "SELECT tasks_taskgroup": 1,  # filter options: groups
            "SELECT tasks_plan": 1,  # every plan: the one shown (?plan=, else today's) and the selector's options
        }
    ),
    "task_export_xlsx": REQUEST
    + Counter(
        {
            "SELECT tasks_plan": 1,  # every plan, to choose the one exported as the list does (?plan=, else today's)
            "SELECT agencies_agency": 1,  # every agency's name, once
            "SELECT tasks_task": 1,  # the tasks as plain values, read 2,000 at a time from one cursor
            "SELECT tasks_task_supporting_agencies": 1,  # their supporting agencies, one query per 2,000 tasks
        }
    ),
    "task_detail": REQUEST
    + BELL
    + HISTORY_OF_ONE_TASK
    + Counter(
        {
            # the task with group, plan, agencies and people joined; the tasks it carries on and that carry it on
            # (their own query: joined to the first, the twelve tables cost PostgreSQL more to plan than to read)
            "SELECT tasks_task": 2,
            "SELECT agencies_agency": 1,  # its supporting agencies
            "SELECT clusters_cluster": 1,  # its clusters
            # its requests, files and reports, read once: the deadline history and the timeline are shown from them
            "SELECT tasks_extensionrequest": 1,
            "SELECT tasks_attachment": 1,
            "SELECT tasks_progressreport": 1,
            "SELECT tasks_historicaltask": 1,  # the deadline history (the timeline's two are counted above)
            "SELECT notifications_followupletter": 1,  # the letters in its timeline
        }
    ),
    "task_update": REQUEST
    + BELL
    + TASK_FORM_OPTIONS
    + Counter(
        {
            "SELECT tasks_task": 1,  # the task
            "SELECT agencies_agency": 3,  # its supporting agencies; the chosen lead, the chosen supporting, to show
            "SELECT clusters_cluster": 2,  # its clusters; the chosen ones to show
        }
    ),
    "task_create": REQUEST + BELL + TASK_FORM_OPTIONS,
    "my_agency": REQUEST
    + BELL
    + Counter(
        {
            # The agency's task ids, figures and lists come from the cache (workspace.views.my_agency.agency_lists,
            # filled by the first view). The paginator of completions to accept. This coordinator's agency has
            # no task: its two lists (needing attention, waiting on the Department) are empty without a query.
            "SELECT tasks_task COUNT": 1,
            "SELECT tasks_extensionrequest COUNT": 1,  # the paginator of requests awaiting a coordinator
            # A list is read (one query each) only when its paginator counts rows; this coordinator's are empty.
        }
    ),
    "cluster_list": REQUEST
    + BELL
    + Counter(
        {
            "SELECT clusters_cluster COUNT": 1,  # the paginator's count
            # The page, with occupancy; the shown clusters that may count in the occupancy (register.may_fill).
            "SELECT clusters_cluster": 2,
            # The area in force of what is shown, summed in SQL over the clusters grouped with their decisions
            # (clusters.register.with_area_on): a sum over a derived table, which names no table of its own. One
            # more than reading every shown cluster's state, which at national scale (3,086 clusters) cost the page
            # most of its time.
            "SELECT": 1,
            # Their register as of today (clusters.register.as_of): decisions and periodic figures; the occupancy
            # reads no commune.
            "SELECT clusters_clusterdecision": 1,
            "SELECT clusters_clusterreport": 1,
            "SELECT places_commune": 2,  # the page's communes; the filter's options
        }
    ),
    "cluster_detail": REQUEST
    + BELL
    + Counter(
        {
            # the cluster with occupancy and what its decisions say; the names its reports' and its decisions'
            # history references
            "SELECT clusters_cluster": 3,
            "SELECT clusters_historicalcluster": 2,  # its history: records with users, every record
            "SELECT clusters_historicalcluster_communes": 1,
            "SELECT places_province": 1,  # names its history references
            "SELECT clusters_historicalclusterreport": 2,  # its reports' history
            "SELECT clusters_historicalclusterdecision": 2,  # its decisions' history
            "SELECT places_commune": 1,  # its communes
            "SELECT clusters_clusterreport": 1,  # its reports
            "SELECT clusters_clusterdecision": 1,  # its decisions
            "SELECT tasks_task": 1,  # the plan's panel: tasks about the cluster
            "SELECT tasks_target": 1,  # the plan's panel: targets counting it
        }
    ),
    "target_clusters": REQUEST
    + BELL
    + Counter(
        {
            "SELECT tasks_target": 1,  # the target with its plan
            "SELECT clusters_cluster": 2,  # its list; the options
        }
    ),
    # The register's edit pages (coordinators).
    "cluster_create": REQUEST
    + BELL
    + Counter(
        {
            "SELECT places_province": 2,  # the province preselected; the options
            "SELECT places_commune": 1,  # the options
            "SELECT agencies_agency": 1,  # the investor accounts' options
        }
    ),
    "cluster_update": REQUEST
    + BELL
    + Counter(
        {
            "SELECT clusters_cluster": 1,  # the cluster
            "SELECT places_commune": 2,  # its communes; the options
            "SELECT places_province": 1,  # the options
            "SELECT agencies_agency": 1,  # the investor accounts' options
        }
    ),
    "cluster_decision_create": REQUEST + BELL + Counter({"SELECT clusters_cluster": 1}),  # the cluster
    "cluster_decision_update": REQUEST
    + BELL
    + Counter({"SELECT clusters_clusterdecision": 1, "SELECT clusters_cluster": 1}),  # the decision; its cluster
    "cluster_report_create": REQUEST + BELL + Counter({"SELECT clusters_cluster": 1}),  # the cluster
    "cluster_report_update": REQUEST
    + BELL
    + Counter({"SELECT clusters_clusterreport": 1, "SELECT clusters_cluster": 1}),  # the report; its cluster
    "cluster_document_upload": REQUEST + BELL + Counter({"SELECT clusters_cluster": 1}),  # the cluster
    "agency_list": REQUEST
    + BELL
    + Counter(
        {
            "SELECT agencies_agency COUNT": 1,  # the paginator's count of the agencies
            "SELECT agencies_agency": 1,  # the page of agencies (their figures: cached, AGENCY_FIGURES)
        }
    ),
    "agency_detail": REQUEST
    + BELL
    + Counter(
        {
            "SELECT agencies_agency": 2,  # the agency; the supporting agencies of its tasks
            "SELECT tasks_responsibility": 1,  # its duties
            "SELECT tasks_task": 3,  # led, and supported, grouped by deadline status; its tasks
        }
    ),
    "audit_log": REQUEST
    + BELL
    + AUDIT_PAGE_OF_ONE_TASK
    + Counter(
        {
            "SELECT tasks_historicaltask": 1,  # the union's page and one row more (one kind asked); paged by
            # keyset, the log is never counted
            # The person and agency filters are searched as one types (core.widgets.LookupSelect): nothing read.
        }
    ),
    "audit_export_csv": REQUEST + AUDIT_PAGE_OF_ONE_TASK + Counter({"SELECT tasks_historicaltask": 1}),  # the rows
    "person_list": REQUEST
    + BELL
    + Counter(
        {
            "SELECT auth_user COUNT": 1,  # the paginator's count
            "SELECT auth_user": 1,  # the page of people, each with their last invitation (a subquery)
            "SELECT agencies_membership": 1,  # their active memberships with agencies (one prefetch)
        }
    ),
    "person_invite": REQUEST + BELL + Counter({"SELECT agencies_agency": 1}),  # the agencies to choose from
}
# What the dashboard adds when its figures are not cached (first request, or after a task write).
# The plan's tasks by group, lead agency and deadline status, and the update rates by lead agency: the counts kept
# per group and lead agency (KEPT_COUNTS), then:
DASHBOARD_FIGURES = KEPT_COUNTS + Counter(
    {
        # The targets measured on the register as of today (tasks.targets.progress_of): their lists' ids (one
        # read of the lists' table, tasks.targets.read_named_ids); the clusters that may count are read in the
        # page's one register read, with the register figures' dated clusters (clusters.selectors.PageRegister: no
        # more queries), never every cluster of the register, which cost the dashboard more than half its time at
        # national scale (3,086 clusters). In these worlds no cluster may count yet: see
        # test_the_dashboard_reads_the_clusters_that_may_count_in_its_one_register_read.
        "SELECT tasks_target_clusters": 1,
    }
)
# The plan reports read their stored figures: nothing of the plan's tasks or register is queried.
EXPECTED["plan_report_list"] = (
    REQUEST
    + BELL
    + Counter(
        {
            "SELECT plan_reports_planreport COUNT": 1,  # the paginator's count
            "SELECT plan_reports_planreport": 1,  # the page, with plans
        }
    )
)
EXPECTED["plan_report_detail"] = (
    REQUEST
    + BELL
    + Counter(
        {"SELECT plan_reports_planreport": 1}  # the report with its plan, issuer and previous report (their figures)
    )
)
EXPECTED["plan_report_create"] = (
    REQUEST
    + BELL
    + Counter(
        {
            "SELECT tasks_plan": 2
        }  # the plans: whether the select's first option is blank (its required flag); its options
    )
)
# A search is not among what the kept counts answer: the paginator counts the rows.
EXPECTED["task_list_filtered"] = EXPECTED["task_list"] - KEPT_COUNT + Counter({"SELECT tasks_task COUNT": 1})
# A chosen cluster and lead agency are each read once, to check the id; the form shows them without reading again.
# (A cluster filter is DISTINCT, so the paginator counts a subquery: "SELECT COUNT" instead of its table.)
EXPECTED["task_list_chosen"] = (
    EXPECTED["task_list"]
    - KEPT_COUNT
    + Counter({"SELECT COUNT": 1, "SELECT clusters_cluster": 1, "SELECT agencies_agency": 1})
)
EXPECTED["task_export_csv"] = EXPECTED["task_export_xlsx"]

# What a page reads once the world has grown, where it differs: the audit log's newest page is then the task's title
# edits alone, which name no group, agency or cluster (the export still reaches the task's creation).
EXPECTED_GROWN = {**EXPECTED, "audit_log": EXPECTED["audit_log"] - NAMES_IN_ONE_TASKS_CHANGES}


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_each_page_runs_exactly_its_named_queries_on_small_and_larger_data(page, world, client_for, coordinator):
    client = client_for(coordinator)
    url = page_urls(world)[page]
    queries_of(client, url)  # warm caches that a first request fills (content types…)
    assert queries_of(client, url) == EXPECTED[page]
    world.grow(long_history=page.startswith("audit"))
    queries_of(client, url)  # refill what the writes emptied (the dashboard's cached figures)
    assert queries_of(client, url) == EXPECTED_GROWN[page]


# The agencies table's figures, computed on a view after a write, then cached (``tasks.figures.agency_figures``).
# The page's agencies' led tasks by deadline status: the counts kept per group and lead agency (KEPT_COUNTS), and
AGENCY_FIGURES = KEPT_COUNTS + Counter(
    {
        # their supported tasks, one grouped query
        "SELECT tasks_task_supporting_agencies": 1,
    }
)
# What a task write adds to the next reader of the kept counts: the pairs it touched read from its notes, counted
# again from their tasks, written back, and the notes deleted.
TALLY_RECOUNT = Counter(
    {
        "SELECT tasks_tallychange": 1,
        "SELECT tasks_task": 1,
        "INSERT tasks_tasktally": 1,
        "DELETE tasks_tallychange": 1,
    }
)


def assert_figures_computed_once(client, url, expected, figures):
    """The page computes its ``figures`` on a view after the cache is emptied (with the letterhead), and reads them
    from the cache on the next."""
    queries_of(client, url)  # warm caches that a first request fills (content types…)
    cache.clear()
    assert queries_of(client, url) == expected + figures + LETTERHEAD
    assert queries_of(client, url) == expected


def test_the_agency_table_computes_its_figures_once_and_again_after_a_task_write(world, client_for, coordinator):
    client = client_for(coordinator)
    url = reverse("workspace:agency_list")
    assert_figures_computed_once(client, url, EXPECTED["agency_list"], AGENCY_FIGURES)
    world.add_tasks(1)
    assert queries_of(client, url) == EXPECTED["agency_list"] + AGENCY_FIGURES + TALLY_RECOUNT


def test_the_dashboard_computes_its_figures_once_and_again_after_a_task_write(world, client_for, coordinator):
    client = client_for(coordinator)
    url = reverse("dashboard")
    assert_figures_computed_once(client, url, EXPECTED["dashboard"], DASHBOARD_FIGURES)
    world.add_tasks(1)
    assert queries_of(client, url) == EXPECTED["dashboard"] + DASHBOARD_FIGURES + TALLY_RECOUNT
    assert queries_of(client, url) == EXPECTED["dashboard"]


def test_the_dashboard_reads_the_clusters_that_may_count_in_its_one_register_read(world, client_for, coordinator):
    """Clusters that may count towards the plan's target, one with a periodic figure (dated) and one whose own
    columns decide its state: they are read in the register the page reads for its figures, the same queries as
    when none may count (it was four more: their ids, then their own register)."""
    start, end = world.target.window
    day = min(local_today(), end)
    assert start <= day
    ClusterFactory(code="CCN-QD", infrastructure_completed_on=day, status=Cluster.Status.OPERATING)
    ClusterReportFactory(cluster=Cluster.objects.get(code="CCN-QD"), year=day.year - 1)
    ClusterFactory(code="CCN-QU", infrastructure_completed_on=day)
    assert Cluster.objects.filter(targets.might_count(world.target, local_today())).count() == 2
    assert_figures_computed_once(
        client_for(coordinator), reverse("dashboard"), EXPECTED["dashboard"], DASHBOARD_FIGURES
    )


@pytest.mark.parametrize("role", ["officer", "viewer"])
def test_the_task_page_runs_the_same_queries_for_officers_and_viewers(role, request, world, client_for):
    client = client_for(request.getfixturevalue(role))
    url = reverse("tasks:task_detail", args=[world.task.pk])
    queries_of(client, url)
    assert queries_of(client, url) == EXPECTED["task_detail"]
    world.grow()
    assert queries_of(client, url) == EXPECTED["task_detail"]
