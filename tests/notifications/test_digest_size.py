"""Digests that fit: thousands of overdue tasks make a digest of N per section, its total and a link to the rest."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from core.audit import audited_bulk_create
from tests.factories import TaskFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db

ONE_MEGABYTE = 1024 * 1024
MANY = 3000
LONG_TITLE = "Hoàn thiện hạ tầng kỹ thuật, đền bù giải phóng mặt bằng và thu hút đầu tư vào cụm công nghiệp " * 2


def add_overdue_tasks(group, agency, count):
    due = TODAY - datetime.timedelta(days=10)
    tasks = [
        TaskFactory.build(
            group=group,
            lead_agency=agency,
            code=f"QH-{n:05d}",
            title=f"{LONG_TITLE}{n}",
            due_date=due,
            start_date=datetime.date(2026, 1, 1),
        )
        for n in range(count)
    ]
    audited_bulk_create(tasks, actor=None, reason="Dữ liệu thử")


def digest(reader):
    [message] = [m for m in mail.outbox if m.to == [reader.email]]
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    return message, html


def vn(number):
    """A count as the Vietnamese digest prints it: 3.000."""
    return f"{number:,}".replace(",", ".")


def size_of(message, html):
    return len(message.body.encode()) + len(html.encode())


def listed_codes(text):
    return re.findall(r"^\d+\. (QH-\d{5})", text, flags=re.MULTILINE)


def total_behind(client, url):
    assert url.startswith(settings.SITE_URL)
    response = client.get(url.removeprefix(settings.SITE_URL))
    assert response.status_code == 200
    return int(re.search(r'data-total="(\d+)"', response.content.decode()).group(1))


def overdue_link(text):
    return re.search(r"QUÁ HẠN CHƯA HOÀN THÀNH.*?Danh sách đủ [\d.]+ nhiệm vụ: (\S+)", text, flags=re.DOTALL).group(1)


def test_an_agency_with_thousands_of_overdue_tasks_gets_a_digest_under_one_megabyte_of_fifty_with_a_link(
    officer, coordinator, group, agency, client_for
):
    add_overdue_tasks(group, agency, MANY)

    call_command("send_deadline_reminders")

    message, html = digest(officer)
    assert size_of(message, html) < ONE_MEGABYTE
    assert f"QUÁ HẠN CHƯA HOÀN THÀNH ({vn(MANY)})" in message.body
    assert len(listed_codes(message.body)) == settings.REMINDER_DIGEST_SECTION_LIMIT == 50
    assert len(re.findall(r">QH-\d{5}</a>", html)) == 50
    assert f"thư chỉ liệt kê 50/{vn(MANY)}" in message.body and f"thư chỉ liệt kê 50/{vn(MANY)}" in html
    link = overdue_link(message.body)
    assert f'href="{link.replace("&", "&amp;")}"' in html
    assert f"agency={agency.pk}" in link and "deadline_status=overdue" in link
    assert total_behind(client_for(coordinator), link) == MANY


def test_the_coordinators_city_wide_digest_with_thousands_of_overdue_tasks_stays_under_one_megabyte(
    coordinator, group, agency, other_agency, client_for
):
    add_overdue_tasks(group, agency, MANY // 2)
    TaskFactory.create_batch(3, group=group, lead_agency=other_agency, due_date=TODAY - datetime.timedelta(days=1))

    call_command("send_deadline_reminders")

    message, html = digest(coordinator)
    total = MANY // 2 + 3
    assert size_of(message, html) < ONE_MEGABYTE
    assert f"QUÁ HẠN CHƯA HOÀN THÀNH ({vn(total)})" in message.body
    assert len(re.findall(r"^\d+\. \S+ — ", message.body, flags=re.MULTILINE)) == 50
    assert f"thư chỉ liệt kê 50/{vn(total)}" in message.body
    assert total_behind(client_for(coordinator), overdue_link(message.body)) == total


def test_the_section_limit_is_a_setting_and_a_short_section_lists_everything_with_its_link(
    settings, officer, coordinator, group, agency, client_for
):
    settings.REMINDER_DIGEST_SECTION_LIMIT = 5
    add_overdue_tasks(group, agency, 4)

    call_command("send_deadline_reminders")

    message, html = digest(officer)
    assert len(listed_codes(message.body)) == 4
    assert "thư chỉ liệt kê" not in message.body and "thư chỉ liệt kê" not in html
    assert total_behind(client_for(coordinator), overdue_link(message.body)) == 4
