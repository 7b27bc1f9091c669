"""A Biểu 02's land and project rows checked against the register and each other (``reporting.rules``): the page,
the API and the Excel upload give the same error on the row, naming the register's figure, and save nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reporting.models import Submission

from .conftest import BIEU02
from .test_pages import page, signed, typed

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny_cluster(cluster):
    """The cast's cluster A, recorded in the register with 1,4 ha in all and 1,2 ha of industrial land."""
    cluster.total_area_ha, cluster.industrial_land_ha, cluster.leased_land_ha = Decimal("1.4"), Decimal("1.2"), 0
    cluster.save()
    return cluster


@pytest.mark.parametrize(
    ("row", "typed_value", "message"),
    [
        (
            "serviced_land",
            "16",
            "Diện tích đất công nghiệp đã xây dựng hạ tầng (16 ha) lớn hơn diện tích của cụm trong sổ đăng ký (1,4 ha).",
        ),
        (
            "leased_land",
            "1,3",
            "Diện tích đất công nghiệp đã cho thuê (1,3 ha) lớn hơn diện tích đất công nghiệp của cụm trong sổ đăng ký "
            "(1,2 ha).",
        ),
    ],
)
def test_land_above_the_register_is_refused_on_its_row_on_the_page(
    client_for, investor, half_year, tiny_cluster, row, typed_value, message
):
    values = {**BIEU02, "serviced_land": "1", "leased_land": "1", row: typed_value}
    for data in (typed(values, action="draft"), signed(**typed(values))):
        response = client_for(investor).post(page(half_year, tiny_cluster), data)
        assert response.status_code == 200
        assert response.context["form"].errors[f"v_{row}"] == [message]
    assert not Submission.objects.exists()


def test_more_foreign_or_active_projects_than_tenants_is_refused_on_the_page(client_for, investor, half_year, cluster):
    values = {**BIEU02, "tenant_projects": "3", "foreign_projects": "4", "active_projects": "5"}
    response = client_for(investor).post(page(half_year, cluster), typed(values, action="draft"))
    errors = response.context["form"].errors
    assert errors["v_foreign_projects"] == ["Không được lớn hơn chỉ tiêu 6 (3)."]
    assert errors["v_active_projects"] == ["Không được lớn hơn chỉ tiêu 6 (3)."]
    assert not Submission.objects.exists()


def test_the_api_gives_the_same_error_on_the_indicator_and_saves_nothing(api_for, investor, half_year, tiny_cluster):
    body = {"period": half_year.pk, "form": "02", "cluster": tiny_cluster.pk, "values": {"serviced_land": "16"}}
    response = api_for(investor).post("/api/v1/submissions/", body, format="json")
    assert response.status_code == 400
    assert response.json()["serviced_land"] == [
        "Diện tích đất công nghiệp đã xây dựng hạ tầng (16 ha) lớn hơn diện tích của cụm trong sổ đăng ký (1,4 ha)."
    ]
    body["values"] = {"tenant_projects": "2", "foreign_projects": "3"}
    response = api_for(investor).post("/api/v1/submissions/", body, format="json")
    assert response.status_code == 400 and response.json()["foreign_projects"] == ["Không được lớn hơn chỉ tiêu 6 (2)."]
    assert not Submission.objects.exists()


def test_the_excel_upload_gives_the_same_error(client_for, investor, half_year, report_forms, tiny_cluster):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.exports import XLSX_TYPE
    from reporting import selectors, workbooks

    probe = Submission(period=half_year, form=report_forms["02"], cluster=tiny_cluster)
    indicators = list(report_forms["02"].indicators.order_by("order"))
    values = {**selectors.initial_values(probe), "serviced_land": Decimal(16)}
    content = workbooks.workbook_bytes(probe, indicators, values, {})
    upload = SimpleUploadedFile("bieu-02.xlsx", content, XLSX_TYPE)
    url = reverse("reporting:upload_cluster", args=[half_year.pk, tiny_cluster.pk])
    response = client_for(investor).post(url, {"workbook": upload})
    assert response.status_code == 200
    assert any(
        "lớn hơn diện tích của cụm trong sổ đăng ký (1,4 ha)" in line for line in response.context["upload_errors"]
    )
    assert not Submission.objects.exists()
