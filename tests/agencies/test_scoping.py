"""Every endpoint and method against every role: the permission matrix of agencies.scoping, over HTTP.

Roles: anonymous; a logged-in user without membership ("nobody"); a viewer; an officer of SXD, which leads
the task; an officer of STC, which supports it; a coordinator of the focal agency. An object one may not
see is a 404, one that one may see but not change is a 403.
"""

import datetime

import pytest
from django.db import transaction

from agencies.models import Membership
from tests.factories import (
    ClusterFactory,
    ClusterReportFactory,
    ExtensionRequestFactory,
    MembershipFactory,
    ProgressReportFactory,
    TargetFactory,
    UserFactory,
)

ROLES = ["anonymous", "nobody", "viewer", "officer", "other_officer", "coordinator"]


@pytest.fixture
def world(task, other_task, coordinator, officer, other_officer, viewer, group, agency):
    cluster = ClusterFactory()
    reported = ProgressReportFactory(task=task, author=officer)
    return {
        "task": task,
        "other_task": other_task,
        "cluster": cluster,
        "report": ClusterReportFactory(cluster=cluster),
        "progress": reported,
        "extension": ExtensionRequestFactory(task=task, requested_by=officer),
        "target": TargetFactory(plan=group.plan),
        "group": group,
        "agency": agency,
        "membership": Membership.objects.get(user=officer),
        "commune": cluster.province.communes.create(code="00001", name="Thử", kind="commune"),
    }


@pytest.fixture
def callers(db, api_for, anonymous, coordinator, officer, other_officer, viewer):
    nobody = UserFactory(username="nobody")
    users = {"nobody": nobody, "viewer": viewer, "officer": officer, "other_officer": other_officer}
    return {"anonymous": anonymous, "coordinator": api_for(coordinator)} | {
        role: api_for(user) for role, user in users.items()
    }


def _new_task(w):
    return {"group": w["group"].pk, "code": "NV-MOI", "title": "Mới", "lead_agency": w["agency"].pk}


def _new_cluster(w):
    return {"code": "CCN-MOI", "name": "CCN Mới", "province": w["cluster"].province_id}


#        anonymous, nobody, viewer, officer (SXD leads), other_officer (STC supports), coordinator
READ = (401, 200, 200, 200, 200, 200)
DETAIL = (401, 404, 200, 200, 200, 200)

MATRIX = [
    ("GET", "/api/v1/agencies/", None, READ),
    ("GET", "/api/v1/agencies/{agency}/", None, DETAIL),
    ("GET", "/api/v1/memberships/", None, READ),
    ("GET", "/api/v1/memberships/{membership}/", None, DETAIL),
    ("GET", "/api/v1/me/", None, READ),
    ("GET", "/api/v1/communes/", None, READ),
    ("GET", "/api/v1/communes/{commune}/", None, DETAIL),
    ("GET", "/api/v1/plans/", None, READ),
    ("GET", "/api/v1/plans/{group.plan}/", None, DETAIL),
    ("GET", "/api/v1/task-groups/", None, READ),
    ("GET", "/api/v1/task-groups/{group}/", None, DETAIL),
    ("GET", "/api/v1/targets/", None, READ),
    ("GET", "/api/v1/targets/{target}/", None, DETAIL),
    ("GET", "/api/v1/clusters/", None, READ),
    ("GET", "/api/v1/clusters/{cluster}/", None, DETAIL),
    ("GET", "/api/v1/clusters/{cluster}/reports/", None, DETAIL),
    ("GET", "/api/v1/clusters/{cluster}/history/", None, (401, 404, 200, 403, 403, 200)),
    ("POST", "/api/v1/clusters/", _new_cluster, (401, 403, 403, 403, 403, 201)),
    (
        "PATCH",
        "/api/v1/clusters/{cluster}/",
        {"notes": "x", "version": 1, "reason": "x"},
        (401, 404, 403, 403, 403, 200),
    ),
    ("POST", "/api/v1/clusters/{cluster}/reports/", {"year": 2025, "period": "annual"}, (401, 404, 403, 403, 403, 201)),
    ("GET", "/api/v1/tasks/", None, READ),
    ("GET", "/api/v1/tasks/{task}/", None, DETAIL),
    ("GET", "/api/v1/tasks/{task}/history/", None, DETAIL),
    ("GET", "/api/v1/tasks/{task}/deadline-history/", None, DETAIL),
    ("GET", "/api/v1/tasks/{other_task}/history/", None, (401, 404, 200, 403, 200, 200)),
    ("GET", "/api/v1/tasks/{other_task}/timeline/", None, (401, 404, 200, 403, 200, 200)),
    ("POST", "/api/v1/tasks/", _new_task, (401, 403, 403, 403, 403, 201)),
    ("PATCH", "/api/v1/tasks/{task}/", {"title": "x", "version": 1, "reason": "x"}, (401, 404, 403, 403, 403, 200)),
    (
        "POST",
        "/api/v1/tasks/{task}/progress-reports/",
        {"text": "x", "progress_percent": 10},
        (401, 404, 403, 201, 201, 201),
    ),
    (
        "POST",
        "/api/v1/tasks/{other_task}/progress-reports/",
        {"text": "x", "progress_percent": 10},
        (401, 404, 403, 403, 201, 201),
    ),
    (
        "POST",
        "/api/v1/tasks/{other_task}/extension-requests/",
        {"proposed_due_date": "2026-08-31", "reason": "x"},
        (401, 404, 403, 403, 201, 201),
    ),
    (
        "POST",
        "/api/v1/tasks/{task}/report-completion/",
        {"completed_on": "2026-06-19", "evidence": "x"},
        (401, 404, 403, 200, 403, 200),
    ),
    ("POST", "/api/v1/tasks/{task}/cancel/", {"reason": "x"}, (401, 404, 403, 403, 403, 200)),
    ("POST", "/api/v1/tasks/{task}/return/", {"reason": "x"}, (401, 404, 403, 403, 403, 400)),
    ("POST", "/api/v1/tasks/{task}/accept/", {}, (401, 404, 403, 403, 403, 400)),
    ("GET", "/api/v1/progress-reports/", None, READ),
    ("GET", "/api/v1/progress-reports/{progress}/", None, DETAIL),
    ("GET", "/api/v1/extension-requests/", None, READ),
    ("GET", "/api/v1/extension-requests/{extension}/", None, DETAIL),
    ("POST", "/api/v1/extension-requests/{extension}/approve/", {}, (401, 404, 403, 403, 403, 200)),
    ("POST", "/api/v1/extension-requests/{extension}/reject/", {"decision_note": "x"}, (401, 404, 403, 403, 403, 200)),
    ("GET", "/api/v1/audit-log/", None, (401, 403, 403, 403, 403, 200)),
    ("GET", "/api/v1/auth/tokens/", None, READ),
    ("GET", "/api/v1/schema/", None, (401, 403, 200, 200, 200, 200)),
]


