"""The API's list pages kept in the cache (core.api.CachedListMixin): a page read again costs only the
authentication, and is never stale, another user's, or another day's."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.audit import audited_bulk_set
from tasks import services
from tests.factories import TaskFactory, UserFactory

# API tests run on a fixed Hanoi clock: 20/06/2026 10:00 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("hanoi_clock")

TASKS = "/api/v1/tasks/"
AUTH = 2  # the token with its user, the caller's membership (test_api_query_counts.py)
# A page computed: the count from the counts kept per group and lead agency (summed in SQL, with whether a row is out
# of date or a write touched a pair since: tasks.tally.count), the page with its plan ids and its supporting agencies'
# and clusters' ids (core.api_fields.with_listed).
FRESH = 2
# What the first reader after a write to the tasks adds: the kept rows read, the notes read, their pairs counted
# again, written back, the notes deleted.
RECOUNT = 5


def _get(api, url=TASKS, **headers):
    with CaptureQueriesContext(connection) as context:
        response = api.get(url, **headers)
    assert response.status_code == 200, response.content[:300]
    return response.json(), len(context)


def _titles(page):
    return sorted(task["title"] for task in page["results"])


def test_a_page_read_again_costs_only_the_authentication(coordinator_api, task, other_task):
    first, queries = _get(coordinator_api)
    again, cached_queries = _get(coordinator_api)
    assert again == first
    assert queries == AUTH + FRESH + RECOUNT  # the first reader since the tasks were created
    assert cached_queries == AUTH - 1  # the token; what the caller may see is in the key


def test_no_cache_asks_for_a_fresh_page(coordinator_api, task):
    _get(coordinator_api)
    _page, queries = _get(coordinator_api, HTTP_CACHE_CONTROL="no-cache")
    assert queries == AUTH + FRESH


def test_a_write_through_a_service_is_seen_at_once(coordinator_api, coordinator, task):
    _get(coordinator_api)
    services.task_update(actor=coordinator, task=task, reason="Sửa tên", title="Tên mới sau khi sửa")
    page, _queries = _get(coordinator_api)
    assert _titles(page) == ["Tên mới sau khi sửa"]


def test_a_bulk_write_is_seen_at_once(coordinator_api, coordinator, task):
    """The audited bulk helpers send no signal; they drop the cached pages themselves."""
    _get(coordinator_api)
    audited_bulk_set([task], actor=coordinator, reason="Đặt thời hạn", due_date=datetime.date(2026, 6, 1))
    page, _queries = _get(coordinator_api)
    assert [row["deadline_status"] for row in page["results"]] == ["overdue"]


def test_a_new_task_is_seen_at_once(coordinator_api, group, agency, task):
    _get(coordinator_api)
    TaskFactory(group=group, lead_agency=agency, title="Nhiệm vụ vừa giao")
    page, _queries = _get(coordinator_api)
    assert "Nhiệm vụ vừa giao" in _titles(page)


def test_a_cached_page_is_kept_per_user(coordinator_api, api_for, task):
    """A page cached for the coordinator is not another caller's: a user without a membership sees no task."""
    everything, _queries = _get(coordinator_api)
    nothing, _queries = _get(api_for(UserFactory()))
    assert (everything["count"], nothing["count"]) == (1, 0)


def test_the_day_is_part_of_the_key(coordinator_api, task, hanoi_clock):
    """Deadline statuses change at midnight: the next day's page is computed again."""
    first, _queries = _get(coordinator_api)
    hanoi_clock.move_to(task.due_date + datetime.timedelta(days=1))
    later, queries = _get(coordinator_api)
    assert queries == AUTH + FRESH + RECOUNT - 2  # every pair counted again for the new day; no note to read or delete
    assert first["results"][0]["deadline_status"] != "overdue"
    assert later["results"][0]["deadline_status"] == "overdue"


@pytest.mark.django_db(transaction=True)
def test_a_page_read_during_a_write_is_dropped_when_the_write_commits(api_for, coordinator, task):
    """A request reading between a write and its commit caches what it saw; the commit drops it."""
    api = api_for(coordinator)
    with transaction.atomic():
        services.task_update(actor=coordinator, task=task, reason="Sửa tên", title="Tên trong giao dịch")
        _get(api)  # a page cached before the commit, under the generation the write's first bump made
    page, queries = _get(api)
    assert queries == AUTH + FRESH  # recomputed after the commit
    assert _titles(page) == ["Tên trong giao dịch"]


def test_browsing_the_site_does_not_drop_the_cached_pages(coordinator_api, client_for, coordinator, task):
    """Only the project's own data drops them: a page view may save its session (the idle timeout), a
    library's model, and must not empty the cache for everyone on every click."""
    browser = client_for(coordinator)  # logging in writes (last login, the login record): before the read
    _get(coordinator_api)
    assert browser.get("/tasks/").status_code == 200
    assert browser.get("/").status_code == 200
    _page, queries = _get(coordinator_api)
    assert queries == AUTH - 1


def test_a_cached_page_is_kept_per_language(coordinator_api, task):
    vietnamese, _queries = _get(coordinator_api)
    english_response = coordinator_api.get(TASKS, HTTP_ACCEPT_LANGUAGE="en")
    english = english_response.json()
    assert english_response["Content-Language"] == "en"
    labels = [row["status_label"] for row in english["results"]]
    assert labels != [row["status_label"] for row in vietnamese["results"]], labels
    assert _get(coordinator_api, HTTP_ACCEPT_LANGUAGE="en")[0] == english  # each language from its own copy
    assert _get(coordinator_api)[0] == vietnamese


def test_vary_names_what_the_cached_page_depends_on(coordinator_api, task):
    for _read in range(2):  # computed, then from the cache
        response = coordinator_api.get(TASKS)
        vary = {name.strip().lower() for name in response["Vary"].split(",")}
        assert {"accept", "accept-language", "authorization", "cookie"} <= vary
