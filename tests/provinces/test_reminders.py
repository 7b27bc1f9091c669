"""The daily reminders in each installation: the digests go out (Django's locmem backend) and speak in the name of
the province's Department, never Hanoi's elsewhere."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_the_reminders_name_the_provinces_department(installation):
    world = installation
    TaskFactory(
        code="KH120-2.02",
        title="Giải phóng mặt bằng CCN Nà Hang",
        group=world.groups[1],
        lead_agency=world.agency,
        due_date=datetime.date(2026, 6, 27),  # in seven days
    )
    TaskFactory(code="KH120-1.02", group=world.groups[0], lead_agency=world.agency, due_date=datetime.date(2026, 6, 19))

    call_command("send_deadline_reminders")

    digests = [message for message in mail.outbox if message.to == [world.agency.email]]
    assert len(digests) == 1
    digest = digests[0]
    assert "KH120-2.02" in digest.body and "còn 7 ngày" in digest.body and "quá hạn 1 ngày" in digest.body
    assert f"Kế hoạch phát triển cụm công nghiệp của {world.info.department_name}" in digest.body
    html = next(content for content, mimetype in digest.alternatives if mimetype == "text/html")
    assert world.info.department_name in html
    if world.foreign_place:
        for message in mail.outbox:
            html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
            assert world.foreign_place not in message.subject + message.body + html, message.to
