"""Domain events: what happened, announced once by the service that made it happen.

A service calls ``emit("task.assigned", obj=task, actor=user, …)`` inside its transaction, after its
writes. Apps that react (the bell in ``notifications``) connect to ``domain_event`` and dispatch on the
event's name; they run in the same transaction, so a rolled-back action leaves nothing behind. The
services never import their listeners: the dependency points from the listener to the emitter.

Events of the task workflow, with the keyword arguments each carries besides ``obj`` (the task) and
``actor``:

| event                      | data                                                   |
|----------------------------|--------------------------------------------------------|
| task.created               | (then task.assigned, for its agencies)                 |
| task.assigned              | ``agency_ids``: the agencies newly given a part         |
| task.deadline_changed      | ``old_due_date`` (None for a first deadline), ``new_due_date`` |
| task.progress_reported     | ``report``                                             |
| task.extension_requested   | ``extension``                                          |
| task.extension_decided     | ``extension``                                          |
| task.completion_reported   |                                                        |
| task.completion_accepted   |                                                        |
| task.completion_returned   | ``reason``                                             |
| task.cancelled             | ``reason``                                             |

Events of the Circular 14 reports (``obj`` is the ``reporting.Submission``):

| event                      | data                                                   |
|----------------------------|--------------------------------------------------------|
| submission.submitted       |                                                        |
| submission.accepted        |                                                        |
| submission.returned        | ``reason``                                             |

Listeners: the bell (``notifications.events``) and the webhooks' queue (``webhooks.queue``, which sends the
events of ``webhooks.events.CATALOGUE`` to the endpoints subscribed to them).
"""

from django.dispatch import Signal

domain_event = Signal()


def emit(event, *, obj, actor, **data):
    """Announce ``event`` about ``obj``, done by ``actor``, to every listener."""
    domain_event.send(sender=type(obj), event=event, obj=obj, actor=actor, **data)
