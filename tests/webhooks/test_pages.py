"""The coordinators' webhook pages and the admin: who may open them, registering (the secret shown once), the form's
Vietnamese errors, editing with a reason, rotating the secret, and replaying a delivery (page button and admin
action)."""

import pytest
from django.urls import reverse

from webhooks import sending
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db

LIST = reverse("webhooks:endpoint_list")
CREATE = reverse("webhooks:endpoint_create")


def _register(client, **changes):
    data = {"url": "https://he-thong-khac.vn/webhook", "description": "Cổng dữ liệu", "events": ["task.created"]}
    return client.post(CREATE, {**data, **changes})


def _errors(response):
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_coordinators_open_the_pages_and_find_them_in_the_navigation(client_for, coordinator):
    client = client_for(coordinator)
    assert LIST in client.get(reverse("dashboard")).content.decode()
    assert client.get(LIST).status_code == 200
    assert client.get(CREATE).status_code == 200


@pytest.mark.parametrize("role", ["officer", "viewer"])
def test_officers_and_viewers_may_not(request, client_for, role):
    client = client_for(request.getfixturevalue(role))
    assert LIST not in client.get(reverse("dashboard")).content.decode()
    assert client.get(LIST).status_code == 403
    assert _register(client).status_code == 403
    assert not Endpoint.objects.exists()


def test_anonymous_users_are_sent_to_log_in(client):
    assert client.get(LIST).url.startswith(reverse("login"))


def test_registering_shows_the_secret_once_and_records_who(client_for, coordinator):
    client = client_for(coordinator)
    response = _register(client, events=["task.created", "submission.accepted"])
    endpoint = Endpoint.objects.get()
    assert response.status_code == 302 and response.url == reverse("webhooks:endpoint_detail", args=[endpoint.pk])
    assert endpoint.events == ["task.created", "submission.accepted"] and endpoint.created_by == coordinator

    first = client.get(response.url).content.decode()
    assert endpoint.secret in first and "chỉ hiện một lần" in first
    assert endpoint.secret not in client.get(response.url).content.decode()
    record = endpoint.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        coordinator,
        "Đăng ký điểm nhận webhook",
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"url": "http://he-thong-khac.vn/webhook"}, "url", "Địa chỉ nhận phải dùng https://"),
        ({"url": "ftp://he-thong-khac.vn/"}, "url", "Địa chỉ nhận phải dùng https://"),
        ({"url": "không phải địa chỉ"}, "url", "Địa chỉ không hợp lệ"),
        ({"url": ""}, "url", "Cần nhập địa chỉ nhận."),
        ({"events": []}, "events", "Cần chọn ít nhất một sự kiện."),
        ({"events": ["task.deleted"]}, "events", "Sự kiện task.deleted không có trong danh mục."),
    ],
)
def test_the_form_refuses_bad_input_in_vietnamese(client_for, coordinator, changes, field, message):
    response = _register(client_for(coordinator), **changes)
    assert response.status_code == 200
    assert any(text.startswith(message) for text in _errors(response)[field]), _errors(response)
    assert not Endpoint.objects.exists()


def test_plain_http_is_accepted_for_this_machine_only_where_the_tests_allow_it(client_for, coordinator):
    # OUTBOUND_ALLOW_LOOPBACK_HTTP is on for the tests' receiver (tests/webhooks/test_outbound.py: off, refused).
    assert _register(client_for(coordinator), url="http://127.0.0.1:9000/hooks").status_code == 302
    assert _register(client_for(coordinator), url="http://localhost:9000/hooks").status_code == 302
    assert Endpoint.objects.count() == 2


def test_a_second_click_does_not_register_the_address_twice(client_for, coordinator):
    client = client_for(coordinator)
    assert _register(client).status_code == 302
    again = _register(client)
    assert again.status_code == 200
    assert "Địa chỉ nhận này đã được đăng ký." in again.content.decode()
    assert Endpoint.objects.count() == 1


def test_editing_needs_a_reason_and_leaves_it_in_the_history(client_for, coordinator, endpoint_for):
    endpoint = endpoint_for("https://he-thong-khac.vn/webhook", ["task.created"])
    client = client_for(coordinator)
    url = reverse("webhooks:endpoint_update", args=[endpoint.pk])
    assert client.get(url).status_code == 200
    data = {"url": endpoint.url, "events": ["task.created", "task.deadline_changed"]}

    refused = client.post(url, data)
    assert _errors(refused) == {"reason": ["Cần nêu lý do."]}

    assert client.post(url, {**data, "reason": "Thêm sự kiện gia hạn"}).status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.events == ["task.created", "task.deadline_changed"] and endpoint.is_active is False
    record = endpoint.history.order_by("-history_id").first()
    assert (record.history_user, record.history_change_reason) == (coordinator, "Thêm sự kiện gia hạn")


