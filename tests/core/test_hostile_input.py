"""Input that used to end in a 500: a number JSON cannot hold (NaN, Infinity, 1e999) in any API body, a Unicode
digit in a cursor, a NUL byte in a page's form. Each is a 400 with a message (API) or a form error (page), and
nothing is written."""

import pytest
from django.urls import reverse

from reporting.models import Submission
from tests.reporting.conftest import (  # noqa: F401  (fixtures: the reporting cast)
    cluster,
    commune,
    half_year,
    investor,
    investor_agency,
    report_forms,
)
from tests.reporting.test_pages import page, signed

pytestmark = pytest.mark.usefixtures("hanoi_clock")


@pytest.mark.parametrize("number", ["1e999", "-1e999", "NaN", "Infinity", "-Infinity"])
def test_a_number_json_cannot_hold_is_a_400_in_any_body(coordinator_api, open_task, number):
    before = open_task.progress_reports.count()
    response = coordinator_api.post(
        f"/api/v1/tasks/{open_task.pk}/progress-reports/",
        f'{{"text": "Đang làm", "progress_percent": {number}}}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Số không hữu hạn" in response.json()["detail"]
    patched = coordinator_api.patch(
        f"/api/v1/tasks/{open_task.pk}/",
        f'{{"title": "x", "reason": "y", "version": {number}}}',
        content_type="application/json",
    )
    assert patched.status_code == 400
    assert open_task.progress_reports.count() == before


def test_a_large_finite_number_still_reaches_the_field(coordinator_api, open_task):
    response = coordinator_api.post(
        f"/api/v1/tasks/{open_task.pk}/progress-reports/",
        '{"text": "Đang làm", "progress_percent": 1e300}',
        content_type="application/json",
    )
    assert response.status_code == 400 and "progress_percent" in response.json()


@pytest.mark.parametrize("cursor", ["².tasks.task.1", "1.tasks.task.²", "١٢٣.tasks.task.1", "1.tasks.task.٣"])
def test_a_cursor_with_a_unicode_digit_is_refused_not_a_500(coordinator_api, client_for, coordinator, cursor):
    response = coordinator_api.get("/api/v1/audit-log/", {"before": cursor})
    assert response.status_code == 400 and "before" in response.json()
    assert client_for(coordinator).get("/audit/", {"before": cursor}).status_code == 200


def test_a_nul_byte_in_a_return_reason_is_a_form_error(
    client_for,
    investor,  # noqa: F811
    coordinator,
    half_year,  # noqa: F811
    cluster,  # noqa: F811
):
    assert client_for(investor).post(page(half_year, cluster), signed()).status_code == 302
    submission = Submission.objects.get(cluster=cluster, period=half_year)
    response = client_for(coordinator).post(
        reverse("reporting:submission_return", args=[submission.pk]), {"reason": "Sai\x00 số liệu"}
    )
    assert response.status_code == 200 and response.context["return_form"].errors["reason"]
    assert Submission.objects.get(pk=submission.pk).state == Submission.State.SUBMITTED
    accept = client_for(coordinator).post(
        reverse("reporting:submission_accept", args=[submission.pk]), {"version": "²"}
    )
    assert accept.status_code == 302
    assert Submission.objects.get(pk=submission.pk).state == Submission.State.SUBMITTED


@pytest.mark.parametrize("pk", ["9" * 30, "-" + "9" * 25, "9223372036854775808"])
def test_an_id_past_any_primary_key_in_a_multiple_choice_is_an_unknown_choice(db, agency, pk):
    """SQLite cannot compare such a number with a column (OverflowError, once a 500 on the task and cluster
    forms); the field refuses it as it refuses any id it does not know."""
    from django.core.exceptions import ValidationError

    from agencies.models import Agency
    from core.forms import ModelMultipleChoiceField

    field = ModelMultipleChoiceField(queryset=Agency.objects.all())
    with pytest.raises(ValidationError) as refused:
        field.clean([str(agency.pk), pk])
    assert refused.value.code == "invalid_choice"
    assert field.clean([str(agency.pk)]) and list(field.clean([str(agency.pk)])) == [agency]


def test_a_bare_word_as_next_after_marking_read_goes_back_to_the_list(client_for, officer, task):
    """``next`` is an address or nothing: a bare word is not looked up as a view's name (once a 500)."""
    from notifications.models import Notification

    notification = Notification.objects.create(
        recipient=officer, kind=Notification.Kind.TASK_ASSIGNED, task=task, message="Có việc mới"
    )
    client = client_for(officer)
    for target in ("9" * 400, "dashboard", "\x00"):
        response = client.post(f"/notifications/{notification.pk}/read/", {"next": target})
        assert response.status_code == 302
        assert response["Location"] in (target, "/notifications/")
        assert "\x00" not in response["Location"]
