"""Attachments leave the server only through the download view, to users who may see the task."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from tasks import services
from tests.factories import UserFactory
from tests.helpers import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(officer, open_task, pdf):
    services.progress_report_create(
        actor=officer, task=open_task, text="Kèm biên bản", progress_percent=20, files=[pdf('Biên bản "họp".pdf')]
    )
    return open_task.attachments.get()


def url(attachment):
    return reverse("tasks:attachment_download", args=[attachment.pk])


@pytest.mark.parametrize("role", ["viewer", "officer", "other_officer", "coordinator"])
def test_members_who_may_see_the_task_download_its_attachment(request, role, client_for, attachment):
    response = client_for(request.getfixturevalue(role)).get(url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"


def test_the_download_is_an_attachment_with_a_safe_ascii_name_and_the_real_name_in_rfc_5987(
    client_for, viewer, attachment
):
    disposition = client_for(viewer).get(url(attachment))["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Bien ban _hop_.pdf"; ')
    assert disposition.endswith("filename*=UTF-8''" + quote('Biên bản "họp".pdf', safe=""))


def test_anonymous_visitor_is_sent_to_log_in(client, attachment):
    response = client.get(url(attachment))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_user_without_an_agency_may_not_download(client_for, attachment):
    assert client_for(UserFactory(username="nobody")).get(url(attachment)).status_code == 403


def test_an_unknown_attachment_is_404(client_for, viewer):
    assert client_for(viewer).get(reverse("tasks:attachment_download", args=[424242])).status_code == 404


def test_a_file_missing_on_disk_is_404_not_a_crash(client_for, viewer, attachment):
    attachment.file.storage.delete(attachment.file.name)
    assert client_for(viewer).get(url(attachment)).status_code == 404


def test_attachments_are_stored_under_a_random_name_outside_any_served_folder(attachment, settings):
    assert "Biên bản" not in attachment.file.name
    assert str(settings.MEDIA_ROOT) in attachment.file.path
    assert settings.MEDIA_URL is None
