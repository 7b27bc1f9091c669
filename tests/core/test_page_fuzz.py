"""A property-based sweep of the pages, as a coordinator and as an officer: no generated input is a server error.

Each page is read as a person's browser reads it: its forms are found in the HTML, with their fields and, for
selects, their options. Hypothesis then fills them: the filter forms (GET) of the task list, the cluster
register, the audit log, the notifications and the deliveries become query strings; the forms that write (POST)
are sent with generated values. Values mix the page's own options, numbers, dates in both notations and free
text. A workflow form is sent on a fresh task each time, so every example meets the state the form was built
for (stale and raced actions, and inputs PostgreSQL refuses such as NUL, or dates far outside 2000–2100, have
their own tests under "Server errors").

Then every URL that answers POST, found in the URLconf (a test fails on one missing from ``POST_PAGES``), is sent
hostile values in every field its pages offer, plus ``action``, ``version``, ``reason`` and ``next``: no 5xx, and
a refusal leaves the apps' data unchanged (every table counted before and after). On PostgreSQL too: it refuses
what SQLite stores (a NUL byte, a string past its column's length).
"""

import datetime
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agencies.models import Agency, Membership
from notifications.models import Notification
from plan_reports.services import plan_report_draft, plan_report_issue
from reporting import reference
from reporting.models import Indicator, ReportForm
from reporting.services import ensure_periods, submission_save
from tests.factories import (
    AgencyFactory,
    ClusterDecisionFactory,
    ClusterFactory,
    ClusterReportFactory,
    CommuneFactory,
    ExtensionRequestFactory,
    MembershipFactory,
    TargetFactory,
    TaskFactory,
    UserFactory,
)
from tests.helpers import days
from tests.reporting.conftest import BIEU02
from webhooks import services as webhook_services
from webhooks.models import Delivery

pytestmark = pytest.mark.usefixtures("hanoi_clock")

SWEEP = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

# Text a person may type or paste: any printable character but those PostgreSQL refuses (NUL, lone surrogates).
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
DATES = st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 12, 31))
VALUES = st.one_of(
    st.just(""),
    TEXT,
    st.integers(-(2**40), 2**40).map(str),
    DATES.map(lambda day: f"{day:%d/%m/%Y}"),
    DATES.map(datetime.date.isoformat),
    st.decimals(-1e6, 1e6, places=2, allow_nan=False).map(str),
    st.sampled_from(["0", "1", "-1", "100", "101", "on", "true", "abc", "1e999", "31/02/2026"]),
)


