"""The writes of the webhooks (the error contract is ``core.services``'): registering, editing and deactivating an
endpoint, rotating its secret, and replaying deliveries. Coordinators only (``webhook.manage``); the page and the
admin call these functions alike. Each write of an endpoint leaves one history record with the user and a reason;
the secret itself is never in the history.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import scoping
from core.services import check_fields, lock, require_reason, save

from .models import Delivery, Endpoint, new_secret

ENDPOINT_FIELDS = ("url", "description", "events", "is_active")


def _events(events):
    # Checkboxes in the catalogue's order; the model's validator refuses unknown names and an empty list.
    return list(dict.fromkeys(events or []))


def endpoint_create(*, actor, url, events, description="", is_active=True, reason=None):
    """Register an endpoint; its new secret is on the returned object (show it once)."""
    scoping.require(actor, "webhook.manage")
    endpoint = Endpoint(
        url=(url or "").strip(),
        description=(description or "").strip(),
        events=_events(events),
        is_active=is_active,
        created_by=actor,
    )
    with transaction.atomic():
        save(endpoint, actor=actor, reason=reason or _("Đăng ký điểm nhận webhook"), created=True)
    return endpoint


def endpoint_update(*, actor, endpoint, reason, **changes):
    """Change an endpoint's address, description, events or whether it is active, with a reason."""
    scoping.require(actor, "webhook.manage")
    check_fields(changes, ENDPOINT_FIELDS)
    reason = require_reason(reason)
    with transaction.atomic():
        endpoint = lock(Endpoint, endpoint.pk)
        for name, value in changes.items():
            if name == "events":
                value = _events(value)
            elif isinstance(value, str):
                value = value.strip()
            setattr(endpoint, name, value)
        save(endpoint, actor=actor, reason=reason)
    return endpoint


def endpoint_rotate_secret(*, actor, endpoint):
    """A new secret at once: deliveries sent from now on are signed with it (the old one stops verifying)."""
    scoping.require(actor, "webhook.manage")
    with transaction.atomic():
        endpoint = lock(Endpoint, endpoint.pk)
        endpoint.secret = new_secret()
        save(endpoint, actor=actor, reason=_("Đổi khóa bí mật"))
    return endpoint


def delivery_replay(*, actor, deliveries):
    """Queue ``deliveries`` again, to be sent on the next drain with the same id and body (the same
    ``X-CCN-Delivery``); one still waiting is left as it is. Returns how many were queued again."""
    scoping.require(actor, "webhook.manage")
    now = timezone.now()
    replayed = 0
    with transaction.atomic():
        ids = [delivery.pk for delivery in deliveries]
        for delivery in Delivery.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
            if delivery.status == Delivery.Status.PENDING:
                continue
            delivery.status = Delivery.Status.PENDING
            delivery.attempts = 0
            delivery.next_attempt_at = now
            delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
            replayed += 1
    return replayed
