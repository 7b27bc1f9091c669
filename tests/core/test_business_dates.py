"""Every business date lies between 01/01/2000 and 31/12/2100 (core.dates): a deadline of 31/12/9999 is
refused by the services, the pages, the API and the admin alike, and a filter with such a date is a field
error (400 in the API), never a crash."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tasks import services
from tests.helpers import days

pytestmark = pytest.mark.django_db

FAR = datetime.date(9999, 12, 31)
RANGE_MESSAGE = "Ngày phải trong khoảng 01/01/2000 đến 31/12/2100."


def test_the_service_refuses_a_deadline_of_31_12_9999(coordinator, group, agency):
    with pytest.raises(ValidationError) as excinfo:
        services.task_create(actor=coordinator, group=group, code="X-1", title="x", lead_agency=agency, due_date=FAR)
    assert excinfo.value.message_dict["due_date"] == [RANGE_MESSAGE]


def test_the_service_refuses_an_extension_to_9999(officer, open_task):
    with pytest.raises(ValidationError) as excinfo:
        services.extension_request_create(actor=officer, task=open_task, proposed_due_date=FAR, reason="x")
    assert RANGE_MESSAGE in excinfo.value.message_dict["proposed_due_date"]


def test_the_page_refuses_an_extension_to_31_12_9999_in_vietnamese(client_for, officer, open_task):
    response = client_for(officer).post(
        reverse("tasks:extension_request_create", args=[open_task.pk]),
        {"extension-proposed_due_date": "31/12/9999", "extension-reason": "x"},
    )
    assert response.status_code == 200
    assert RANGE_MESSAGE in response.content.decode()
    assert not open_task.extension_requests.exists()


def test_the_api_refuses_an_extension_to_9999_on_the_field(officer_api, open_task):
    response = officer_api.post(
        f"/api/v1/tasks/{open_task.pk}/extension-requests/",
        {"proposed_due_date": "9999-12-31", "reason": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["proposed_due_date"] == [RANGE_MESSAGE]


def test_the_api_refuses_a_task_due_in_9999(coordinator_api, group, agency):
    response = coordinator_api.post(
        "/api/v1/tasks/",
        {"group": group.pk, "code": "X-9", "title": "x", "lead_agency": agency.pk, "due_date": "9999-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["due_date"] == [RANGE_MESSAGE]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/tasks/?due_after=9999-12-31",
        "/api/v1/tasks/?due_before=0001-01-01",
        "/api/v1/audit-log/?date_to=9999-12-31",
    ],
)
def test_an_api_filter_with_an_out_of_range_date_is_a_400_on_the_field(url, coordinator_api):
    response = coordinator_api.get(url)
    assert response.status_code == 400
    assert RANGE_MESSAGE in str(response.json())


@pytest.mark.parametrize("url", ["/tasks/?due_after=31/12/9999", "/audit/?date_from=01/01/0001&date_to=31/12/9999"])
def test_a_page_filter_with_an_out_of_range_date_says_why(url, client_for, coordinator, open_task):
    response = client_for(coordinator).get(url)
    assert response.status_code == 200
    assert RANGE_MESSAGE in response.content.decode()


def test_a_date_inside_the_range_still_filters(coordinator_api, open_task):
    response = coordinator_api.get(f"/api/v1/tasks/?due_after={days(1).isoformat()}&due_before=2100-12-31")
    assert response.status_code == 200
    assert response.json()["count"] == 1
