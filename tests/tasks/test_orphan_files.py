"""Attachment files follow their rows: a write that fails stores nothing, deleting a task removes its files,
and ``clean_orphan_files`` lists and removes what a killed worker left behind."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from core.events import domain_event
from tasks import services
from tests.helpers import days

pytestmark = pytest.mark.django_db(transaction=True)


def stored_files():
    from core.uploads import stored_names as _stored_names
    from tasks.files import ATTACHMENT_FOLDER

    return sorted(_stored_names(ATTACHMENT_FOLDER))


@pytest.fixture
def failing_listener():
    """A listener of the workflow's events that fails, after the service has stored its files."""

    def fail(sender, event, **kwargs):
        raise RuntimeError("the notification table is unavailable")

    domain_event.connect(fail, dispatch_uid="failing-listener")
    yield
    domain_event.disconnect(dispatch_uid="failing-listener")


@pytest.mark.parametrize("service", ["progress", "extension", "completion"])
def test_a_write_rolled_back_after_its_files_were_stored_leaves_no_file(
    service, failing_listener, officer, open_task, pdf
):
    calls = {
        "progress": lambda: services.progress_report_create(
            actor=officer, task=open_task, text="x", progress_percent=10, files=[pdf()]
        ),
        "extension": lambda: services.extension_request_create(
            actor=officer, task=open_task, proposed_due_date=days(90), reason="x", files=[pdf()]
        ),
        "completion": lambda: services.task_report_completion(
            actor=officer, task=open_task, completed_on=days(-1), evidence="Xong", files=[pdf()]
        ),
    }
    with pytest.raises(RuntimeError):
        calls[service]()
    assert not open_task.attachments.exists()
    assert stored_files() == []


def test_deleting_a_task_removes_its_attachments_files(coordinator, superuser, officer, open_task, pdf):
    services.progress_report_create(actor=officer, task=open_task, text="x", progress_percent=10, files=[pdf()])
    assert len(stored_files()) == 1
    services.task_delete(actor=superuser, task=open_task, reason="Nhập nhầm")
    assert stored_files() == []


def test_the_command_lists_orphans_and_removes_them_only_with_delete(officer, open_task, pdf, capsys):
    services.progress_report_create(actor=officer, task=open_task, text="x", progress_percent=10, files=[pdf()])
    kept = stored_files()
    orphan = default_storage.save(f"attachments/{open_task.pk}/left-by-a-killed-worker", ContentFile(b"x"))

    call_command("clean_orphan_files")
    out = capsys.readouterr().out
    assert orphan in out and "Tìm thấy 1 tệp mồ côi." in out
    assert default_storage.exists(orphan)

    call_command("clean_orphan_files", "--delete")
    assert "Đã xóa 1 tệp mồ côi." in capsys.readouterr().out
    assert stored_files() == kept
