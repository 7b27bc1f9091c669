"""History values read one way on pages (the request's language: dd/mm/yyyy) and one way in the API (ISO 8601),
whatever the API caller's language: an English caller once got US month-first dates."""

import datetime

import pytest

from tasks import services

START = datetime.date(2026, 2, 15)


@pytest.fixture
def moved_start(coordinator, task):
    services.task_update(actor=coordinator, task=task, reason="Lùi ngày bắt đầu", start_date=START)
    return task


def _start_change(response):
    changes = [change for entry in response.json()["results"] for change in entry["changes"]]
    return next(change for change in changes if change["field"] == "start_date")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_api_history_gives_dates_in_iso_8601_in_every_language(coordinator_api, moved_start, language):
    response = coordinator_api.get(f"/api/v1/tasks/{moved_start.pk}/history/", HTTP_ACCEPT_LANGUAGE=language)
    change = _start_change(response)
    assert (change["old"], change["new"]) == ("2026-01-01", "2026-02-15")


def test_the_api_timeline_gives_dates_in_iso_8601(coordinator_api, moved_start):
    response = coordinator_api.get(f"/api/v1/tasks/{moved_start.pk}/timeline/", HTTP_ACCEPT_LANGUAGE="en")
    changes = [change for event in response.json() for change in event["changes"] if change["field"] == "start_date"]
    assert [(change["old"], change["new"]) for change in changes] == [
        ("2026-01-01", "2026-02-15"),
        ("—", "2026-01-01"),  # the task's creation
    ]


def test_the_task_page_history_keeps_day_month_year(client_for, coordinator, moved_start):
    page = client_for(coordinator).get(f"/tasks/{moved_start.pk}/").content.decode()
    assert "01/01/2026" in page
    assert "15/02/2026" in page
    assert "2026-02-15" not in page


def test_the_api_history_writes_numbers_plainly(coordinator_api, coordinator):
    from clusters import services as cluster_services
    from tests.factories import ClusterFactory

    cluster = ClusterFactory(total_area_ha="1200.50")
    cluster_services.cluster_update(actor=coordinator, cluster=cluster, reason="Đo lại", total_area_ha="1234.75")
    response = coordinator_api.get(f"/api/v1/clusters/{cluster.pk}/history/", HTTP_ACCEPT_LANGUAGE="vi")
    changes = [change for entry in response.json()["results"] for change in entry["changes"]]
    assert ("1200.50", "1234.75") in [(change["old"], change["new"]) for change in changes]


def test_a_moment_in_history_reads_in_hanoi_time_on_pages_and_in_the_api():
    from core.history import value_text

    sent = datetime.datetime(2026, 6, 20, 3, 0, tzinfo=datetime.UTC)  # 10:00 in Hanoi
    assert value_text(sent) == "10:00 20/06/2026"  # the Vietnamese short format: time, then date
    assert value_text(sent, for_api=True) == "2026-06-20T10:00:00+07:00"
