"""A Python client generated from config/openapi.yaml by openapi-python-client (the generator integrators use)
imports whole and runs the workflow against a live server: token, overdue list, progress report with a file,
extension request, approval by a second coordinator, deadline history, clearing a nullable field.

The client is generated once per module into a temporary folder. It failed to import when the contract
advertised form and multipart bodies beside JSON on every write.
"""

import importlib
import io
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from core.api import TokenUserRateThrottle
from tests.factories import TaskFactory
from tests.helpers import PDF_BYTES, days

SCHEMA = Path(settings.BASE_DIR) / "config" / "openapi.yaml"
PACKAGE = "ccn_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The generated package, imported; its modules are reached as ``generated.api...`` after the import test."""
    folder = tmp_path_factory.mktemp("generated")
    config = folder / "config.yaml"
    config.write_text("post_hooks: []\n")  # no formatter run: the client is only imported
    generator = Path(sys.executable).parent / "openapi-python-client"
    command = [str(generator), "generate", "--path", str(SCHEMA), "--meta", "none"]
    command += ["--output-path", str(folder / PACKAGE), "--config", str(config)]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(folder))
    package = importlib.import_module(PACKAGE)
    yield package
    sys.path.remove(str(folder))
    for name in [name for name in sys.modules if name == PACKAGE or name.startswith(PACKAGE + ".")]:
        del sys.modules[name]


def _module(name):
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_every_module_of_the_generated_client_imports(generated):
    failures = {}
    names = [info.name for info in pkgutil.walk_packages(generated.__path__, PACKAGE + ".")]
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as error:
            failures[name] = repr(error)
    assert len(names) > 100
    assert failures == {}


@pytest.mark.django_db(transaction=True)
def test_the_workflow_runs_through_the_generated_client(
    generated, live_server, coordinator, second_coordinator, officer, password, group, agency, monkeypatch
):
    monkeypatch.setattr(TokenUserRateThrottle, "THROTTLE_RATES", {"token": "100000/hour"})
    task = TaskFactory(group=group, lead_agency=agency, start_date=days(-90), due_date=days(-10))
    client_module = _module("client")
    models = _module("models")
    types = _module("types")

    def session(user):
        anonymous = client_module.Client(base_url=live_server.url)
        body = models.TokenRequestRequest(username=user.username, password=password)
        token = _module("api.auth.auth_token_create").sync(client=anonymous, body=body)
        assert isinstance(token, models.Token), token
        return client_module.AuthenticatedClient(base_url=live_server.url, token=token.token, prefix="Token")

    as_officer, as_coordinator = session(officer), session(second_coordinator)

    overdue = _module("api.tasks.tasks_list").sync(
        client=as_officer, deadline_status=[models.TasksListDeadlineStatusItem.OVERDUE]
    )
    assert [row.id for row in overdue.results] == [task.pk]
    assert overdue.count == 1  # from the counts kept per group and lead agency (tasks.tally)
    assert overdue.results[0].deadline_status == models.DeadlineStatusEnum.OVERDUE

    report = _module("api.tasks.tasks_progress_reports_create").sync(
        task.pk,
        client=as_officer,
        body=models.ProgressReportCreateRequest(
            text="Đã trình dự thảo",
            progress_percent=60,
            files=[types.File(payload=io.BytesIO(PDF_BYTES), file_name="du-thao.pdf", mime_type="application/pdf")],
        ),
    )
    assert isinstance(report, models.ProgressReport), report
    assert [attachment.original_name for attachment in report.attachments] == ["du-thao.pdf"]

    extension = _module("api.tasks.tasks_extension_requests_create").sync(
        task.pk,
        client=as_officer,
        body=models.ExtensionRequestCreateRequest(proposed_due_date=days(30), reason="Chờ ý kiến các sở"),
    )
    assert isinstance(extension, models.ExtensionRequest), extension

    approved = _module("api.extension_requests.extension_requests_approve_create").sync(
        extension.id, client=as_coordinator, body=models.ExtensionApproveRequest(decision_document="123/QĐ-SCT")
    )
    assert approved.status == models.ExtensionRequestStatusEnum.APPROVED
    assert approved.decided_by.username == second_coordinator.username

    history = _module("api.tasks.tasks_deadline_history_list").sync(task.pk, client=as_officer)
    assert [(line.old, line.new) for line in history] == [(None, days(-10)), (days(-10), days(30))]

    tasks_retrieve = _module("api.tasks.tasks_retrieve")
    before = tasks_retrieve.sync(task.pk, client=as_coordinator)
    cleared = _module("api.tasks.tasks_partial_update").sync(
        task.pk,
        client=as_coordinator,
        body=models.PatchedTaskUpdateRequest(
            start_date=None, reason="Chưa xác định ngày bắt đầu", version=before.version
        ),
    )
    assert isinstance(cleared, models.Task), cleared
    assert cleared.start_date is None
    task.refresh_from_db()
    assert task.start_date is None
