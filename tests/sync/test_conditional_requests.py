"""Conditional requests on the API: every GET answer has an ETag (a hash of its body) and ``Vary:
Authorization, Cookie``; sending the ETag back in If-None-Match gets 304 with no body until something
changes. Pages and streaming exports are left alone."""

import pytest

from tasks import services
from tests.factories import TaskFactory

pytestmark = pytest.mark.usefixtures("hanoi_clock")


@pytest.mark.parametrize("path", ["/api/v1/tasks/", "/api/v1/tasks/{pk}/", "/api/v1/tasks/?updated_after=2026-01-01"])
def test_an_unchanged_answer_is_a_304_without_a_body(coordinator_api, task, path):
    url = path.format(pk=task.pk)
    first = coordinator_api.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"')  # Django's hash of the body: the same bytes, the same ETag
    vary = {v.strip() for v in first["Vary"].split(",")}
    assert {"Authorization", "Cookie"} <= vary

    again = coordinator_api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_a_change_gives_a_new_etag_and_a_full_answer(coordinator, coordinator_api, task):
    etag = coordinator_api.get(f"/api/v1/tasks/{task.pk}/")["ETag"]
    services.task_update(actor=coordinator, task=task, reason="Sửa", title="Tên mới")

    answer = coordinator_api.get(f"/api/v1/tasks/{task.pk}/", HTTP_IF_NONE_MATCH=etag)

    assert answer.status_code == 200
    assert answer.json()["title"] == "Tên mới"
    assert answer["ETag"] != etag


def test_two_callers_who_see_different_content_get_different_etags(coordinator_api, officer_api):
    mine, theirs = coordinator_api.get("/api/v1/me/"), officer_api.get("/api/v1/me/")
    assert mine["ETag"] != theirs["ETag"]
    assert officer_api.get("/api/v1/me/", HTTP_IF_NONE_MATCH=mine["ETag"]).status_code == 200


def test_errors_and_writes_get_no_304(coordinator_api, anonymous, task):
    refused = anonymous.get("/api/v1/tasks/")
    assert refused.status_code == 401
    assert anonymous.get("/api/v1/tasks/", HTTP_IF_NONE_MATCH=refused.get("ETag", "*")).status_code == 401
    answer = coordinator_api.post(f"/api/v1/tasks/{task.pk}/accept/", {}, HTTP_IF_NONE_MATCH="*")
    assert answer.status_code != 304
    assert "ETag" not in answer


def test_pages_and_streaming_exports_are_left_alone(client_for, coordinator, group):
    TaskFactory(group=group)
    client = client_for(coordinator)
    page = client.get("/tasks/")
    assert page.status_code == 200
    assert "ETag" not in page
    export = client.get("/tasks/export.csv")
    assert export.status_code == 200
    assert export.streaming
    assert "ETag" not in export
