"""Figures on the register's pages as Vietnamese write them: "4,5" is four and a half hectares (not 45), the
saved area is shown back as "4,5" (not "4.50"), "10.5" is refused with an example, and a change by ten times or
more is asked about before it is saved. Errors come in one round, listed above the form as links to the fields,
in our words: never Django's stock "Đảm bảo giá trị này…"."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from clusters.forms import ClusterForm
from clusters.models import Cluster, ClusterDecision
from tests.factories import ClusterFactory
from tests.helpers import form_payload

pytestmark = pytest.mark.django_db

# Django's own Vietnamese for its validators, which read badly ("Đảm bảo giá trị này là nhỏ hơn hoặc bằng với
# 100 ."): none of them may reach a page.
STOCK_PHRASES = ("Đảm bảo", "Hãy chắc chắn", "Nhập một số", "Ensure this", "Enter a")


@pytest.fixture
def cluster():
    return ClusterFactory(code="CCN-PC", name="CCN Phụng Châu", total_area_ha=Decimal("4.50"), industrial_land_ha=None)


def decision(**changes):
    return {
        "kind": ClusterDecision.Kind.ADJUST,
        "number": "15/QĐ-UBND",
        "date": "01/03/2026",
        "issuing_body": "UBND Thành phố Hà Nội",
        "area_before_ha": "4,5",
        "area_after_ha": "4,5",
        "reason": "Ghi nhận",
        **changes,
    }


def test_the_decision_form_shows_the_area_the_vietnamese_way(client_for, coordinator, cluster):
    html = client_for(coordinator).get(reverse("clusters:cluster_decision_create", args=[cluster.pk])).content.decode()
    field = re.search(r'<input[^>]*name="area_before_ha"[^>]*>', html).group(0)
    assert 'value="4,5"' in field and 'type="text"' in field and 'inputmode="decimal"' in field


def test_a_decimal_comma_is_a_decimal_comma(client_for, coordinator, cluster):
    url = reverse("clusters:cluster_decision_create", args=[cluster.pk])
    response = client_for(coordinator).post(url, decision(area_after_ha="4,8"))
    assert response.status_code == 302
    cluster.refresh_from_db()
    assert cluster.total_area_ha == Decimal("4.8")
    page = client_for(coordinator).get(reverse("clusters:cluster_update", args=[cluster.pk])).content.decode()
    assert 'value="4,8"' in page


def test_a_dot_that_could_be_a_decimal_point_is_refused_with_an_example(client_for, coordinator, cluster):
    url = reverse("clusters:cluster_decision_create", args=[cluster.pk])
    response = client_for(coordinator).post(url, decision(area_after_ha="10.5"))
    assert response.status_code == 200
    assert response.context["form"].errors["area_after_ha"] == [
        "Viết số thập phân bằng dấu phẩy, ví dụ 10,5; dấu chấm chỉ dùng để tách hàng nghìn, ví dụ 10.500."
    ]
    assert 'value="10.5"' in response.content.decode()  # shown back as typed
    assert not ClusterDecision.objects.exists()


def test_a_tenfold_area_is_asked_about_first_and_saved_once_confirmed(client_for, coordinator, cluster):
    client = client_for(coordinator)
    url = reverse("clusters:cluster_decision_create", args=[cluster.pk])
    asked = client.post(url, decision(area_after_ha="45"))
    assert asked.status_code == 200 and not ClusterDecision.objects.exists()
    html = asked.content.decode()
    assert "Giá trị mới 45 gấp từ 10 lần trở lên so với 4,5 trước đó" in html
    assert "Tôi xác nhận giá trị mới là đúng" in html
    box = asked.context["form"].scale_confirmation()
    assert box["changes"] == [("Diện tích theo quyết định (ha)", "4,5", "45")]
    confirmed = client.post(url, decision(area_after_ha="45", **{box["name"]: box["value"]}))
    assert confirmed.status_code == 302
    cluster.refresh_from_db()
    assert cluster.total_area_ha == Decimal("45")


def test_a_tenfold_amount_on_the_record_is_asked_about_too(client_for, coordinator, cluster):
    cluster.approved_investment_vnd = Decimal("150000000000")
    cluster.save()
    url = reverse("clusters:cluster_update", args=[cluster.pk])
    data = form_payload(ClusterForm(cluster=cluster), reason="Cập nhật", approved_investment_vnd="1.500.000.000.000")
    asked = client_for(coordinator).post(url, data)
    assert asked.status_code == 200
    assert "Giá trị mới 1.500.000.000.000 gấp từ 10 lần trở lên so với 150.000.000.000" in asked.content.decode()
    assert Cluster.objects.get(pk=cluster.pk).version == cluster.version
    # A change under ten times is saved at once.
    data["approved_investment_vnd"] = "160.000.000.000"
    assert client_for(coordinator).post(url, data).status_code == 302
    assert Cluster.objects.get(pk=cluster.pk).approved_investment_vnd == Decimal("160000000000")


def test_all_errors_at_once_as_links_in_our_words(client_for, coordinator, cluster):
    url = reverse("clusters:cluster_update", args=[cluster.pk])
    data = form_payload(
        ClusterForm(cluster=cluster),
        reason="",
        total_area_ha="-1",
        leased_land_ha="10.5",
        wastewater_capacity_m3_per_day="4,5",
        latitude="1234567",
        approved_investment_vnd="1" * 25,
    )
    response = client_for(coordinator).post(url, data)
    html = response.content.decode()
    errors = response.context["form"].errors
    assert set(errors) >= {
        "reason",
        "total_area_ha",
        "leased_land_ha",
        "wastewater_capacity_m3_per_day",
        "latitude",
        "approved_investment_vnd",
    }
    for name in errors:
        assert f'href="#id_{name}"' in html
    assert "Giá trị không được âm." in errors["total_area_ha"]
    assert "Phải là số nguyên, không có phần sau dấu phẩy." in errors["wastewater_capacity_m3_per_day"]
    assert not any(phrase in html for phrase in STOCK_PHRASES), [p for p in STOCK_PHRASES if p in html]


def test_the_periodic_figures_form_speaks_our_words(client_for, coordinator, cluster):
    response = client_for(coordinator).post(
        reverse("clusters:cluster_report_create", args=[cluster.pk]),
        {
            "year": "2026",
            "period": "annual",
            "tenant_projects": "-3",
            "workers": "1,5",
            "revenue_vnd": "1" * 25,
            "leased_land_ha": "1.5",
            "reason": "Biểu 03",
        },
    )
    html = response.content.decode()
    assert set(response.context["form"].errors) >= {"tenant_projects", "workers", "revenue_vnd", "leased_land_ha"}
    assert "Số quá lớn: lớn nhất là 99.999.999.999.999.999.999." in html
    assert not any(phrase in html for phrase in STOCK_PHRASES)


def test_the_register_filter_reads_areas_as_people_type_them(client_for, coordinator, cluster):
    ClusterFactory(code="CCN-LON", name="CCN Lớn", total_area_ha=Decimal("10500"), industrial_land_ha=None)
    client = client_for(coordinator)
    listed = client.get(reverse("clusters:cluster_list"), {"area_min": "4,2", "area_max": "4,6"}).content.decode()
    assert "CCN Phụng Châu" in listed and "CCN Lớn" not in listed
    listed = client.get(reverse("clusters:cluster_list"), {"area_min": "10.500"}).content.decode()
    assert "CCN Lớn" in listed and "CCN Phụng Châu" not in listed
    refused = client.get(reverse("clusters:cluster_list"), {"area_min": "10.5"}).content.decode()
    assert "Viết số thập phân bằng dấu phẩy" in refused
