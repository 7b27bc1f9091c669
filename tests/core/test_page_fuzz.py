"""A property-based sweep of the pages, as a coordinator and as an officer: no generated input is a server error.

Each page is read as a person's browser reads it: its forms are found in the HTML, with their fields and, for
selects, their options. Hypothesis then fills them: the filter forms (GET) of the task list, the cluster
register, the audit log, the notifications and the deliveries become query strings; the forms that write (POST)
are sent with generated values. Values mix the page's own options, numbers, dates in both notations and free
text. A workflow form is sent on a fresh task each time, so every example meets the state the form was built
for (stale and raced actions, and inputs PostgreSQL refuses such as NUL, or dates far outside 2000–2100, have
their own tests under "Server errors").
"""

import datetime
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ClusterFactory, ExtensionRequestFactory, TaskFactory
from tests.helpers import days

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
    """The forms of a page: method, action, and each field's name with the options a select offers."""

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