class _Forms(HTMLParser):
    """The forms of a page: method, action, and each field's name with the options a select or the buttons
    offer."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append({"method": method, "action": attrs.get("action") or "", "fields": {}})
        elif not self.forms:
            return
        elif tag in ("input", "textarea", "select") and attrs.get("name"):
            if attrs["name"] == "csrfmiddlewaretoken" or attrs.get("type") in ("submit", "file"):
                return
            options = self.forms[-1]["fields"].setdefault(attrs["name"], [])
            if attrs.get("value") and attrs.get("type") in ("checkbox", "radio", "hidden"):
                options.append(attrs["value"])
            self._select = options if tag == "select" else None
        elif tag == "button" and attrs.get("name"):  # the button pressed is sent too ("action": draft or submit)
            self.forms[-1]["fields"].setdefault(attrs["name"], []).append(attrs.get("value") or "")
        elif tag == "option" and self._select is not None:
            self._select.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_of(client, url, method):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _Forms()
    parser.feed(response.content.decode())
    return [form for form in parser.forms if form["method"] == method]


def filled(draw, fields):
    """Values for some of the fields, name -> list: an option of the page, or any value; a field may repeat."""
    values = {}
    for name, options in fields.items():
        if draw(st.booleans()):
            value = VALUES if not options else st.one_of(st.sampled_from(options), VALUES)
            values[name] = draw(st.lists(value, min_size=1, max_size=2))
    return values


@pytest.fixture
def plan(coordinator, officer, other_officer, group, agency, other_agency):
    cluster = ClusterFactory()
    led = TaskFactory(group=group, lead_agency=agency, supporting_agencies=[other_agency], clusters=[cluster])
    TaskFactory(group=group, lead_agency=other_agency, due_date=days(-3))
    ExtensionRequestFactory(task=led, requested_by=officer)
    return {"task": led, "cluster": cluster, "agency": agency}


LIST_PAGES = ["/tasks/", "/clusters/", "/audit/", "/notifications/", "/notifications/deliveries/", "/my/", "/"]


@pytest.mark.parametrize("role", ["coordinator", "officer"])
@pytest.mark.parametrize("url", LIST_PAGES)
def test_no_filter_query_string_is_a_server_error(client_for, plan, role, url, request):
    client = client_for(request.getfixturevalue(role))
    first = client.get(url)
    if first.status_code == 403:  # the audit log is for coordinators: nothing to sweep for an officer
        return
    fields = {}
    for form in forms_of(client, url, "get"):
        fields.update(form["fields"])

    @given(data=st.data())
    @SWEEP
    def sweep(data):
        query = urlencode(filled(data.draw, fields), doseq=True)
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, f"{url}?{query}"

    sweep()


def _write_forms(client, url):
    return [form for form in forms_of(client, url, "post") if form["fields"]]


@pytest.mark.parametrize("role", ["coordinator", "officer"])
@pytest.mark.parametrize(
    "page",
    [
        "/tasks/new/",
        "edit",
        "/notifications/preferences/",
        "/notifications/letters/new/",
        "cluster",
    ],
)
def test_no_form_submission_is_a_server_error(client_for, plan, role, page, request):
    client = client_for(request.getfixturevalue(role))
    url = {"edit": f"/tasks/{plan['task'].pk}/edit/", "cluster": f"/clusters/{plan['cluster'].pk}/"}.get(page, page)
    if client.get(url).status_code in (403, 404):
        return  # not this role's form: the permission matrix covers the refusal
    forms = _write_forms(client, url)

    @given(data=st.data())
    @SWEEP
    def sweep(data):
        for form in forms:
            body = filled(data.draw, form["fields"])
            response = client.post(form["action"] or url, body)
            assert response.status_code < 500, (form["action"] or url, body)

    sweep()


@pytest.mark.parametrize("role", ["coordinator", "officer"])
def test_no_workflow_form_on_a_task_page_is_a_server_error(client_for, plan, role, request, group, agency):
    """Progress, extension, completion, acceptance, return, cancellation, extension decisions: each form of the
    task page, sent on a fresh task in the state the page was built for."""
    client = client_for(request.getfixturevalue(role))

    @given(data=st.data())
    @SWEEP
    def sweep(data):
        task = TaskFactory(group=group, lead_agency=agency, start_date=days(-30), due_date=days(-2))
        if data.draw(st.booleans()):
            ExtensionRequestFactory(task=task, requested_by=request.getfixturevalue("officer"))
        forms = _write_forms(client, f"/tasks/{task.pk}/")
        form = data.draw(st.sampled_from(forms)) if forms else None
        if form is None:
            return
        body = filled(data.draw, form["fields"])
        response = client.post(form["action"], body)
        assert response.status_code < 500, (form["action"], body)

    sweep()


def test_the_sweep_reads_the_filter_forms_of_the_lists(client_for, plan, coordinator):
    """The sweep is only as good as the forms it finds: the task list offers its filters and their options."""
    client = client_for(coordinator)
    fields = {name for form in forms_of(client, "/tasks/", "get") for name in form["fields"]}
    assert {"q", "lead_agency", "deadline_status", "status", "due_after", "due_before"} <= fields
    audit_fields = {name for form in forms_of(client, "/audit/", "get") for name in form["fields"]}
    assert audit_fields
    task_forms = _write_forms(client, f"/tasks/{plan['task'].pk}/")
    assert len(task_forms) >= 3
    assert all(re.match(r"^/(tasks|notifications|clusters)/", form["action"]) for form in task_forms)


# --- every page that accepts a POST ----------------------------------------------------------------------------
#
# Each URL of the site whose view answers POST (the admin and the API aside: tests/core/test_admin.py and
# tests/core/test_api_fuzz.py) is sent the fields its page offers, filled with hostile values: NUL bytes, text far
# past any field's length, digits that are not ASCII ("²", "٣"), non-finite numbers, wrong types (a list for one
# value, JSON-like text, a bool where a number goes). None is a server error, and an answer that is not a
# success (a redirect, or a file) leaves no record written: the data of the apps is counted before and after.


HOSTILE = [
    "\x00",
    "1\x00",
    "x" * 5000,
    "9" * 400,
    "²",
    "٣",
    "١٢٫٥",
    "1e999",
    "-1e999",
    "NaN",
    "inf",
    "-Infinity",
    "-1",
    "2147483648",
    "99999999999999999999999",
    "31/02/2026",
    "01/01/0001",
    "9999-12-31",
    "[1, 2]",
    '{"a": 1}',
    "true",
    " ",
]
HOSTILE_VALUES = st.sampled_from(HOSTILE)
# The apps whose data a refused form must leave untouched (accounts aside: a failed login is recorded on purpose).
DATA_APPS = {
    "places",
    "agencies",
    "clusters",
    "reporting",
    "tasks",
    "plan_reports",
    "signatures",
    "notifications",
    "webhooks",
    "audit",
    "sync",
}


def _routes(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name, getattr(pattern.callback, "view_class", None)


def posting_pages():
    """The names of the URLs (outside the admin and the API) whose view answers POST."""
    return {
        name
        for route, name, view in _routes(get_resolver().url_patterns)
        if view is not None
        and not route.startswith(("admin/", "api/"))
        and hasattr(view, "post")
        and "post" in view.http_method_names
    }


@pytest.fixture
def stage(plan, coordinator, officer, agency, group, hanoi_clock):
    """Something for every POST page to act on: a task and its extension request, a target, a cluster with a
    decision and a report, the Circular 14 cycle with a sent report, a webhook endpoint and one delivery, a
    notification."""
    forms = {}
    for lookup, values in reference.form_specs():
        forms[lookup["code"]] = ReportForm.objects.create(**lookup, **values)
    for code, key, values in reference.indicator_specs():
        Indicator.objects.create(form=forms[code], key=key, **values)
    period = ensure_periods(2026)[0]
    commune = CommuneFactory(code="10231", name="Xã Thử Nghiệm")
    investor_agency = AgencyFactory(code="CDT-A", name="Công ty A", short_name="Công ty A", kind=Agency.Kind.INVESTOR)
    cluster = ClusterFactory(code="CCN-A", investor=investor_agency, investor_name=investor_agency.name)
    cluster.communes.set([commune])
    open_cluster = ClusterFactory(code="CCN-B", investor=investor_agency, investor_name=investor_agency.name)
    open_cluster.communes.set([commune])
    investor = UserFactory(username="cdt.a")
    MembershipFactory(user=investor, agency=investor_agency, role=Membership.Role.INVESTOR)
    commune_agency = AgencyFactory(code="UBND-10231", kind=Agency.Kind.COMMUNE_COMMITTEE, commune=commune)
    reporter = UserFactory(username="ubnd.10231")
    MembershipFactory(user=reporter, agency=commune_agency, role=Membership.Role.COMMUNE_REPORTER)
    sent = submission_save(
        actor=investor,
        period=period,
        form=forms["02"],
        cluster=cluster,
        values=BIEU02,
        submit=True,
        signer_name="Trần Văn A",
        signer_title="Giám đốc",
    )
    endpoint = webhook_services.endpoint_create(
        actor=coordinator, url="https://he-thong-khac.vn/webhook", events=["task.created"]
    )
    delivery = Delivery.objects.create(endpoint=endpoint, event="task.created", payload={"id": "x"})
    notification = Notification.objects.create(
        recipient=officer, kind=Notification.Kind.TASK_ASSIGNED, task=plan["task"], message="Có việc mới"
    )
    return {
        **plan,
        "target": TargetFactory(plan=group.plan, description="Hoàn thành hạ tầng 26 cụm"),
        "decision": ClusterDecisionFactory(cluster=plan["cluster"]),
        "report": ClusterReportFactory(cluster=plan["cluster"]),
        "extension": plan["task"].extension_requests.first(),
        "period": period,
        "commune": commune,
        "investor": investor,
        "reporter": reporter,
        "reporting_cluster": cluster,
        "open_cluster": open_cluster,
        "sent": sent,
        "endpoint": endpoint,
        "delivery": delivery,
        "notification": notification,
        "plan": group.plan,
        "coordinator": coordinator,
    }


def issued_report(stage):
    """A plan report of the stage, issued when a case first needs one (making its PDF takes LibreOffice a moment)."""
    if "plan_report" not in stage:
        stage["plan_report"] = plan_report_issue(
            actor=stage["coordinator"],
            plan=stage["plan"],
            cut_off=datetime.date(2026, 6, 15),
            number="7/BC-SCT",
            issued_on=datetime.date(2026, 6, 15),
            signer="Nguyễn Văn A",
        )
    return stage["plan_report"]


def draft_report(stage):
    """A draft plan report of the stage, written when a case first needs one."""
    if "draft_report" not in stage:
        stage["draft_report"] = plan_report_draft(
            actor=stage["coordinator"], plan=stage["plan"], cut_off=datetime.date(2026, 6, 15)
        )
    return stage["draft_report"]


# name -> (who posts, the URL's arguments, the pages whose forms post there)
POST_PAGES = {
    # People, passwords and invitations (a made-up token: the page refuses it, never with an error).
    "password_reset": ("anonymous", lambda s: [], lambda s: []),
    "password_reset_confirm": ("anonymous", lambda s: ["MQ", "set-password"], lambda s: []),
    "invitation_accept": ("anonymous", lambda s: ["khong-hop-le"], lambda s: []),
    "people:person_invite": ("coordinator", lambda s: [], lambda s: []),
    "people:person_resend": ("coordinator", lambda s: [s["investor"].pk], lambda s: ["/people/"]),
    "people:person_deactivate": ("coordinator", lambda s: [s["investor"].pk], lambda s: ["/people/"]),
    "people:person_reactivate": ("coordinator", lambda s: [s["investor"].pk], lambda s: ["/people/"]),
    # Imports: the upload, and the preview of an upload that was never kept.
    "imports:upload": ("coordinator", lambda s: ["clusters"], lambda s: []),
    "imports:preview": ("coordinator", lambda s: ["clusters", "khong-co"], lambda s: []),
    # Plans, their groups and targets, the carry-over; a plan report's draft.
    "tasks:plan_create": ("coordinator", lambda s: [], lambda s: []),
    "tasks:plan_update": ("coordinator", lambda s: [s["plan"].pk], lambda s: []),
    "tasks:plan_groups": ("coordinator", lambda s: [s["plan"].pk], lambda s: []),
    "tasks:plan_target_create": ("coordinator", lambda s: [s["plan"].pk], lambda s: []),
    "tasks:plan_carry_over": ("coordinator", lambda s: [s["plan"].pk], lambda s: []),
    "plan_reports:report_edit": ("coordinator", lambda s: [draft_report(s).pk], lambda s: []),
    "login": ("anonymous", lambda s: [], lambda s: ["/accounts/login/"]),
    "logout": ("officer", lambda s: [], lambda s: ["/"]),
    "password_change": ("officer", lambda s: [], lambda s: ["/accounts/password/"]),
    "otp:setup": ("coordinator", lambda s: [], lambda s: ["/accounts/2fa/"]),
    "otp:verify": ("anonymous", lambda s: [], lambda s: ["/accounts/2fa/verify/"]),
    "notifications:notification_read": (
        "officer",
        lambda s: [s["notification"].pk],
        lambda s: ["/notifications/"],
    ),
    "notifications:notification_read_all": ("officer", lambda s: [], lambda s: ["/notifications/"]),
    "notifications:preferences": ("officer", lambda s: [], lambda s: ["/notifications/preferences/"]),
    "notifications:calendar": ("officer", lambda s: [], lambda s: ["/notifications/calendar/"]),
    "notifications:letter_create": (
        "coordinator",
        lambda s: [],
        lambda s: [f"/notifications/letters/new/?agency={s['agency'].pk}"],
    ),
    "clusters:cluster_create": ("coordinator", lambda s: [], lambda s: ["/clusters/new/"]),
    "clusters:cluster_update": ("coordinator", lambda s: [s["cluster"].pk], lambda s: []),
    "clusters:cluster_decision_create": ("coordinator", lambda s: [s["cluster"].pk], lambda s: []),
    "clusters:cluster_report_create": ("coordinator", lambda s: [s["cluster"].pk], lambda s: []),
    "clusters:cluster_document_upload": (
        "coordinator",
        lambda s: [s["cluster"].pk, "infrastructure_acceptance"],
        lambda s: [
            f"/clusters/{s['cluster'].pk}/",
            f"/clusters/{s['cluster'].pk}/documents/infrastructure_acceptance/",
        ],
    ),
    "clusters:cluster_decision_update": ("coordinator", lambda s: [s["decision"].pk], lambda s: []),
    "clusters:cluster_report_update": ("coordinator", lambda s: [s["report"].pk], lambda s: []),
    "plan_reports:report_create": (
        "coordinator",
        lambda s: [],
        lambda s: [f"/plan-reports/new/?plan={s['plan'].pk}&cut_off=15/06/2026"],
    ),
    "signatures:signed_upload": (
        "coordinator",
        lambda s: [issued_report(s).pk],
        lambda s: [f"/plan-reports/{issued_report(s).pk}/"],
    ),
    "reporting:submission_cluster": (
        "investor",
        lambda s: [s["period"].pk, s["open_cluster"].pk],
        lambda s: [],
    ),
    "reporting:submission_commune": ("reporter", lambda s: [s["period"].pk, s["commune"].pk], lambda s: []),
    "reporting:upload_cluster": (
        "investor",
        lambda s: [s["period"].pk, s["open_cluster"].pk],
        lambda s: [reverse("reporting:submission_cluster", args=[s["period"].pk, s["open_cluster"].pk])],
    ),
    "reporting:upload_commune": (
        "reporter",
        lambda s: [s["period"].pk, s["commune"].pk],
        lambda s: [reverse("reporting:submission_commune", args=[s["period"].pk, s["commune"].pk])],
    ),
    "reporting:submission_accept": (
        "coordinator",
        lambda s: [s["sent"].pk],
        lambda s: [reverse("reporting:submission", args=[s["sent"].pk])],
    ),
    "reporting:submission_return": (
        "coordinator",
        lambda s: [s["sent"].pk],
        lambda s: [reverse("reporting:submission", args=[s["sent"].pk])],
    ),
    "reporting:bieu04": ("coordinator", lambda s: [s["period"].pk], lambda s: []),
    "webhooks:endpoint_create": ("coordinator", lambda s: [], lambda s: []),
    "webhooks:endpoint_update": ("coordinator", lambda s: [s["endpoint"].pk], lambda s: []),
    "webhooks:endpoint_rotate_secret": (
        "coordinator",
        lambda s: [s["endpoint"].pk],
        lambda s: [f"/webhooks/{s['endpoint'].pk}/"],
    ),
    "webhooks:delivery_replay": (
        "coordinator",
        lambda s: [s["delivery"].pk],
        lambda s: [f"/webhooks/{s['endpoint'].pk}/"],
    ),
    "tasks:task_create": ("coordinator", lambda s: [], lambda s: []),
    "tasks:task_update": ("coordinator", lambda s: [s["task"].pk], lambda s: []),
    **{
        f"tasks:{name}": (role, lambda s: [s["task"].pk], lambda s: [f"/tasks/{s['task'].pk}/"])
        for name, role in [
            ("progress_report_create", "officer"),
            ("extension_request_create", "officer"),
            ("task_report_completion", "officer"),
            ("task_accept_completion", "coordinator"),
            ("task_return", "coordinator"),
            ("task_cancel", "coordinator"),
        ]
    },
    "tasks:extension_request_approve": (
        "coordinator",
        lambda s: [s["extension"].pk],
        lambda s: [f"/tasks/{s['task'].pk}/"],
    ),
    "tasks:extension_request_reject": (
        "coordinator",
        lambda s: [s["extension"].pk],
        lambda s: [f"/tasks/{s['task'].pk}/"],
    ),
    "tasks:target_clusters": ("coordinator", lambda s: [s["target"].pk], lambda s: []),
}
# Fields every write form may carry, sent even when the page showed none (a forged or an old form).
COMMON_FIELDS = ("action", "version", "reason", "next")


def data_counts():
    """The rows of every table of the apps' data, in one query."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label in DATA_APPS and model._meta.managed
        }
    )
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def succeeded(response):
    """A redirect (the page's "done"), or a file (a letter); anything else is a refusal, which writes nothing."""
    return response.status_code in (301, 302, 303) or (
        response.status_code == 200 and not response["Content-Type"].startswith("text/html")
    )


