"""Under /api/ every error is JSON, never the site's HTML page: a server error, a body too large, an unknown
address outside /api/v1/, a refusal Django itself raises."""

import pytest
from django.test import Client, override_settings
from django.urls import path

from config import urls as root_urls

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("api/v1/boom/", boom), path("boom/", boom), *root_urls.urlpatterns]
handler400, handler403, handler404, handler500 = (
    root_urls.handler400,
    root_urls.handler403,
    root_urls.handler404,
    root_urls.handler500,
)


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_server_error_in_the_api_is_a_json_500():
    response = Client(raise_request_exception=False).get("/api/v1/boom/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "Lỗi hệ thống" in response.json()["detail"]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_server_error_on_a_page_is_still_the_friendly_html_page():
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


@override_settings(DEBUG=False, DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_too_large_for_the_api_is_a_json_413(coordinator_api, open_task):
    response = coordinator_api.post(
        f"/api/v1/tasks/{open_task.pk}/progress-reports/",
        {"text": "x" * 5000, "progress_percent": 10},
        format="multipart",
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "Nội dung gửi lên quá lớn."}


@override_settings(DEBUG=False, DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_json_body_too_large_for_the_api_is_a_json_413(coordinator_api, open_task):
    response = coordinator_api.post(f"/api/v1/tasks/{open_task.pk}/cancel/", {"reason": "x" * 5000}, format="json")
    assert response.status_code == 413
    assert response.json() == {"detail": "Nội dung gửi lên quá lớn."}


@override_settings(DEBUG=False)
@pytest.mark.parametrize("url", ["/api/", "/api", "/api/v2/tasks/", "/api/khong-co/"])
def test_an_unknown_address_under_api_is_a_json_404(url, coordinator_api):
    response = coordinator_api.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Không tìm thấy."}
