"""Deliveries are queued in the transaction of the action they announce.

The receiver below hears every domain event (``core.events``); for one in the catalogue (``webhooks.events``) it
writes one ``Delivery`` per active endpoint subscribed to it, in the action's own transaction. A rolled-back
action therefore queues nothing, and the drain (``send_webhooks``), which reads committed rows only, never sends
an event that did not happen. One query when nobody listens.
"""

import uuid

from django.dispatch import receiver

from core.events import domain_event

from . import events
from .models import Delivery, Endpoint


@receiver(domain_event, dispatch_uid="webhooks.queue")
def queue_deliveries(sender, event, obj, actor, signal=None, **data):
    if event not in events.CATALOGUE:
        return []
    endpoints = [endpoint for endpoint in Endpoint.objects.filter(is_active=True) if endpoint.listens_to(event)]
    if not endpoints:
        return []
    body = events.payload(event, obj, **data)
    deliveries = []
    for endpoint in endpoints:
        delivery_id = uuid.uuid4()
        deliveries.append(
            Delivery(endpoint=endpoint, event=event, uuid=delivery_id, payload={"id": str(delivery_id), **body})
        )
    return Delivery.objects.bulk_create(deliveries)
