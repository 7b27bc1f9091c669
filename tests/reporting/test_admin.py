"""The cycle in the admin: the forms and indicators are corrected with a reason; the workflow's records are read."""

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import Indicator, ReportForm, ReportingPeriod, Submission

from .conftest import BIEU02

pytestmark = pytest.mark.django_db


def test_every_reporting_admin_page_renders_and_the_workflow_is_read_only(
    client_for, superuser, half_year, report_forms, cluster, investor
):
    services.submission_save(actor=investor, period=half_year, form=report_forms["02"], cluster=cluster, values=BIEU02)
    client = client_for(superuser)
    for model in (ReportForm, Indicator, ReportingPeriod, Submission):
        name = f"admin:reporting_{model._meta.model_name}"
        obj = model.objects.first()
        assert client.get(reverse(f"{name}_changelist")).status_code == 200
        assert client.get(reverse(f"{name}_change", args=[obj.pk])).status_code == 200
    submission = Submission.objects.get()
    page = client.get(reverse("admin:reporting_submission_change", args=[submission.pk])).content.decode()
    assert 'name="_save"' not in page  # read here, changed only through the services
    assert client.get(reverse("admin:reporting_submission_add")).status_code == 403


def test_an_indicator_is_corrected_with_a_reason_in_its_history(client_for, coordinator, report_forms):
    indicator = Indicator.objects.get(form__code="02", key="leased_land")
    url = reverse("admin:reporting_indicator_change", args=[indicator.pk])
    client = client_for(coordinator)
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(label="Diện tích đất công nghiệp đã cho thuê (sửa)", change_reason="Sửa theo Thông tư mới")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    indicator.refresh_from_db()
    assert indicator.label.endswith("(sửa)")
    assert indicator.history.first().history_change_reason == "Sửa theo Thông tư mới"


def test_what_an_accepted_report_writes_into_the_register_is_not_edited_in_the_admin(
    client_for, coordinator, report_forms
):
    indicator = Indicator.objects.get(form__code="02", key="leased_land")
    before = (indicator.report_field, indicator.scale, indicator.cluster_field)
    url = reverse("admin:reporting_indicator_change", args=[indicator.pk])
    client = client_for(coordinator)
    form = client.get(url).context["adminform"].form
    assert not {"report_field", "scale", "cluster_field"} & set(form.fields)
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(report_field="tenant_projects", scale="1000000000", cluster_field="area_ha", change_reason="Thử")
    assert client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.report_field, indicator.scale, indicator.cluster_field) == before
