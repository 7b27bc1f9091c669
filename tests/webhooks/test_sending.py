"""The drain against a real HTTP receiver: signed POSTs, success, retries with backoff, failure after the last
attempt, replay, and the command that runs it."""

import datetime
import hashlib
import hmac
import json
import socket

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from tasks import services as task_services
from webhooks import sending, services
from webhooks.models import Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def completion(officer, open_task):
    """completion() -> the officer reports the open task done (the event the endpoints below hear)."""

    def report():
        return task_services.task_report_completion(
            actor=officer, task=open_task, completed_on=datetime.date.today(), evidence="Biên bản nghiệm thu"
        )

    return report


def _expected_signature(secret, timestamp, body):
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def test_the_drain_posts_a_signed_delivery_and_marks_it_succeeded(receiver, endpoint_for, completion):
    endpoint = endpoint_for(receiver.url, ["task.completion_reported"])
    completion()
    delivery = Delivery.objects.get()

    before = int(timezone.now().timestamp())
    report = sending.drain()

    assert [d.pk for d in report.succeeded] == [delivery.pk]
    [request] = receiver.requests
    headers, body = request["headers"], request["body"]
    assert request["path"] == "/hooks"
    assert headers["Content-Type"] == "application/json"
    assert headers["X-CCN-Event"] == "task.completion_reported"
    assert headers["X-CCN-Delivery"] == str(delivery.uuid)
    timestamp = headers["X-CCN-Timestamp"]
    assert before <= int(timestamp) <= int(timezone.now().timestamp())
    # The receiver's check: the HMAC of "<timestamp>." + the body's bytes, with the endpoint's secret.
    assert hmac.compare_digest(headers["X-CCN-Signature"], _expected_signature(endpoint.secret, timestamp, body))
    assert headers["X-CCN-Signature"] != _expected_signature("another secret", timestamp, body)
    assert json.loads(body) == delivery.payload
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (Delivery.Status.SUCCEEDED, 1, 204)
    assert delivery.delivered_at is not None and delivery.last_error == ""
    # Nothing is sent twice.
    assert sending.drain().attempted == 0 and len(receiver.requests) == 1


def test_a_failing_receiver_is_retried_with_backoff_then_the_delivery_fails(
    settings, receiver, endpoint_for, completion
):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    settings.WEBHOOK_BACKOFF_SECONDS = 60
    receiver.status = 500
    endpoint_for(receiver.url, ["task.completion_reported"])
    completion()
    now = timezone.now()

    assert len(sending.drain(now=now).retrying) == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (Delivery.Status.PENDING, 1, 500)
    assert delivery.last_error == "http"  # the status code and a word: never the receiver's answer
    assert delivery.next_attempt_at == now + datetime.timedelta(minutes=2)  # 1 minute × 2^1

    # Not before its time.
    assert sending.drain(now=now + datetime.timedelta(seconds=119)).attempted == 0
    assert len(receiver.requests) == 1

    second = now + datetime.timedelta(minutes=2)
    sending.drain(now=second)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 2)
    assert delivery.next_attempt_at == second + datetime.timedelta(minutes=4)  # 1 minute × 2^2

    report = sending.drain(now=second + datetime.timedelta(minutes=4))
    delivery.refresh_from_db()
    assert [d.pk for d in report.failed] == [delivery.pk]
    assert (delivery.status, delivery.attempts, delivery.delivered_at) == (Delivery.Status.FAILED, 3, None)
    assert len(receiver.requests) == 3
    # Every attempt carried the same delivery id.
    assert {request["headers"]["X-CCN-Delivery"] for request in receiver.requests} == {str(delivery.uuid)}
    assert sending.drain(now=second + datetime.timedelta(days=1)).attempted == 0


def test_the_backoff_is_capped(settings):
    settings.WEBHOOK_BACKOFF_SECONDS, settings.WEBHOOK_BACKOFF_MAX_SECONDS = 60, 3600
    assert [sending.backoff(n).total_seconds() for n in (1, 2, 5, 6, 7)] == [120, 240, 1920, 3600, 3600]


