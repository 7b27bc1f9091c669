"""Friendly error pages in Vietnamese."""

import pytest
from django.test import Client, override_settings
from django.urls import path

from core import views

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom)]
handler500 = views.server_error
handler404 = views.page_not_found


def test_an_unknown_address_is_a_friendly_404(client_for, viewer):
    response = client_for(viewer).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_a_refusal_is_a_friendly_403_with_its_reason(client_for, officer):
    response = client_for(officer).get("/audit/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn không có quyền thực hiện thao tác này" in page
    assert "chỉ dành cho cán bộ điều phối" in page


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_is_a_friendly_500_that_needs_nothing_from_the_request():
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


def test_a_stale_form_is_explained_in_vietnamese(officer, open_task):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(f"/tasks/{open_task.pk}/progress/", {"progress-text": "x"})
    assert response.status_code == 403
    assert "Không gửi được biểu mẫu" in response.content.decode()
