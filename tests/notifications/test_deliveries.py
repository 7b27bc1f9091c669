"""The coordinators' log of reminder digests: every message, its recipient, its tasks, and whether it was confirmed."""

import datetime

import pytest
from django.core.management import call_command

from notifications.models import ReminderDelivery

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def run(*args):
    call_command("send_deadline_reminders", *args)


def test_coordinators_see_every_delivery(client_for, coordinator, officer, due_in):
    task = due_in(1)
    run()

    response = client_for(coordinator).get("/notifications/deliveries/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "bob@example.gov.vn" in content and "sxd@example.gov.vn" in content
    assert task.code in content


def test_officers_may_not_see_the_deliveries(client_for, officer):
    assert client_for(officer).get("/notifications/deliveries/").status_code == 403


def test_unconfirmed_deliveries_can_be_filtered(client_for, coordinator):
    ReminderDelivery.objects.create(run_date=TODAY, kind="agency_digest", recipient="lost@example.gov.vn")
    ReminderDelivery.objects.create(
        run_date=TODAY,
        kind="agency_digest",
        recipient="fine@example.gov.vn",
        sent_at=datetime.datetime.now(datetime.UTC),
    )

    content = client_for(coordinator).get("/notifications/deliveries/?status=unconfirmed").content.decode()

    assert "lost@example.gov.vn" in content and "fine@example.gov.vn" not in content


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/notifications/deliveries/")

    assert response.status_code == 302 and "next=/notifications/deliveries/" in response["Location"]