def test_an_unreachable_receiver_is_an_attempt_with_the_kind_of_error(endpoint_for, completion):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint_for(f"http://127.0.0.1:{port}/hooks", ["task.completion_reported"])
    completion()
    sending.drain()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (Delivery.Status.PENDING, 1, None)
    assert delivery.last_error == "refused"


def test_a_replayed_delivery_is_sent_again_with_the_same_id(receiver, endpoint_for, completion, coordinator):
    endpoint_for(receiver.url, ["task.completion_reported"])
    completion()
    sending.drain()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.SUCCEEDED

    assert services.delivery_replay(actor=coordinator, deliveries=[delivery]) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 0)
    # A second click while it waits changes nothing.
    assert services.delivery_replay(actor=coordinator, deliveries=[delivery]) == 0

    sending.drain()
    assert len(receiver.requests) == 2
    assert receiver.requests[0]["body"] == receiver.requests[1]["body"]
    assert receiver.requests[1]["headers"]["X-CCN-Delivery"] == str(delivery.uuid)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SUCCEEDED


def test_only_coordinators_replay(endpoint_for, completion, officer):
    endpoint_for("https://example.org/hooks", ["task.completion_reported"])
    completion()
    with pytest.raises(PermissionDenied):
        services.delivery_replay(actor=officer, deliveries=list(Delivery.objects.all()))


def test_a_switched_off_endpoint_is_not_sent_its_queued_deliveries(receiver, endpoint_for, completion, coordinator):
    endpoint = endpoint_for(receiver.url, ["task.completion_reported"])
    completion()
    services.endpoint_update(actor=coordinator, endpoint=endpoint, reason="Hệ thống nhận bảo trì", is_active=False)
    report = sending.drain()
    assert len(report.failed) == 1 and receiver.requests == []
    delivery = Delivery.objects.get()
    assert (delivery.last_error, delivery.error_label()) == ("inactive", "điểm nhận đã ngừng hoạt động; không gửi")


def test_a_rotated_secret_signs_the_next_deliveries(receiver, endpoint_for, completion, coordinator):
    endpoint = endpoint_for(receiver.url, ["task.completion_reported"])
    old_secret = endpoint.secret
    rotated = services.endpoint_rotate_secret(actor=coordinator, endpoint=endpoint)
    assert rotated.secret != old_secret and len(rotated.secret) >= 43
    completion()
    sending.drain()
    [request] = receiver.requests
    timestamp = request["headers"]["X-CCN-Timestamp"]
    assert request["headers"]["X-CCN-Signature"] == _expected_signature(rotated.secret, timestamp, request["body"])
    # The history says who rotated it and why, never the secret.
    latest = endpoint.history.order_by("-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (coordinator, "Đổi khóa bí mật")
    assert not hasattr(latest, "secret")


def test_the_command_sends_what_is_due(receiver, endpoint_for, completion):
    endpoint_for(receiver.url, ["task.completion_reported"])
    completion()
    call_command("send_webhooks")
    assert len(receiver.requests) == 1
    assert Delivery.objects.get().status == Delivery.Status.SUCCEEDED


def test_a_drain_killed_mid_send_leaves_the_attempt_counted_and_does_not_send_again_at_once(
    receiver, endpoint_for, completion, monkeypatch
):
    """The attempt is committed before the POST: a drain killed while the receiver answers (here: the process
    dies right after sending) leaves it in the log, and the next drain waits the backoff instead of sending
    the same delivery again at once; a repeat, when it comes, carries the same X-CCN-Delivery id."""
    endpoint_for(receiver.url, ["task.completion_reported"])
    completion()
    post = sending._post

    def sent_then_killed(delivery, now):
        post(delivery, now)
        raise KeyboardInterrupt  # the process is stopped before it records the answer

    monkeypatch.setattr(sending, "_post", sent_then_killed)
    with pytest.raises(KeyboardInterrupt):
        sending.drain()
    monkeypatch.setattr(sending, "_post", post)

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)
    assert sending.drain().attempted == 0 and len(receiver.requests) == 1  # not again at once

    sending.drain(now=delivery.next_attempt_at)

    assert len(receiver.requests) == 2
    first, second = (request["headers"]["X-CCN-Delivery"] for request in receiver.requests)
    assert first == second == str(delivery.uuid)