def _url(template, w):
    def resolve(name):
        obj = w
        for part in name.split("."):
            obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
        return str(obj.pk)

    import re

    return re.sub(r"\{([\w.]+)\}", lambda m: resolve(m.group(1)), template)


@pytest.mark.parametrize(
    ("method", "template", "data", "expected"), [pytest.param(*row, id=f"{row[0]} {row[1]}") for row in MATRIX]
)
def test_the_permission_matrix(world, callers, method, template, data, expected):
    payload = data(world) if callable(data) else data
    url = _url(template, world)
    answers = {}
    for role in ROLES:
        # Each role acts on the same world: what one changes is rolled back before the next acts.
        with transaction.atomic():
            send = getattr(callers[role], method.lower())
            answers[role] = (send(url, payload, format="json") if payload is not None else send(url)).status_code
            transaction.set_rollback(True)
    assert answers == dict(zip(ROLES, expected, strict=True))


def test_every_operation_of_the_schema_is_in_the_matrix(coordinator_api):
    paths = coordinator_api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    documented = {(method.upper(), path) for path, ops in paths.items() for method in ops if method != "parameters"}
    covered = {(m, _normalise(u)) for m, u, _d, _e in MATRIX}
    # Token creation and revocation, and logout, have their own tests (test_auth.py).
    covered |= {
        ("POST", "/api/v1/auth/token/"),
        ("DELETE", "/api/v1/auth/tokens/{token_key}/"),
        ("POST", "/api/v1/auth/logout/"),
    }
    assert documented - covered == set()


def _normalise(template):
    import re

    return re.sub(r"\{[\w.]+\}", "{id}", template)


def test_an_inactive_membership_sees_nothing(api_for, officer, task):
    membership = officer.memberships.get()
    membership.is_active = False
    membership.save()
    assert api_for(officer).get(f"/api/v1/tasks/{task.pk}/").status_code == 404


def test_a_superuser_without_membership_may_do_everything(api_for, superuser, task):
    api = api_for(superuser)
    assert api.get("/api/v1/audit-log/").status_code == 200
    response = api.post(f"/api/v1/tasks/{task.pk}/cancel/", {"reason": "x"}, format="json")
    assert response.status_code == 200


def test_a_member_of_an_agency_that_has_no_part_in_a_task_still_sees_it(api_for, task):
    user = UserFactory(username="erin")
    MembershipFactory(user=user, role=Membership.Role.OFFICER)
    assert api_for(user).get(f"/api/v1/tasks/{task.pk}/").status_code == 200
    assert task.due_date == datetime.date(2026, 6, 30)
