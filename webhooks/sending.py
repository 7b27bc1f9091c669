"""The drain: send queued deliveries, sign them, record each attempt and retry failures with backoff.

A delivery is POSTed as JSON with these headers (the README's receiver example checks them):

- ``X-CCN-Event``: the event's name; ``X-CCN-Delivery``: the delivery's uuid (also the body's ``id``);
- ``X-CCN-Timestamp``: unix seconds of this attempt;
- ``X-CCN-Signature``: ``sha256=<hex>``, the HMAC-SHA256 with the endpoint's secret of the timestamp, a dot and
  the body's exact bytes (``f"{timestamp}.".encode() + body``).

It goes out through ``core.outbound`` (https to public addresses only, the checked address connected to, no
redirects). A 2xx answer marks it succeeded. Anything else (another status, a redirect, a timeout, a refused
connection, an address refused) counts an attempt and sets the next one after WEBHOOK_BACKOFF_SECONDS × 2^attempts, capped; after
WEBHOOK_MAX_ATTEMPTS attempts it is marked failed (a coordinator can replay it). What is kept of a failed attempt
is its status code or one word for what went wrong (``core.outbound.ERROR_LABELS``): never the receiver's answer
nor an exception's text, which would read the inside network back to whoever registered the address.

Each delivery is claimed in its own transaction with ``SELECT … FOR UPDATE SKIP LOCKED`` (PostgreSQL; ignored
on SQLite), and its attempt is counted and its next attempt set in that transaction, committed *before* the
POST: two drains never send the same delivery, and a drain killed mid-send leaves the attempt in the log
(sent at most once more, after the backoff). Delivery is therefore at least once: a receiver drops a repeat by
its ``X-CCN-Delivery`` id, which stays the same on every attempt and replay of one delivery.
"""

import datetime
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import outbound

from .models import Delivery

logger = logging.getLogger(__name__)


def body_of(delivery):
    """The bytes sent (and signed): the stored payload as compact UTF-8 JSON."""
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(secret, timestamp, body):
    """``sha256=<hex>``: the HMAC-SHA256 of ``f"{timestamp}.".encode() + body`` with ``secret``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def backoff(attempts):
    """How long after its ``attempts``-th failed attempt a delivery is tried again."""
    seconds = settings.WEBHOOK_BACKOFF_SECONDS * 2**attempts
    return datetime.timedelta(seconds=min(seconds, settings.WEBHOOK_BACKOFF_MAX_SECONDS))


def _post(delivery, now):
    """(status code or None, "" or the word for what went wrong) of one attempt."""
    body = body_of(delivery)
    timestamp = str(int(now.timestamp()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "ccn-webhooks/1",
        "X-CCN-Event": delivery.event,
        "X-CCN-Delivery": str(delivery.uuid),
        "X-CCN-Timestamp": timestamp,
        "X-CCN-Signature": signature(delivery.endpoint.secret, timestamp, body),
    }
    try:
        status_code = outbound.post(
            delivery.endpoint.url, body=body, headers=headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS
        )
    except outbound.OutboundError as exc:
        return None, exc.kind
    if 200 <= status_code < 300:
        return status_code, ""
    return status_code, "http"


def start_attempt(delivery, now):
    """Count the attempt and set the next one before anything is sent (saved; the caller commits): a drain
    killed mid-send leaves the attempt in the log and the delivery due again after its backoff, not claimed
    again at once. A receiver that got it anyway drops the repeat by its ``X-CCN-Delivery`` id."""
    delivery.attempts += 1
    delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save(update_fields=["attempts", "next_attempt_at"])


def attempt(delivery, now):
    """Send ``delivery`` once (its attempt already counted by ``start_attempt``) and record the outcome on it
    (saved)."""
    if not delivery.endpoint.is_active:
        status_code, error = None, "inactive"
        delivery.status = Delivery.Status.FAILED
    else:
        status_code, error = _post(delivery, now)
        if not error:
            delivery.status = Delivery.Status.SUCCEEDED
            delivery.delivered_at = now
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
    delivery.last_status_code, delivery.last_error = status_code, error
    delivery.save(update_fields=["status", "last_status_code", "last_error", "delivered_at"])
    log = logger.info if delivery.status == Delivery.Status.SUCCEEDED else logger.warning
    log(
        "Webhook %s %s to %s: attempt %s, status %s, %s%s",
        delivery.event,
        delivery.uuid,
        delivery.endpoint.url,
        delivery.attempts,
        status_code,
        delivery.get_status_display(),
        f" ({error})" if error else "",
    )
    return delivery


@dataclass
class DrainReport:
    succeeded: list = field(default_factory=list)
    retrying: list = field(default_factory=list)
    failed: list = field(default_factory=list)

    @property
    def attempted(self):
        return len(self.succeeded) + len(self.retrying) + len(self.failed)


def _claim(now):
    """The next due delivery, locked (skipping those another drain holds); None when nothing is due."""
    return (
        Delivery.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("endpoint")
        .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .first()
    )


def drain(*, now=None, limit=500):
    """One pass: every delivery due at ``now`` (default: the clock) is attempted once, at most ``limit``."""
    report = DrainReport()
    for _pass in range(limit):
        moment = now or timezone.now()
        with transaction.atomic():
            delivery = _claim(moment)
            if delivery is None:
                break
            if delivery.endpoint.is_active:
                start_attempt(delivery, moment)
        # Sent after the attempt is committed, holding no lock while the receiver answers.
        attempt(delivery, moment)
        {
            Delivery.Status.SUCCEEDED: report.succeeded,
            Delivery.Status.PENDING: report.retrying,
            Delivery.Status.FAILED: report.failed,
        }[delivery.status].append(delivery)
    return report
