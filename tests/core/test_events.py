"""Domain events are declared once (``core.events``): emitting or listening to a name nobody declared fails at
once, and the names the webhooks offer (stored by endpoints, read by receivers) keep their values."""

import pytest

from core import events
from notifications.events import HANDLERS
from webhooks.events import CATALOGUE, DATA


def test_emitting_an_undeclared_event_fails_loudly():
    with pytest.raises(events.UnknownEvent, match="task.asigned"):
        events.emit("task.asigned", obj=object(), actor=None)


def test_listening_to_an_undeclared_event_fails_loudly():
    with pytest.raises(events.UnknownEvent, match="task.finished"):
        events.listening({"task.finished": print})


def test_an_event_cannot_be_declared_twice():
    with pytest.raises(ValueError, match="declared twice"):
        events.declare("task.created", "Khác")


def test_every_listener_and_webhook_event_is_a_declared_one_with_its_label():
    for name in [*HANDLERS, *CATALOGUE, *DATA]:
        assert events.event(name) is events.EVENTS[name]
    assert {name: str(label) for name, label in CATALOGUE.items()} == {
        name: str(events.EVENTS[name].label) for name in CATALOGUE
    }


def test_the_webhook_event_names_keep_their_values():
    assert list(CATALOGUE) == [
        "task.created",
        "task.assigned",
        "task.deadline_changed",
        "task.extension_requested",
        "task.extension_decided",
        "task.completion_reported",
        "task.completion_accepted",
        "task.completion_returned",
        "submission.submitted",
        "submission.accepted",
        "submission.returned",
    ]
    assert str(CATALOGUE["task.created"]) == "Nhiệm vụ mới được giao"
