"""The private iCalendar feed: its token, its scope, and deadlines that follow approved extensions."""

import datetime

import pytest
from icalendar import Calendar

from notifications.models import CalendarFeedToken
from tasks import services
from tasks.models import Task
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def feed_url(user):
    token, _ = CalendarFeedToken.objects.get_or_create(user=user)
    return f"/calendar/{token.token}.ics"


def events_of(response):
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]).split(" — ")[0]: event for event in calendar.walk("VEVENT")}


def test_an_officers_feed_lists_the_deadlines_of_its_agencys_tasks(client, officer, task, other_task, group, agency):
    supported = TaskFactory(group=group, lead_agency=other_task.lead_agency, supporting_agencies=[agency])

    response = client.get(feed_url(officer))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = events_of(response)
    assert set(events) == {task.code, supported.code}
    event = events[task.code]
    assert event.decoded("dtstart") == datetime.date(2026, 6, 30)
    assert event.decoded("dtend") == datetime.date(2026, 7, 1)
    assert str(event["summary"]) == f"{task.code} — {task.title}"
    assert "Cơ quan chủ trì: Sở Xây dựng" in str(event["description"])
    assert "Cơ quan phối hợp: Sở Tài chính" in str(event["description"])
    assert "Tình trạng: Đang thực hiện trong hạn" in str(event["description"])
    assert str(event["url"]).endswith(f"/{task.pk}/")
    assert "dtstamp" in event and str(event["uid"]).startswith(f"task-{task.pk}-")


def test_coordinators_and_viewers_see_every_task(client, coordinator, viewer, task, other_task):
    for user in (coordinator, viewer):
        assert set(events_of(client.get(feed_url(user)))) == {task.code, other_task.code}


def test_done_cancelled_and_undated_tasks_are_left_out(client, coordinator, group, agency):
    kept = TaskFactory(
        group=group, lead_agency=agency, status=Task.Status.AWAITING_ACCEPTANCE, completed_on="2026-06-01"
    )
    TaskFactory(group=group, lead_agency=agency, status=Task.Status.DONE, completed_on="2026-06-01")
    TaskFactory(group=group, lead_agency=agency, status=Task.Status.CANCELLED)
    TaskFactory(group=group, lead_agency=agency, due_date=None)

    assert set(events_of(client.get(feed_url(coordinator)))) == {kept.code}


def test_the_feed_follows_an_approved_extension_on_the_same_event(client, officer, coordinator, task):
    url = feed_url(officer)
    before = events_of(client.get(url))[task.code]
    extension = services.extension_request_create(
        actor=officer, task=task, proposed_due_date=datetime.date(2026, 7, 31), reason="Chờ thẩm định"
    )

    services.extension_request_approve(actor=coordinator, extension_request=extension)

    after = events_of(client.get(url))[task.code]
    assert after.decoded("dtstart") == datetime.date(2026, 7, 31)
    assert str(after["uid"]) == str(before["uid"])
    assert after["sequence"] > before["sequence"]
    assert "Thời hạn ban đầu: 30/06/2026 (đã gia hạn)" in str(after["description"])


def test_an_unknown_token_is_404(client, db):
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_the_feed_of_an_inactive_user_is_404(client, officer):
    url = feed_url(officer)
    officer.is_active = False
    officer.save()

    assert client.get(url).status_code == 404


def test_a_user_without_membership_gets_an_empty_calendar(client, task):
    from tests.factories import UserFactory

    response = client.get(feed_url(UserFactory(username="nobody")))

    assert response.status_code == 200
    assert events_of(response) == {}


def test_the_page_creates_regenerates_and_revokes_the_token(client_for, officer, task):
    browser = client_for(officer)
    assert "Tạo đường dẫn lịch" in browser.get("/notifications/calendar/").content.decode()
    assert not CalendarFeedToken.objects.exists(), "viewing the page creates nothing"

    browser.post("/notifications/calendar/", {"action": "create"})
    first = CalendarFeedToken.objects.get(user=officer).token
    page = browser.get("/notifications/calendar/").content.decode()
    assert f"/calendar/{first}.ics" in page

    browser.post("/notifications/calendar/", {"action": "regenerate"})
    second = CalendarFeedToken.objects.get(user=officer).token
    assert second != first
    assert browser.get(f"/calendar/{first}.ics").status_code == 404
    assert browser.get(f"/calendar/{second}.ics").status_code == 200

    browser.post("/notifications/calendar/", {"action": "revoke"})
    assert not CalendarFeedToken.objects.exists()
    assert browser.get(f"/calendar/{second}.ics").status_code == 404


@pytest.mark.parametrize("action", ["\x00", "drop", "", "create\x00"])
def test_an_unknown_button_is_a_400_in_vietnamese_and_the_link_is_kept(client_for, officer, action):
    browser = client_for(officer)
    browser.post("/notifications/calendar/", {"action": "create"})
    token = CalendarFeedToken.objects.get(user=officer).token

    response = browser.post("/notifications/calendar/", {"action": action})

    assert response.status_code == 400
    assert "bấm một trong các nút của trang" in response.content.decode()
    assert CalendarFeedToken.objects.get(user=officer).token == token


def test_the_feed_costs_a_fixed_number_of_queries(client, officer, agency, group, django_assert_num_queries):
    for _ in range(5):
        TaskFactory(group=group, lead_agency=agency)
    url = feed_url(officer)
    # 1. the token and its user
    # 2. the user's membership
    # 3. the tasks
    # 4. their supporting agencies
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200


def test_the_refresh_interval_is_written_as_an_icalendar_duration(client, officer, task):
    lines = client.get(feed_url(officer)).content.decode().splitlines()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines
    assert not any(line.endswith("1:00:00") for line in lines)
