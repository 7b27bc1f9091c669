"""The search-as-you-type cluster filter in a real Chromium: "dong anh" finds CCN Đông Anh, picked and
submitted, the list shows that cluster's tasks only; nothing breaks the CSP."""

import pytest

from tests.factories import TEST_PASSWORD, ClusterFactory, TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_dong_anh_finds_the_cluster_and_filters_the_list(session, coordinator, group):
    dong_anh = ClusterFactory(code="CCN-DA", name="CCN Đông Anh")
    bac_son = ClusterFactory(code="CCN-BS", name="CCN Bắc Sơn")
    TaskFactory(group=group, code="NV-DA", title="Hạ tầng cụm Đông Anh", clusters=[dong_anh])
    TaskFactory(group=group, code="NV-BS", title="Hạ tầng cụm Bắc Sơn", clusters=[bac_son])

    alice = session()
    alice.login("alice", TEST_PASSWORD)
    alice.goto("/tasks/")
    page = alice.page
    cluster = page.locator("select[name=cluster]")
    assert cluster.locator("option").count() == 1  # "Tất cả" only: nothing of the register is rendered

    search = page.get_by_label("Tìm: Cụm công nghiệp")
    assert search.get_attribute("placeholder") == "Gõ để tìm…"
    search.fill("dong anh")
    page.wait_for_selector(f"select[name=cluster] option[value='{dong_anh.pk}']", state="attached")
    assert cluster.locator("option").all_text_contents() == ["Tất cả", "CCN Đông Anh"]
    search.press("Enter")  # picks the first suggestion, does not submit
    assert cluster.input_value() == str(dong_anh.pk)
    assert page.url.endswith("/tasks/")

    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(f"**/tasks/?*cluster={dong_anh.pk}*")
    body = page.locator("main").inner_text()
    assert "Hạ tầng cụm Đông Anh" in body
    assert "Hạ tầng cụm Bắc Sơn" not in body
    # The chosen cluster stays chosen, the only option besides "Tất cả".
    assert cluster.locator("option").all_text_contents() == ["Tất cả", "CCN Đông Anh"]
    assert cluster.input_value() == str(dong_anh.pk)
    assert alice.errors == []
