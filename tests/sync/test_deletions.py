"""Deletions are visible: deleting a record of a listed model leaves a tombstone in /api/v1/deletions/, in the
deleting transaction; records not listed on their own leave none."""

import datetime

import pytest
from django.db import transaction

from agencies.models import Membership
from clusters import services as cluster_services
from sync.models import Tombstone
from tasks import services
from tests.factories import (
    ClusterReportFactory,
    ExtensionRequestFactory,
    ProgressReportFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("hanoi_clock")


def _deletions(api, **params):
    response = api.get("/api/v1/deletions/", params)
    assert response.status_code == 200, response.content[:300]
    return [(d["model"], d["id"]) for d in response.json()["results"]], response.json()


def test_a_deleted_task_and_its_reports_are_listed_as_deletions(superuser, coordinator_api, officer, group):
    task = TaskFactory(group=group)
    report = ProgressReportFactory(task=task, author=officer)
    extension = ExtensionRequestFactory(task=task, requested_by=officer)
    kept = TaskFactory(group=group)

    # A task with reports is the workflow's record: only a superuser deletes it.
    services.task_delete(actor=superuser, task=task, reason="Tạo nhầm")

    deletions, body = _deletions(coordinator_api, updated_after="2026-06-20T00:00:00+07:00")
    assert deletions == [
        ("tasks.progressreport", report.pk),
        ("tasks.extensionrequest", extension.pk),
        ("tasks.task", task.pk),
    ]
    assert ("tasks.task", kept.pk) not in deletions
    deleted_at = datetime.datetime.fromisoformat(body["results"][-1]["deleted_at"])
    assert deleted_at == Tombstone.objects.get(model="tasks.task").deleted_at
    later, _body = _deletions(coordinator_api, updated_after=body["results"][-1]["deleted_at"])
    assert later == []


def test_a_deleted_membership_is_listed(coordinator, coordinator_api, officer):
    membership = Membership.objects.get(user=officer)
    membership_id = membership.pk
    membership._history_user, membership._change_reason = coordinator, "Chuyển công tác"
    membership.delete()

    deletions, _body = _deletions(coordinator_api)
    assert deletions == [("agencies.membership", membership_id)]


def test_records_shown_only_inside_another_leave_no_tombstone(coordinator, coordinator_api):
    report = ClusterReportFactory()
    cluster_services.cluster_report_delete(actor=coordinator, report=report, reason="Nhập nhầm kỳ")
    assert _deletions(coordinator_api)[0] == []


def test_a_deletion_rolled_back_leaves_no_tombstone(coordinator, group):
    task = TaskFactory(group=group)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.task_delete(actor=coordinator, task=task, reason="Tạo nhầm")
        raise RuntimeError("the request failed after the delete")
    assert not Tombstone.objects.exists()


def test_deletions_are_for_members_only(anonymous, api_for, coordinator, group):
    services.task_delete(actor=coordinator, task=TaskFactory(group=group), reason="Tạo nhầm")
    assert anonymous.get("/api/v1/deletions/").status_code == 401
    # Someone without a membership gets an empty list, as from every list of the API.
    assert _deletions(api_for(UserFactory()))[0] == []


def _listed_models():
    """The model of every list action of the API's viewsets, found by walking the URL patterns."""
    from django.urls import get_resolver
    from django.urls.resolvers import URLResolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.callback

    for path, view in walk(get_resolver().url_patterns):
        if path.startswith("api/v1/") and (getattr(view, "actions", None) or {}).get("get") == "list":
            yield view.cls.serializer_class.Meta.model._meta.label_lower


def test_every_listed_model_leaves_a_tombstone():
    """SYNCED_MODELS is the list of models the API lists: a new list endpoint must join it, or a syncing client
    would never learn that its records were deleted."""
    from sync.models import SYNCED_MODELS

    assert set(_listed_models()) == set(SYNCED_MODELS)


def test_an_officer_is_told_only_of_deletions_they_could_have_seen(
    coordinator_api, officer_api, group, agency, other_agency
):
    """Model and id are all a tombstone says, but that a record existed is itself what the lists keep from an
    officer: the extension requests of other agencies' tasks, and the Circular 14 reports."""
    own = TaskFactory(group=group, lead_agency=agency)
    foreign = TaskFactory(group=group, lead_agency=other_agency)
    own_extension = ExtensionRequestFactory(task=own)
    foreign_extension = ExtensionRequestFactory(task=foreign)
    own_extension_id, foreign_extension_id = own_extension.pk, foreign_extension.pk
    own_extension.delete()
    foreign_extension.delete()
    Tombstone.objects.create(model="reporting.submission", object_id=7)

    seen_by_officer = _deletions(officer_api, updated_after="2026-06-20T00:00:00+07:00")[0]
    seen_by_coordinator = _deletions(coordinator_api, updated_after="2026-06-20T00:00:00+07:00")[0]

    assert seen_by_officer == [("tasks.extensionrequest", own_extension_id)]
    assert seen_by_coordinator == [
        ("tasks.extensionrequest", own_extension_id),
        ("tasks.extensionrequest", foreign_extension_id),
        ("reporting.submission", 7),
    ]
