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

Every event is declared once below (``declare``), with its name and the words a person reads; ``emit`` and the
listeners (``listening``) refuse a name not declared, loudly (``UnknownEvent``), so a typo cannot go unheard.
Listeners: the bell (``notifications.events``) and the webhooks' queue (``webhooks.queue``, which sends the
events of ``webhooks.events.CATALOGUE`` to the endpoints subscribed to them).
"""

from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

domain_event = Signal()


class Event(str):
    """A declared event: its name (the string itself, as payloads and stored subscriptions carry it) and its
    Vietnamese ``label``."""

    label: str

    def __new__(cls, name, label):
        event = super().__new__(cls, name)
        event.label = label
        return event

    def __reduce__(self):
        return event, (str(self),)


class UnknownEvent(LookupError):
    """An event name nobody declared: a bug in the emitter or the listener, never to be ignored."""


EVENTS = {}


def declare(name, label):
    if name in EVENTS:
        raise ValueError(f"Event {name!r} is declared twice.")
    EVENTS[name] = Event(name, label)
    return EVENTS[name]


TASK_CREATED = declare("task.created", _("Nhiệm vụ mới được giao"))
TASK_ASSIGNED = declare("task.assigned", _("Cơ quan được giao nhiệm vụ (chủ trì, phối hợp)"))
TASK_DEADLINE_CHANGED = declare("task.deadline_changed", _("Thời hạn nhiệm vụ thay đổi"))
TASK_PROGRESS_REPORTED = declare("task.progress_reported", _("Báo cáo tiến độ nhiệm vụ"))
TASK_EXTENSION_REQUESTED = declare("task.extension_requested", _("Có đề nghị gia hạn"))
TASK_EXTENSION_DECIDED = declare("task.extension_decided", _("Đề nghị gia hạn được xử lý"))
TASK_COMPLETION_REPORTED = declare("task.completion_reported", _("Báo cáo hoàn thành nhiệm vụ"))
TASK_COMPLETION_ACCEPTED = declare("task.completion_accepted", _("Hoàn thành được xác nhận"))
TASK_COMPLETION_RETURNED = declare("task.completion_returned", _("Nhiệm vụ bị trả lại"))
TASK_CANCELLED = declare("task.cancelled", _("Nhiệm vụ bị hủy"))
SUBMISSION_SUBMITTED = declare("submission.submitted", _("Báo cáo định kỳ được gửi"))
SUBMISSION_ACCEPTED = declare("submission.accepted", _("Báo cáo định kỳ được tiếp nhận"))
SUBMISSION_RETURNED = declare("submission.returned", _("Báo cáo định kỳ bị trả lại"))


def event(name):
    """The declared event called ``name``; ``UnknownEvent`` for any other."""
    try:
        return EVENTS[name]
    except (KeyError, TypeError):
        raise UnknownEvent(f"No event {name!r} is declared in core.events.") from None


def listening(handlers):
    """A listener's table {event name: handler}, each name checked against the declared events."""
    return {event(name): handler for name, handler in handlers.items()}


def emit(name, *, obj, actor, **data):
    """Announce the event ``name`` about ``obj``, done by ``actor``, to every listener."""
    domain_event.send(sender=type(obj), event=event(name), obj=obj, actor=actor, **data)
