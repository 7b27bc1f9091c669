"""The bell, the notification list, marking read, and the reminder preferences page."""

import pytest
from django.template import Context, Template
from django.test import Client

from notifications.links import task_path
from notifications.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def notify(user, task=None, message="Có việc mới", **fields):
    return Notification.objects.create(
        recipient=user, kind=Notification.Kind.TASK_ASSIGNED, task=task, message=message, **fields
    )


# --- the list and the bell -------------------------------------------------------------------------


def test_the_list_shows_my_notifications_and_not_others(client_for, officer, other_officer, task):
    notify(officer, task, "Cơ quan của bạn được giao nhiệm vụ của Bob")
    notify(other_officer, task, "Thông báo của Carol")

    response = client_for(officer).get("/notifications/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "nhiệm vụ của Bob" in content
    assert "Carol" not in content
    assert "Bạn có 1 thông báo chưa đọc." in content


def test_the_bell_shows_the_unread_count_and_links_to_the_list(officer):
    notify(officer)
    notify(officer)
    notify(officer, read_at="2026-06-20T03:00:00Z")

    html = Template('{% include "notifications/_bell.html" %}').render(Context({"user": officer}))

    assert 'href="/notifications/"' in html
    assert '<span class="notification-bell__count">2</span>' in html
    assert "2 chưa đọc" in html


def test_the_bell_is_silent_when_all_is_read_and_absent_for_anonymous(officer):
    from django.contrib.auth.models import AnonymousUser

    bell = Template('{% include "notifications/_bell.html" %}')
    assert "notification-bell__count" not in bell.render(Context({"user": officer}))
    assert bell.render(Context({"user": AnonymousUser()})).strip() == ""


def test_marking_one_read_takes_me_to_the_task(client_for, officer, task):
    notification = notify(officer, task)

    response = client_for(officer).post(f"/notifications/{notification.pk}/read/", {"next": task_path(task.pk)})

    assert response.status_code == 302 and response["Location"] == task_path(task.pk)
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_read_does_not_redirect_off_site(client_for, officer):
    notification = notify(officer)

    response = client_for(officer).post(f"/notifications/{notification.pk}/read/", {"next": "https://evil.example"})

    assert response["Location"] == "/notifications/"


def test_marking_read_needs_a_post(client_for, officer):
    notification = notify(officer)

    assert client_for(officer).get(f"/notifications/{notification.pk}/read/").status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_i_cannot_mark_someone_elses_notification(client_for, officer, other_officer):
    theirs = notify(other_officer)

    assert client_for(officer).post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_marks_only_mine(client_for, officer, other_officer):
    mine = [notify(officer), notify(officer)]
    theirs = notify(other_officer)

    response = client_for(officer).post("/notifications/read-all/")

    assert response.status_code == 302
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_the_unread_filter_hides_read_notifications(client_for, officer):
    notify(officer, message="Chưa đọc đây")
    notify(officer, message="Đọc rồi", read_at="2026-06-20T03:00:00Z")

    content = client_for(officer).get("/notifications/?unread=1").content.decode()

    assert "Chưa đọc đây" in content and "Đọc rồi" not in content


def test_forms_carry_a_csrf_token(officer):
    notification = notify(officer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)

    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 403
    assert 'name="csrfmiddlewaretoken"' in client.get("/notifications/").content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in ("/notifications/", "/notifications/preferences/", "/notifications/calendar/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "next=" in response["Location"]


def test_the_list_page_costs_the_same_queries_for_three_or_thirty_notifications(
    client_for, officer, task, django_assert_num_queries
):
    client = client_for(officer)
    client.get("/notifications/")  # the print heading's letterhead, read once and then cached until edited
    for count in (3, 30):
        Notification.objects.filter(recipient=officer).delete()
        for n in range(count):
            notify(officer, task, f"Thông báo {n}")
        # 1. the session
        # 2. the user
        # 3. the paginator's count
        # 4. the user's membership (navigation context)
        # 5. the bell's unread count (shared with the page's heading)
        # 6. the page of notifications, with their tasks
        # (the session is not written: its idle expiry is pushed forward at most once a minute)
        with django_assert_num_queries(6):
            assert client.get("/notifications/").status_code == 200


# --- preferences -----------------------------------------------------------------------------------


def test_viewing_preferences_creates_nothing_and_saving_stores_my_choice(client_for, officer):
    client = client_for(officer)
    assert client.get("/notifications/preferences/").status_code == 200
    assert not NotificationPreference.objects.exists()

    response = client.post("/notifications/preferences/", {"reminder_windows_days": "1, 7 ,3"})

    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=officer)
    assert (preference.receive_digests, preference.reminder_windows_days, preference.windows) == (
        False,
        "7,3,1",
        [7, 3, 1],
    )


def test_bad_windows_are_refused_with_a_vietnamese_message(client_for, officer):
    client = client_for(officer)

    for value, message in [
        ("bảy", "Chỉ nhập các số nguyên"),
        ("0,7", "Mỗi số ngày phải từ 1 đến 60."),
        ("90", "Mỗi số ngày phải từ 1 đến 60."),
    ]:
        response = client.post("/notifications/preferences/", {"receive_digests": "on", "reminder_windows_days": value})
        assert response.status_code == 200, value
        assert message in response.content.decode(), value
    assert not NotificationPreference.objects.exists()