def test_every_page_that_accepts_a_post_is_swept():
    assert posting_pages() == set(POST_PAGES)


@pytest.mark.parametrize("name", sorted(POST_PAGES))
def test_no_hostile_post_is_a_server_error_or_a_half_written_record(name, stage, request, client_for):
    role, arguments, sources = POST_PAGES[name]
    user = {"investor": stage["investor"], "reporter": stage["reporter"]}.get(role)
    client = Client() if role == "anonymous" else client_for(user or request.getfixturevalue(role))
    url = reverse(name, args=arguments(stage))
    fields = {}
    for page in sources(stage) or [url]:
        shown = client.get(page, follow=True)
        if shown.status_code != 200 or not shown["Content-Type"].startswith("text/html"):
            continue
        parser = _Forms()
        parser.feed(shown.content.decode())
        for form in parser.forms:
            if form["method"] == "post" and (form["action"] or page).split("?")[0] == url:
                for field, options in form["fields"].items():
                    fields.setdefault(field, []).extend(options)
    for field in COMMON_FIELDS:
        fields.setdefault(field, [])
    base = {field: options[0] for field, options in fields.items() if options}

    def check(body):
        before = data_counts()
        response = client.post(url, body)
        assert response.status_code < 500, (url, body)
        if not succeeded(response):
            assert data_counts() == before, (url, body, response.status_code)

    for value in HOSTILE:  # every field at once
        check(dict.fromkeys(fields, value))
    for index, field in enumerate(sorted(fields)):  # one field at a time, the others as the page offers them
        check({**base, field: HOSTILE[index % len(HOSTILE)]})
        check({**base, field: [HOSTILE[(index + 1) % len(HOSTILE)], "1"]})

    @given(data=st.data())
    @SWEEP
    def sweep(data):
        body = {}
        for field, options in fields.items():
            if data.draw(st.booleans()):
                choices = [HOSTILE_VALUES, VALUES] + ([st.sampled_from(options)] if options else [])
                body[field] = data.draw(st.lists(st.one_of(choices), min_size=1, max_size=2))
        check(body)

    sweep()
