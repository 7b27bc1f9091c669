"""Schemathesis over every operation of the OpenAPI contract, as a coordinator and as an officer.

The schema is the one the application serves; requests go straight into the WSGI application, in the
test's database transaction, against a small plan (tasks, a cluster, an extension request). Each operation
gets a bounded number of generated requests: no answer may be a server error, and every answer must match
the schema (status code, content type, body).
"""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from knox.models import AuthToken
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from core.api import TokenUserRateThrottle
from reporting import reference
from reporting import services as reporting_services
from reporting.models import Indicator, ReportForm
from tests.core.test_page_fuzz import data_counts
from tests.factories import (
    ClusterFactory,
    ClusterReportFactory,
    CommuneFactory,
    ExtensionRequestFactory,
    ProgressReportFactory,
    TargetFactory,
    TaskFactory,
)

pytestmark = [pytest.mark.fuzz, pytest.mark.usefixtures("hanoi_clock")]

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def connection_kept_open_between_requests():
    """Requests go straight into the WSGI application, whose request signals would close the database
    connection, and with it the test's transaction (PostgreSQL); Django's test client unhooks them too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(coordinator, officer, other_officer, viewer, group, agency, other_agency, monkeypatch):
    """A small plan to act on, and throttling out of the way (it has its own test)."""
    monkeypatch.setattr(TokenUserRateThrottle, "THROTTLE_RATES", {"token": "100000/hour"})
    cluster = ClusterFactory()
    ClusterReportFactory(cluster=cluster)
    target = TargetFactory(plan=group.plan)
    led = TaskFactory(group=group, lead_agency=agency, supporting_agencies=[other_agency], clusters=[cluster])
    TaskFactory(group=group, lead_agency=other_agency, due_date=datetime.date(2026, 12, 31))
    extension = ExtensionRequestFactory(task=led, requested_by=officer)
    report = ProgressReportFactory(task=led, author=officer)
    ids = {
        "agencies": agency.pk,
        "communes": CommuneFactory().pk,
        "clusters": cluster.pk,
        "plans": group.plan_id,
        "task-groups": group.pk,
        "targets": target.pk,
        "tasks": led.pk,
        "progress-reports": report.pk,
        "extension-requests": extension.pk,
        "memberships": officer.memberships.get().pk,
        **_reporting_cycle(cluster, coordinator),
    }
    return {"coordinator": coordinator, "officer": officer, "ids": ids}


def _reporting_cycle(cluster, coordinator):
    """The Circular 14 forms, this year's periods, and a draft Biểu 02 of the cluster entered by a coordinator."""
    forms = {}
    for lookup, values in reference.form_specs():
        forms[lookup["code"]] = ReportForm.objects.create(**lookup, **values)
    for code, key, values in reference.indicator_specs():
        Indicator.objects.create(form=forms[code], key=key, **values)
    half_year, _annual = reporting_services.ensure_periods(2026)
    draft = reporting_services.submission_save(
        actor=coordinator, period=half_year, form=forms["02"], cluster=cluster, values={"tenant_projects": "3"}
    )
    return {"report-forms": forms["02"].pk, "reporting-periods": half_year.pk, "submissions": draft.pk}


def _token_header(user):
    _instance, token = AuthToken.objects.create(user=user)
    return {"Authorization": f"Token {token}"}


# Valid requests reach the services and their rules, so they get more examples than invalid ones, which the
# serializers refuse early.
POSITIVE_EXAMPLES = 15
NEGATIVE_EXAMPLES = 10
FUZZ_SETTINGS = settings(
    max_examples=NEGATIVE_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _known_ids(path, world):
    """The path parameters of an object that exists, so generated requests reach real records too."""
    if "{token_key}" in path:
        instance, _token = AuthToken.objects.create(user=world["caller"])
        return {"token_key": instance.token_key}
    if "{id}" not in path:
        return None
    resource = path.removeprefix("/api/v1/").split("/")[0]
    return {"id": world["ids"].get(resource, 1)}


def _fuzz(strategy, headers_for, examples):
    @given(case=strategy)
    @settings(FUZZ_SETTINGS, max_examples=examples)
    def run(case):
        case.call_and_validate(headers=headers_for(), checks=CHECKS)

    run()


def _fuzz_every_operation(world, caller):
    world["caller"] = world[caller]
    headers = _token_header(world[caller])
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application(), headers=headers)
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        strategies = [
            (operation.as_strategy(GenerationMode.POSITIVE, path_parameters=_known_ids(operation.path, world)), True),
            (operation.as_strategy(GenerationMode.NEGATIVE), False),
        ]
        for strategy, positive in strategies:
            # Logging out revokes the token it is sent with: that operation gets a fresh one each time.
            if operation.path.endswith("/auth/logout/"):
                headers_for = lambda: _token_header(world[caller])  # noqa: E731
            else:
                headers_for = lambda: headers  # noqa: E731
            try:
                _fuzz(strategy, headers_for, POSITIVE_EXAMPLES if positive else NEGATIVE_EXAMPLES)
            except Unsatisfiable:
                pass  # no parameters and no body: nothing to make invalid in the negative mode
            except (Exception, BaseExceptionGroup) as exc:  # every failing operation is reported, not the first only
                failures.append(f"{operation.label}: {exc}")
    assert operations >= 40
    assert not failures, "\n\n".join(failures)


def test_no_operation_fails_a_coordinator(world):
    _fuzz_every_operation(world, "coordinator")


def test_no_operation_fails_an_officer(world):
    _fuzz_every_operation(world, "officer")


# --- hostile values in every field of every write ------------------------------------------------------------

# Values a generator rarely reaches: NUL bytes, numbers JSON cannot hold (written raw: ``json`` would refuse to),
# digits outside ASCII, over-long and wrong-typed values.
HOSTILE = [
    '"abc\\u0000def"',
    '["\\u0000"]',
    "1e999",
    "-1e999",
    "NaN",
    '"inf"',
    '"²"',
    '"٣"',
    '"' + "x" * 5000 + '"',
    "9" * 40,
    "9" * 400,
    "[]",
    "{}",
    "true",
]


def _resolved(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _writes(schema):
    """(method, path, body properties) of every operation that takes a JSON body."""
    for path, item in schema["paths"].items():
        for method in ("post", "put", "patch"):
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            properties = _resolved(schema, body).get("properties", {}) if body else {}
            yield method, path, sorted(properties) or ["_"]


# As a coordinator, who may write everywhere, so each value reaches the serializer and the service (an officer's
# writes are a subset, refused earlier elsewhere).
@pytest.mark.parametrize("caller", ["coordinator"])
def test_no_hostile_value_in_any_api_write_is_a_server_error(world, api_for, caller):
    api = api_for(world[caller])
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    writes = list(_writes(schema))
    assert len(writes) >= 15
    failures = []
    for method, path, fields in writes:
        if path.endswith(("/auth/logout/", "/auth/logout-all/")):
            continue  # would revoke the token the sweep runs with
        ids = _known_ids(path, {**world, "caller": world[caller]}) or {}
        url = path.format(**ids) if ids else path
        for field in fields:
            for value in HOSTILE:
                before = data_counts()
                response = getattr(api, method)(url, f'{{"{field}": {value}}}', content_type="application/json")
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {url} {field}={value[:40]}: {response.status_code}")
                elif response.status_code >= 400 and data_counts() != before:
                    failures.append(f"{method.upper()} {url} {field}={value[:40]}: refused, yet a record was written")
    assert not failures, "\n".join(failures)
