"""Pages speak Vietnamese whatever the browser asks; the API follows Accept-Language."""

import pytest
from django.urls import reverse


def test_a_page_stays_vietnamese_for_an_english_browser(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.parametrize(("language", "label"), [("en", "Not started"), ("vi", "Chưa thực hiện")])
def test_the_api_gives_status_labels_in_the_language_asked(client_for, coordinator, task, language, label):
    response = client_for(coordinator).get(f"/api/v1/tasks/{task.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response.json()["status_label"] == label
