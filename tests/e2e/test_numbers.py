"""Figures typed in a real Chromium, where ``type=number`` would silently drop or reinterpret a decimal comma:
"4,5" in a decision's area is stored as 4,5 ha and shown back as "4,5"; "10.5" is refused with the example; a
tenfold change is asked about and saved once confirmed; after a refused save the cursor is on the first field in
error (not on the summary), and the summary's links lead to their fields. Nothing breaks the CSP."""

from decimal import Decimal

import pytest
from django.urls import reverse

from clusters.models import ClusterDecision
from tests.factories import TEST_PASSWORD, ClusterFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AMBIGUOUS = "Viết số thập phân bằng dấu phẩy, ví dụ 10,5; dấu chấm chỉ dùng để tách hàng nghìn, ví dụ 10.500."


def focused(page):
    return page.evaluate("document.activeElement && document.activeElement.name")


def decision_form(session, cluster, **typed):
    alice = session()
    alice.login("alice", TEST_PASSWORD)
    alice.goto(reverse("clusters:cluster_decision_create", args=[cluster.pk]))
    page = alice.page
    page.locator("[name=kind]").select_option("adjust")
    values = {"number": "15/QĐ-UBND", "date": "01/03/2026", **typed}
    for name, value in values.items():
        page.locator(f"[name={name}]").fill(value)
    return alice, page


def save(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi nhận quyết định").click()


def test_a_decimal_comma_is_kept_and_shown_back(session, coordinator):
    cluster = ClusterFactory(
        code="CCN-PC", name="CCN Phụng Châu", total_area_ha=Decimal("4.2"), industrial_land_ha=None
    )
    alice, page = decision_form(session, cluster)
    area_before = page.locator("[name=area_before_ha]")
    assert area_before.input_value() == "4,2"  # pre-filled the way every page writes it, not "4.20"
    assert area_before.get_attribute("type") == "text" and area_before.get_attribute("inputmode") == "decimal"
    page.locator("[name=area_after_ha]").fill("4,5")
    save(page)
    assert page.url.endswith(reverse("clusters:cluster_detail", args=[cluster.pk]))
    cluster.refresh_from_db()
    assert cluster.total_area_ha == Decimal("4.5")
    alice.goto(reverse("clusters:cluster_update", args=[cluster.pk]))
    assert page.locator("[name=total_area_ha]").input_value() == "4,5"
    assert alice.errors == []


def test_an_ambiguous_dot_is_refused_and_the_cursor_lands_on_it(session, coordinator):
    cluster = ClusterFactory(
        code="CCN-PC", name="CCN Phụng Châu", total_area_ha=Decimal("4.2"), industrial_land_ha=None
    )
    alice, page = decision_form(session, cluster, area_after_ha="10.5")
    save(page)
    assert not ClusterDecision.objects.exists()
    summary = page.locator(".form-errors")
    assert AMBIGUOUS in summary.inner_text()
    assert focused(page) == "area_after_ha"
    assert page.locator("[name=area_after_ha]").input_value() == "10.5"  # as typed
    assert alice.errors == []


def test_the_first_invalid_field_gets_the_focus_and_the_links_lead_to_the_others(session, coordinator):
    cluster = ClusterFactory(
        code="CCN-PC", name="CCN Phụng Châu", total_area_ha=Decimal("4.2"), industrial_land_ha=None
    )
    alice, page = decision_form(session, cluster, number="", area_after_ha="10.5")
    save(page)
    assert focused(page) == "number"  # the first field in error on the page, not the summary
    links = page.locator(".error-summary a")
    assert links.count() == 2
    links.nth(1).click()
    assert focused(page) == "area_after_ha"
    assert alice.errors == []


def test_a_tenfold_area_is_asked_about_and_saved_once_confirmed(session, coordinator):
    cluster = ClusterFactory(
        code="CCN-PC", name="CCN Phụng Châu", total_area_ha=Decimal("4.5"), industrial_land_ha=None
    )
    alice, page = decision_form(session, cluster, area_after_ha="45")
    save(page)
    assert not ClusterDecision.objects.exists()
    assert "gấp từ 10 lần trở lên so với 4,5" in page.locator(".form-errors").inner_text()
    confirm = page.get_by_label("Tôi xác nhận giá trị mới là đúng")
    assert focused(page) == confirm.get_attribute("name")
    confirm.check()
    save(page)
    assert page.url.endswith(reverse("clusters:cluster_detail", args=[cluster.pk]))
    cluster.refresh_from_db()
    assert cluster.total_area_ha == Decimal("45")
    assert alice.errors == []