def test_rotating_the_secret_shows_the_new_one(client_for, coordinator, endpoint_for):
    endpoint = endpoint_for("https://he-thong-khac.vn/webhook", ["task.created"])
    client = client_for(coordinator)
    response = client.post(reverse("webhooks:endpoint_rotate_secret", args=[endpoint.pk]))
    old_secret = endpoint.secret
    endpoint.refresh_from_db()
    assert endpoint.secret != old_secret
    page = client.get(response.url).content.decode()
    assert endpoint.secret in page and old_secret not in page
    assert client.get(reverse("webhooks:endpoint_rotate_secret", args=[endpoint.pk])).status_code == 405


def test_the_detail_lists_deliveries_and_replays_one(receiver, client_for, coordinator, endpoint_for, officer, task):
    endpoint = endpoint_for(receiver.url, ["task.created"])
    delivery = Delivery.objects.create(endpoint=endpoint, event="task.created", payload={"id": "x"})
    receiver.status = 500
    sending.drain()
    client = client_for(coordinator)
    page = client.get(reverse("webhooks:endpoint_detail", args=[endpoint.pk])).content.decode()
    assert str(delivery.uuid) in page and "Chờ gửi" in page and "mã phản hồi không thành công" in page
    replay = reverse("webhooks:delivery_replay", args=[delivery.pk])
    assert replay not in page  # still waiting for its next attempt: nothing to replay

    receiver.status = 200
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED)
    assert replay in client.get(reverse("webhooks:endpoint_detail", args=[endpoint.pk])).content.decode()
    assert client_for(officer).post(replay).status_code == 403
    assert client.post(replay).status_code == 302
    sending.drain()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SUCCEEDED and len(receiver.requests) == 2


def test_the_admin_registers_an_endpoint_and_replays_deliveries(client_for, coordinator, endpoint_for):
    client = client_for(coordinator)
    response = client.post(
        reverse("admin:webhooks_endpoint_add"),
        {"url": "https://cong-du-lieu.vn/hook", "description": "", "events": ["task.assigned"], "is_active": "on"},
        follow=True,
    )
    endpoint = Endpoint.objects.get()
    assert endpoint.secret in response.content.decode()
    assert endpoint.history.get().history_user == coordinator

    refused = client.post(reverse("admin:webhooks_endpoint_add"), {"url": "http://cong-du-lieu.vn/", "events": []})
    assert refused.status_code == 200 and "Địa chỉ nhận phải dùng https://" in refused.content.decode()

    delivery = Delivery.objects.create(
        endpoint=endpoint, event="task.assigned", payload={}, status=Delivery.Status.FAILED, attempts=8
    )
    client.post(
        reverse("admin:webhooks_delivery_changelist"),
        {"action": "replay_selected", "_selected_action": [delivery.pk]},
    )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 0)
    assert client.get(reverse("admin:webhooks_delivery_changelist"), {"status": "pending"}).status_code == 200


def test_the_audit_log_shows_endpoint_changes_without_the_secret(client_for, coordinator, endpoint_for):
    endpoint = endpoint_for("https://he-thong-khac.vn/webhook", ["task.created"])
    page = client_for(coordinator).get(reverse("audit:audit_log"), {"kind": "webhooks.endpoint"})
    text = page.content.decode()
    assert page.status_code == 200 and "Đăng ký điểm nhận webhook" in text
    assert endpoint.secret not in text


def cookies_text(response):
    """The response's cookies as a browser could read them, the messages cookie decoded (it may be compressed)."""
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    morsel = response.cookies.get("messages")
    messages = CookieStorage(HttpRequest())._decode(morsel.value) if morsel else None
    return str(response.cookies) + " ".join(str(message) for message in messages or [])


def test_the_admin_never_puts_a_secret_in_a_cookie(client_for, coordinator, endpoint_for):
    """The messages framework keeps its messages in a signed, unencrypted cookie: a secret shown through it
    could be read from the browser's cookie jar. The admin shows it once on the endpoint's page instead."""
    client = client_for(coordinator)
    response = client.post(
        reverse("admin:webhooks_endpoint_add"),
        {"url": "https://cong-du-lieu.vn/hook", "description": "", "events": ["task.assigned"], "is_active": "on"},
    )
    endpoint = Endpoint.objects.get()
    assert endpoint.secret not in cookies_text(response)
    assert response["Location"] == reverse("webhooks:endpoint_detail", args=[endpoint.pk])
    assert endpoint.secret in client.get(response["Location"]).content.decode()
    assert endpoint.secret not in client.get(response["Location"]).content.decode()  # once

    second = endpoint_for("https://he-thong-khac.vn/hook", ["task.assigned"])
    rotated = client.post(
        reverse("admin:webhooks_endpoint_changelist"),
        {"action": "rotate_secret_selected", "_selected_action": [endpoint.pk, second.pk]},
    )
    endpoint.refresh_from_db()
    second.refresh_from_db()
    assert endpoint.secret not in cookies_text(rotated) and second.secret not in cookies_text(rotated)
    assert "messages" in rotated.cookies  # the message went out, without the secrets
    for each in (endpoint, second):
        assert each.secret in client.get(reverse("webhooks:endpoint_detail", args=[each.pk])).content.decode()
