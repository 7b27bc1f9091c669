"""The worked example of docs/api.md (scripts/sync_example.py) against a live server over real HTTP, with a real
token: the first run sees every task, the second the changed task and the deleted one, the third nothing; and
its webhook signature check accepts only a fresh, correctly signed body."""

import hashlib
import hmac
import importlib.util
import time
from pathlib import Path

import pytest
from django.conf import settings
from knox.models import AuthToken

from core.api import TokenUserRateThrottle
from tasks import services
from tests.factories import TaskFactory

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "sync_example.py"


@pytest.fixture(scope="module")
def example():
    spec = importlib.util.spec_from_file_location("sync_example", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(transaction=True)
def test_the_example_pulls_changes_and_deletions_then_nothing_new(
    example, live_server, coordinator, group, tmp_path, monkeypatch
):
    monkeypatch.setattr(TokenUserRateThrottle, "THROTTLE_RATES", {"token": "100000/hour"})
    _instance, token = AuthToken.objects.create(user=coordinator)
    base, state = f"{live_server.url}/api/v1", tmp_path / "state.json"
    kept, doomed = TaskFactory(group=group), TaskFactory(group=group)

    changed, deleted = example.sync(base, token, state)
    assert sorted(t["id"] for t in changed) == sorted([kept.pk, doomed.pk])
    assert deleted == []

    services.task_update(actor=coordinator, task=kept, reason="Sửa tên", title="Tên mới")
    services.task_delete(actor=coordinator, task=doomed, reason="Tạo nhầm")
    changed, deleted = example.sync(base, token, state)
    assert [(t["id"], t["title"]) for t in changed] == [(kept.pk, "Tên mới")]
    assert [(d["model"], d["id"]) for d in deleted] == [("tasks.task", doomed.pk)]

    assert example.sync(base, token, state) == ([], [])


def _signed(secret, body, timestamp):
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return {"X-CCN-Timestamp": str(timestamp), "X-CCN-Signature": f"sha256={digest}"}


def test_the_example_accepts_only_a_fresh_correct_signature(example):
    body, now = b'{"event": "task.created", "task": {"id": 12}}', int(time.time())
    assert example.verify_signature("bí-mật", _signed("bí-mật", body, now), body)
    assert not example.verify_signature("bí-mật", _signed("khác", body, now), body)
    assert not example.verify_signature("bí-mật", _signed("bí-mật", body, now), body + b" ")
    assert not example.verify_signature("bí-mật", _signed("bí-mật", body, now - 301), body)
    assert not example.verify_signature("bí-mật", {**_signed("bí-mật", body, now), "X-CCN-Timestamp": "x"}, body)
    assert not example.verify_signature("bí-mật", {}, body)


def test_the_api_documentation_shows_the_script_as_it_is():
    api_doc = (Path(settings.BASE_DIR) / "docs" / "api.md").read_text(encoding="utf-8")
    section = api_doc.split("## Đồng bộ tăng dần / Incremental sync")[1].split("\n## ")[0]
    assert f"```python\n{SCRIPT.read_text(encoding='utf-8')}```" in section
