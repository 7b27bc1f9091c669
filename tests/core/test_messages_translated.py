"""Messages written by the services, selectors, bell and calendar go through gettext like the rest: an API
client asking for English reads them in English, while everything else stays Vietnamese."""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

from notifications.ical import calendar_for
from tasks import services

ROOT = Path(__file__).resolve().parents[2]


def test_a_stale_write_is_refused_in_the_language_asked(coordinator_api, coordinator, task):
    stale = coordinator_api.get(f"/api/v1/tasks/{task.pk}/").json()["version"]
    services.task_update(actor=coordinator, task=task, reason="Sửa tiêu đề", title="Tiêu đề mới")
    body = {"title": "Khác", "reason": "Sửa", "version": stale}
    english = coordinator_api.patch(f"/api/v1/tasks/{task.pk}/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    vietnamese = coordinator_api.patch(f"/api/v1/tasks/{task.pk}/", body, format="json")
    assert english.status_code == vietnamese.status_code == 409
    assert "This record was changed by" in str(english.json())
    assert "Bản ghi này đã được" in str(vietnamese.json())


def test_the_timeline_speaks_the_language_asked(officer_api, officer, task):
    officer_api.post(f"/api/v1/tasks/{task.pk}/progress-reports/", {"text": "Đang làm", "progress_percent": 40})
    url = f"/api/v1/tasks/{task.pk}/timeline/"
    english = [event["title"] for event in officer_api.get(url, HTTP_ACCEPT_LANGUAGE="en").json()]
    vietnamese = [event["title"] for event in officer_api.get(url).json()]
    assert any(re.search(r": 40% \(on \d\d/\d\d/\d{4}\)$", title) for title in english), english
    assert any(re.search(r": 40% \(ngày \d\d/\d\d/\d{4}\)$", title) for title in vietnamese), vietnamese


def test_the_history_reason_a_service_writes_follows_the_writer_language(officer_api, task):
    officer_api.post(
        f"/api/v1/tasks/{task.pk}/progress-reports/",
        {"text": "In progress", "progress_percent": 10},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    reasons = list(task.history.values_list("history_change_reason", flat=True))
    assert any(reason.startswith("Updated from the progress report of ") for reason in reasons), reasons


def test_the_calendar_is_vietnamese_by_default_and_translatable(officer, task):
    assert "Cơ quan chủ trì: " in calendar_for(officer).decode()
    with translation.override("en"):
        assert "Lead agency: " in calendar_for(officer).decode()


# The modules whose user-facing text must go through gettext; a Vietnamese literal outside a gettext call is
# a message no translator will ever see.
MODULES = [
    "core/audit.py",
    "core/documents.py",
    "core/views.py",
    "clusters/services.py",
    "tasks/services.py",
    "tasks/selectors.py",
    "notifications/events.py",
    "notifications/ical.py",
    "notifications/letters.py",
    "reporting/letters.py",
    "notifications/timeline.py",
    "plan_reports/services.py",
    "plan_reports/selectors.py",
    "plan_reports/documents.py",
    "reporting/bieu.py",
    "reporting/bieu04_views.py",
    "reporting/documents.py",
    "reporting/views.py",
    "reporting/forms.py",
    "reporting/workbooks.py",
    "webhooks/admin.py",
    "webhooks/events.py",
    "core/events.py",
    "webhooks/forms.py",
    "webhooks/models.py",
    "webhooks/sending.py",
    "webhooks/services.py",
    "webhooks/views.py",
]
GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "pgettext"}


def untranslated_literals(path):
    tree = ast.parse(path.read_text())
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if not re.search(r"[À-ỹĐđ]", node.value):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.Expr):  # a docstring
            continue
        if isinstance(parent, ast.Call) and getattr(parent.func, "id", getattr(parent.func, "attr", "")) in GETTEXT:
            continue
        yield f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}"


@pytest.mark.parametrize("module", MODULES)
def test_messages_go_through_gettext(module):
    assert list(untranslated_literals(ROOT / module)) == []
