"""Who reads which file, by both doors (the download page and the API), under the one rule in
agencies.scoping (``visible_attachments``): the files of a task's progress and completion go with the task,
which every member sees, an officer of an agency that neither leads nor supports it included (the plan is
shared inside the administration); the files of an extension request go with the deadline history, read
only by the agencies on the task, coordinators and viewers."""

import datetime

import pytest
from django.urls import reverse

from agencies.models import Membership
from tasks import services
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(db):
    """An officer of an agency that neither leads nor supports the open task."""
    user = UserFactory(username="dan")
    MembershipFactory(user=user, agency=AgencyFactory(code="SNN", name="Sở Nông nghiệp"), role=Membership.Role.OFFICER)
    return user


@pytest.fixture
def files(officer, open_task, pdf):
    services.progress_report_create(
        actor=officer, task=open_task, text="Kèm biên bản", progress_percent=20, files=[pdf("bien-ban.pdf")]
    )
    services.extension_request_create(
        actor=officer,
        task=open_task,
        proposed_due_date=open_task.due_date + datetime.timedelta(days=30),
        reason="Chờ ý kiến các sở",
        files=[pdf("cong-van.pdf")],
    )
    progress = open_task.attachments.get(extension_request__isnull=True)
    extension = open_task.attachments.get(extension_request__isnull=False)
    return progress, extension


def download(client, attachment):
    return client.get(reverse("tasks:attachment_download", args=[attachment.pk])).status_code


def api_attachment_ids(api, path):
    return {a["id"] for row in api.get(path, {"page_size": 200}).json()["results"] for a in row["attachments"]}


def test_an_officer_outside_the_task_reads_its_progress_files_by_both_doors(outsider, client_for, api_for, files):
    progress, _extension = files
    assert download(client_for(outsider), progress) == 200
    assert progress.pk in api_attachment_ids(api_for(outsider), "/api/v1/progress-reports/")


def test_an_officer_outside_the_task_reads_no_extension_file_by_either_door(outsider, client_for, api_for, files):
    _progress, extension = files
    assert download(client_for(outsider), extension) == 404
    assert extension.pk not in api_attachment_ids(api_for(outsider), "/api/v1/extension-requests/")


@pytest.mark.parametrize("role", ["officer", "other_officer", "coordinator", "viewer"])
def test_the_agencies_on_the_task_coordinators_and_viewers_read_both(role, request, client_for, api_for, files):
    user = request.getfixturevalue(role)
    progress, extension = files
    assert (download(client_for(user), progress), download(client_for(user), extension)) == (200, 200)
    assert extension.pk in api_attachment_ids(api_for(user), "/api/v1/extension-requests/")
